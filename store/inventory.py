"""The AI system inventory: queries and changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from risk_model.access import Actor
from risk_model.inventory import AI_SYSTEM, completeness, review_overdue
from store import records
from store.connection import Store

SEARCHED = ("name", "description", "provider", "business_function", "id", "external_id")


@dataclass(frozen=True)
class SystemFilter:
    search: str = ""
    statuses: tuple[str, ...] = ("active",)
    tiers: tuple[str, ...] = ()
    business_units: tuple[str, ...] = ()
    lifecycle_stages: tuple[str, ...] = ()
    owner: str = ""


def list_systems(
    db: Store, where: SystemFilter | None = None, today: date | None = None
) -> pd.DataFrame:
    """Systems with their completeness share, missing fields and overdue flag."""
    where = where or SystemFilter()
    clauses, params = ["1 = 1"], []
    if where.statuses:
        clauses.append("status IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(where.statuses))
    if where.tiers:
        clauses.append("eu_ai_act_tier IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(where.tiers))
    if where.business_units:
        clauses.append("business_unit IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(where.business_units))
    if where.lifecycle_stages:
        clauses.append("lifecycle_stage IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(where.lifecycle_stages))
    if where.owner:
        clauses.append("owner = ?")
        params.append(where.owner)
    if where.search:
        clauses.append(
            "(" + " OR ".join(f"coalesce({c}, '') ILIKE ? ESCAPE '\\'" for c in SEARCHED) + ")"
        )
        pattern = f"%{_escape_like(where.search)}%"
        params.extend([pattern] * len(SEARCHED))
    with db.connect() as connection:
        frame = connection.execute(
            f"SELECT * FROM ai_systems WHERE {' AND '.join(clauses)} ORDER BY name, id", params
        ).df()
    return with_derived_columns(frame, today or date.today())


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def with_derived_columns(frame: pd.DataFrame, today: date) -> pd.DataFrame:
    """Adds completeness and overdue columns; missing values become None, lists become lists."""
    frame = frame.astype(object).where(frame.notna(), None)
    for column in ("data_inputs", "integration_points", "ai_roles"):
        frame[column] = frame[column].map(lambda v: [] if v is None else list(v))
    rows = frame.to_dict("records")
    checks = [completeness(row) for row in rows]
    frame["completeness"] = [c.share for c in checks]
    frame["missing_fields"] = [", ".join(c.missing) for c in checks]
    frame["review_overdue"] = [review_overdue(row, today) for row in rows]
    return frame


def get_system(db: Store, system_id: str) -> dict | None:
    with db.connect() as connection:
        return records.fetch(connection, AI_SYSTEM, system_id)


def add_system(db: Store, values: dict, actor: Actor, at: datetime | None = None) -> str:
    values = {**AI_SYSTEM.defaults, **values}
    if not str(values.get("name") or "").strip():
        raise ValueError("An AI system needs a name.")
    with db.transaction() as connection:
        return records.insert(connection, AI_SYSTEM, values, actor, at)


def update_system(db: Store, system_id: str, values: dict, actor: Actor) -> dict:
    if "name" in values and not str(values["name"] or "").strip():
        raise ValueError("An AI system needs a name.")
    with db.transaction() as connection:
        return records.update(connection, AI_SYSTEM, system_id, values, actor)


def retire_system(db: Store, system_id: str, actor: Actor) -> None:
    with db.transaction() as connection:
        records.retire(connection, AI_SYSTEM, system_id, actor)


def restore_system(db: Store, system_id: str, actor: Actor) -> None:
    with db.transaction() as connection:
        records.restore(connection, AI_SYSTEM, system_id, actor)


def set_scope_decision(
    db: Store, system_id: str, in_scope: bool, justification: str, actor: Actor
) -> dict:
    with db.transaction() as connection:
        return records.update(
            connection,
            AI_SYSTEM,
            system_id,
            {"in_scope": in_scope, "scope_justification": justification.strip() or None},
            actor,
        )


def system_names(db: Store) -> dict[str, str]:
    """id -> name of every system, retired included, for labels."""
    with db.connect() as connection:
        return dict(connection.execute("SELECT id, name FROM ai_systems ORDER BY name").fetchall())


def distinct_values(db: Store, column: str) -> list[str]:
    if column not in ("business_unit", "owner", "provider", "business_function"):
        raise ValueError(column)
    with db.connect() as connection:
        rows = connection.execute(
            f"SELECT DISTINCT {column} FROM ai_systems WHERE {column} IS NOT NULL ORDER BY 1"
        ).fetchall()
    return [r[0] for r in rows]


def history(db: Store, system_id: str) -> pd.DataFrame:
    return records.history(db, AI_SYSTEM, system_id)
