"""The checks issue 18 adds on the EU AI Act classification, serious incident reports,
corrective actions, risk reassessment and the audit programme: each fires on a gap seeded
through the store's own write functions, and clears once the record is fixed the same way."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from risk_model.access import SYSTEM
from risk_model.checks_followup import unaudited
from risk_model.eu_ai_act import ClassificationAnswers
from store import audits, checks, classification, incidents, inventory, risks
from store import nonconformities as ncs
from tests import classified

TODAY = date.today()


def found(db, check_id: str) -> list[tuple[str, str]]:
    return [(f.record_id, f.severity) for f in checks.findings(db, TODAY) if f.check_id == check_id]


def one(db, check_id: str):
    (finding,) = [f for f in checks.findings(db, TODAY) if f.check_id == check_id]
    return finding


def system(db, **values) -> str:
    base = {"name": "Credit scoring", "owner": "Priya", "eu_ai_act_tier": "minimal"}
    return classified.add_system(db, {**base, **values})


def test_unclassified_active_system_fires_and_clears(db):
    unclassified = system(db, eu_ai_act_tier=None)  # the inventory's default: unclassified
    retired = system(db, name="Old", eu_ai_act_tier=None)
    inventory.retire_system(db, retired, SYSTEM)
    finding = one(db, "CLASSIFICATION-MISSING")
    assert (finding.record_id, finding.reference, finding.page) == (
        unclassified,
        "6.1.2; EU AI Act Art. 6",
        "pages/eu_ai_act/classification.py",
    )
    classification.save_classification(db, unclassified, ClassificationAnswers(), SYSTEM)
    assert inventory.get_system(db, unclassified)["eu_ai_act_tier"] == "minimal"
    assert found(db, "CLASSIFICATION-MISSING") == []


def test_active_prohibited_system_fires_major_and_clears_when_retired(db):
    banned = system(db, name="Social scoring", eu_ai_act_tier="prohibited")
    assert found(db, "CLASSIFICATION-PROHIBITED") == [(banned, "major")]
    assert one(db, "CLASSIFICATION-PROHIBITED").reference == "6.1.3; EU AI Act Art. 5"
    inventory.retire_system(db, banned, SYSTEM)
    assert found(db, "CLASSIFICATION-PROHIBITED") == []


def test_inventory_tier_contradicting_the_classification_fires_and_clears(db):
    credit = system(db)
    answers = ClassificationAnswers(annex_iii_points=frozenset({"5(b)"}), profiling=True)
    classification.save_classification(db, credit, answers, SYSTEM)
    assert found(db, "CLASSIFICATION-CONTRADICTED") == []
    # Every write path refuses a tier now; a store written before that rule, or edited
    # outside the product, can still hold one that contradicts the classification.
    with db.transaction() as connection:
        connection.execute(
            "UPDATE ai_systems SET eu_ai_act_tier = 'limited' WHERE id = ?", [credit]
        )
    finding = one(db, "CLASSIFICATION-CONTRADICTED")
    assert (finding.record_id, finding.severity) == (credit, "major")  # understated high-risk
    assert finding.message.startswith("the inventory says Limited")
    assert "latest classification High" in finding.message
    classification.save_classification(db, credit, answers, SYSTEM)  # classified again
    assert found(db, "CLASSIFICATION-CONTRADICTED") == []


def test_overdue_art73_report_fires_major_and_clears_when_reported(db):
    credit = system(db)
    incident = incidents.add_incident(
        db,
        {
            "title": "Wrongful denial harmed a customer",
            "system_id": credit,
            "incident_type": "fairness",
            "detected_on": TODAY - timedelta(days=30),
            "serious": True,
            "serious_consequences": ["fundamental_rights"],
        },
        SYSTEM,
    )
    incidents.add_incident(  # not serious: no Art. 73 clock
        db,
        {
            "title": "Typo",
            "system_id": credit,
            "incident_type": "fairness",
            "detected_on": TODAY - timedelta(days=30),
        },
        SYSTEM,
    )
    finding = one(db, "ART73-OVERDUE")
    assert (finding.record_id, finding.severity, finding.reference) == (
        incident,
        "major",
        "A.8.4; EU AI Act Art. 73",
    )
    deadline = incidents.list_incidents(db, TODAY).set_index("id").loc[incident, "report_deadline"]
    assert f"{deadline:%Y-%m-%d}" in finding.message and deadline < TODAY
    incidents.update_incident(db, incident, {"reported_on": TODAY}, SYSTEM)
    assert found(db, "ART73-OVERDUE") == []


def _nc_with_action(db, grade: str, deadline: date) -> tuple[str, str]:
    nc = ncs.raise_nonconformity(
        db,
        {
            "title": f"{grade} gap",
            "source": "internal audit",
            "grade": grade,
            "reference": "8.2",
            "raised_on": TODAY - timedelta(days=60),
        },
        SYSTEM,
    )
    ncs.save_root_cause(db, nc, ["No schedule"], "No owner for reviews", SYSTEM)
    action = ncs.add_action(
        db,
        {
            "nonconformity_id": nc,
            "action": "Name a review owner",
            "owner": "Laura",
            "deadline": deadline,
        },
        SYSTEM,
    )
    return nc, action


def test_overdue_action_on_a_minor_nonconformity_fires_and_clears(db):
    _, late = _nc_with_action(db, "minor", TODAY - timedelta(days=5))
    _nc_with_action(db, "minor", TODAY + timedelta(days=5))  # not due yet
    _nc_with_action(db, "major", TODAY - timedelta(days=5))  # NONCONFORMITY-MAJOR covers it
    finding = one(db, "CORRECTIVE-ACTION-OVERDUE")
    assert (finding.record_id, finding.severity, finding.reference) == (late, "minor", "10.2")
    ncs.update_action(db, late, {"status": "done", "done_on": TODAY}, SYSTEM, TODAY)
    assert found(db, "CORRECTIVE-ACTION-OVERDUE") == []


def test_risk_not_reassessed_in_its_interval_or_after_a_system_change(db):
    credit = system(db, lifecycle_stage="operation and monitoring", eu_ai_act_tier=None)
    risk = risks.add_risk(
        db,
        {
            "title": "Drift",
            "system_ids": [credit],
            "inherent_likelihood": 3,
            "inherent_severity": 3,
            "owner": "Priya",
        },
        SYSTEM,
        at=datetime.now() - timedelta(days=400),
    )
    finding = one(db, "RISK-REASSESSMENT")
    assert (finding.record_id, finding.reference) == (risk, "8.2, 6.3")
    assert finding.message.startswith("not reassessed since")
    risks.update_risk(db, risk, {"residual_likelihood": 2, "residual_severity": 3}, SYSTEM)
    assert found(db, "RISK-REASSESSMENT") == []
    inventory.update_system(db, credit, {"owner": "Sam"}, SYSTEM)  # not a significant change
    assert found(db, "RISK-REASSESSMENT") == []
    inventory.update_system(db, credit, {"lifecycle_stage": "re-evaluation"}, SYSTEM)
    assert one(db, "RISK-REASSESSMENT").message.startswith("its AI system changed on")
    risks.update_risk(db, risk, {"residual_likelihood": 1}, SYSTEM)
    assert found(db, "RISK-REASSESSMENT") == []


def _audit(db, clauses: list[str], controls: list[str], status: str = "planned") -> str:
    return audits.add_audit(
        db,
        {
            "title": "AIMS audit",
            "programme_year": TODAY.year,
            "scope_clauses": clauses,
            "scope_controls": controls,
            "lead_auditor": "Ines",
            "status": status,
        },
        SYSTEM,
    )


def test_audit_programme_leaving_clauses_or_domains_unaudited_fires_and_clears(db):
    assert found(db, "AUDIT-PROGRAMME-COVERAGE") == []  # no programme: INTERNAL-AUDIT says so
    _audit(db, ["4.1", "5.2", "6.1.2"], ["A.2.2", "A.6.2.4"])
    _audit(db, ["7.5", "8.1", "9.1", "10.2"], ["A.3.2", "A.4.3", "A.5.2"], status="cancelled")
    finding = one(db, "AUDIT-PROGRAMME-COVERAGE")
    assert finding.reference == "9.2.2" and finding.severity == "minor"
    assert finding.message.startswith(
        "clauses 7, 8, 9, 10 and Annex A domains A.3, A.4, A.5, A.7, A.8, A.9, A.10 are in no"
    )
    _audit(db, ["7.5", "8.1", "9.1", "10.2"], ["A.3.2", "A.4.3", "A.5.2", "A.7.4", "A.8.4"])
    _audit(db, [], ["A.9.2", "A.10.3"])
    assert found(db, "AUDIT-PROGRAMME-COVERAGE") == []


def test_an_audit_outside_the_three_year_cycle_does_not_count():
    assert unaudited([{"scope_clauses": ["4"], "scope_controls": ["A.2.2"]}])[0] == [
        "5",
        "6",
        "7",
        "8",
        "9",
        "10",
    ]
