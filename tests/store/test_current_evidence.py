"""``current_evidence.by_target`` (SQL) returns what the row-wise evidence register gives."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from store import current_evidence, evidence_register


def _oracle(db, today: date, kind: str) -> dict[str, list[tuple]]:
    """The pandas rule the SoA used before: the register's non-expired items, by target."""
    items = evidence_register.list_items(db, today)
    current = items[items["state"] != "expired"]
    column = {"control": "controls", "clause": "clauses", "ai_system": "ai_systems"}[kind]
    linked: dict[str, list[tuple]] = {}
    for item_id, version, title, targets in zip(
        current["id"], current["version"], current["title"], current[column], strict=True
    ):
        for target in targets:
            linked.setdefault(target, []).append((item_id, version, title))
    return linked


@pytest.mark.parametrize("kind", current_evidence.TARGET_KINDS)
@pytest.mark.parametrize("days", [-400, 0, 90, 400, 2000])
def test_by_target_matches_the_register(demo_db, kind, days):
    today = date.today() + timedelta(days=days)
    found = current_evidence.by_target(demo_db, today, kind)
    assert found == _oracle(demo_db, today, kind)
    if kind == "control" and days == 0:
        assert found


def test_by_target_rejects_an_unknown_kind(demo_db):
    with pytest.raises(ValueError):
        current_evidence.by_target(demo_db, date.today(), "risk")
