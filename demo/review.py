"""Demo management reviews: one held about five months ago with its actions and frozen inputs,
the next one planned in three weeks, and the context changes made between them."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

from risk_model.access import SYSTEM
from store import context, records, risks
from store import management_review as reviews
from store.connection import Store
from store.review_inputs import register_snapshot


def _day(today: date, days: int | None) -> date | None:
    return None if days is None else today + timedelta(days=days)


def _at(today: date, days: int, hour: int = 10) -> datetime:
    return datetime.combine(today + timedelta(days=days), time(hour, 0))


def _previous_snapshot(db: Store, held_on: date, figures: dict) -> dict:
    """The inputs as the meeting saw them: registers as they stand before the later changes,
    the risk register rebuilt as of that day, and the headline figures of the day."""
    snapshot = {"taken_on": held_on.isoformat(), **register_snapshot(db, held_on)}
    then = risks.list_risks(db, as_of=held_on)
    inherent, residual = risks.heatmap_points(then) if len(then) else ([], [])
    snapshot["risks"] = {
        "inherent": [list(p) for p in inherent],
        "residual": [list(p) for p in residual],
    }
    above = int(then["above_appetite"].sum()) if len(then) else 0
    snapshot["figures"] = {"risks": len(then), "above_appetite": above, **figures}
    return snapshot


def seed(db: Store, today: date) -> dict[str, int]:
    from demo.files import demo_file

    data = json.loads(demo_file("review.json").read_text(encoding="utf-8"))
    prev, nxt, later = data["previous"], data["next"], data["changes_since"]
    held_on = _day(today, prev["days"])
    planned_at = _at(today, prev["days"] - 30)
    review_id = reviews.plan_review(
        db,
        {
            "title": prev["title"],
            "review_date": held_on,
            "chair": prev["chair"],
            "attendees": prev["attendees"],
            "period_start": _day(today, prev["period_days"]),
            "period_end": held_on,
        },
        SYSTEM,
        at=planned_at,
    )
    snapshot = _previous_snapshot(db, held_on, prev["figures"])
    reviews.record_meeting(
        db,
        review_id,
        {"minutes": prev["minutes"], "decisions": prev["decisions"]},
        SYSTEM,
        snapshot=snapshot,
        at=_at(today, prev["days"], 17),
    )
    for item in prev["actions"]:
        action_id = reviews.add_action(
            db,
            {
                "review_id": review_id,
                "action": item["action"],
                "owner": item["owner"],
                "deadline": _day(today, item["deadline"]),
            },
            SYSTEM,
            at=_at(today, prev["days"], 18),
        )
        if item["status"] != "open":
            with db.transaction() as connection:
                records.update(
                    connection,
                    reviews.REVIEW_ACTION,
                    action_id,
                    {"status": item["status"], "done_on": _day(today, item["done_on"])},
                    SYSTEM,
                    at=_at(today, item["done_on"] or -60, 11),
                )

    for issue in later["issues"]:
        values = {k: v for k, v in issue.items() if k != "days"}
        records.add_record(db, context.CONTEXT_ISSUE, values, SYSTEM, at=_at(today, issue["days"]))
    for party in later["parties"]:
        values = {k: v for k, v in party.items() if k != "days"}
        records.add_record(
            db, context.INTERESTED_PARTY, values, SYSTEM, at=_at(today, party["days"])
        )
    for register, key, label in (
        (context.CONTEXT_ISSUE, "retired_issues", "title"),
        (context.INTERESTED_PARTY, "retired_parties", "name"),
    ):
        current = context.list_records(db, register)
        for gone in later[key]:
            for record_id in current.loc[current[label] == gone[label], "id"]:
                with db.transaction() as connection:
                    records.retire(
                        connection, register, record_id, SYSTEM, _at(today, gone["days"])
                    )

    reviews.plan_review(
        db,
        {
            "title": nxt["title"],
            "review_date": _day(today, nxt["days"]),
            "chair": nxt["chair"],
            "attendees": nxt["attendees"],
            "period_start": held_on,
            "period_end": _day(today, nxt["days"]),
        },
        SYSTEM,
        at=_at(today, -20),
    )
    return {"management reviews": 2, "management review actions": len(prev["actions"])}
