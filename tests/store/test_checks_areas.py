"""Impact assessment, risk treatment, SoA, monitoring and training checks: each fault is seeded
through the store's own write functions, fires, and clears once fixed the same way."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from risk_model.access import SYSTEM
from risk_model.incidents import Breach
from store import (
    checks,
    evidence,
    impact_assessments,
    incidents,
    monitored_models,
    monitoring,
    risks,
    soa,
    training,
)
from tests import classified

TODAY = date.today()


def found(db, check_id: str) -> list[tuple[str, str]]:
    """(record id, severity) of the findings of one check."""
    return [(f.record_id, f.severity) for f in checks.findings(db, TODAY) if f.check_id == check_id]


def system(db, **values) -> str:
    return classified.add_system(db, {"name": "Credit scoring", "owner": "Priya", **values})


# --- 6.1.4 impact assessment ----------------------------------------------------------------------


def test_high_risk_system_without_assessment_fires_major_and_clears(db):
    high = system(db, eu_ai_act_tier="high")
    system(db, name="Spam filter", eu_ai_act_tier="minimal")  # needs no assessment
    assert found(db, "IMPACT-ASSESSMENT") == [(high, "major")]
    impact_assessments.add_assessment(
        db,
        {
            "system_id": high,
            "title": "AIIA credit",
            "assessed_on": TODAY,
            "review_due": TODAY + timedelta(days=365),
        },
        SYSTEM,
    )
    assert found(db, "IMPACT-ASSESSMENT") == []


def test_decision_system_with_outdated_assessment_fires_minor_and_clears(db):
    decider = system(db, eu_ai_act_tier="limited", makes_decisions_about_people=True)
    assessment = impact_assessments.add_assessment(
        db,
        {
            "system_id": decider,
            "title": "AIIA",
            "assessed_on": TODAY - timedelta(days=200),
            "review_due": TODAY - timedelta(days=1),
        },
        SYSTEM,
    )
    (finding,) = [f for f in checks.findings(db, TODAY) if f.check_id == "IMPACT-ASSESSMENT"]
    assert (finding.record_id, finding.severity, finding.reference) == (
        decider,
        "minor",
        "6.1.4, A.5.2",
    )
    assert "outdated" in finding.message and finding.page == "pages/risk/impact_assessments.py"
    impact_assessments.update_assessment(
        db, assessment, {"review_due": TODAY + timedelta(days=90)}, SYSTEM
    )
    assert found(db, "IMPACT-ASSESSMENT") == []


# --- 6.1.3 risk treatment -------------------------------------------------------------------------


def risk(db, system_id: str, **values) -> str:
    """A risk scored 5x5 (Critical on the default matrix, above the Medium appetite)."""
    base = {
        "title": "Model denies credit unfairly",
        "system_ids": [system_id],
        "inherent_likelihood": 5,
        "inherent_severity": 5,
        "owner": "Priya",
    }
    return risks.add_risk(db, {**base, **values}, SYSTEM)


def test_risk_above_appetite_without_treatment_fires_and_clears(db):
    sid = system(db)
    above = risk(db, sid)
    risk(db, sid, title="Low", inherent_likelihood=1, inherent_severity=1)
    assert found(db, "RISK-UNTREATED") == [(above, "major")]
    risks.update_risk(db, above, {"treatment": "mitigate"}, SYSTEM)
    assert found(db, "RISK-UNTREATED") == []


def test_overdue_treatment_fires_and_clears(db):
    sid = system(db)
    late = risk(
        db,
        sid,
        treatment="mitigate",
        treatment_status="in_progress",
        treatment_due=TODAY - timedelta(days=3),
    )
    (finding,) = [f for f in checks.findings(db, TODAY) if f.check_id == "RISK-TREATMENT-OVERDUE"]
    assert (finding.record_id, finding.severity, finding.reference) == (late, "minor", "8.3")
    assert finding.message == f"treatment overdue since {TODAY - timedelta(days=3):%Y-%m-%d}"
    risks.update_risk(db, late, {"treatment_status": "done"}, SYSTEM)
    assert found(db, "RISK-TREATMENT-OVERDUE") == []


def test_expired_acceptance_fires_and_clears(db):
    sid = system(db)
    accepted = risk(db, sid)
    risks.accept_risk(
        db,
        accepted,
        "Chief Risk Officer",
        TODAY - timedelta(days=100),
        TODAY - timedelta(days=1),
        SYSTEM,
    )
    assert found(db, "RISK-ACCEPTANCE-EXPIRED") == [(accepted, "major")]  # above the appetite
    assert found(db, "RISK-UNTREATED") == []  # its treatment is "accept"
    risks.accept_risk(
        db, accepted, "Chief Risk Officer", TODAY, TODAY + timedelta(days=180), SYSTEM
    )
    assert found(db, "RISK-ACCEPTANCE-EXPIRED") == []


# --- SoA and evidence -----------------------------------------------------------------------------


def add_evidence(db, control_id: str, review_due: date) -> str:
    return evidence.add_link(
        db,
        {"title": f"Evidence for {control_id}", "kind": "procedure"},
        f"https://intranet.example/{control_id}",
        evidence.VersionDetails("Ana", review_due=review_due),
        SYSTEM,
        {"control": [control_id]},
    )


def test_applicable_control_without_current_evidence_fires_and_clears(db):
    controls = [f.record_id for f in checks.findings(db, TODAY) if f.check_id == "SOA-EVIDENCE"]
    assert len(controls) == 38 and "A.6.2.6" in controls  # every control applicable by default
    soa.update_control(db, "A.2.2", {"applicable": False, "justification": "n/a"}, SYSTEM)
    add_evidence(db, "A.6.2.6", review_due=TODAY - timedelta(days=1))  # expired: not current
    (finding,) = [
        f
        for f in checks.findings(db, TODAY)
        if f.record_id == "A.6.2.6" and f.check_id != "SOA-INCLUSION"
    ]
    assert (finding.check_id, finding.reference, finding.severity) == (
        "SOA-EVIDENCE",
        "A.6.2.6",
        "minor",
    )
    add_evidence(db, "A.6.2.6", review_due=TODAY + timedelta(days=365))
    remaining = {f.record_id for f in checks.findings(db, TODAY) if f.check_id == "SOA-EVIDENCE"}
    assert remaining == set(controls) - {"A.6.2.6", "A.2.2"}


def test_soa_exclusion_without_justification_fires_and_clears(db):
    soa.update_control(db, "A.10.4", {"applicable": False, "justification": ""}, SYSTEM)
    (finding,) = [f for f in checks.findings(db, TODAY) if f.check_id == "SOA-EXCLUSION"]
    assert (finding.record_id, finding.reference, finding.page) == (
        "A.10.4",
        "6.1.3 f)",
        "pages/controls/soa.py",
    )
    soa.update_control(db, "A.10.4", {"justification": "We have no customers of AI."}, SYSTEM)
    assert found(db, "SOA-EXCLUSION") == []


def test_soa_inclusion_without_justification_fires_and_clears(db):
    soa.update_control(db, "A.10.4", {"applicable": True, "justification": " "}, SYSTEM)
    hits = [f for f in checks.findings(db, TODAY) if f.check_id == "SOA-INCLUSION"]
    (finding,) = [f for f in hits if f.record_id == "A.10.4"]
    assert (finding.reference, finding.page) == ("6.1.3 f)", "pages/controls/soa.py")
    assert finding.message == "included in the Statement of Applicability without a justification"
    soa.update_control(db, "A.10.4", {"justification": "Customers use our AI."}, SYSTEM)
    assert "A.10.4" not in [r for r, _ in found(db, "SOA-INCLUSION")]


# --- 9.1 / A.6.2.6 monitoring ---------------------------------------------------------------------


def model(db, sid: str) -> dict:
    values = {
        "name": "scorecard",
        "system_id": sid,
        "reference_source": "ref.parquet",
        "current_source": "cur.parquet",
        "target_column": "y",
        "prediction_column": "p",
        "features": {"age": "numerical"},
        "stale_after_days": 7,
    }
    return monitored_models.get_model(db, monitored_models.register_model(db, values, SYSTEM))


def run(db, mm: dict, day: date, status="succeeded", metrics=(), breaches=()) -> str:
    run_id = monitoring.start_run(db, mm, SYSTEM, at=datetime.combine(day, time(6)))
    outcome = monitoring.RunOutcome(
        status, 100, 100, metrics=list(metrics), breaches=list(breaches)
    )
    monitoring.finish_run(db, run_id, outcome, SYSTEM, 1.0, evidence=False)
    return run_id


def test_stale_model_fires_and_clears(db):
    mm = model(db, system(db))
    run(db, mm, TODAY - timedelta(days=8))
    (finding,) = [f for f in checks.findings(db, TODAY) if f.check_id == "MONITORING-STALE"]
    assert (finding.record_id, finding.reference) == (mm["id"], "9.1, A.6.2.6")
    assert finding.message == "last monitoring result 8 days ago (due every 7 days)"
    run(db, mm, TODAY - timedelta(days=1))
    assert found(db, "MONITORING-STALE") == []


def test_model_that_never_ran_is_stale(db):
    mm = model(db, system(db))
    (finding,) = [f for f in checks.findings(db, TODAY) if f.check_id == "MONITORING-STALE"]
    assert (finding.record_id, finding.message) == (mm["id"], "never produced a monitoring result")


FAIRNESS = {
    "family": "fairness",
    "metric": "demographic_parity_difference",
    "attribute": "sex",
    "value": 0.3,
    "threshold": 0.1,
    "breached": True,
}
DRIFTED_COLUMN = {
    "family": "drift",
    "metric": "drift_score",
    "column_name": "age",
    "value": 0.01,
    "threshold": 0.05,
    "breached": True,
}
DATASET_DRIFT = {
    "family": "drift",
    "metric": "drifted_share",
    "value": 0.6,
    "threshold": 0.5,
    "breached": True,
}


def test_fairness_breach_whose_incident_was_closed_fires_and_clears(db):
    sid = system(db)
    mm = model(db, sid)
    breach = Breach("fairness:sex", "fairness", "demographic parity 0.30 > 0.10", ("sex=F",))
    run(db, mm, TODAY, "breached", [FAIRNESS], [breach])
    assert found(db, "MONITORING-BREACH") == []  # the run opened its incident
    (incident_id,) = incidents.list_incidents(db, TODAY, open_only=True)["id"]
    incidents.update_incident(db, incident_id, {"status": "closed"}, SYSTEM)
    assert found(db, "MONITORING-BREACH") == [(mm["id"], "major")]
    incidents.update_incident(db, incident_id, {"status": "investigating"}, SYSTEM)
    assert found(db, "MONITORING-BREACH") == []
    incidents.update_incident(db, incident_id, {"status": "closed"}, SYSTEM)
    run(db, mm, TODAY, "succeeded", [{**FAIRNESS, "value": 0.05, "breached": False}])
    assert found(db, "MONITORING-BREACH") == []  # the latest run no longer breaches


def test_dataset_drift_without_incident_fires_minor_but_a_drifted_column_does_not(db):
    sid = system(db)
    mm = model(db, sid)
    run(db, mm, TODAY, "breached", [DRIFTED_COLUMN])
    assert found(db, "MONITORING-BREACH") == []  # one drifted column is not dataset drift
    run(db, mm, TODAY, "breached", [DRIFTED_COLUMN, DATASET_DRIFT])
    assert found(db, "MONITORING-BREACH") == [(mm["id"], "minor")]
    incidents.add_incident(
        db,
        {
            "title": "Applicant mix shifted",
            "system_id": sid,
            "incident_type": "data drift",
            "detected_on": TODAY,
        },
        SYSTEM,
    )
    assert found(db, "MONITORING-BREACH") == []


# --- 7.2 training ---------------------------------------------------------------------------------


def test_training_overdue_in_aims_roles_fires_and_clears(db):
    engineer = training.add_person(db, {"name": "Jo", "aims_roles": ["ml_engineer"]}, SYSTEM)
    training.add_person(db, {"name": "Sam", "aims_roles": ["all_staff"]}, SYSTEM)
    (finding,) = [f for f in checks.findings(db, TODAY) if f.check_id == "TRAINING-OVERDUE"]
    assert (finding.record_id, finding.severity, finding.reference) == (engineer, "minor", "7.2")
    assert finding.message.startswith("ML engineer: overdue AI awareness")
    for course in ("ai-awareness", "ai-literacy", "ml-lifecycle"):
        training.add_completion(
            db,
            {"person_id": engineer, "course": course, "completed_on": TODAY, "score": 90},
            SYSTEM,
        )
    assert found(db, "TRAINING-OVERDUE") == []


# --- every area is loaded and listed -------------------------------------------------------------

AREA_KEYS = {"impact_assessments", "risks", "soa", "monitored_models", "open_incidents"}
AREA_KEYS |= {"internal_audit", "nonconformities", "management_review", "training_overdue"}
AREA_KEYS |= {"policies", "aims_people", "policy_acknowledgements", "objectives"}
AREA_KEYS |= {"responsibilities", "documents"}
AREA_KEYS |= {"suppliers", "datasets", "lifecycle_records", "classifications"}
AREA_KEYS |= {"serious_incidents", "overdue_actions", "risk_reassessment", "audit_programme"}
AREA_KEYS |= {"discovery_open"}


def test_every_loader_reads_its_area_on_a_new_store(db):
    """A loader that cannot read its area fails here, instead of skipping the area's checks."""
    snapshot = checks.load_snapshot(db, TODAY)
    assert set(snapshot.extra) == AREA_KEYS
    assert [key for key, value in snapshot.extra.items() if value is None] == []
    assert snapshot.extra["soa"] and snapshot.extra["soa"][0]["applicable"] is True


def test_every_area_module_is_listed_and_every_check_runs():
    import pkgutil

    import risk_model
    from risk_model.checks import AREAS, CHECKS

    modules = {m.name for m in pkgutil.iter_modules(risk_model.__path__)}
    area_modules = {name for name in modules if name.startswith("checks_")}
    listed = {area.checks[next(iter(area.checks))][1].__module__ for area in AREAS}
    assert {f"risk_model.{name}" for name in area_modules} <= listed
    assert sum(len(area.checks) for area in AREAS) == len(CHECKS)
    assert {"SCOPE-STATEMENT", "SOA-EVIDENCE", "TRAINING-OVERDUE", "RISK-UNTREATED"} <= set(CHECKS)
