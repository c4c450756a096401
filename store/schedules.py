"""Monitor schedules in the store: which models are due, claiming a due slot, and the
next run / overdue view the Monitoring page reads.

A claim is one row per (model, scheduled slot) in ``monitor_schedule_claims``: the primary
key lets exactly one caller win, so ``python -m monitors run --due`` started on two machines
at once (each waiting its turn for the store's single writer) runs each due model once.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from risk_model.schedules import is_overdue, last_slot, next_slot
from store.connection import Store

_SCHEDULED = """
    SELECT m.id, m.name, m.system_id, m.schedule,
           greatest(max(r.started_at), m.created_at) AS last_run
    FROM monitored_models m LEFT JOIN monitor_runs r ON r.model_id = m.id
    WHERE m.status = 'active' AND coalesce(m.schedule, '') <> ''
    GROUP BY m.id, m.name, m.system_id, m.schedule, m.created_at ORDER BY m.id
"""


@dataclass(frozen=True)
class Claim:
    model_id: str
    due_at: datetime


def machine_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim_due(db: Store, now: datetime | None = None, claimed_by: str | None = None) -> list[Claim]:
    """Claim every active scheduled model whose last slot has passed with no run started
    since (nor the model registered since); a slot someone else claimed is skipped. Returns
    what this caller must run."""
    now = now or datetime.now()
    claimed_by = claimed_by or machine_name()
    claims = []
    try:
        with db.transaction() as connection:
            for model_id, _, _, schedule, last_run in connection.execute(_SCHEDULED).fetchall():
                slot = last_slot(schedule, now)
                if last_run is not None and last_run >= slot:
                    continue
                won = connection.execute(
                    "INSERT INTO monitor_schedule_claims (model_id, due_at, claimed_by, "
                    "claimed_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING model_id",
                    [model_id, slot, claimed_by, now],
                ).fetchall()
                if won:
                    claims.append(Claim(model_id, slot))
    except duckdb.TransactionException:
        return []  # another machine committed its claims first: they are its to run
    return claims


def record_claimed_run(db: Store, claim: Claim, run_id: str) -> None:
    with db.transaction() as connection:
        connection.execute(
            "UPDATE monitor_schedule_claims SET run_id = ? WHERE model_id = ? AND due_at = ?",
            [run_id, claim.model_id, claim.due_at],
        )


def schedule_overview(db: Store, now: datetime | None = None) -> pd.DataFrame:
    """One row per scheduled active model: ``model_id``, ``name``, ``system_id``,
    ``schedule``, ``last_run`` (or the registration, if never run), ``last_slot``,
    ``next_run`` and ``overdue``."""
    now = now or datetime.now()
    with db.connect() as connection:
        rows = connection.execute(_SCHEDULED).fetchall()
    records = []
    for model_id, name, system_id, schedule, last_run in rows:
        slot = last_slot(schedule, now)
        records.append(
            {
                "model_id": model_id,
                "name": name,
                "system_id": system_id,
                "schedule": schedule,
                "last_run": last_run,
                "last_slot": slot,
                "next_run": next_slot(schedule, now),
                "overdue": is_overdue(slot, last_run, now),
            }
        )
    columns = ["model_id", "name", "system_id", "schedule", "last_run", "last_slot"]
    return pd.DataFrame(records, columns=[*columns, "next_run", "overdue"])
