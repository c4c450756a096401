"""Control coverage: shares by domain and clause equal an independent count of the demo data."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from datetime import date, timedelta

import pytest

from risk_model.access import SYSTEM
from store import context, coverage
from tests.conftest import REFERENCE, REPO_ROOT

TODAY = date.today()


def demo_json(name: str) -> dict:
    return json.loads((REPO_ROOT / "data" / "demo" / name).read_text(encoding="utf-8"))


def independent_domain_counts() -> dict[str, list[int]]:
    """domain -> [controls, applicable, implemented, with current evidence], from the data files."""
    with (REFERENCE / "iso42001_annex_a.tsv").open(encoding="utf-8") as handle:
        domain_of = {
            r["id"]: r["domain"].split()[0] for r in csv.DictReader(handle, delimiter="\t")
        }
    evidenced = set()
    for item in demo_json("evidence.json")["items"]:
        review = item["versions"][-1]["review_in_days"]
        if review is None or review >= 0:
            evidenced.update(item["controls"])
    # The demo's suppliers, customer, datasets (every field filled) and the credit model's
    # life-cycle records of every stage (demo/supply_and_data.py) count as evidence too.
    evidenced |= {"A.10.2", "A.10.3", "A.10.4", "A.4.3", "A.7.2", "A.7.3", "A.7.4", "A.7.5"}
    evidenced |= {"A.7.6", *(f"A.6.2.{n}" for n in range(2, 9))}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for control_id, row in demo_json("soa.json")["controls"].items():
        c = counts[domain_of[control_id]]
        c[0] += 1
        if row["applicable"]:
            c[1] += 1
            c[2] += row["implementation_status"] == "implemented"
            c[3] += control_id in evidenced
    return counts


def test_domain_shares_equal_an_independent_count(demo_db):
    shares = coverage.coverage_by_domain(coverage.control_coverage(demo_db, TODAY))
    expected = independent_domain_counts()
    assert list(shares["group"]) == sorted(expected, key=lambda d: int(d.split(".")[1]))
    for row in shares.to_dict("records"):
        total, applicable, implemented, evidenced = expected[row["group"]]
        assert row["share_applicable"] == pytest.approx(applicable / total)
        assert row["share_implemented"] == pytest.approx(implemented / applicable)
        assert row["share_with_evidence"] == pytest.approx(evidenced / applicable)


def test_clause_status_follows_the_records(db):
    status = coverage.clause_status(db, TODAY).set_index("clause_id")["status"]
    assert status["4.3"] == coverage.NO_RECORDS
    assert status["9.3.1"] == coverage.NO_RECORDS  # no management-review table yet
    assert status["5.1"] == coverage.NOT_EVIDENCED
    context.save_scope(db, {"statement": "All AI systems of the retail bank."}, SYSTEM)
    status = coverage.clause_status(db, TODAY).set_index("clause_id")["status"]
    assert status["4.3"] == coverage.COVERED


def test_demo_clause_shares_equal_an_independent_count(demo_db):
    clauses = coverage.clause_status(demo_db, TODAY)
    evidenced = set()
    for item in demo_json("evidence.json")["items"]:
        review = item["versions"][-1]["review_in_days"]
        if review is None or review >= 0:
            evidenced.update(item["clauses"])
    expected_evidence = set(clauses["clause_id"]) & evidenced
    assert set(clauses.loc[clauses["evidence_current"], "clause_id"]) == expected_evidence
    status = clauses.set_index("clause_id")["status"]
    assert status["4.1"] == status["4.2"] == status["4.3"] == status["6.1.3"] == coverage.COVERED
    assert status["9.3.1"] in (coverage.EVIDENCE_ONLY, coverage.COVERED)
    shares = coverage.coverage_by_clause(clauses).set_index("group")
    for section, part in clauses.groupby("section"):
        assert shares.loc[section, "share_with_evidence"] == pytest.approx(
            len(set(part["clause_id"]) & evidenced) / len(part)
        )


def test_drill_down_lists_the_controls_behind_a_bar(demo_db):
    controls = coverage.control_coverage(demo_db, TODAY - timedelta(days=0))
    rows = coverage.controls_behind(controls, "A.10", "share_applicable")
    soa_rows = demo_json("soa.json")["controls"]
    assert set(rows["control_id"]) == {c for c in soa_rows if c.startswith("A.10.")}
    assert set(rows.loc[rows["counted"], "control_id"]) == {
        c for c, r in soa_rows.items() if c.startswith("A.10.") and r["applicable"]
    }
