"""Cache store reads across reruns until the store changes.

The key includes ``Store.version()`` (file stamps plus this process's commit count), so a
cached result is reused only while nothing was written, and no connection is kept.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import streamlit as st

from store import Store, open_store

P = ParamSpec("P")
R = TypeVar("R")


def cached_read(function: Callable[..., R]) -> Callable[..., R]:
    """Wrap ``function(db, *args)``; its other arguments must be hashable by Streamlit."""

    @st.cache_data(show_spinner=False, max_entries=256, ttl=3600)
    def run(path: str, version: tuple, name: str, *args, **kwargs):
        return function(open_store(path), *args, **kwargs)

    @functools.wraps(function)
    def wrapper(db: Store, *args, **kwargs):
        name = f"{function.__module__}.{function.__qualname__}"
        return run(str(db.path), db.version(), name, *args, **kwargs)

    return wrapper
