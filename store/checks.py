"""Assemble the data the pre-audit checks read, and run them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import date

import pandas as pd

from risk_model.checks import CHECKS, AimsSnapshot, Finding, count_by_check, run_checks
from store import check_cache, context, inventory
from store.check_loaders import LOADERS, records_of
from store.connection import Store

EXTRA_LOADERS: list[Callable[[Store, date], dict]] = list(LOADERS)
"""Functions ``(db, today) -> dict`` that add an area's records to ``AimsSnapshot.extra``."""


def load_snapshot(db: Store, today: date) -> AimsSnapshot:
    """The records the checks read; the systems' stored fields only (the checks derive the
    rest themselves)."""
    with db.connect():
        active = inventory.SystemFilter(statuses=("active",))
        systems = inventory.select_systems(db, tuple(sorted(inventory.SELECTABLE)), active)
        snapshot = AimsSnapshot(
            today=today, systems=records_of(systems), scope=context.get_scope(db)
        )
        for loader in EXTRA_LOADERS:
            snapshot.extra.update(loader(db, today))
    return snapshot


def findings(db: Store, today: date | None = None) -> list[Finding]:
    """Every finding of the pre-audit checks on ``today``; kept on disk until the records
    change (``store.check_cache``)."""
    today = today or date.today()
    return _findings(db, today, check_cache.cache_key(db, today))


def _findings(db: Store, today: date, key: str) -> list[Finding]:
    found = check_cache.load(db, today, key)
    if found is None:
        found = run_checks(load_snapshot(db, today))
        check_cache.save(db, today, key, found)
    return found


def finding_counts(db: Store, today: date) -> tuple[int, int]:
    """(major, minor) findings on ``today``, without reading every finding when they are kept."""
    key = check_cache.cache_key(db, today)
    counts = check_cache.load_counts(db, today, key)
    if counts is not None:
        return counts
    found = _findings(db, today, key)
    major = sum(f.severity == "major" for f in found)
    return major, len(found) - major


BY_CHECK_COLUMNS = ["severity", "reference", "check_id", "check", "findings"]


def findings_by_check(db: Store, today: date) -> pd.DataFrame:
    """The findings on ``today`` counted per check, clause or control and severity (major
    first, then the most findings): ``BY_CHECK_COLUMNS``. Read from the small file kept
    beside the findings, so the findings themselves are not loaded when they are kept."""
    key = check_cache.cache_key(db, today)
    rows = check_cache.load_by_check(db, today, key)
    if rows is None:
        rows = count_by_check(_findings(db, today, key))
    frame = pd.DataFrame(rows, columns=["check_id", "reference", "severity", "findings"])
    frame["check"] = [CHECKS[c][0] if c in CHECKS else c for c in frame["check_id"]]
    frame = frame.sort_values(
        ["severity", "findings", "check_id", "reference"], ascending=[True, False, True, True]
    )
    return frame[BY_CHECK_COLUMNS].reset_index(drop=True)


def findings_frame(db: Store, today: date | None = None) -> pd.DataFrame:
    return frame_of(findings(db, today))


def frame_of(found: list[Finding]) -> pd.DataFrame:
    """Findings as a table, one row per finding (the columns of ``Finding``)."""
    columns = [f.name for f in fields(Finding)]
    return pd.DataFrame(
        {name: [getattr(f, name) for f in found] for name in columns}, columns=columns
    )
