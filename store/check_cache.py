"""Pre-audit findings kept on disk until the records change, so that a fresh dashboard
process (a restart, a second worker) does not run every check again.

Running the checks reads every register (1 s and more at enterprise scale); the findings are
the same until something is written. They are kept as JSON in ``<db>.cache/``, next to the
store, under a key made of:

- the day (overdue and stale rules depend on it);
- the database file's size and modification time, and the write-ahead log's
  (``Store.version``: every unit of work closes the file, so any write by any process
  changes them);
- the audit trail's last record (every create, update, retire and purge appends one);
- a hash of the checks' code, so that an upgrade never serves an older rule's findings;
- the values of the settings the checks read (``settings.CHECK_SETTINGS``), so that a changed
  threshold such as ``AIMS_DISCOVERY_OPEN_DAYS`` is applied at once.

A missing, unreadable or malformed file is a miss, never an error: the checks simply run.
The cache is derived data, not a record, so writing it needs no role and takes no lock on
the store; it is written atomically (a temporary file, then a rename).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from dataclasses import fields
from datetime import date
from itertools import chain
from pathlib import Path
from types import NoneType

from risk_model.checks import Finding, count_by_check
from store import settings
from store.connection import Store

KEPT_FILES = 8
"""Older cache files beyond this many are removed when a new one is written."""

_CODE_FILES = (
    "risk_model/checks.py",
    "risk_model/findings.py",
    "risk_model/checks_risk.py",
    "risk_model/checks_controls.py",
    "risk_model/checks_cycle.py",
    "store/check_loaders.py",
    "store/checks.py",
    "store/check_cache.py",
    "risk_model/checks_governance.py",
    "risk_model/checks_eu_ai_act.py",
    "risk_model/checks_followup.py",
    "risk_model/checks_records.py",
    "risk_model/checks_discovery.py",
    "store/discovery.py",
)
_FIELDS = tuple(f.name for f in fields(Finding))


def cache_dir(db: Store) -> Path:
    return db.path.with_name(db.path.stem + ".cache")


@functools.cache
def _code() -> str:
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for name in _CODE_FILES:
        digest.update((root / name).read_bytes())
    return digest.hexdigest()[:16]


def cache_key(db: Store, day: date) -> str:
    """The key of the findings of ``day`` for the store as it is now."""
    with db.connect() as connection:
        (head,) = connection.execute("SELECT max(seq) FROM audit_trail").fetchone()
    files = db.version()[1:]  # the file stamps, without this process's own commit count
    configured = tuple(s.value() for s in settings.CHECK_SETTINGS)
    parts = (day.isoformat(), _code(), files, head, configured)
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _file(db: Store, day: date, key: str, kind: str = "findings") -> Path:
    return cache_dir(db) / f"{kind}-{day.isoformat()}-{key}.json"


def load(db: Store, day: date, key: str) -> list[Finding] | None:
    """The findings kept under ``key``, or None when there are none (or they are unusable)."""
    try:
        rows = json.loads(_file(db, day, key).read_text(encoding="utf-8"))
        found = [Finding(*row) for row in rows]
    except (OSError, ValueError, TypeError):
        return None
    texts = set(map(type, chain.from_iterable(rows))) <= {str, NoneType}  # 24,000: 6 ms
    if texts and set(map(type, rows)) <= {list}:
        return found
    return None


def load_counts(db: Store, day: date, key: str) -> tuple[int, int] | None:
    """(major, minor) findings kept under ``key`` (a small file beside the findings), or None."""
    try:
        counts = json.loads(_file(db, day, key, "counts").read_text(encoding="utf-8"))
        major, minor = counts["major"], counts["minor"]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if type(major) is int and type(minor) is int and min(major, minor) >= 0:
        return major, minor
    return None


def load_by_check(db: Store, day: date, key: str) -> list[tuple] | None:
    """``count_by_check`` of the findings kept under ``key`` (kept with the counts), or None."""
    try:
        counts = json.loads(_file(db, day, key, "counts").read_text(encoding="utf-8"))
        rows = [tuple(row) for row in counts["by_check"]]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    shape = [str, str, str, int]
    if all([type(v) for v in row] == shape and row[3] > 0 for row in rows):
        return rows
    return None


def save(db: Store, day: date, key: str, found: list[Finding]) -> None:
    """Keep ``found`` (and its counts) under ``key``; a failure to write (read-only disk, full
    disk) is ignored."""
    folder = cache_dir(db)
    major = sum(f.severity == "major" for f in found)
    try:
        folder.mkdir(exist_ok=True)
        rows = [[getattr(f, name) for name in _FIELDS] for f in found]
        _write(folder, _file(db, day, key), rows)
        counts = {"major": major, "minor": len(found) - major, "by_check": count_by_check(found)}
        _write(folder, _file(db, day, key, "counts"), counts)
        for kind in ("findings", "counts"):
            for old in sorted(folder.glob(f"{kind}-*.json"), key=_mtime)[:-KEPT_FILES]:
                old.unlink(missing_ok=True)
    except OSError:
        return


def _write(folder: Path, path: Path, data: object) -> None:
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False)
    os.replace(temporary, path)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
