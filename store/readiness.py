"""The readiness self-assessment and its remediation actions (the certification guide's step 1)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

import pandas as pd

from risk_model import readiness as rules
from risk_model.access import Actor
from risk_model.readiness import READINESS_ITEM, REMEDIATION_ACTION
from store import records
from store.connection import Store

ASSESSMENT_FIELDS = ("maturity", "target", "notes", "evidence_ids", "assessed_by", "assessed_on")


def _ratings(frame: pd.DataFrame) -> dict[str, int | None]:
    return {
        i: (None if pd.isna(m) else int(m))
        for i, m in zip(frame["item_id"], frame["maturity"], strict=True)
    }


def assessment(db: Store) -> pd.DataFrame:
    """Every clause and control with its rating (None when not assessed yet), standard order."""
    items = pd.DataFrame([asdict(i) for i in rules.assessment_items()])
    with db.connect() as connection:
        stored = connection.execute(
            "SELECT id AS item_id, maturity, target, notes, evidence_ids, assessed_by, assessed_on"
            " FROM readiness_items WHERE status <> 'retired'"
        ).df()
    frame = items.merge(stored, on="item_id", how="left")
    frame["maturity"] = frame["maturity"].astype("Int64")
    frame["target"] = frame["target"].astype("Int64").fillna(rules.DEFAULT_TARGET)
    frame["evidence_ids"] = frame["evidence_ids"].map(
        lambda v: [] if v is None or (not hasattr(v, "__len__") and pd.isna(v)) else list(v)
    )
    frame["assessed_on"] = frame["assessed_on"].map(records.as_date)
    frame["level"] = [rules.maturity_label(None if pd.isna(m) else m) for m in frame["maturity"]]
    return frame.astype(object).where(frame.notna(), None)


def save_ratings(db: Store, rows: list[dict], actor: Actor, today: date) -> int:
    """Write the ratings that changed (all or nothing); returns how many items changed.

    Each row has ``item_id`` and any of the assessment fields; the date and assessor are
    set when the maturity changes.
    """
    known = {i.item_id: i for i in rules.assessment_items()}
    changed = 0
    at = datetime.now()
    with db.transaction() as connection:
        for row in rows:
            item = known.get(row["item_id"])
            if item is None:
                raise ValueError(f"{row['item_id']!r} is not an ISO/IEC 42001 clause or control")
            values = {k: row[k] for k in ASSESSMENT_FIELDS if k in row}
            for key in ("maturity", "target"):
                if key in values:
                    try:
                        values[key] = rules.check_maturity(values[key])
                    except ValueError as error:
                        raise ValueError(f"{item.item_id}: {error}") from None
            if isinstance(values.get("evidence_ids"), str):
                values["evidence_ids"] = [
                    p.strip() for p in values["evidence_ids"].replace(",", ";").split(";")
                ]
                values["evidence_ids"] = [p for p in values["evidence_ids"] if p]
            current = records.fetch(connection, READINESS_ITEM, item.item_id)
            if current is None:
                if all(values.get(k) in (None, "", []) for k in values):
                    continue
                values.setdefault("assessed_by", actor.name)
                values.setdefault("assessed_on", today)
                values["item_kind"] = item.kind
                records.insert(connection, READINESS_ITEM, values, actor, at, item.item_id)
                changed += 1
                continue
            if "maturity" in values and values["maturity"] != current["maturity"]:
                values.setdefault("assessed_by", actor.name)
                values.setdefault("assessed_on", today)
            if records.update(connection, READINESS_ITEM, item.item_id, values, actor, at):
                changed += 1
    return changed


@dataclass(frozen=True)
class ReadinessSummary:
    overall: float | None
    """Mean maturity / 5 over the assessed items (0-1), None before any rating."""
    assessed: int
    items: int
    by_clause: pd.DataFrame
    by_domain: pd.DataFrame
    gaps: list[rules.Gap]


def summary(db: Store) -> ReadinessSummary:
    frame = assessment(db)
    ratings = _ratings(frame)
    targets = {i: int(t) for i, t in zip(frame["item_id"], frame["target"], strict=True)}
    return ReadinessSummary(
        overall=rules.overall_readiness(ratings),
        assessed=sum(v is not None for v in ratings.values()),
        items=len(ratings),
        by_clause=pd.DataFrame(map(asdict, rules.readiness_scores(ratings, "clause"))),
        by_domain=pd.DataFrame(map(asdict, rules.readiness_scores(ratings, "control"))),
        gaps=rules.gaps(ratings, targets),
    )


def readiness_score(db: Store) -> float | None:
    """The maturity part of the readiness score: mean maturity / 5 of the assessed items."""
    return rules.overall_readiness(_ratings(assessment(db)))


# --- remediation actions ------------------------------------------------------------------------


def list_actions(db: Store, today: date, include_retired: bool = False) -> pd.DataFrame:
    where = "" if include_retired else "WHERE status <> 'retired'"
    with db.connect() as connection:
        frame = connection.execute(
            "SELECT id, title, item_id, owner, priority, start_date, due_date, completed_on,"
            f" notes, status FROM remediation_actions {where} ORDER BY due_date, id"
        ).df()
    frame = frame.astype(object).where(frame.notna(), None)
    for column in ("start_date", "due_date", "completed_on"):
        frame[column] = frame[column].map(records.as_date)
    frame["late"] = [
        s in rules.OPEN_STATUSES and d is not None and d < today
        for s, d in zip(frame["status"], frame["due_date"], strict=True)
    ]
    return frame


def _check_action(values: dict) -> None:
    for spec in REMEDIATION_ACTION.required_fields:
        if values.get(spec.name) in (None, ""):
            raise ValueError(f"{spec.label} is required.")
    start, due = values.get("start_date"), values.get("due_date")
    if start and due and due < start:
        raise ValueError("The deadline is before the start.")


def add_action(db: Store, values: dict, actor: Actor) -> str:
    values = {"status": "planned", **{k: v for k, v in values.items() if v not in (None, "")}}
    _check_action(values)
    with db.transaction() as connection:
        return records.insert(connection, REMEDIATION_ACTION, values, actor)


def update_action(db: Store, action_id: str, values: dict, actor: Actor, today: date) -> dict:
    def checked(current: dict, values: dict) -> dict:
        merged = {**current, **values}
        _check_action(merged)
        if values.get("status") == "done" and not merged.get("completed_on"):
            return {**values, "completed_on": today}
        return values

    return records.change(db, REMEDIATION_ACTION, action_id, values, actor, check=checked)


def retire_action(db: Store, action_id: str, actor: Actor) -> None:
    with db.transaction() as connection:
        records.retire(connection, REMEDIATION_ACTION, action_id, actor)


def create_actions_for_gaps(db: Store, owner: str, actor: Actor, today: date) -> list[str]:
    """One planned action per gap that has no open action yet; returns the new ids."""
    if not owner.strip():
        raise ValueError("Name an owner for the new actions.")
    gaps = summary(db).gaps
    with db.transaction() as connection:
        open_items = {
            row[0]
            for row in connection.execute(
                "SELECT item_id FROM remediation_actions WHERE status IN (?, ?)",
                list(rules.OPEN_STATUSES),
            ).fetchall()
        }
        new = rules.actions_for_gaps(gaps, open_items, owner.strip(), today)
        return [records.insert(connection, REMEDIATION_ACTION, a, actor) for a in new]


def roadmap_fit(db: Store, today: date) -> rules.RoadmapFit:
    from store.certification import get_cycle

    cycle = get_cycle(db)
    actions = list_actions(db, today).to_dict("records")
    return rules.roadmap_fit(
        actions, cycle.target_date, cycle.readiness_start, today, cycle.stage_lead_weeks
    )
