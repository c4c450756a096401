"""Process-wide settings the dashboard applies when it starts."""

from __future__ import annotations

import gc

import pandas as pd
import pyarrow

from tests.pages.page_runs import run_page


def test_the_dashboard_hands_freed_string_memory_back(monkeypatch, demo_db):
    run_page(monkeypatch, demo_db, "pages/context/scope.py")
    pool = pyarrow.default_memory_pool()
    assert pool.backend_name == "system"
    gc.collect()
    before = pool.bytes_allocated()
    column = pd.Series([f"risk {i}" for i in range(200_000)], dtype="str")
    grown = pool.bytes_allocated() - before
    assert grown > 1_000_000  # pandas' strings live in this pool
    del column
    gc.collect()
    assert pool.bytes_allocated() <= before + grown // 10  # and leave it when freed
