"""The audit trail's anchor outside the database: a keyed signature on every row and on its head.

The hash chain alone proves nothing to someone who can rewrite the table: they re-hash it.
So each row also carries ``mac``, an HMAC-SHA256 of its hash and of the time it was really
written (``written_at``), under a key that is not in the store: ``$AIMS_TRAIL_KEY``, or else
the file ``<db>.trail-key`` (created 0600 on first use). After every unit of work that
appended rows, the store writes the signed head (last sequence number, its hash, when it was
written, an HMAC of the three) to ``<db>.trail-head``; a backup carries it in its manifest,
and ``python -m store audit-trail head`` prints it for an auditor to keep.

The head only moves forward from an intact trail: if its row was deleted or changed, or a
row after it lacks a valid signature, the head is left where it was, so ``verify`` keeps
showing the break.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from store import settings

log = logging.getLogger(__name__)

_PENDING: dict[int, tuple[duckdb.DuckDBPyConnection, bytes]] = {}
"""Connections that appended to the trail in the current unit of work, by id, with the key
they sign with (found once per unit of work). Holding the connection keeps its id unique."""


class TrailKeyMissing(LookupError):
    """Neither ``$AIMS_TRAIL_KEY`` nor the key file is there, and none may be created."""


def key_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".trail-key")


def head_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".trail-head")


def load_key(db_path: Path | None, create: bool = False) -> bytes | None:
    """The signing key: the environment's, else the key file's (made now if ``create``)."""
    from_env = settings.TRAIL_KEY.value()
    if from_env:
        return from_env.encode("utf-8")
    if db_path is None:
        raise TrailKeyMissing(f"a store in memory needs ${settings.TRAIL_KEY.env} to sign")
    path = key_path(db_path)
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        if not create:
            return None
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(handle, "w") as out:
        out.write(secrets.token_hex(32) + "\n")
    return path.read_bytes().strip()


def _stamp(written_at: datetime | str | None) -> str:
    if isinstance(written_at, datetime):
        return written_at.isoformat(sep=" ")
    return written_at or ""


def row_mac(key: bytes, row_hash: str, written_at: datetime | str | None) -> str:
    message = f"aims-trail-row|{row_hash}|{_stamp(written_at)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Head:
    """The trail's last row as signed: what an auditor keeps and later passes to ``--expect``."""

    seq: int
    hash: str
    written_at: str
    hmac: str

    @classmethod
    def sign(cls, key: bytes, seq: int, row_hash: str, written_at) -> Head:
        stamp = _stamp(written_at)
        return cls(int(seq), row_hash, stamp, _head_mac(key, int(seq), row_hash, stamp))

    def signed_by(self, key: bytes) -> bool:
        expected = _head_mac(key, self.seq, self.hash, self.written_at)
        return hmac.compare_digest(expected, self.hmac)

    def to_text(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def parse(cls, text: str) -> Head:
        """A head from its JSON text; ``ValueError`` naming what is wrong."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            raise ValueError("a trail head is JSON with seq, hash, written_at and hmac") from None
        if not isinstance(data, dict):
            raise ValueError("a trail head is a JSON object with seq, hash, written_at and hmac")
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict) -> Head:
        fields = {"seq": int, "hash": str, "written_at": str, "hmac": str}
        for name, kind in fields.items():
            if not isinstance(data.get(name), kind) or isinstance(data.get(name), bool):
                raise ValueError(f"the trail head has no valid {name!r}")
        return cls(data["seq"], data["hash"], data["written_at"], data["hmac"])


def _head_mac(key: bytes, seq: int, row_hash: str, stamp: str) -> str:
    message = f"aims-trail-head|{seq}|{row_hash}|{stamp}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def read_head(db_path: Path) -> Head | None:
    """The head file's head; None if there is none. ``ValueError`` if it is not one."""
    try:
        text = head_path(db_path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return Head.parse(text)


def write_head(db_path: Path, head: Head) -> None:
    path = head_path(db_path)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(head.to_text() + "\n", encoding="utf-8")
    partial.replace(path)


def forget_head(db_path: Path) -> None:
    """For a deliberate wipe of the whole store (the demo's): the trail starts again."""
    head_path(db_path).unlink(missing_ok=True)


def store_path(connection: duckdb.DuckDBPyConnection) -> Path | None:
    row = connection.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    return Path(row[0]) if row and row[0] else None


def signing_key(connection: duckdb.DuckDBPyConnection) -> bytes:
    """The key this connection's store signs with; noted, so that its head is sealed."""
    pending = _PENDING.get(id(connection))
    if pending is None:
        pending = (connection, load_key(store_path(connection), create=True))
        _PENDING[id(connection)] = pending
    return pending[1]


def seal_if_appended(connection: duckdb.DuckDBPyConnection, db_path: Path) -> None:
    """Called by the store as a unit of work ends. The commit is already done, and rows after
    the head carry their own signatures, so a head that cannot be written is only logged."""
    if _PENDING.pop(id(connection), None) is None:
        return
    try:
        seal(connection, db_path)
    except (OSError, ValueError, duckdb.Error) as error:
        log.warning("the audit trail's head was not moved forward: %s", error)


def seal(connection: duckdb.DuckDBPyConnection, db_path: Path) -> Head | None:
    """Sign the trail's last row as the head, if the trail still holds the current head and
    every row after it is signed; return the head now on file (None for an empty trail)."""
    last = connection.execute(
        "SELECT seq, hash, written_at FROM audit_trail ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    old = read_head(db_path)
    if last is None:
        return old
    key = load_key(db_path, create=True)
    if old is not None:
        if not old.signed_by(key):
            return old
        if (old.seq, old.hash) == (last[0], last[1]):
            return old
        if not _extends(connection, key, old):
            return old
    head = Head.sign(key, *last)
    write_head(db_path, head)
    return head


def _extends(connection: duckdb.DuckDBPyConnection, key: bytes, old: Head) -> bool:
    """Whether the trail still ends in ``old`` and then only in rows signed with ``key``."""
    row = connection.execute("SELECT hash FROM audit_trail WHERE seq = ?", [old.seq]).fetchone()
    if row is None or row[0] != old.hash:
        return False
    cursor = connection.execute(
        "SELECT seq, prev_hash, hash, written_at, mac FROM audit_trail WHERE seq > ? ORDER BY seq",
        [old.seq],
    )
    prev, expected = old.hash, old.seq + 1
    for seq, prev_hash, row_hash, written_at, mac in cursor.fetchall():
        if seq != expected or prev_hash != prev or not mac:
            return False
        if not hmac.compare_digest(mac, row_mac(key, row_hash, written_at)):
            return False
        prev, expected = row_hash, seq + 1
    return True
