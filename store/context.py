"""The AIMS scope statement (4.3), context issues (4.1) and interested parties (4.2)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from risk_model.access import Actor, require
from risk_model.context import CONTEXT_ISSUE, INTERESTED_PARTY  # noqa: F401 (pages read them here)
from risk_model.fields import Register
from store import audit_trail, inventory, records
from store.connection import Store

SCOPE_FIELDS = ("statement", "business_activities", "locations", "departments", "exclusions")


def get_scope(db: Store) -> dict | None:
    with db.connect() as connection:
        cursor = connection.execute("SELECT * FROM aims_scope WHERE id = 1")
        row = cursor.fetchone()
        return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else None


SCOPE_SYSTEM_COLUMNS = ("id", "name", "status", "eu_ai_act_tier", "in_scope", "scope_justification")


def scope_screen(db: Store) -> tuple[dict, pd.DataFrame]:
    """The scope statement (empty while none is saved) and every system's scope decision, read
    in one open of the store."""
    with db.connect():
        return get_scope(db) or {}, inventory.select_systems(db, SCOPE_SYSTEM_COLUMNS)


def save_scope(db: Store, values: dict, actor: Actor, at: datetime | None = None) -> None:
    require(actor, "write", "aims_scope")
    if not str(values.get("statement") or "").strip():
        raise ValueError("The scope statement cannot be empty.")
    at = at or datetime.now()
    with db.transaction() as connection:
        cursor = connection.execute("SELECT * FROM aims_scope WHERE id = 1")
        row = cursor.fetchone()
        old = dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else {}
        new = {k: (values.get(k) or None) for k in SCOPE_FIELDS}
        changes = {k: (old.get(k), v) for k, v in new.items() if old.get(k) != v}
        if not changes:
            return
        connection.execute(
            "INSERT OR REPLACE INTO aims_scope (id, statement, business_activities, locations,"
            " departments, exclusions, updated_at, updated_by) VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
            [*new.values(), at, actor.name],
        )
        audit_trail.append(
            connection, actor, "aims_scope", "1", "update" if old else "create", changes, at
        )


def list_records(db: Store, register: Register, include_retired: bool = False) -> pd.DataFrame:
    table = records._ident(register.table)
    where = "" if include_retired else "WHERE status <> 'retired'"
    with db.connect() as connection:
        return connection.execute(f"SELECT * FROM {table} {where} ORDER BY id").df()
