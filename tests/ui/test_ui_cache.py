"""Cached store reads (``ui.cache``): reused while the store is unchanged, read again after
a write, and run on the caller's own store handle."""

from __future__ import annotations

from risk_model.access import SYSTEM
from store import inventory
from ui.cache import cached_read

CALLS: list[str] = []


def names(db) -> list[str]:
    CALLS.append(str(db.path))
    return sorted(inventory.list_systems(db)["name"])


def test_a_read_is_reused_until_the_store_changes(db):
    CALLS.clear()
    inventory.add_system(db, {"name": "Cached"}, SYSTEM)
    read = cached_read(names)
    assert read(db) == read(db) == ["Cached"]
    assert len(CALLS) == 1
    inventory.add_system(db, {"name": "Written"}, SYSTEM)
    assert read(db) == ["Cached", "Written"]
    assert len(CALLS) == 2


def test_a_read_inside_an_open_connection_reuses_it(db, monkeypatch):
    inventory.add_system(db, {"name": "Held"}, SYSTEM)
    monkeypatch.setattr(db, "lock_timeout", 2)  # a second open of the file would wait, then fail
    with db.held():
        inventory.list_systems(db)  # the held connection is open
        assert cached_read(names)(db) == ["Held"]
