"""Management review (9.3): records, actions, the compiled 9.3.2 inputs and the demo review."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, time, timedelta

import pandas as pd
import pytest

from risk_model.access import SYSTEM, AccessDenied, Actor
from risk_model.management_review import REVIEW_INPUTS, action_state, context_changes
from store import audit_trail, context, inventory, records, review_inputs, risks
from store import management_review as reviews

TODAY = date(2026, 3, 2)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10))


def _held_review(db, day: date, snapshot: dict | None = None) -> str:
    review_id = reviews.plan_review(
        db, {"title": "Review", "review_date": day, "chair": "Dr. Katrin Vogel"}, SYSTEM
    )
    if snapshot is None:
        snapshot = review_inputs.meeting_snapshot(db, review_id, {})
    reviews.record_meeting(
        db, review_id, {"decisions": "Keep the scope."}, SYSTEM, snapshot=snapshot, at=_at(day)
    )
    return review_id


def test_the_input_list_is_clause_9_3_2():
    items = [i.item for i in REVIEW_INPUTS]
    assert items == ["a", "b", "c", "d", "d.1", "d.2", "d.3", "e"]
    wording = {i.item: i.wording for i in REVIEW_INPUTS}
    assert wording["a"] == "the status of actions from previous management reviews"
    assert "interested parties" in wording["c"]
    assert wording["d.3"] == "audit results"
    assert wording["e"] == "opportunities for continual improvement"


def test_open_and_overdue_actions_match_a_count_over_the_rows(db):
    rng = random.Random(7)
    first = _held_review(db, TODAY - timedelta(days=200))
    second = _held_review(db, TODAY - timedelta(days=90))
    planned = reviews.plan_review(
        db, {"title": "Next", "review_date": TODAY + timedelta(9)}, SYSTEM
    )
    rows = []
    for n in range(23):
        review_id = rng.choice([first, second, planned])
        deadline = TODAY + timedelta(days=rng.randint(-120, 60))
        status = rng.choice(["open", "in progress", "done", "retired"])
        values = {"review_id": review_id, "action": f"Action {n}", "owner": "Julia Novak"}
        action_id = reviews.add_action(db, {**values, "deadline": deadline}, SYSTEM)
        if status != "open":
            reviews.update_action(db, action_id, {"status": status}, SYSTEM, TODAY)
        rows.append((review_id, deadline, status))

    inputs = review_inputs.compile_inputs(db, TODAY, review_id=planned)
    assert inputs.last_review["id"] == second
    previous = [r for r in rows if r[0] in (first, second) and r[2] != "retired"]
    expected_open = sum(s != "done" for _, _, s in previous)
    expected_overdue = sum(s != "done" and d < TODAY for _, d, s in previous)
    assert inputs.action_summary.total == len(previous)
    assert inputs.action_summary.open == expected_open
    assert inputs.action_summary.overdue == expected_overdue
    assert inputs.figures["open_actions"] == expected_open
    listed = reviews.list_reviews(db).set_index("id")
    for review_id in (first, second, planned):
        own = [s for r, _, s in rows if r == review_id and s != "retired"]
        assert listed.at[review_id, "actions"] == len(own)
        assert listed.at[review_id, "open_actions"] == sum(s != "done" for s in own)
    done = reviews.list_actions(db, TODAY)
    assert (done.loc[done["status"] == "done", "done_on"] == TODAY).all()


def test_action_state():
    assert action_state("done", TODAY - timedelta(1), TODAY) == "done"
    assert action_state("in progress", TODAY - timedelta(1), TODAY) == "overdue"
    assert action_state("open", TODAY, TODAY) == "open"
    assert action_state("in progress", None, TODAY) == "in progress"


def test_changes_in_context_and_scope_since_the_last_review(db):
    context.save_scope(db, {"statement": "All AI in lending."}, SYSTEM)
    kept = records.add_record(
        db, context.CONTEXT_ISSUE, {"kind": "external", "title": "EU AI Act"}, SYSTEM
    )
    gone = records.add_record(
        db, context.CONTEXT_ISSUE, {"kind": "internal", "title": "Spreadsheets"}, SYSTEM
    )
    system = inventory.add_system(db, {"name": "Credit scoring", "owner": "Priya Raman"}, SYSTEM)
    _held_review(db, TODAY - timedelta(days=30))  # its snapshot is compiled from the data

    added = records.add_record(
        db, context.CONTEXT_ISSUE, {"kind": "external", "title": "GPAI code of practice"}, SYSTEM
    )
    party = records.add_record(db, context.INTERESTED_PARTY, {"name": "Consumer groups"}, SYSTEM)
    records.retire_record(db, context.CONTEXT_ISSUE, gone, SYSTEM)
    inventory.set_scope_decision(db, system, True, "Core lending", SYSTEM)
    context.save_scope(db, {"statement": "All AI in lending and insurance."}, SYSTEM)

    inputs = review_inputs.compile_inputs(db, TODAY)
    found = {(c.area.split(" (")[0].split(":")[0], c.change, c.record_id) for c in inputs.changes}
    assert found == {
        ("Context issue", "added", added),
        ("Context issue", "retired", gone),
        ("Interested party", "added", party),
        ("AIMS scope", "added", system),
        ("AIMS scope", "changed", "statement"),
    }
    assert kept not in {c.record_id for c in inputs.changes}
    trail = inputs.context_trail
    assert {added, party, gone, system} <= set(trail["record_id"])


def test_context_changes_is_symmetric_in_what_it_reports():
    before = {"context_issues": {"CTX-1": "a", "CTX-2": "b"}, "scope": {"statement": "x"}}
    after = {"context_issues": {"CTX-2": "b", "CTX-3": "c"}, "scope": {"statement": "x"}}
    changes = [(c.change, c.record_id) for c in context_changes(before, after)]
    assert changes == [("added", "CTX-3"), ("retired", "CTX-1")]
    assert context_changes(after, after) == []


def test_heatmap_now_and_at_the_last_review_match_the_register(demo_db):
    today = date.today()
    inputs = review_inputs.compile_inputs(demo_db, today)
    since = reviews.last_review_date(demo_db, today)
    assert inputs.since == since
    for frame, expected in (
        (inputs.risks_now, risks.list_risks(demo_db, today=today)),
        (inputs.risks_before, risks.list_risks(demo_db, as_of=since)),
    ):
        cells = Counter(
            (
                int(r.residual_likelihood or r.inherent_likelihood),
                int(r.residual_severity or r.inherent_severity),
            )
            for r in expected.itertuples()
            if r.effective_status not in ("closed", "retired")  # not plotted (issue 19)
        )
        _, residual = risks.heatmap_points(frame)
        assert Counter((lik, sev) for _, lik, sev in residual) == cells
    assert len(inputs.risks_before) < len(inputs.risks_now)  # the register grew since
    before = risks.list_risks(demo_db, as_of=since)
    assert inputs.figures["above_appetite_at_last_review"] == int(before["above_appetite"].sum())
    assert inputs.figures["risks_at_last_review"] == len(before)


def test_audit_results_and_nonconformities_come_from_the_audit_cycle(demo_db):
    from store import audits, nonconformities

    today = date.today()
    inputs = review_inputs.compile_inputs(demo_db, today)
    open_ncs = nonconformities.open_nonconformities(demo_db, today)
    assert inputs.figures["open_nonconformities"] == len(open_ncs)
    assert inputs.figures["open_major_nonconformities"] == int((open_ncs["grade"] == "major").sum())
    assert inputs.figures["audits"] == len(audits.audit_results(demo_db, inputs.since))


def test_demo_has_a_held_review_with_actions_and_a_planned_one(demo_db):
    today = date.today()
    listed = reviews.list_reviews(demo_db)
    held = listed[listed["status"] == "held"]
    planned = listed[listed["status"] == "planned"]
    assert len(held) == 1 and len(planned) == 1
    age = (today - held["review_date"].iloc[0]).days
    assert 150 <= age <= 185
    assert 0 < (planned["review_date"].iloc[0] - today).days <= 42
    actions = reviews.list_actions(demo_db, today)
    assert 4 <= len(actions) <= 5
    assert (actions["state"] == "done").sum() >= 2
    assert (actions["state"] == "overdue").sum() == 1
    snapshot = reviews.get_snapshot(demo_db, held["id"].iloc[0])
    assert snapshot["taken_on"] == held["review_date"].iloc[0].isoformat()
    inputs = review_inputs.compile_inputs(demo_db, today)
    assert inputs.review is None and inputs.last_review["id"] == held["id"].iloc[0]
    assert {c.change for c in inputs.changes} >= {"added", "retired"}


def test_writes_need_the_right_role_and_leave_a_trail(db):
    viewer = Actor("Vera Viewer", ("viewer",))
    with pytest.raises(AccessDenied):
        reviews.plan_review(db, {"title": "R", "review_date": TODAY}, viewer)
    review_id = reviews.plan_review(db, {"title": "R", "review_date": TODAY}, SYSTEM)
    with pytest.raises(ValueError, match="decisions"):
        reviews.record_meeting(db, review_id, {"minutes": "Talked."}, SYSTEM, snapshot={})
    assert reviews.last_review_date(db) is None
    reviews.record_meeting(db, review_id, {"decisions": "Go."}, SYSTEM, snapshot={"x": 1})
    assert reviews.last_review_date(db) == TODAY
    assert reviews.get_snapshot(db, review_id) == {"x": 1}
    with db.connect() as connection:
        assert audit_trail.verify(connection).ok
        trail = pd.DataFrame(audit_trail.history(connection, "management_reviews", review_id))
    assert trail["action"].tolist()[0] == "create"
    assert ("status", "held") in set(zip(trail["field"], trail["new_value"], strict=True))
    with pytest.raises(ValueError):
        reviews.add_action(db, {"review_id": "MR-9999", "action": "x"}, SYSTEM)
