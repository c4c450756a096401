"""Pure rules of internal audit and nonconformity: classes, independence, 5 Whys, closure, gate."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta

import pytest

from risk_model import internal_audit as ia
from risk_model import nonconformity as nc
from tests.conftest import REFERENCE

TODAY = date(2026, 6, 15)
OWNERS = ia.AreaOwners(
    system_owners={"SYS-1": "Grace Holm", "SYS-2": "Priya Raman", "SYS-3": "Grace  holm"},
    system_units={"SYS-1": "Property & Casualty", "SYS-2": "Retail Lending", "SYS-3": "Claims"},
    system_names={"SYS-1": "Claims OCR", "SYS-2": "Credit scoring", "SYS-3": "Damage"},
    control_people={"A.6.2.6": ["Julia Novak", "Head of AI Governance"], "A.7.4": []},
    risks=(
        {
            "id": "RSK-1",
            "title": "Misread amounts",
            "owner": "Oliver Grant",
            "system_ids": ["SYS-2"],
            "control_ids": ["A.9.2"],
        },
    ),
)


def _reference_ids(name: str) -> set[str]:
    with open(REFERENCE / name, encoding="utf-8") as handle:
        return {row["id"] for row in csv.DictReader(handle, delimiter="\t")}


def test_finding_classes_are_the_four_of_the_standard_and_two_are_nonconformities():
    assert list(ia.FINDING_CLASSES.values()) == [
        "Major nonconformity",
        "Minor nonconformity",
        "Observation",
        "Opportunity for improvement",
    ]
    assert set(ia.NONCONFORMITY_CLASSES) == set(nc.GRADES)
    assert ia.finding_counts(["major", "opportunity", "opportunity", "other"]) == {
        "major": 1,
        "minor": 0,
        "observation": 0,
        "opportunity": 2,
    }


def test_risk_clauses_are_real_iso_42001_clauses():
    assert _reference_ids("iso42001_clauses.tsv") >= ia.RISK_CLAUSES


def test_independent_auditor_has_no_conflict():
    scope = ia.AuditScope(("6.1.2",), ("A.6.2.6",), ("SYS-1",), ("Property & Casualty",))
    assert ia.independence_conflicts(["Miriam Koch"], scope, OWNERS) == []


def test_owner_of_a_system_in_scope_is_not_independent_and_is_told_why():
    scope = ia.AuditScope(systems=("SYS-1", "SYS-2"))
    conflicts = ia.independence_conflicts(["grace holm"], scope, OWNERS)
    assert [(c.area, c.reason) for c in conflicts] == [
        ("SYS-1", "grace holm owns Claims OCR (SYS-1).")
    ]


def test_owning_a_system_in_a_scoped_unit_is_a_conflict_names_compared_loosely():
    scope = ia.AuditScope(units=("Property & Casualty", "Claims"))
    conflicts = ia.independence_conflicts(["Grace Holm"], scope, OWNERS)
    assert [c.area for c in conflicts] == ["Property & Casualty", "Claims"]
    assert "owns systems in Claims: Damage" in conflicts[1].reason


def test_soa_control_owner_is_a_conflict_for_that_control_only():
    conflicts = ia.independence_conflicts(
        ["Julia Novak"], ia.AuditScope(controls=("A.6.2.6", "A.7.4")), OWNERS
    )
    assert [c.area for c in conflicts] == ["A.6.2.6"]
    assert "Statement of Applicability" in conflicts[0].reason


@pytest.mark.parametrize(
    ("scope", "why"),
    [
        (ia.AuditScope(systems=("SYS-2",)), "it concerns a system in scope"),
        (ia.AuditScope(controls=("A.9.2",)), "it is treated by A.9.2"),
        (ia.AuditScope(clauses=("8.2",)), "clause 8.2 is in scope"),
    ],
)
def test_risk_owner_is_a_conflict_when_the_risk_comes_into_scope(scope, why):
    conflicts = ia.independence_conflicts(["Oliver Grant"], scope, OWNERS)
    risk = [c for c in conflicts if c.area == "RSK-1"]
    assert len(risk) == 1 and why in risk[0].reason


def test_risk_owner_outside_scope_is_independent():
    scope = ia.AuditScope(clauses=("7.2",), controls=("A.7.4",), systems=("SYS-1",))
    assert ia.independence_conflicts(["Oliver Grant"], scope, OWNERS) == []


def test_audit_team_lists_lead_and_auditors_once():
    assert ia.audit_team("Oliver Grant", ["oliver  grant", "Miriam Koch", ""]) == [
        "Oliver Grant",
        "Miriam Koch",
    ]


def test_audit_problems_say_what_is_missing():
    ok = {"title": "A", "programme_year": 2026, "scope_clauses": ["9.2.1"]}
    assert ia.audit_problems(ok) == []
    assert ia.audit_problems({**ok, "scope_clauses": []}) == [
        "The scope is empty: choose clauses, controls, systems or units."
    ]
    late = {**ok, "start_date": TODAY, "end_date": TODAY - timedelta(1)}
    assert "The end date is before the start." in ia.audit_problems(late)
    done = ia.audit_problems({**ok, "status": "completed"})
    assert "A completed audit needs its report." in done
    assert "An audit completed needs a lead auditor." in done


def test_five_whys_need_one_why_and_a_root_cause_and_stop_at_five():
    assert nc.root_cause_problems(["", "  "], "x") == ["Answer at least the first why."]
    assert nc.root_cause_problems(["a"], " ") == ["State the root cause the whys lead to."]
    assert nc.root_cause_problems(["a"] * 5, "cause") == []
    assert nc.root_cause_problems(["a"] * 6, "cause") == ["The 5 Whys stop at 5; 6 were given."]


def _closable() -> tuple[dict, list[dict]]:
    record = {
        "whys": ["w"],
        "root_cause": "r",
        "verified_by": "Oliver Grant",
        "verified_on": TODAY,
        "verification_result": "effective",
    }
    actions = [
        {
            "id": "CA-1",
            "owner": "Laura Chen",
            "deadline": TODAY,
            "status": "done",
            "done_on": TODAY - timedelta(5),
        }
    ]
    return record, actions


def test_closure_needs_every_action_done_and_a_verification():
    record, actions = _closable()
    assert nc.closure_blockers(record, actions, TODAY) == []
    assert nc.closure_blockers(record, [], TODAY) == ["No corrective action has been planned."]
    open_action = [{**actions[0], "status": "in progress"}]
    assert nc.closure_blockers(record, open_action, TODAY) == [
        "1 corrective action(s) not done: CA-1."
    ]
    cancelled = [*actions, {"id": "CA-2", "owner": "X", "status": "cancelled"}]
    assert nc.closure_blockers(record, cancelled, TODAY) == []
    unverified = {**record, "verified_by": None}
    assert nc.closure_blockers(unverified, actions, TODAY) == [
        "No verification of effectiveness is recorded (who and when)."
    ]
    failed = {**record, "verification_result": "not effective"}
    assert "not effective" in nc.closure_blockers(failed, actions, TODAY)[0]


def test_verifier_must_not_own_an_action_nor_verify_before_it_was_done():
    _, actions = _closable()
    problems = nc.verification_problems(" laura chen ", TODAY, "effective", actions, TODAY)
    assert problems == [
        "laura chen owns a corrective action of this nonconformity; the verification must be"
        " done by someone else."
    ]
    early = nc.verification_problems(
        "Oliver Grant", TODAY - timedelta(6), "effective", actions, TODAY
    )
    assert early == [
        f"The verification is dated before the last action was done ({TODAY - timedelta(5)})."
    ]
    future = nc.verification_problems("O", TODAY + timedelta(1), "effective", actions, TODAY)
    assert "The verification date is in the future." in future
    assert len(nc.verification_problems("", None, None, actions, TODAY)) == 3


def test_overdue_and_plan():
    due = {"owner": "A", "deadline": TODAY - timedelta(1), "status": "in progress"}
    assert nc.action_overdue(due, TODAY)
    assert not nc.action_overdue({**due, "status": "done"}, TODAY)
    assert not nc.action_overdue({**due, "deadline": TODAY}, TODAY)
    assert nc.has_plan([due])
    assert not nc.has_plan([{**due, "owner": " "}])
    assert not nc.has_plan([{**due, "deadline": None}])
    assert not nc.has_plan([{**due, "status": "cancelled"}])


def test_derived_status_follows_the_actions():
    open_nc = {"status": "open"}
    assert nc.derived_status(open_nc, []) == "open"
    assert nc.derived_status(open_nc, [{"status": "planned"}]) == "action planned"
    assert nc.derived_status(open_nc, [{"status": "done"}, {"status": "cancelled"}]) == (
        "awaiting verification"
    )
    assert nc.derived_status({"status": "closed"}, [{"status": "planned"}]) == "closed"


def test_gate_counts_match_an_independent_count_over_random_records():
    rng = random.Random(42)
    ncs, actions = [], {}
    for i in range(200):
        record = {
            "id": f"NC-{i}",
            "grade": rng.choice(["major", "minor"]),
            "status": rng.choice(nc.STATUSES),
            "title": f"t{i}",
        }
        ncs.append(record)
        actions[record["id"]] = [
            {
                "owner": rng.choice(["", "A"]),
                "deadline": rng.choice([None, TODAY]),
                "status": rng.choice(nc.ACTION_STATUSES),
            }
            for _ in range(rng.randint(0, 2))
        ]
    result = nc.certification_gate(ncs, actions)
    live = [r for r in ncs if r["status"] not in ("closed", "retired")]
    majors = sum(r["grade"] == "major" for r in live)
    planless = sum(
        r["grade"] == "minor"
        and not any(
            a["owner"] and a["deadline"] and a["status"] not in ("cancelled", "retired")
            for a in actions[r["id"]]
        )
        for r in live
    )
    assert (result.open_majors, result.minors_without_plan) == (majors, planless)
    assert len(result.blocking) == majors + planless and result.ready is False
    assert nc.certification_gate([], {}).ready
