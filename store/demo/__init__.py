"""The demo organisation: Meridian Financial Group, a fictional insurer and consumer lender.

``create_demo`` empties the store's records and writes the demo afresh, dated relative to
``today`` so that overdue reviews and expiring items stay believable whenever it is run.
Each area of the AIMS adds its part through ``SEEDERS``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from store import settings
from store.connection import Store
from store.demo import assurance, controls, evidence, organisation, risks
from store.demo import monitoring as demo_monitoring

DEMO_DIR = settings.PROJECT_ROOT / "data" / "demo"

Seeder = Callable[[Store, date], dict[str, int]]
SEEDERS: list[Seeder] = [
    organisation.seed,
    risks.seed,
    evidence.seed,
    controls.seed,
    demo_monitoring.seed,
    assurance.seed,
]

KEPT_TABLES = {"schema_version"}


def clear(db: Store) -> None:
    """Delete every record (not the schema), in one transaction."""
    with db.transaction() as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
                " AND table_type = 'BASE TABLE'"
            ).fetchall()
        ]
        for table in tables:
            if table not in KEPT_TABLES:
                connection.execute(f'DELETE FROM "{table}"')


def create_demo(db: Store, today: date | None = None) -> dict[str, int]:
    today = today or date.today()
    counts: dict[str, int] = {}
    clear(db)
    with db.transaction():
        for seeder in SEEDERS:
            counts.update(seeder(db, today))
    return counts


def demo_file(name: str) -> Path:
    return DEMO_DIR / name
