"""Where the demo's data files live (``data/demo``), for every demo seeder."""

from __future__ import annotations

from pathlib import Path

from store import settings

DEMO_DIR = settings.PROJECT_ROOT / "data" / "demo"


def demo_file(name: str) -> Path:
    return DEMO_DIR / name
