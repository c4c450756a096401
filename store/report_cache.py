"""Evidently reports kept as HTML files, so that opening a run's report a second time reads a
file (well under a second) instead of starting Evidently again (4-7 s to import, then render).

A report is derived data, like the pre-audit findings of ``store.check_cache``: it lives in
``<db>.cache/evidently/<run id>.html`` next to the store (not in ``<db>.files``, so backups do
not carry 4 MB per run), is written atomically by the report job, and a missing or unreadable
file is simply a miss. A finished run's snapshot never changes, so the run id is the key.
Only the newest ``KEPT_REPORTS`` files are kept.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from store.check_cache import cache_dir
from store.connection import Store

KEPT_REPORTS = 20
_RUN_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def report_file(db: Store, run_id: str) -> Path:
    """Where the report of ``run_id`` is kept (the run id is checked: it names a file)."""
    if not _RUN_ID.match(run_id):
        raise ValueError(f"not a monitor run id: {run_id!r}")
    return cache_dir(db) / "evidently" / f"{run_id}.html"


def kept_report(db: Store, run_id: str) -> str | None:
    """The kept HTML of ``run_id``'s report, or None when there is none yet."""
    try:
        return report_file(db, run_id).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def prune_reports(db: Store, keep: int = KEPT_REPORTS) -> int:
    """Remove all but the ``keep`` most recently written reports; return how many went."""
    folder = cache_dir(db) / "evidently"
    if not folder.is_dir():
        return 0
    files = sorted(folder.glob("*.html"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)
    return len(files[keep:])


def pending_file(db: Store, run_id: str) -> Path:
    """A temporary path for the report job to write to; ``keep_pending`` then moves it into
    place in one rename, so a reader never sees half a report."""
    final = report_file(db, run_id)
    final.parent.mkdir(parents=True, exist_ok=True)
    return final.with_name(f".{final.stem}.{os.getpid()}.tmp")


def keep_pending(db: Store, run_id: str, pending: Path) -> str:
    """Move the report written to ``pending`` into place; return its HTML."""
    final = report_file(db, run_id)
    os.replace(pending, final)
    prune_reports(db)
    return final.read_text(encoding="utf-8")
