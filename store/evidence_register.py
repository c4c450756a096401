"""Reading the evidence library: current versions, their state, files, and the register export.

An item's current version is its highest. Evidence is *current* while the item is active and
the current version's review or expiry date has not passed; past it, the item is stale.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from store import evidence_files, inventory, records
from store.connection import Store

REVIEW_SOON_DAYS = 30
"""An item whose review date falls within this many days is flagged "review due"."""


def evidence_state(review_due: object, today: date) -> str:
    """ "expired" once the review or expiry date has passed, "review due" within 30 days."""
    due = records.as_date(review_due)
    if due is None or due > today + timedelta(days=REVIEW_SOON_DAYS):
        return "current"
    return "expired" if due < today else "review due"


def list_items(db: Store, today: date, include_retired: bool = False) -> pd.DataFrame:
    """One row per item with its current version, its links and its state (current/expired)."""
    where = "" if include_retired else "WHERE i.status <> 'retired'"
    with db.connect() as connection:
        frame = connection.execute(
            "WITH links AS (SELECT item_id,"
            " list(target_id ORDER BY target_id) FILTER (WHERE target_kind = 'control') AS controls,"
            " list(target_id ORDER BY target_id) FILTER (WHERE target_kind = 'clause') AS clauses,"
            " list(target_id ORDER BY target_id) FILTER (WHERE target_kind = 'ai_system')"
            "   AS ai_systems"
            " FROM evidence_links GROUP BY item_id),"
            " v AS (SELECT * FROM evidence_versions"
            "   QUALIFY version = max(version) OVER (PARTITION BY item_id))"
            " SELECT i.id, i.title, i.kind, i.description, i.labels, i.owner, i.status,"
            " v.version, v.author, v.change_note, v.approved_by, v.approved_on, v.review_due,"
            " v.url, v.sha256, v.size_bytes, v.media_type, v.original_filename, v.recorded_at,"
            " links.controls, links.clauses, links.ai_systems"
            " FROM evidence_items i JOIN v ON v.item_id = i.id"
            f" LEFT JOIN links ON links.item_id = i.id {where} ORDER BY i.id"
        ).df()
    frame = frame.astype(object).where(frame.notna(), None)
    for column in ("labels", "controls", "clauses", "ai_systems"):
        frame[column] = [_as_list(v) for v in frame[column]]
    for column in ("approved_on", "review_due"):
        frame[column] = frame[column].map(records.as_date)
    frame["state"] = [evidence_state(d, today) for d in frame["review_due"]]
    frame["stale"] = frame["state"] == "expired"
    return frame


def library_screen(db: Store, today: date) -> tuple[pd.DataFrame, dict[str, str]]:
    """The library's items (as ``list_items``) and every system's name for the link pickers,
    read in one open of the store."""
    with db.connect():
        return list_items(db, today), inventory.system_names(db)


def _as_list(value: object) -> list:
    """A DuckDB list (a numpy array in a frame) as a Python list; missing as []."""
    if value is None:
        return []
    return value.tolist() if hasattr(value, "tolist") else list(value)


def versions(db: Store, item_id: str) -> pd.DataFrame:
    with db.connect() as connection:
        return connection.execute(
            "SELECT version, author, change_note, approved_by, approved_on, review_due, url,"
            " original_filename, sha256, size_bytes, media_type, recorded_at, recorded_by"
            " FROM evidence_versions WHERE item_id = ? ORDER BY version DESC",
            [item_id],
        ).df()


def version_file(db: Store, item_id: str, version: int) -> tuple[bytes, str, str]:
    """(bytes, filename, media type) of a version's file, its hash re-checked."""
    with db.connect() as connection:
        row = connection.execute(
            "SELECT sha256, original_filename, media_type FROM evidence_versions"
            " WHERE item_id = ? AND version = ?",
            [item_id, version],
        ).fetchone()
    if row is None or row[0] is None:
        raise KeyError(f"{item_id} version {version} has no file")
    return evidence_files.load(db, row[0]), row[1], row[2]


def current_evidence(db: Store, today: date, kind: str = "control") -> dict[str, list[str]]:
    """Target id -> the active, unexpired items linked to it (the evidence that it works)."""
    items = list_items(db, today)
    current = items[items["state"] != "expired"]
    column = {"control": "controls", "clause": "clauses", "ai_system": "ai_systems"}[kind]
    out: dict[str, list[str]] = {}
    for item_id, targets in zip(current["id"], current[column], strict=True):
        for target in targets:
            out.setdefault(target, []).append(item_id)
    return out


def register_frame(db: Store, today: date | None = None) -> pd.DataFrame:
    """The evidence register for export: one row per item, lists joined with "; "."""
    frame = list_items(db, today or date.today(), include_retired=True)
    for column in ("labels", "controls", "clauses", "ai_systems"):
        frame[column] = frame[column].map("; ".join)
    return frame.drop(columns=["stale"])
