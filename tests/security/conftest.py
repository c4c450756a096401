"""Fixtures of the security suite: a demo store to serve."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def served_demo(request) -> Path:
    """A demo store to serve: ``$AIMS_BROWSER_DEMO_DB`` when set, else the session's demo."""
    template = os.environ.get("AIMS_BROWSER_DEMO_DB")
    if template and Path(template).exists():
        return Path(template)
    return request.getfixturevalue("demo_template")
