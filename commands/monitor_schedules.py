"""Scheduled monitor runs: ``run --due`` and ``schedules``.

``python -m monitors run --due`` claims every due model in the store (one claim per model
and scheduled slot, so two machines calling it at once run each model once) and runs the
claimed ones. ``schedules`` lists each scheduled model's last and next run and whether it is
overdue. Exit codes as ``run --all``: 0 all passed (or nothing due), 1 a breach, 2 a failure.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from risk_model.access import Actor
from store import settings


def run_due(
    db,
    actor: Actor,
    progress: Callable[[str, float, str], None] | None = None,
    with_report: bool = True,
) -> list:
    from monitors.jobs import run_monitor
    from store import schedules

    results = []
    for claim in schedules.claim_due(db):
        model_id = claim.model_id
        callback = (lambda f, m, mid=model_id: progress(mid, f, m)) if progress else None
        requested = f"schedule {claim.due_at:%Y-%m-%d %H:%M}"
        result = run_monitor(
            db, model_id, actor, callback, with_report=with_report, requested_by=requested
        )
        schedules.record_claimed_run(db, claim, result.run_id)
        results.append(result)
    return results


def schedules_command(args: argparse.Namespace) -> int:
    from store import open_store, schedules

    overview = schedules.schedule_overview(open_store(settings.db_path(args.db)))
    if overview.empty:
        print("no monitored model has a schedule", file=sys.stderr)
        return 0
    for row in overview.itertuples():
        last = f"{row.last_run:%Y-%m-%d %H:%M}" if row.last_run is not None else "never"
        state = f"OVERDUE since {row.last_slot:%Y-%m-%d %H:%M}" if row.overdue else "on time"
        print(
            f"{row.model_id}  {row.name:<28} {row.schedule:<16} last {last}  "
            f"next {row.next_run:%Y-%m-%d %H:%M}  {state}"
        )
    return 0


def add_schedules_command(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "schedules", help="each scheduled model's last and next run, and the overdue ones"
    )
    parser.add_argument("--db", help=f"store file (default ${settings.DB_PATH.env})")
    parser.set_defaults(handler=schedules_command)
