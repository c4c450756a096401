"""Cache store reads across reruns until the store changes.

The key includes ``Store.version()`` (file stamps plus this process's commit count), so a
cached result is reused only while nothing was written, and no connection is kept.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import streamlit as st

from store import Store

P = ParamSpec("P")
R = TypeVar("R")

MAX_ENTRIES = 64
"""Results kept at once (least recently used go first). The largest, a 50,000-risk register's
levels, pickle to about 8 MB, so this bounds the cache near half a gigabyte however many
sessions and filters there are (one tour of all 25 pages held 29 MB)."""


def cached_read(function: Callable[..., R]) -> Callable[..., R]:
    """Wrap ``function(db, *args)``; its other arguments must be hashable by Streamlit."""

    @st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES, ttl=3600)
    def run(_db: Store, path: str, version: tuple, name: str, *args, **kwargs):
        # ``_db`` (not hashed) is the caller's handle, whose open connection a read inside
        # ``Store.connect`` or ``Store.held`` reuses; ``path`` and ``version`` are the key.
        return function(_db, *args, **kwargs)

    @functools.wraps(function)
    def wrapper(db: Store, *args, **kwargs):
        name = f"{function.__module__}.{function.__qualname__}"
        return run(db, str(db.path), db.version(), name, *args, **kwargs)

    return wrapper
