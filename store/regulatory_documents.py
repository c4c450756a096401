"""Versioned EU AI Act documents of a system: each generation whose content changed is a new
version; a version is approved by a person, and both steps are in the audit trail."""

from __future__ import annotations

import json
from datetime import date, datetime

import pandas as pd

from risk_model.access import Actor, require
from store import audit_trail, records
from store.connection import Store

ENTITY = "regulatory_documents"
KINDS = ("technical-documentation", "monitoring-plan", "fria", "registration")


def _default(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def record_version(
    db: Store,
    system_id: str,
    kind: str,
    content: dict,
    to_complete: int,
    actor: Actor,
    at: datetime | None = None,
) -> dict:
    """Store ``content`` as the next version unless it equals the latest; returns the version
    row (id, version, generated_at, generated_by, approved_at, approved_by)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    require(actor, "write", ENTITY)
    text = json.dumps(content, default=_default, sort_keys=True)
    at = at or datetime.now()
    with db.transaction() as connection:
        latest = connection.execute(
            "SELECT id, version, content::VARCHAR FROM regulatory_documents"
            " WHERE system_id = ? AND kind = ? ORDER BY version DESC LIMIT 1",
            [system_id, kind],
        ).fetchone()
        if latest is not None and json.loads(latest[2]) == json.loads(text):
            return _version(connection, latest[0])
        number = connection.execute("SELECT count(*) FROM regulatory_documents").fetchone()[0]
        doc_id = f"DOC-{number + 1:06d}"
        version = (latest[1] if latest else 0) + 1
        connection.execute(
            "INSERT INTO regulatory_documents (id, system_id, kind, version, content, to_complete,"
            " generated_at, generated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [doc_id, system_id, kind, version, text, to_complete, at, actor.name],
        )
        created = {"kind": (None, kind), "system_id": (None, system_id), "version": (None, version)}
        audit_trail.append(connection, actor, ENTITY, doc_id, "create", created, at)
        return _version(connection, doc_id)


def _version(connection, doc_id: str) -> dict:
    cursor = connection.execute(
        "SELECT id, system_id, kind, version, to_complete, generated_at, generated_by,"
        " approved_at, approved_by FROM regulatory_documents WHERE id = ?",
        [doc_id],
    )
    names = [d[0] for d in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


def approve(db: Store, doc_id: str, actor: Actor, at: datetime | None = None) -> dict:
    """Approve one version; an approved version stays approved (approving again is refused)."""
    require(actor, "write", ENTITY)
    at = at or datetime.now()
    with db.transaction() as connection:
        approved_by = records.existing(connection, ENTITY, doc_id)["approved_by"]
        if approved_by is not None:
            raise ValueError(f"{doc_id} was already approved by {approved_by}.")
        connection.execute(
            "UPDATE regulatory_documents SET approved_at = ?, approved_by = ? WHERE id = ?",
            [at, actor.name, doc_id],
        )
        audit_trail.append(
            connection, actor, ENTITY, doc_id, "update", {"approved_by": (None, actor.name)}, at
        )
        return _version(connection, doc_id)


def versions(db: Store, system_id: str, kind: str) -> pd.DataFrame:
    """Every version of a system's document, newest first, without the content."""
    with db.connect() as connection:
        return connection.execute(
            "SELECT id, version, to_complete, generated_at, generated_by, approved_at,"
            " approved_by FROM regulatory_documents WHERE system_id = ? AND kind = ?"
            " ORDER BY version DESC",
            [system_id, kind],
        ).df()


def history(db: Store, doc_id: str) -> pd.DataFrame:
    with db.connect() as connection:
        return pd.DataFrame(audit_trail.history(connection, ENTITY, doc_id))
