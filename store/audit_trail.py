"""The append-only, hash-chained audit trail (ISO/IEC 42001 7.5.3).

Each row's hash covers its content and the previous row's hash, so editing or deleting
any row breaks every later link; ``verify`` finds the first broken one. Each row also records
when it was really written (``written_at``, which only grows along the chain, whatever
business time ``recorded_at`` carries) and a keyed signature (``mac``) that anchors it outside
the database (``store.trail_anchor``); ``store.trail_check`` checks those with the key.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from risk_model.access import Actor
from store import trail_anchor

GENESIS = "0" * 64


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if hasattr(value, "tolist"):
        value = value.tolist()
    return json.dumps(value, default=str, ensure_ascii=False, sort_keys=True)


def _hash(prev_hash: str, row: tuple) -> str:
    payload = json.dumps(
        [prev_hash, *[_text(v) if not isinstance(v, int) else v for v in row]],
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(
    connection: duckdb.DuckDBPyConnection,
    actor: Actor,
    entity: str,
    record_id: str,
    action: str,
    changes: dict[str, tuple[object, object]] | None = None,
    at: datetime | None = None,
) -> None:
    """Record one action; ``changes`` maps field -> (old, new). Runs in the caller's transaction."""
    written_at = datetime.now()
    at = at or written_at
    key = trail_anchor.signing_key(connection)
    last = connection.execute(
        "SELECT seq, hash FROM audit_trail ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    seq, prev_hash = (last[0], last[1]) if last else (0, GENESIS)
    items = list((changes or {None: (None, None)}).items())
    rows = []
    for field, (old, new) in items:
        seq += 1
        body = (
            seq,
            at.isoformat(sep=" "),
            actor.name,
            ",".join(actor.roles),
            entity,
            record_id,
            action,
            field,
            _text(old),
            _text(new),
        )
        digest = _hash(prev_hash, body)
        mac = trail_anchor.row_mac(key, digest, written_at)
        rows.append([seq, at, *body[2:], prev_hash, digest, written_at, mac])
        prev_hash = digest
    connection.executemany(
        "INSERT INTO audit_trail (seq, recorded_at, actor, actor_role, entity, record_id, action, field,"
        " old_value, new_value, prev_hash, hash, written_at, mac)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


@dataclass(frozen=True)
class Verification:
    rows: int
    first_broken_seq: int | None
    reason: str | None

    @property
    def ok(self) -> bool:
        return self.first_broken_seq is None


def verify(connection: duckdb.DuckDBPyConnection) -> Verification:
    """What the database alone can show: the chain links, no row is missing or altered, rows
    were written in sequence order, and no unsigned row follows a signed one. A trail rewritten
    whole, or cut short at its end, passes: ``store.trail_check`` finds those with the key."""
    cursor = connection.execute(
        "SELECT seq, recorded_at, actor, actor_role, entity, record_id, action, field, old_value,"
        " new_value, prev_hash, hash, written_at, mac FROM audit_trail ORDER BY seq"
    )
    prev_hash, expected_seq, count = GENESIS, 1, 0
    last_written, signed = None, False
    while batch := cursor.fetchmany(10_000):
        for row in batch:
            count += 1
            seq, at, written_at, mac = row[0], row[1], row[12], row[13]
            if seq != expected_seq:
                return Verification(count, expected_seq, f"row {expected_seq} is missing")
            if row[10] != prev_hash:
                return Verification(count, seq, f"row {seq} does not link to row {seq - 1}")
            body = (seq, at.isoformat(sep=" "), *row[2:10])
            if _hash(prev_hash, body) != row[11]:
                return Verification(count, seq, f"row {seq} was altered after it was written")
            if signed and (mac is None or written_at is None):
                return Verification(count, seq, f"row {seq} is unsigned, after signed rows")
            if written_at is not None and last_written is not None and written_at < last_written:
                return Verification(
                    count, seq, f"row {seq} was written before row {seq - 1} (backdated)"
                )
            signed = signed or mac is not None
            last_written = written_at or last_written
            prev_hash, expected_seq = row[11], seq + 1
    return Verification(count, None, None)


def history(connection: duckdb.DuckDBPyConnection, entity: str, record_id: str) -> list[dict]:
    cursor = connection.execute(
        "SELECT recorded_at, actor, action, field, old_value, new_value FROM audit_trail"
        " WHERE entity = ? AND record_id = ? ORDER BY seq",
        [entity, record_id],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def record_history(db, entity: str, record_id: str) -> pd.DataFrame:
    """Everything the audit trail holds about one record, oldest first: recorded_at, actor,
    actor_role, action, field, old_value, new_value (values as stored, JSON for lists)."""
    with db.connect() as connection:
        return connection.execute(
            "SELECT recorded_at, actor, actor_role, action, field, old_value, new_value"
            " FROM audit_trail WHERE entity = ? AND record_id = ? ORDER BY seq",
            [entity, record_id],
        ).df()
