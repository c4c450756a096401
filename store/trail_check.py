"""``python -m store audit-trail verify``: everything that can be checked about the audit trail.

1. The chain (``audit_trail.verify``): no row missing, altered, unsigned after signed rows,
   or written before the row it follows.
2. Every signed row's HMAC under the store's key (``store.trail_anchor``): a row edited and
   the chain re-hashed, or a row appended, by someone without the key is found.
3. The signed head on file: a trail cut short at its end, or emptied, is found.
4. The head an auditor kept (``--expect``): the trail must still hold it, unchanged.
5. The audited tables against the trail (``store.trail_records``): a record changed, added or
   deleted without the trail is found.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field

import duckdb

from store import audit_trail, settings, trail_anchor, trail_records
from store.connection import Store
from store.trail_anchor import Head


@dataclass(frozen=True)
class Finding:
    text: str
    seq: int | None = None
    """The first trail row concerned, when there is one."""


@dataclass
class TrailCheck:
    rows: int
    head: Head | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


def check(db: Store, expect: Head | None = None) -> TrailCheck:
    with db.connect() as connection:
        chain = audit_trail.verify(connection)
        key = trail_anchor.load_key(db.path)
        result = TrailCheck(chain.rows, None)
        if not chain.ok:
            result.findings.append(Finding(chain.reason, chain.first_broken_seq))
        last = connection.execute(
            "SELECT seq, hash FROM audit_trail ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        signed = connection.execute(
            "SELECT count(*) FROM audit_trail WHERE mac IS NOT NULL"
        ).fetchone()[0]
        try:
            head = trail_anchor.read_head(db.path)
        except ValueError as error:
            head = None
            result.findings.append(Finding(f"the signed head on file is unreadable: {error}"))
        result.head = head
        if key is None:
            if signed or head:
                result.findings.append(
                    Finding(
                        f"the trail's key is missing: set ${settings.TRAIL_KEY.env}"
                        f" or restore {trail_anchor.key_path(db.path)}"
                    )
                )
        else:
            result.findings += _signatures(connection, key)
            result.findings += _against_head(connection, key, head, last, "signed head on file")
            if head is None and (signed or trail_anchor.key_path(db.path).exists()):
                result.findings.append(
                    Finding(f"the signed head {trail_anchor.head_path(db.path)} is missing")
                )
        if expect is not None:
            if key is not None and not expect.signed_by(key):
                result.findings.append(
                    Finding("the expected head is not signed with this store's key", expect.seq)
                )
            result.findings += _against_head(connection, None, expect, last, "expected head")
        result.findings += [Finding(text) for text in trail_records.disagreements(connection)]
    return result


def _signatures(connection: duckdb.DuckDBPyConnection, key: bytes) -> list[Finding]:
    cursor = connection.execute(
        "SELECT seq, hash, written_at, mac FROM audit_trail WHERE mac IS NOT NULL ORDER BY seq"
    )
    while batch := cursor.fetchmany(10_000):
        for seq, row_hash, written_at, mac in batch:
            if not hmac.compare_digest(mac, trail_anchor.row_mac(key, row_hash, written_at)):
                return [
                    Finding(
                        f"row {seq}'s signature does not match the store's key: it was altered"
                        " or added without the key",
                        seq,
                    )
                ]
    return []


def _against_head(connection, key, head: Head | None, last, label: str) -> list[Finding]:
    """The trail must still hold ``head`` (the head on file, or the one an auditor kept)."""
    if head is None:
        return []
    if key is not None and not head.signed_by(key):
        return [Finding(f"the {label} is not signed with the store's key", head.seq)]
    if last is None or last[0] < head.seq:
        ends = f"ends at row {last[0]}" if last else "is empty"
        return [
            Finding(
                f"the trail {ends} but the {label} is row {head.seq}: rows were deleted",
                (last[0] + 1) if last else 1,
            )
        ]
    row = connection.execute("SELECT hash FROM audit_trail WHERE seq = ?", [head.seq]).fetchone()
    if row is None or row[0] != head.hash:
        return [
            Finding(f"row {head.seq} is not the one in the {label}: the trail diverges", head.seq)
        ]
    return []
