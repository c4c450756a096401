"""Shared fixtures: a fresh store file, and a demo store built once per test session."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from store import Store
from tests.chromium import browser  # noqa: F401  (the session's Chromium, for every suite)

REPO_ROOT = Path(__file__).resolve().parents[1]
REFERENCE = REPO_ROOT / "tests" / "data" / "reference"
"""Reference facts the catalogues are tested against, copied with their sources (README.md)."""

os.environ.setdefault("AIMS_LOCAL_MODE", "1")
"""The app under test (AppTest, and the browser suite's server, which inherits this) runs in
explicit local mode; ``tests/security`` starts servers with sign-in configured instead."""


@pytest.fixture
def db(tmp_path) -> Store:
    """An empty store in a new file."""
    return Store(tmp_path / "aims.duckdb")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    from demo import create_demo

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    create_demo(Store(path), today=date.today())
    return path


@pytest.fixture
def demo_db(demo_template, tmp_path) -> Store:
    """A private copy of the demo store, so a test may change it freely."""
    target = tmp_path / "demo.duckdb"
    shutil.copy(demo_template, target)
    files = demo_template.with_name(demo_template.stem + ".files")
    if files.exists():
        shutil.copytree(files, target.with_name(target.stem + ".files"))
    for anchor in (".trail-key", ".trail-head"):  # the audit trail's key and signed head
        if demo_template.with_name(demo_template.name + anchor).exists():
            shutil.copy(
                demo_template.with_name(demo_template.name + anchor),
                target.with_name(target.name + anchor),
            )
    return Store(target)
