"""Assemble the data the pre-audit checks read, and run them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date

import pandas as pd

from risk_model.checks import AimsSnapshot, Finding, run_checks
from store import context, inventory
from store.check_loaders import LOADERS, records_of
from store.connection import Store

EXTRA_LOADERS: list[Callable[[Store, date], dict]] = list(LOADERS)
"""Functions ``(db, today) -> dict`` that add an area's records to ``AimsSnapshot.extra``."""


def load_snapshot(db: Store, today: date) -> AimsSnapshot:
    with db.connect():
        systems = inventory.list_systems(db, inventory.SystemFilter(statuses=("active",)), today)
        snapshot = AimsSnapshot(
            today=today, systems=records_of(systems), scope=context.get_scope(db)
        )
        for loader in EXTRA_LOADERS:
            snapshot.extra.update(loader(db, today))
    return snapshot


def findings(db: Store, today: date | None = None) -> list[Finding]:
    return run_checks(load_snapshot(db, today or date.today()))


def findings_frame(db: Store, today: date | None = None) -> pd.DataFrame:
    return frame_of(findings(db, today))


def frame_of(found: list[Finding]) -> pd.DataFrame:
    """Findings as a table, one row per finding (the columns of ``Finding``)."""
    rows = [asdict(f) for f in found]
    columns = [
        "check_id",
        "reference",
        "severity",
        "record_type",
        "record_id",
        "record_label",
        "message",
        "page",
    ]
    return pd.DataFrame(rows, columns=columns)


def export_checks(db: Store, args) -> bytes:
    """``python -m store export checks --format csv|json``: one row per finding."""
    frame = (
        findings_frame(db)
        .drop(columns=["page"])
        .rename(columns={"reference": "clause_or_control", "record_id": "record"})
    )
    if args.format == "json":
        return frame.to_json(orient="records", indent=2, force_ascii=False).encode("utf-8")
    if args.format != "csv":
        raise ValueError("checks export as csv or json")
    from reports.tabular import to_csv_bytes

    return to_csv_bytes(frame)
