"""Internal audit (9.2), major nonconformity (10.2) and management review (9.3) checks: the
rules on plain snapshots (the 12-month boundary), then each fault seeded in a real store
through the audit, nonconformity and review write functions, fixed the same way."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from risk_model.access import SYSTEM
from risk_model.checks import AimsSnapshot, run_checks
from store import audits, checks, management_review, nonconformities

TODAY = date(2026, 6, 15)
YEAR_AGO = date(2025, 6, 15)  # 12 calendar months before TODAY


def ids(snapshot: AimsSnapshot, check_id: str) -> list[str]:
    return [f.record_id for f in run_checks(snapshot) if f.check_id == check_id]


@pytest.mark.parametrize(
    ("last", "fires"),
    [(None, True), (YEAR_AGO - timedelta(days=1), True), (YEAR_AGO, False), (TODAY, False)],
)
def test_audit_and_review_must_be_within_twelve_months(last, fires):
    snapshot = AimsSnapshot(
        TODAY,
        scope={"statement": "All AI"},
        extra={
            "internal_audit": {"last_completed": last},
            "management_review": {"last_review": last},
        },
    )
    assert ids(snapshot, "INTERNAL-AUDIT") == (["internal-audit"] if fires else [])
    assert ids(snapshot, "MANAGEMENT-REVIEW") == (["management-review"] if fires else [])


def test_areas_not_loaded_are_skipped():
    snapshot = AimsSnapshot(TODAY, scope={"statement": "All AI"}, extra={})
    loaded_as_none = AimsSnapshot(
        TODAY,
        scope={"statement": "All AI"},
        extra=dict.fromkeys(
            (
                "internal_audit",
                "nonconformities",
                "management_review",
                "training_overdue",
                "risks",
                "impact_assessments",
                "soa",
                "monitored_models",
                "open_incidents",
            ),
        ),
    )
    assert run_checks(snapshot) == run_checks(loaded_as_none) == []


def test_only_open_major_nonconformities_fire():
    rows = [
        {
            "id": "NC-1",
            "title": "No AIIA",
            "grade": "major",
            "reference": "6.1.4",
            "status": "open",
        },
        {"id": "NC-2", "title": "Late", "grade": "minor", "reference": "7.2", "status": "open"},
        {"id": "NC-3", "title": "Old", "grade": "major", "reference": "9.2", "status": "closed"},
    ]
    snapshot = AimsSnapshot(TODAY, scope={"statement": "x"}, extra={"nonconformities": rows})
    (finding,) = [f for f in run_checks(snapshot) if f.check_id == "NONCONFORMITY-MAJOR"]
    assert (finding.record_id, finding.severity, finding.reference) == ("NC-1", "major", "10.2")
    assert finding.message == "major nonconformity against 6.1.4 is still open"


# --- the same faults in a real store ---------------------------------------------------------------


def found(db, check_id: str) -> list[str]:
    return [f.record_id for f in checks.findings(db, TODAY) if f.check_id == check_id]


def completed_audit(db, ended: date) -> str:
    values = {
        "title": "AIMS internal audit",
        "programme_year": ended.year,
        "scope_clauses": ["6.1"],
        "lead_auditor": "Ines",
        "start_date": ended - timedelta(days=3),
        "end_date": ended,
        "report": "Two minor findings.",
        "status": "completed",
    }
    return audits.add_audit(db, values, SYSTEM)


def test_internal_audit_check_fires_and_clears(db):
    assert found(db, "INTERNAL-AUDIT") == ["internal-audit"]
    completed_audit(db, YEAR_AGO - timedelta(days=10))
    (finding,) = [f for f in checks.findings(db, TODAY) if f.check_id == "INTERNAL-AUDIT"]
    assert finding.message.startswith("the last internal audit was completed on 2025-06-05")
    completed_audit(db, TODAY - timedelta(days=20))
    assert found(db, "INTERNAL-AUDIT") == []


def test_open_major_nonconformity_fires_and_clears_when_closed(db):
    nc = nonconformities.raise_nonconformity(
        db,
        {
            "title": "No impact assessment for TalentMatch",
            "source": "internal audit",
            "grade": "major",
            "reference": "6.1.4",
            "raised_on": TODAY - timedelta(days=30),
        },
        SYSTEM,
    )
    nonconformities.raise_nonconformity(
        db,
        {
            "title": "Late training",
            "source": "internal audit",
            "grade": "minor",
            "reference": "7.2",
            "raised_on": TODAY - timedelta(days=30),
        },
        SYSTEM,
    )
    assert found(db, "NONCONFORMITY-MAJOR") == [nc]
    nonconformities.save_root_cause(
        db, nc, ["No owner for AIIAs"], "The AIIA process names no owner", SYSTEM
    )
    action = nonconformities.add_action(
        db,
        {
            "nonconformity_id": nc,
            "action": "Assess TalentMatch",
            "owner": "Priya",
            "deadline": TODAY,
        },
        SYSTEM,
    )
    nonconformities.update_action(db, action, {"status": "done"}, SYSTEM, TODAY - timedelta(days=5))
    nonconformities.record_verification(
        db, nc, "Ines", TODAY - timedelta(days=1), "effective", None, SYSTEM, TODAY
    )
    assert found(db, "NONCONFORMITY-MAJOR") == [nc]  # verified, not yet closed
    nonconformities.close_nonconformity(db, nc, SYSTEM, TODAY)
    assert found(db, "NONCONFORMITY-MAJOR") == []


def test_management_review_check_fires_and_clears(db):
    assert found(db, "MANAGEMENT-REVIEW") == ["management-review"]
    review = management_review.plan_review(
        db, {"title": "AIMS management review", "review_date": TODAY - timedelta(days=7)}, SYSTEM
    )
    assert found(db, "MANAGEMENT-REVIEW") == ["management-review"]  # planned is not held
    management_review.record_meeting(
        db, review, {"decisions": "Fund the monitoring of the pricing model."}, SYSTEM, snapshot={}
    )
    assert found(db, "MANAGEMENT-REVIEW") == []
