"""The Statement of Applicability store: rows, flags, approved versions, and the XLSX round trip."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta

import pandas as pd
import pytest

from reports.soa_document import SOA_COLUMNS, SoAVersion, read_soa_xlsx, soa_xlsx
from risk_model.access import SYSTEM, AccessDenied, Actor
from store import audit_trail, evidence, soa
from tests.conftest import REFERENCE, REPO_ROOT

TODAY = date.today()


def reference_control_ids() -> list[str]:
    with (REFERENCE / "iso42001_annex_a.tsv").open(encoding="utf-8") as handle:
        return [row["id"] for row in csv.DictReader(handle, delimiter="\t")]


def flags_of(db, control_id: str) -> set[str]:
    frame = soa.soa_frame(db, TODAY).set_index("control_id")
    return set(filter(None, frame.loc[control_id, "flags"].split("; ")))


def link_evidence(db, control_id: str, review_due: date | None, content: bytes) -> str:
    details = evidence.VersionDetails("Ana Author", review_due=review_due)
    values = {"title": f"Evidence for {control_id}", "kind": "record"}
    return evidence.add_document(
        db, values, content, "e.md", details, SYSTEM, {"control": [control_id]}
    )


def test_an_empty_soa_lists_every_annex_a_control_in_order(db):
    frame = soa.soa_frame(db, TODAY)
    assert list(frame["control_id"]) == reference_control_ids()
    assert frame["applicable"].all()
    assert set(frame["implementation_status"]) == {"not started"}


def test_exclusion_without_justification_is_flagged_until_justified(db):
    soa.update_control(db, "A.10.4", {"applicable": False}, SYSTEM)
    assert soa.EXCLUDED_UNJUSTIFIED in flags_of(db, "A.10.4")
    row = soa.working_rows(db).set_index("control_id").loc["A.10.4"]
    assert row["implementation_status"] == "not applicable"
    soa.update_control(db, "A.10.4", {"justification": "We supply no AI to customers."}, SYSTEM)
    assert flags_of(db, "A.10.4") == set()


def test_applicable_control_needs_current_evidence(db):
    assert soa.NO_EVIDENCE in flags_of(db, "A.6.2.6")
    link_evidence(db, "A.6.2.6", TODAY + timedelta(days=100), b"monitoring plan")
    assert soa.NO_EVIDENCE not in flags_of(db, "A.6.2.6")
    link_evidence(db, "A.6.2.4", TODAY - timedelta(days=1), b"expired validation report")
    assert soa.NO_EVIDENCE in flags_of(db, "A.6.2.4")


def test_risk_flags_both_ways(db):
    from store import inventory, risks

    system = inventory.add_system(db, {"name": "Credit scoring"}, SYSTEM)
    values = {"system_ids": [system]} | {
        "title": "Unfair credit declines",
        "inherent_likelihood": 3,
        "inherent_severity": 4,
        "control_ids": ["A.5.4"],
    }
    treated = risks.add_risk(db, values, SYSTEM)
    untreated = risks.add_risk(
        db, {**values, "title": "Prompt injection", "control_ids": []}, SYSTEM
    )
    frame = soa.soa_frame(db, TODAY).set_index("control_id")
    assert frame.loc["A.5.4", "risks"] == treated
    linked_to_none = {c for c, f in frame["flags"].items() if soa.NO_RISK in f}
    assert linked_to_none == set(reference_control_ids()) - {"A.5.4"}
    flags = soa.flags(db, TODAY)
    assert flags.loc[flags["flag"] == "risk treated by no control", "record_id"].tolist() == [
        untreated
    ]


def test_update_is_audited_and_checked(db):
    soa.update_control(
        db, "A.2.2", {"owner": "Julia Novak", "implementation_status": "planned"}, SYSTEM
    )
    with db.connect() as connection:
        trail = audit_trail.history(connection, "statement_of_applicability", "A.2.2")
        assert audit_trail.verify(connection).ok
    assert {(t["field"], t["new_value"]) for t in trail} >= {
        ("owner", "Julia Novak"),
        ("implementation_status", "planned"),
    }
    with pytest.raises(ValueError, match="Implementation status"):
        soa.update_control(db, "A.2.2", {"implementation_status": "done-ish"}, SYSTEM)
    with pytest.raises(KeyError):
        soa.update_control(db, "A.99.1", {"owner": "x"}, SYSTEM)
    with pytest.raises(AccessDenied):
        soa.update_control(db, "A.2.2", {"owner": "x"}, Actor("Vic", ("viewer",)))


def test_approved_versions_stay_readable(db):
    soa.update_control(db, "A.2.2", {"justification": "First reason", "owner": "Ana"}, SYSTEM)
    first = soa.approve_version(db, "Dr. Katrin Vogel", TODAY - timedelta(days=30), SYSTEM)
    soa.update_control(db, "A.2.2", {"justification": "Second reason"}, SYSTEM)
    second = soa.approve_version(db, "Board", TODAY, SYSTEM, note="annual")
    assert (first, second) == (1, 2)
    info, frame = soa.read_version(db, 1)
    assert (info.approved_by, info.approved_on) == ("Dr. Katrin Vogel", TODAY - timedelta(days=30))
    assert frame.set_index("control_id").loc["A.2.2", "justification"] == "First reason"
    assert soa.read_version(db, 2)[1].set_index("control_id").loc["A.2.2", "justification"] == (
        "Second reason"
    )
    assert list(soa.list_versions(db)["version"]) == [2, 1]
    assert soa.working_version(db, TODAY).version == 3
    with pytest.raises(ValueError, match="approver"):
        soa.approve_version(db, "  ", TODAY, SYSTEM)
    with pytest.raises(KeyError):
        soa.read_version(db, 9)


def test_soa_round_trips_through_xlsx_with_all_fields(db):
    values = {
        "applicable": True,
        "justification": "=cmd|' /C calc'!A0 — needed",
        "implementation_status": "partially implemented",
        "owner": "Ana Ruiz",
        "responsible": "ML lead",
        "accountable": "CRO",
        "consulted": "DPO; Legal",
        "informed": "All staff",
    }
    soa.update_controls(db, {"A.6.2.6": values, "A.7.3": {"applicable": False}}, SYSTEM)
    link_evidence(db, "A.6.2.6", None, b"plan")
    frame = soa.soa_frame(db, TODAY)[list(SOA_COLUMNS)]
    info = SoAVersion(4, "SoA", "Meridian Financial Group", "Board", TODAY, TODAY)
    version, back = read_soa_xlsx(soa_xlsx(info, frame))
    assert version == {**vars(info)}
    pd.testing.assert_frame_equal(back, frame.reset_index(drop=True), check_dtype=False)
    row = back.set_index("control_id").loc["A.6.2.6"]
    assert row[list(values)].to_dict() == values
    assert row["evidence"].startswith("EV-0001 v1") and bool(row["evidence_current"])


def test_demo_soa_matches_its_data_file(demo_db):
    data = json.loads((REPO_ROOT / "data" / "demo" / "soa.json").read_text(encoding="utf-8"))
    frame = soa.soa_frame(demo_db, TODAY).set_index("control_id")
    excluded = {c for c, row in data["controls"].items() if not row["applicable"]}
    assert set(frame.index[~frame["applicable"]]) == excluded
    unjustified = {c for c in excluded if not data["controls"][c]["justification"]}
    flagged = {c for c, f in frame["flags"].items() if soa.EXCLUDED_UNJUSTIFIED in f}
    assert flagged == unjustified and len(unjustified) >= 2
    assert len(soa.list_versions(demo_db)) == 1
