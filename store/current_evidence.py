"""The current evidence behind each control or clause, aggregated in DuckDB.

The same rule as ``evidence_register.list_items`` (an active item's highest version, current
while its review date has not passed) without building the whole register in pandas: the SoA
and coverage pages need only, per target, which items evidence it.
"""

from __future__ import annotations

from datetime import date

from store.connection import Store

TARGET_KINDS = ("control", "clause", "ai_system")


def by_target(db: Store, today: date, kind: str = "control") -> dict[str, list[tuple]]:
    """Target id -> ``(item id, version, title)`` of its current evidence, by item id."""
    if kind not in TARGET_KINDS:
        raise ValueError(f"evidence links to a control, clause or ai_system, not {kind!r}")
    with db.connect() as connection:
        rows = connection.execute(
            "WITH v AS (SELECT item_id, version, review_due FROM evidence_versions"
            "   QUALIFY version = max(version) OVER (PARTITION BY item_id))"
            " SELECT l.target_id, list([i.id, v.version::VARCHAR, i.title] ORDER BY i.id)"
            " FROM evidence_items i JOIN v ON v.item_id = i.id"
            " JOIN evidence_links l ON l.item_id = i.id AND l.target_kind = $kind"
            " WHERE i.status <> 'retired' AND (v.review_due IS NULL OR v.review_due >= $today)"
            " GROUP BY l.target_id",
            {"kind": kind, "today": today},
        ).fetchall()
    return {
        target: [(item_id, int(version), title) for item_id, version, title in items]
        for target, items in rows
    }
