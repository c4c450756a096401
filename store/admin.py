"""Facts about a store file: its path, schema version and what it holds."""

from __future__ import annotations

import json

from risk_model.access import Actor, require
from risk_model.fields import Register
from store import audit_trail, records
from store.connection import Store
from store.migrations import current_version

COUNTED_TABLES = ("ai_systems", "context_issues", "interested_parties", "audit_trail")


def info(db: Store) -> dict:
    with db.connect() as connection:
        tables = {
            row[0]
            for row in connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        }
        counts = {}
        for table in sorted(tables - {"schema_version"}):
            counts[table] = connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        return {
            "path": str(db.path),
            "schema_version": current_version(connection),
            "records": counts,
        }


def delete_every_record(db: Store, kept: frozenset[str] = frozenset({"schema_version"})) -> None:
    """Delete every row of every table but ``kept`` (not the schema), in one transaction."""
    with db.transaction() as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
                " AND table_type = 'BASE TABLE'"
            ).fetchall()
        ]
        for table in tables:
            if table not in kept:
                connection.execute(f'DELETE FROM "{table}"')


def is_empty(db: Store) -> bool:
    with db.connect() as connection:
        return connection.execute("SELECT count(*) FROM ai_systems").fetchone()[0] == 0


PURGED_WITH = {
    "risks": (("risk_versions", "risk_id"),),
    "evidence_items": (("evidence_versions", "item_id"), ("evidence_links", "item_id")),
    "ai_incidents": (("incident_runs", "incident_id"),),
    "ai_systems": (("system_classifications", "system_id"),),
}
"""Rows that belong to a record alone (its versions and links) and go with it when purged."""


def purge(db: Store, register: Register | str, record_id: str, actor: Actor, reason: str) -> dict:
    """Delete a retired record for good (admin only); the audit trail keeps what it held.

    Governance records are retired, never deleted; purging is the explicit exception, e.g.
    personal data entered in error. The record's last values, the rows removed with it and
    the reason are written to the audit trail in the same transaction. Returns those changes.
    """
    table = register.table if isinstance(register, Register) else register
    require(actor, "purge", table)
    if not str(reason or "").strip():
        raise ValueError("Give the reason for purging the record; it goes in the audit trail.")
    with db.transaction() as connection:
        _check_purgeable_table(connection, table)
        current = records.existing(connection, register, record_id)
        if current.get("status") != "retired":
            raise ValueError(f"Only a retired record can be purged; retire {record_id} first.")
        changes = {
            k: (v, None) for k, v in current.items() if k != "id" and v is not None and v != []
        }
        for child, column in PURGED_WITH.get(table, ()):
            count = connection.execute(
                f"SELECT count(*) FROM {records._ident(child)} WHERE {records._ident(column)} = ?",
                [record_id],
            ).fetchone()[0]
            if count:
                connection.execute(
                    f"DELETE FROM {records._ident(child)} WHERE {records._ident(column)} = ?",
                    [record_id],
                )
                changes[f"{child} rows"] = (count, 0)
        connection.execute(f"DELETE FROM {records._ident(table)} WHERE id = ?", [record_id])
        changes["reason"] = (None, reason.strip())
        audit_trail.append(connection, actor, table, record_id, "purge", changes)
    return changes


def _check_purgeable_table(connection, table: str) -> None:
    columns = {
        r[0]
        for r in connection.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = 'main' AND table_name = ?",
            [table],
        ).fetchall()
    }
    if not {"id", "status"} <= columns:
        raise ValueError(f"{table!r} is not a register whose records can be retired and purged.")


def record_status(db: Store, table: str, record_id: str) -> str | None:
    """The status of one record (``None`` if it has no status or does not exist)."""
    with db.connect() as connection:
        _check_purgeable_table(connection, table)
        row = connection.execute(
            f"SELECT status FROM {records._ident(table)} WHERE id = ?", [record_id]
        ).fetchone()
    return row[0] if row else None


DEMO_MARK = "demo_store"
"""``app_settings`` key the demo writes once created: the audit trail's last sequence number
then, so any later change (an edit, an import, a monitor run) shows the store holds more."""


def mark_demo(db: Store) -> None:
    """Note that the store holds the demo as just created, and nothing else."""
    with db.transaction() as connection:
        seq = connection.execute("SELECT coalesce(max(seq), 0) FROM audit_trail").fetchone()[0]
        connection.execute(
            "INSERT OR REPLACE INTO app_settings (key, value, updated_at) VALUES (?, ?, now())",
            [DEMO_MARK, json.dumps({"trail_seq": int(seq)})],
        )


def non_demo_data(db: Store) -> str:
    """What the store holds beyond the demo ("" if nothing: empty, or the demo as created),
    in words for the refusal of ``python -m store demo``."""
    if not db.exists():
        return ""
    with db.connect() as connection:
        trail = connection.execute(
            "SELECT count(*), coalesce(max(seq), 0) FROM audit_trail"
        ).fetchone()
        systems = connection.execute("SELECT count(*) FROM ai_systems").fetchone()[0]
        if trail[0] == 0 and systems == 0:
            return ""
        row = connection.execute(
            "SELECT value FROM app_settings WHERE key = ?", [DEMO_MARK]
        ).fetchone()
        if row is None:
            return (
                f"{systems} AI systems and {trail[0]} audit-trail records, and no mark of the "
                "demo (it was not created by this version's demo)"
            )
        mark = int(json.loads(row[0]).get("trail_seq", 0))
        later = connection.execute(
            "SELECT count(*), max(recorded_at), arg_max(actor, seq) FROM audit_trail WHERE seq > ?",
            [mark],
        ).fetchone()
    if not later[0]:
        return ""
    return (
        f"{later[0]} audit-trail records made after the demo was created "
        f"(the last by {later[2]} at {later[1]:%Y-%m-%d %H:%M})"
    )


def store_counts(db: Store) -> dict[str, int]:
    """Records in each counted table and the audit trail's head, for the record of a wipe."""
    with db.connect() as connection:
        counts = {
            table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in COUNTED_TABLES
        }
    return counts
