"""The AI system inventory: queries and changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from risk_model.access import Actor
from risk_model.inventory import AI_SYSTEM, completeness_columns, review_overdue_column
from store import records
from store.connection import Store

SEARCHED = ("name", "description", "provider", "business_function", "id", "external_id")
LIST_COLUMNS = {"data_inputs", "integration_points", "ai_roles"}
SELECTABLE = {"id", "external_id", "in_scope", "scope_justification", *AI_SYSTEM.field_names}


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
    condition, params = _where(where or SystemFilter())
    with db.connect() as connection:
        frame = connection.execute(
            f"SELECT * FROM ai_systems WHERE {condition} ORDER BY name, id", params
        ).df()
    return with_derived_columns(frame, today or date.today())


def list_system_columns(
    db: Store, where: SystemFilter, today: date, columns: tuple[str, ...]
) -> pd.DataFrame:
    """Only ``columns`` of what ``list_systems`` returns (derived columns included): a smaller
    frame for a page to cache and copy on every rerun."""
    return list_systems(db, where, today)[list(columns)]


def system_facts(db: Store, today: date) -> pd.DataFrame:
    """``list_systems`` of every system, with its values as DuckDB types them (missing values
    NaN/NA, lists as arrays): for summaries over thousands of systems."""
    condition, params = _where(SystemFilter())
    with db.connect() as connection:
        frame = connection.execute(
            f"SELECT * FROM ai_systems WHERE {condition} ORDER BY name, id", params
        ).df()
    frame["completeness"] = completeness_columns(frame)[0]
    frame["review_overdue"] = review_overdue_column(frame, today)
    return frame


def select_systems(
    db: Store, columns: tuple[str, ...], where: SystemFilter | None = None
) -> pd.DataFrame:
    """Only ``columns`` of the systems ``list_systems`` would return, in the same order and
    with missing values as None: for pages that need no derived columns."""
    unknown = set(columns) - SELECTABLE
    if unknown:
        raise ValueError(f"not an inventory column: {sorted(unknown)}")
    condition, params = _where(where or SystemFilter())
    with db.connect() as connection:
        frame = connection.execute(
            f"SELECT {', '.join(columns)} FROM ai_systems WHERE {condition} ORDER BY name, id",
            params,
        ).df()
    frame = frame.astype(object).where(frame.notna(), None)
    for column in LIST_COLUMNS & set(columns):
        frame[column] = _as_lists(frame[column])
    return frame


def _as_lists(column: pd.Series) -> pd.Series:
    """DuckDB lists (numpy arrays) as Python lists, a missing list as []."""
    return pd.Series(
        [[] if v is None else v.tolist() if hasattr(v, "tolist") else list(v) for v in column],
        index=column.index,
        dtype=object,
    )


def _where(where: SystemFilter) -> tuple[str, list]:
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
    return " AND ".join(clauses), params


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def with_derived_columns(frame: pd.DataFrame, today: date) -> pd.DataFrame:
    """Adds completeness and overdue columns; missing values become None, lists become lists.

    Derived column-wise (``risk_model.inventory.completeness`` is the row-wise rule they match).
    """
    share, missing = completeness_columns(frame)
    overdue = review_overdue_column(frame, today)
    frame = frame.astype(object).where(frame.notna(), None)
    for column in LIST_COLUMNS:
        frame[column] = _as_lists(frame[column])
    frame["completeness"] = share
    frame["missing_fields"] = missing
    frame["review_overdue"] = overdue
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


CLASSIFIER_FIELDS = ("status", "eu_ai_act_tier", "eu_ai_act_basis")
"""Fields the inventory form does not edit: the status has its own buttons, and the EU AI Act
tier and basis come only from the classification (``store.classification``), so they cannot
contradict it and silence the scope and impact-assessment checks: ``store.records`` refuses
them from every other writer (``records.CLASSIFIER_FIELDS``)."""


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


def system_owners(db: Store) -> list[str]:
    """The owners of active AI systems, by name (the people local mode can act as)."""
    with db.connect() as connection:
        rows = connection.execute(
            "SELECT DISTINCT owner FROM ai_systems WHERE coalesce(owner, '') <> ''"
            " AND coalesce(status, 'active') <> 'retired' ORDER BY 1"
        ).fetchall()
    return [r[0] for r in rows]


def owners_by_system(db: Store) -> dict[str, str | None]:
    """Each AI system's owner by its id: whose records an ML owner may write."""
    with db.connect() as connection:
        return dict(connection.execute("SELECT id, owner FROM ai_systems").fetchall())
