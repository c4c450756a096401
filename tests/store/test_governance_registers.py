"""The documented AIMS (issue #18 items 1-4): policies and acknowledgements, AI objectives,
the RACI and documented information. Round trips, roles, history, checks and measures."""

from __future__ import annotations

import statistics
from datetime import date, timedelta

import pytest

from commands.store_cli import main as store_cli
from reports.tabular import to_csv_bytes
from risk_model.access import LOCAL_USER, SYSTEM, AccessDenied, Actor
from risk_model.documents import DOCUMENT
from risk_model.objectives import OBJECTIVE
from risk_model.policies import POLICY
from risk_model.responsibilities import RESPONSIBILITY
from store import (
    checks,
    impact_assessments,
    objectives,
    policies,
    records,
    register_reads,
    registers,
    training,
)

TODAY = date.today()
GOVERNANCE = ("policies", "acknowledgements", "objectives", "responsibilities", "documents")
VIEWER = Actor("Vera Viewer", ("viewer",))


def found(db, check_id: str) -> list[tuple[str, str]]:
    return [
        (f.record_id, f.reference) for f in checks.findings(db, TODAY) if f.check_id == check_id
    ]


# --- import and export ----------------------------------------------------------------------


@pytest.mark.parametrize("name", GOVERNANCE)
def test_an_export_imported_back_changes_nothing(demo_db, name):
    io = registers.get(name)
    before = io.export(demo_db)
    assert len(before) > 0
    summary = io.import_file(demo_db, to_csv_bytes(before), f"{name}.csv", SYSTEM, None)
    assert (summary.created, summary.updated) == (0, 0)
    assert summary.unchanged == len(before)
    after = io.export(demo_db)
    assert after.drop(columns=[]).equals(before)


@pytest.mark.parametrize("name", ["policies", "objectives", "responsibilities", "documents"])
def test_an_export_loads_into_a_new_store_with_the_same_records(demo_db, db, tmp_path, name):
    path = tmp_path / f"{name}.csv"
    assert store_cli(["export", name, "--output", str(path), "--db", str(demo_db.path)]) == 0
    assert store_cli(["import", name, str(path), "--db", str(db.path)]) == 0
    source = registers.get(name).export(demo_db).drop(columns=["id"])
    copied = registers.get(name).export(db).drop(columns=["id"])
    assert copied.to_dict("records") == source.to_dict("records")


def test_a_bad_row_is_refused_naming_row_and_field(db):
    data = b"name,kind,approved_on\nAI policy,ai_policy,2026-02-30\n"
    with pytest.raises(Exception) as refused:
        registers.get("policies").import_file(db, data, "p.csv", SYSTEM, None)
    problems = refused.value.problems
    assert [(p.row, p.field) for p in problems] == [(2, "approved_on")]
    assert register_reads.read(db, POLICY).empty


# --- roles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("register", [POLICY, OBJECTIVE, RESPONSIBILITY, DOCUMENT])
def test_a_viewer_or_ml_owner_cannot_write_these_registers(db, register):
    for actor in (VIEWER, Actor("Priya Raman", ("ml_owner",))):
        with pytest.raises(AccessDenied):
            records.add_record(db, register, {"name": "x", register.title_field: "x"}, actor)
    assert records.add_record(db, register, {"name": "x"}, LOCAL_USER).startswith(
        register.id_prefix
    )


def _policy_and_people(db):
    policy = policies.add_policy(
        db,
        {
            "name": "AI policy",
            "kind": "ai_policy",
            "version": "1",
            "approver": "CEO",
            "approved_on": TODAY - timedelta(days=60),
            "review_interval_months": 12,
        },
        SYSTEM,
    )
    jo = training.add_person(
        db, {"name": "Jo", "unit": "Tech", "aims_roles": ["ml_engineer"]}, SYSTEM
    )
    al = training.add_person(
        db, {"name": "Al", "unit": "Risk", "aims_roles": ["compliance_manager"]}, SYSTEM
    )
    training.add_person(db, {"name": "Sam", "unit": "Tech", "aims_roles": ["all_staff"]}, SYSTEM)
    return policy, jo, al


def test_a_person_acknowledges_only_for_themselves(db):
    policy, jo, al = _policy_and_people(db)
    jo_actor = Actor("Jo", ("viewer",))
    with pytest.raises(AccessDenied):
        policies.acknowledge(db, policy, al, jo_actor, TODAY)
    ack = policies.acknowledge(db, policy, jo, jo_actor, TODAY)
    assert policies.acknowledge(db, policy, jo, jo_actor, TODAY) == ack  # once per version
    trail = records.history(db, policies.ACKNOWLEDGEMENT, ack)
    assert set(trail["actor"]) == {"system for Jo"}
    policies.acknowledge(db, policy, al, LOCAL_USER, TODAY)  # a compliance manager, for anyone
    assert policies.acknowledgement_overview(db).share == 1.0


# --- history --------------------------------------------------------------------------------


def test_a_new_version_is_in_the_history_and_needs_reading_again(db):
    policy, jo, al = _policy_and_people(db)
    policies.acknowledge(db, policy, jo, LOCAL_USER, TODAY)
    assert policies.acknowledgement_overview(db).share == 0.5
    policies.approve_version(db, policy, "2", "CEO", TODAY, LOCAL_USER)
    data = policies.acknowledgement_overview(db)
    assert data.share == 0.0
    assert data.policy["next_review"] == date(TODAY.year + 1, TODAY.month, min(TODAY.day, 28)) or (
        data.policy["next_review"] > TODAY + timedelta(days=360)
    )
    trail = records.history(db, POLICY, policy)
    versions = trail[trail["field"] == "version"]
    assert list(versions["action"]) == ["create", "update"]
    assert list(versions["new_value"].astype(str)) == ["1", "2"]


def test_coverage_by_role_and_unit_counts_people_in_aims_roles(db):
    policy, jo, al = _policy_and_people(db)
    policies.acknowledge(db, policy, al, LOCAL_USER, TODAY)
    data = policies.acknowledgement_overview(db)
    by_unit = data.by_unit.set_index("unit")[["acknowledged", "people"]].to_dict("index")
    assert by_unit == {
        "Risk": {"acknowledged": 1, "people": 1},
        "Tech": {"acknowledged": 0, "people": 1},
    }
    by_role = dict(zip(data.by_role["role"], data.by_role["coverage"], strict=True))
    assert by_role == {"Compliance manager": 1.0, "ML engineer": 0.0}


# --- the checks fire on the demo's gaps and clear when fixed ---------------------------------


def test_no_approved_ai_policy_is_major_and_clears(db):
    assert found(db, "POLICY-AI-APPROVED") == [("ai-policy", "5.2")]
    policy = policies.add_policy(db, {"name": "AI policy", "kind": "ai_policy"}, SYSTEM)
    assert found(db, "POLICY-AI-APPROVED") == [("ai-policy", "5.2")]  # not approved yet
    policies.approve_version(db, policy, "1.0", "CEO", TODAY, SYSTEM)
    assert found(db, "POLICY-AI-APPROVED") == []


def test_policy_review_overdue_fires_and_clears(demo_db):
    ((policy_id, reference),) = found(demo_db, "POLICY-REVIEW")
    assert reference == "A.2.4"
    assert register_reads.read(demo_db, POLICY).set_index("id").loc[policy_id, "name"] == (
        "Information security policy"
    )
    policies.approve_version(demo_db, policy_id, "4.3", "Claire Dubois", TODAY, SYSTEM)
    assert found(demo_db, "POLICY-REVIEW") == []


def test_unread_ai_policy_fires_and_clears_when_everyone_reads_it(demo_db):
    ((policy_id, reference),) = found(demo_db, "POLICY-ACKNOWLEDGED")
    assert reference == "7.3"
    data = policies.acknowledgement_overview(demo_db)
    unread = data.status[~data.status["acknowledged"]]
    assert sorted(unread["name"]) == sorted(
        ["Priya Raman", "Elena Rossi", "Sean Murphy", "Lea Fischer", "Ravi Patel"]
    )
    for person in unread.itertuples():
        policies.acknowledge(
            demo_db, policy_id, person.person_id, Actor(person.name, ("viewer",)), TODAY
        )
    assert found(demo_db, "POLICY-ACKNOWLEDGED") == []


def test_objective_without_plan_fires_and_clears(demo_db):
    ((objective_id, reference),) = found(demo_db, "OBJECTIVE-PLAN")
    assert reference == "6.2"
    plan = {
        "plan_what": "Remind",
        "plan_resources": "Compliance",
        "plan_when": "Monthly",
        "plan_evaluation": "Share read",
    }
    records.change_record(demo_db, OBJECTIVE, objective_id, plan, SYSTEM)
    assert found(demo_db, "OBJECTIVE-PLAN") == []


def test_objective_behind_target_at_due_date_fires_and_clears(demo_db):
    ((objective_id, _),) = found(demo_db, "OBJECTIVE-TARGET")
    objective = register_reads.read(demo_db, OBJECTIVE).set_index("id").loc[objective_id]
    assert objective["measure"] == "training_coverage" and objective["due_date"] < TODAY
    value = objectives.measure_values(demo_db, TODAY, ["training_coverage"])["training_coverage"]
    assert value < objective["target"]
    records.change_record(demo_db, OBJECTIVE, objective_id, {"target": value}, SYSTEM)
    assert found(demo_db, "OBJECTIVE-TARGET") == []


def test_responsibility_without_accountable_fires_and_clears(demo_db):
    ((record_id, reference),) = found(demo_db, "RACI-ACCOUNTABLE")
    assert reference == "5.3"
    records.change_record(
        demo_db, RESPONSIBILITY, record_id, {"accountable": "Sofia Marin"}, SYSTEM
    )
    assert found(demo_db, "RACI-ACCOUNTABLE") == []


def test_procedure_past_review_or_without_approver_fires_and_clears(demo_db):
    ((record_id, reference),) = found(demo_db, "DOCUMENT-CONTROL")
    assert reference == "7.5.3"
    due = {"next_review": TODAY + timedelta(days=365)}
    records.change_record(demo_db, DOCUMENT, record_id, due, SYSTEM)
    assert found(demo_db, "DOCUMENT-CONTROL") == []
    records.change_record(demo_db, DOCUMENT, record_id, {"approver": None}, SYSTEM)
    assert found(demo_db, "DOCUMENT-CONTROL") == [(record_id, "7.5.3")]


# --- measures against independent computations -----------------------------------------------


def test_measures_equal_independent_counts(demo_db):
    values = objectives.measure_values(demo_db, TODAY)
    statuses = impact_assessments.system_statuses(demo_db, TODAY)
    high = statuses[statuses["eu_ai_act_tier"] == "high"]
    current = sum(s == "current" for s in high["assessment_status"])
    assert values["impact_assessment_coverage"] == pytest.approx(current / len(high))
    with demo_db.connect() as connection:
        spans = [
            (closed - detected).days
            for detected, closed in connection.execute(
                "SELECT detected_on, closed_on FROM ai_incidents"
                " WHERE breach_key IS NOT NULL AND closed_on IS NOT NULL"
            ).fetchall()
        ]
    expected = statistics.median(spans) if spans else None
    assert values["breach_close_days"] == (pytest.approx(expected) if spans else None)
    status = training.status_frame(demo_db, TODAY)
    in_roles = status[status["aims_roles"].map(lambda r: set(r) - {"all_staff"} != set())]
    met = sum(not o for o in in_roles["overdue"])
    assert values["training_coverage"] == pytest.approx(met / len(in_roles))
    assert values["policy_acknowledgement"] == pytest.approx(20 / 25)


def test_measurements_are_recorded_once_a_day(demo_db):
    before = len(objectives.measurements(demo_db))
    objectives.record_measurements(demo_db, TODAY, LOCAL_USER)
    objectives.record_measurements(demo_db, TODAY, LOCAL_USER)
    history = objectives.measurements(demo_db)
    assert len(history) == before  # the demo already measured today: updated, not added
    latest = history[history["measured_on"] == TODAY].set_index("objective_id")["value"]
    listed = objectives.list_objectives(demo_db, TODAY).set_index("id")["latest_value"]
    for objective_id, value in latest.items():
        assert value == pytest.approx(listed[objective_id], nan_ok=True)
