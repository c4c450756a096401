"""The documented AIMS reaches coverage, the management review pack, the audit bundle and the
readiness score (issue #18 item 9), and its pages render for a compliance manager."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date

import pytest
from pypdf import PdfReader

from commands.store_cli import main as store_cli
from reports.exports import review_pack
from risk_model.access import SYSTEM
from risk_model.documents import DOCUMENT
from risk_model.objectives import shown
from risk_model.responsibilities import RESPONSIBILITY
from store import (
    coverage,
    objectives,
    policies,
    readiness_score,
    records,
    register_reads,
    registers,
)
from tests.pages.page_runs import run_page

TODAY = date.today()


def test_clause_coverage_counts_policies_responsibilities_and_documents(db):
    status = coverage.clause_status(db, TODAY).set_index("clause_id")
    assert status.loc["5.2", "status"] == coverage.NO_RECORDS
    assert status.loc["8.3", "records"] is None or status.loc["8.3", "records"] == 0
    policies.add_policy(db, {"name": "AI policy", "kind": "ai_policy", "reference": "5.2"}, SYSTEM)
    document = records.add_record(
        db, DOCUMENT, {"name": "Risk treatment procedure", "clauses": ["8.3"]}, SYSTEM
    )
    status = coverage.clause_status(db, TODAY).set_index("clause_id")
    assert status.loc["5.2", "status"] == coverage.COVERED
    assert status.loc["8.3", "records"] == 1
    assert status.loc["8.3", "linked_records"] == document
    assert status.loc["7.5.3", "records"] == 1  # the documents table itself


def test_control_coverage_lists_the_records_linked_to_a_control(demo_db):
    controls = coverage.control_coverage(demo_db, TODAY).set_index("control_id")
    linked = set(controls.loc["A.6.2.6", "records"].split("; "))
    documents = register_reads.read(demo_db, DOCUMENT)
    expected = {d["id"] for d in documents.to_dict("records") if "A.6.2.6" in d["controls"]}
    for register in (objectives.OBJECTIVE, RESPONSIBILITY, policies.POLICY):
        rows = register_reads.read(demo_db, register).to_dict("records")
        expected |= {
            r["id"] for r in rows if "A.6.2.6" in re.split(r"[;, ]+", r["reference"] or "")
        }
    assert any(i.startswith("DI-") for i in linked) and linked == expected


def test_review_pack_shows_the_objectives_and_the_policy_read(demo_db):
    reader = PdfReader(io.BytesIO(review_pack(demo_db, TODAY)))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert "AI objectives and how far they are met" in text
    listed = objectives.list_objectives(demo_db, TODAY)
    for item in listed.to_dict("records"):
        assert item["id"] in text
    training = listed[listed["measure"] == "training_coverage"].iloc[0]
    assert shown("training_coverage", training["latest_value"]) in text
    share = policies.acknowledgement_overview(demo_db).share
    assert f"read by {share:.0%} of the people in AIMS roles" in text


def test_audit_bundle_carries_the_registers(demo_db, tmp_path):
    target = tmp_path / "bundle.zip"
    args = ["export", "evidence-bundle", "--output", str(target), "--db", str(demo_db.path)]
    assert store_cli(args) == 0
    archive = zipfile.ZipFile(target)
    for name in ("policies", "acknowledgements", "objectives", "responsibilities", "documents"):
        rows = list(
            csv.DictReader(io.StringIO(archive.read(f"registers/{name}.csv").decode("utf-8-sig")))
        )
        assert [r["id"] for r in rows] == list(registers.get(name).export(demo_db)["id"])


def test_the_readiness_score_counts_the_new_findings(demo_db):
    before = readiness_score.current_score(demo_db, TODAY)
    (policy_id,) = [
        p["id"] for p in policies.list_policies(demo_db).to_dict("records") if p["version"] == "4.2"
    ]
    policies.approve_version(demo_db, policy_id, "4.3", "Claire Dubois", TODAY, SYSTEM)
    after = readiness_score.current_score(demo_db, TODAY)
    assert after.checks_minor == before.checks_minor - 1


@pytest.mark.parametrize(
    ("page", "title"),
    [
        ("pages/context/policies.py", "AI policy and policies"),
        ("pages/context/objectives.py", "AI objectives"),
        ("pages/context/responsibilities.py", "Roles and responsibilities"),
        ("pages/controls/documents.py", "Documented information"),
    ],
)
def test_the_pages_render_the_demo(monkeypatch, demo_db, page, title):
    app = run_page(monkeypatch, demo_db, page)
    assert [t.value for t in app.title] == [title]
    assert [e.value for e in app.error] == []  # a missed objective is a finding, not a failure
    missed = "Missed: behind its target at its due date."
    assert (missed in [w.value for w in app.warning]) == (page == "pages/context/objectives.py")
