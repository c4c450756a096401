"""Create, update and retire records of any register, with access checks and the audit trail.

Identifiers in the SQL come from the ``Register`` declarations in code, never from input;
every value is a parameter.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime

import duckdb
import pandas as pd

from risk_model.access import Actor, require_owner
from risk_model.fields import Register
from store import audit_trail
from store.connection import Store

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")

EXTRA_COLUMNS = {
    "ai_systems": ("in_scope", "scope_justification", "source_values"),
}
"""Columns a register's table has beyond its declared fields, writable through ``update``."""

CLASSIFIER_FIELDS = {"ai_systems": ("eu_ai_act_tier", "eu_ai_act_basis")}
"""Columns only the EU AI Act classification (``store.classification``) sets, so that the
inventory cannot contradict the latest classification and silence the scope and
impact-assessment checks. Every other writer (forms, imports) gets a ``ClassifierOwned``."""


class ClassifierOwned(ValueError):
    """A write other than the classification's tried to set the EU AI Act tier or basis."""

    REASON = (
        "set only by the EU AI Act classification (answer its questions on the classification "
        "page), not by a form or an import; leave it empty or as it is"
    )

    def __init__(self, register: Register, record_id: str, field: str):
        self.field = field
        super().__init__(
            f"{register.label} {record_id}, {register.field(field).label}: {self.REASON}."
        )


def _refuse_classifier_fields(
    register: Register, record_id: str, values: dict, current: dict | None
) -> None:
    for column in CLASSIFIER_FIELDS.get(register.table, ()):
        if column not in values:
            continue
        new = _normalise(values[column])
        before = register.defaults.get(column) if current is None else current.get(column)
        if _comparable(new) in (None, _comparable(before)):
            continue
        raise ClassifierOwned(register, record_id, column)


RECORD_NOUNS = {
    "ai_systems": "AI system",
    "ai_incidents": "incident",
    "audit_findings": "audit finding",
    "corrective_actions": "corrective action",
    "discovery_candidates": "discovery candidate",
    "evidence_items": "evidence item",
    "impact_assessments": "impact assessment",
    "internal_audits": "internal audit",
    "management_reviews": "management review",
    "monitor_runs": "monitor run",
    "monitored_models": "monitored model",
    "nonconformities": "nonconformity",
    "policies": "policy",
    "regulatory_documents": "document version",
    "remediation_actions": "remediation action",
    "risks": "risk",
}
"""What one record of a register is called when an id names none ("No incident INC-0042.");
a register not listed is named by its label ("Datasets: no record DS-0042")."""


def missing_message(register: Register | str, record_id: str) -> str:
    """The refusal of an id that names no record, naming the register and the id."""
    table = register.table if isinstance(register, Register) else register
    if table in RECORD_NOUNS:
        return f"No {RECORD_NOUNS[table]} {record_id}."
    label = register.label if isinstance(register, Register) else table
    return f"{label}: no record {record_id}"


class NoRecord(KeyError):
    """An id that names no record of the register. A ``KeyError``, so that every caller that
    reports a ``KeyError`` in words (``ui.widgets.attempt``, the command line) shows it."""

    def __init__(self, register: Register | str, record_id: str):
        self.register = register
        self.record_id = record_id
        super().__init__(missing_message(register, record_id))

    def __str__(self) -> str:
        return str(self.args[0])


def _ident(name: str) -> str:
    if not _IDENTIFIER.match(name):
        raise ValueError(f"not a column name: {name!r}")
    return name


def writable_columns(register: Register) -> tuple[str, ...]:
    return register.field_names + EXTRA_COLUMNS.get(register.table, ())


def next_id(connection: duckdb.DuckDBPyConnection, register: Register) -> str:
    table = _ident(register.table)
    row = connection.execute(
        f"SELECT max(TRY_CAST(regexp_extract(id, '(\\d+)$', 1) AS INTEGER)) FROM {table}"
        " WHERE id LIKE ?",
        [register.id_prefix + "-%"],
    ).fetchone()
    return f"{register.id_prefix}-{(row[0] or 0) + 1:04d}"


SYSTEM_LINKS = {
    "risks": "system_ids",
    "monitored_models": "system_id",
    "monitor_runs": "system_id",
    "datasets": "system_ids",
    "lifecycle_records": "system_id",
}
"""Registers whose records belong to AI systems: the column naming the system(s)."""


def _system_owners(connection, system_ids: object) -> list[str | None]:
    ids = [system_ids] if isinstance(system_ids, str) else list(_normalise(system_ids) or [])
    if not ids:
        return [None]
    rows = dict(
        connection.execute(
            "SELECT id, owner FROM ai_systems WHERE list_contains(?, id)", [ids]
        ).fetchall()
    )
    return [rows.get(i) for i in ids]


def owners_of(connection, register: Register, *records: dict) -> list[str | None]:
    """Whose records these are, for an ML owner's right to write them: an AI system's own
    owner; for a record that belongs to AI systems (a risk, a monitored model), the owners of
    all its systems, read from the inventory, never an owner the writer names. ``records``
    are the record as it is and as it would be, so a record is neither taken from nor moved
    to a system its writer does not own."""
    link = SYSTEM_LINKS.get(register.table)
    owners: list[str | None] = []
    for record in records:
        if link is not None:
            if link in record:
                owners += _system_owners(connection, record[link])
        elif "owner" in record:
            owners.append(record["owner"])
    return owners or [None]


def _normalise(value: object) -> object:
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    if hasattr(value, "tolist") and not isinstance(value, str):
        return value.tolist()
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, float) and value != value:
        return None
    return value


def _comparable(value: object) -> object:
    value = _normalise(value)
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    return value


def insert(
    connection: duckdb.DuckDBPyConnection,
    register: Register,
    values: dict,
    actor: Actor,
    at: datetime | None = None,
    record_id: str | None = None,
) -> str:
    """Insert one record inside the caller's transaction; return its id. A new AI system starts
    unclassified: its tier and basis come from the classification only."""
    require_owner(actor, "write", register.table, owners_of(connection, register, values))
    at = at or datetime.now()
    record_id = record_id or next_id(connection, register)
    _refuse_classifier_fields(register, record_id, values, None)
    columns = [c for c in values if c in writable_columns(register) or c == "external_id"]
    data = {c: _normalise(values[c]) for c in columns}
    data = {c: (register.defaults.get(c) if v is None else v) for c, v in data.items()}
    data = {c: v for c, v in data.items() if v is not None}
    if "source_values" in data and isinstance(data["source_values"], dict):
        data["source_values"] = json.dumps(data["source_values"], ensure_ascii=False)
    names = ["id", *map(_ident, data), "created_at", "updated_at"]
    params = [record_id, *data.values(), at, at]
    connection.execute(
        f"INSERT INTO {_ident(register.table)} ({', '.join(names)})"
        f" VALUES ({', '.join('?' for _ in names)})",
        params,
    )
    changes = {k: (None, v) for k, v in data.items() if v not in (None, "", [])}
    audit_trail.append(connection, actor, register.table, record_id, "create", changes, at)
    return record_id


def fetch(
    connection: duckdb.DuckDBPyConnection, register: Register | str, record_id: str
) -> dict | None:
    """The record as stored, or ``None``. ``register`` may be a bare table name (a purge)."""
    table = register.table if isinstance(register, Register) else register
    cursor = connection.execute(f"SELECT * FROM {_ident(table)} WHERE id = ?", [record_id])
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


def existing(
    connection: duckdb.DuckDBPyConnection, register: Register | str, record_id: str
) -> dict:
    """The record as stored; ``NoRecord`` naming the register and the id if there is none.
    The one place a store module refuses an unknown id."""
    current = fetch(connection, register, record_id)
    if current is None:
        raise NoRecord(register, record_id)
    return current


Check = Callable[[dict, dict], dict | None]
"""A register's own rule for a change: ``(record as stored, values asked for)`` -> the values
to write (``None``: those asked for). It raises ``ValueError`` to refuse the change."""


def update(
    connection: duckdb.DuckDBPyConnection,
    register: Register,
    record_id: str,
    values: dict,
    actor: Actor,
    at: datetime | None = None,
    action: str = "update",
    *,
    check: Check | None = None,
    by_classifier: bool = False,
) -> dict[str, tuple[object, object]]:
    """Change the given fields inside the caller's transaction: fetch the record (``NoRecord``
    if there is none), let the register's ``check`` see it and the values, check the actor's
    right to write, write the real changes and record them in the audit trail. Returns them.
    Only ``store.classification`` passes ``by_classifier`` to set ``CLASSIFIER_FIELDS``."""
    current = existing(connection, register, record_id)
    if check is not None:
        checked = check(current, values)
        values = values if checked is None else checked
    require_owner(actor, "write", register.table, owners_of(connection, register, current, values))
    if not by_classifier:
        _refuse_classifier_fields(register, record_id, values, current)
    allowed = set(writable_columns(register)) | {"external_id"}
    changes = {}
    for column, new in values.items():
        if column not in allowed:
            raise KeyError(f"{register.label} has no field {column!r}")
        new = _normalise(new)
        if new is None:
            new = register.defaults.get(column)
        if column == "source_values" and isinstance(new, dict):
            new = json.dumps(new, ensure_ascii=False)
        if _comparable(current.get(column)) != _comparable(new):
            changes[column] = (_normalise(current.get(column)), new)
    if not changes:
        return {}
    at = at or datetime.now()
    assignments = ", ".join(f"{_ident(c)} = ?" for c in changes)
    connection.execute(
        f"UPDATE {_ident(register.table)} SET {assignments}, updated_at = ? WHERE id = ?",
        [*(new for _, new in changes.values()), at, record_id],
    )
    audit_trail.append(connection, actor, register.table, record_id, action, changes, at)
    return changes


def retire(
    connection: duckdb.DuckDBPyConnection,
    register: Register,
    record_id: str,
    actor: Actor,
    at: datetime | None = None,
) -> None:
    """Retirement is a status, never a delete: the record and its history stay."""
    update(connection, register, record_id, {"status": "retired"}, actor, at, action="retire")


def restore(connection, register: Register, record_id: str, actor: Actor) -> None:
    update(connection, register, record_id, {"status": "active"}, actor, action="restore")


def _require(register: Register, values: dict) -> None:
    for spec in register.required_fields:
        if not str(values.get(spec.name) or "").strip():
            raise ValueError(f"{register.label}: {spec.label} is required.")


def add_record(
    db: Store, register: Register, values: dict, actor: Actor, at: datetime | None = None
) -> str:
    """One new live record in its own transaction, its required fields checked first: the
    write path of every register declared only by its ``Register``."""
    _require(register, values)
    with db.transaction() as connection:
        return insert(connection, register, {"status": "active", **values}, actor, at)


def change(
    db: Store,
    register: Register,
    record_id: str,
    values: dict,
    actor: Actor,
    *,
    check: Check | None = None,
    at: datetime | None = None,
) -> dict:
    """The write path of a record's fields, in its own transaction (see ``update``)."""
    with db.transaction() as connection:
        return update(connection, register, record_id, values, actor, at, check=check)


def change_record(
    db: Store, register: Register, record_id: str, values: dict, actor: Actor
) -> dict:
    """Change one record in its own transaction; it must keep its required fields."""

    def keeps_required(current: dict, values: dict) -> None:
        _require(register, {**current, **values})

    return change(db, register, record_id, values, actor, check=keeps_required)


def touch(
    connection: duckdb.DuckDBPyConnection, register: Register, record_id: str, at: datetime
) -> None:
    """Mark the record changed at ``at`` when what changed is held beside it (an evidence
    item's versions and links); the caller has checked access and records the change."""
    connection.execute(
        f"UPDATE {_ident(register.table)} SET updated_at = ? WHERE id = ?", [at, record_id]
    )


def retire_record(db: Store, register: Register, record_id: str, actor: Actor) -> None:
    with db.transaction() as connection:
        retire(connection, register, record_id, actor)


def history(db: Store, register: Register, record_id: str) -> pd.DataFrame:
    with db.connect() as connection:
        return pd.DataFrame(audit_trail.history(connection, register.table, record_id))


def as_date(value: object) -> date | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()
