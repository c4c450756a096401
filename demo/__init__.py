"""The demo organisation: Meridian Financial Group, a fictional insurer and consumer lender.

``create_demo`` empties the store's records and writes the demo afresh, dated relative to
``today`` so that overdue reviews and expiring items stay believable whenever it is run.
Each area of the AIMS adds its part through ``SEEDERS``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from demo import (
    assurance,
    controls,
    evidence,
    organisation,
    readiness_history,
    risks,
    supply_and_data,
)
from demo import audits as demo_audits
from demo import discovery as demo_discovery
from demo import governance as demo_governance
from demo import monitoring as demo_monitoring
from demo import review as demo_review
from risk_model.access import SYSTEM
from store import admin, audit_trail, evidence_files, trail_anchor
from store.connection import Store

Seeder = Callable[[Store, date], dict[str, int]]
SEEDERS: list[Seeder] = [
    organisation.seed,
    risks.seed,
    evidence.seed,
    controls.seed,
    demo_monitoring.seed,
    assurance.seed,
    demo_audits.seed,
    demo_review.seed,
    readiness_history.seed,
    demo_governance.seed,
    supply_and_data.seed,
    demo_discovery.seed,
]

KEPT_TABLES = frozenset({"schema_version"})


def clear(db: Store) -> None:
    """Delete every record (not the schema), in one transaction, then the evidence files no
    record refers to any more. Call it outside a transaction: the files go at once."""
    admin.delete_every_record(db, KEPT_TABLES)
    trail_anchor.forget_head(db.path)  # the trail starts again; its next write signs a head
    _remove_orphan_evidence_files(db)


def _remove_orphan_evidence_files(db: Store) -> None:
    """Delete content-addressed evidence files (``files_dir/ab/<sha256>``) that no evidence
    version refers to, so that re-running the demo leaves none behind."""
    if not db.files_dir.is_dir():
        return
    kept = evidence_files.hashes_in_use(db)
    for folder in db.files_dir.iterdir():
        if not (folder.is_dir() and re.fullmatch(r"[0-9a-f]{2}", folder.name)):
            continue
        for path in folder.iterdir():
            if path.is_file() and path.name not in kept:
                path.unlink()
        if not any(folder.iterdir()):
            folder.rmdir()


def create_demo(
    db: Store, today: date | None = None, wiped: dict[str, int] | None = None
) -> dict[str, int]:
    """``wiped``: what the store held before (``admin.store_counts``), recorded as the new
    audit trail's first entry when the demo replaces a store that held data."""
    today = today or date.today()
    counts: dict[str, int] = {}
    clear(db)
    with db.transaction() as connection:
        if wiped:
            changes = {table: (count, 0) for table, count in wiped.items()}
            audit_trail.append(connection, SYSTEM, "store", db.path.name, "wipe", changes)
        for seeder in SEEDERS:
            counts.update(seeder(db, today))
    admin.mark_demo(db)
    return counts
