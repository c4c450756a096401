"""The DuckDB store: schema, migrations and every SQL statement of the product.

Pages and jobs call named functions here (``inventory.list_systems(db)``) and never hold a
connection or write SQL. ``python -m store --help`` lists the command line.
"""

from __future__ import annotations

from pathlib import Path

from store.connection import Store, StoreBusy

__all__ = ["Store", "StoreBusy", "open_store"]

_HANDLES: dict[str, Store] = {}


def open_store(path: str | Path | None = None) -> Store:
    """The handle for a store file (the default path unless given). Handles hold no connection."""
    store = Store(path)
    key = str(store.path.resolve())
    return _HANDLES.setdefault(key, store)
