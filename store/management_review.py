"""Management reviews (ISO/IEC 42001 9.3): meetings, their actions, and the frozen inputs.

A review is *planned*, then *held*: recording the meeting stores the minutes and decisions
and freezes the inputs its caller compiled (``store.review_inputs.meeting_snapshot``) as a
JSON snapshot, so the next review can show what changed since. Actions carry owners and
deadlines and are followed up at the next review (9.3.2 a).
"""

from __future__ import annotations

import json
from datetime import date, datetime

import pandas as pd

from risk_model.access import Actor, require
from risk_model.management_review import MANAGEMENT_REVIEW, REVIEW_ACTION, action_state
from store import audit_trail, records
from store.connection import Store

SNAPSHOT_ENTITY = "review_snapshots"


def _required(register, values: dict) -> None:
    for spec in register.required_fields:
        if values.get(spec.name) is None or not str(values.get(spec.name)).strip():
            raise ValueError(f"{spec.label} is required.")


# --- reviews ------------------------------------------------------------------------------------


def plan_review(db: Store, values: dict, actor: Actor, at: datetime | None = None) -> str:
    """A new review (status ``planned`` unless given); returns its id, e.g. ``MR-0002``."""
    _required(MANAGEMENT_REVIEW, values)
    with db.transaction() as connection:
        return records.insert(
            connection, MANAGEMENT_REVIEW, {"status": "planned", **values}, actor, at
        )


def update_review(
    db: Store, review_id: str, values: dict, actor: Actor, at: datetime | None = None
) -> dict:
    with db.transaction() as connection:
        return records.update(connection, MANAGEMENT_REVIEW, review_id, values, actor, at)


def record_meeting(
    db: Store,
    review_id: str,
    values: dict,
    actor: Actor,
    snapshot: dict,
    at: datetime | None = None,
) -> dict:
    """Mark the review held with its minutes, decisions and attendees, and freeze its inputs.

    ``snapshot`` is what the caller compiled for the meeting
    (``store.review_inputs.meeting_snapshot``): the store records it as given.
    """

    def held(review: dict, values: dict) -> dict:
        if not str(values.get("decisions") or review.get("decisions") or "").strip():
            raise ValueError("Record the decisions of the meeting (9.3.3) before marking it held.")
        return {**values, "status": "held"}

    with db.transaction() as connection:
        changes = records.update(
            connection, MANAGEMENT_REVIEW, review_id, values, actor, at, check=held
        )
        save_snapshot(db, review_id, snapshot, actor, at)
    return changes


def retire_review(db: Store, review_id: str, actor: Actor) -> None:
    with db.transaction() as connection:
        records.retire(connection, MANAGEMENT_REVIEW, review_id, actor)


def get_review(db: Store, review_id: str) -> dict | None:
    with db.connect() as connection:
        return records.fetch(connection, MANAGEMENT_REVIEW, review_id)


def list_reviews(db: Store) -> pd.DataFrame:
    """Reviews newest first (retired left out), with counts of their actions."""
    with db.connect() as connection:
        frame = connection.execute(
            "SELECT r.id, r.title, r.review_date, r.status, r.chair, r.attendees,"
            " r.period_start, r.period_end, r.minutes, r.decisions,"
            " count(a.id) FILTER (WHERE a.status <> 'retired') AS actions,"
            " count(a.id) FILTER (WHERE a.status NOT IN ('done', 'retired')) AS open_actions"
            " FROM management_reviews r LEFT JOIN review_actions a ON a.review_id = r.id"
            " WHERE r.status <> 'retired'"
            " GROUP BY ALL ORDER BY r.review_date DESC, r.id DESC"
        ).df()
    frame["review_date"] = pd.to_datetime(frame["review_date"]).dt.date
    frame["attendees"] = [
        list(a) if hasattr(a, "__iter__") and not isinstance(a, str) else []
        for a in frame["attendees"]
    ]
    return frame


def last_review_date(db: Store, before: date | None = None) -> date | None:
    """The date of the latest review held (on or before ``before`` if given)."""
    held = held_reviews(db, before)
    return held[0][1] if held else None


def held_reviews(db: Store, before: date | None = None) -> list[tuple[str, date]]:
    """(id, date) of the reviews held, newest first, on or before ``before`` if given."""
    with db.connect() as connection:
        rows = connection.execute(
            "SELECT id, review_date FROM management_reviews WHERE status = 'held'"
            " AND (? IS NULL OR review_date <= ?) ORDER BY review_date DESC, id DESC",
            [before, before],
        ).fetchall()
    return [(r[0], records.as_date(r[1])) for r in rows]


def next_planned_review(db: Store, today: date) -> dict | None:
    """The earliest planned review dated today or later."""
    with db.connect() as connection:
        row = connection.execute(
            "SELECT id FROM management_reviews WHERE status = 'planned' AND review_date >= ?"
            " ORDER BY review_date, id LIMIT 1",
            [today],
        ).fetchone()
        return get_review(db, row[0]) if row else None


def review_status(
    db: Store, today: date
) -> tuple[pd.DataFrame, pd.DataFrame, date | None, dict | None]:
    """What the Management review page heads with, read in one connection: the reviews
    (``list_reviews``), every action (``list_actions``), the last review held and the next
    planned one."""
    with db.connect():
        return (
            list_reviews(db),
            list_actions(db, today),
            last_review_date(db, today),
            next_planned_review(db, today),
        )


# --- actions ------------------------------------------------------------------------------------


def add_action(db: Store, values: dict, actor: Actor, at: datetime | None = None) -> str:
    _required(REVIEW_ACTION, values)
    if get_review(db, values["review_id"]) is None:
        raise ValueError(f"There is no management review {values['review_id']}.")
    with db.transaction() as connection:
        return records.insert(connection, REVIEW_ACTION, {"status": "open", **values}, actor, at)


def update_action(
    db: Store, action_id: str, values: dict, actor: Actor, today: date | None = None
) -> dict:
    """Change an action; marking it done without a date records ``today`` as its done date."""
    values = dict(values)
    if values.get("status") == "done" and not values.get("done_on"):
        values["done_on"] = today or date.today()
    if values.get("status") in ("open", "in progress"):
        values.setdefault("done_on", None)
    with db.transaction() as connection:
        return records.update(connection, REVIEW_ACTION, action_id, values, actor)


def list_actions(
    db: Store, today: date, review_id: str | None = None, before: date | None = None
) -> pd.DataFrame:
    """Actions (retired left out) with their review's date and a ``state`` column
    (done, overdue, in progress, open); only reviews held on or before ``before`` if given."""
    with db.connect() as connection:
        frame = connection.execute(
            "SELECT a.id, a.review_id, r.title AS review_title, r.review_date, a.action, a.owner,"
            " a.deadline, a.status, a.done_on, a.notes FROM review_actions a"
            " JOIN management_reviews r ON r.id = a.review_id"
            " WHERE a.status <> 'retired' AND r.status <> 'retired'"
            " AND (? IS NULL OR a.review_id = ?)"
            " AND (? IS NULL OR (r.status = 'held' AND r.review_date <= ?))"
            " ORDER BY r.review_date, a.id",
            [review_id, review_id, before, before],
        ).df()
    for column in ("review_date", "deadline", "done_on"):
        frame[column] = [None if pd.isna(v) else records.as_date(v) for v in frame[column]]
    frame["state"] = [
        action_state(s, d, today) for s, d in zip(frame["status"], frame["deadline"], strict=True)
    ]
    return frame


# --- snapshots ----------------------------------------------------------------------------------


def save_snapshot(
    db: Store, review_id: str, snapshot: dict, actor: Actor, at: datetime | None = None
) -> None:
    require(actor, "write", MANAGEMENT_REVIEW.table)
    at = at or datetime.now()
    text = json.dumps(snapshot, default=str, ensure_ascii=False, sort_keys=True)
    taken_on = records.as_date(snapshot.get("taken_on")) or at.date()
    with db.transaction() as connection:
        connection.execute(
            "INSERT OR REPLACE INTO review_snapshots (review_id, taken_on, inputs, created_at)"
            " VALUES (?, ?, ?, ?)",
            [review_id, taken_on, text, at],
        )
        audit_trail.append(
            connection,
            actor,
            SNAPSHOT_ENTITY,
            review_id,
            "create",
            {"taken_on": (None, taken_on)},
            at,
        )


def get_snapshot(db: Store, review_id: str) -> dict | None:
    with db.connect() as connection:
        row = connection.execute(
            "SELECT inputs FROM review_snapshots WHERE review_id = ?", [review_id]
        ).fetchone()
    return json.loads(row[0]) if row else None


def context_trail(db: Store, since: datetime | None) -> pd.DataFrame:
    """Audit-trail entries on context, interested parties, scope and systems from ``since``:
    one row per record and action (who, when, which fields)."""
    with db.connect() as connection:
        return connection.execute(
            "SELECT min(recorded_at) AS recorded_at, entity, record_id, action,"
            " string_agg(DISTINCT actor, ', ') AS actor,"
            " string_agg(DISTINCT field, ', ' ORDER BY field) AS fields FROM audit_trail"
            " WHERE entity IN ('context_issues', 'interested_parties', 'aims_scope', 'ai_systems')"
            " AND action IN ('create', 'update', 'retire', 'restore')"
            " AND (? IS NULL OR recorded_at >= ?)"
            " GROUP BY entity, record_id, action ORDER BY 1",
            [since, since],
        ).df()


def pack_review_id(db: Store, today: date) -> str | None:
    """The review a pack is for by default: the next planned one, else the latest held."""
    with db.connect():
        planned = next_planned_review(db, today)
        if planned:
            return planned["id"]
        held = held_reviews(db, today)
    return held[0][0] if held else None


def history(db: Store, review_id: str) -> pd.DataFrame:
    return records.history(db, MANAGEMENT_REVIEW, review_id)
