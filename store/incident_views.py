"""Read views of one AI incident for its page: the monitor runs it came from and its owners."""

from __future__ import annotations

import pandas as pd

from store.connection import Store


def incident_run_details(db: Store, incident_id: str) -> pd.DataFrame:
    """The monitor runs linked to an incident, newest first, with their model and status
    (a run pruned since reads with an empty model and status)."""
    with db.connect() as connection:
        return connection.execute(
            "SELECT l.run_id, r.model_id, m.name AS model_name, r.status, r.started_at"
            " FROM incident_runs l LEFT JOIN monitor_runs r ON r.id = l.run_id"
            " LEFT JOIN monitored_models m ON m.id = r.model_id"
            " WHERE l.incident_id = ? ORDER BY r.started_at DESC NULLS LAST, l.run_id DESC",
            [incident_id],
        ).df()


def system_owner(db: Store, system_id: str | None) -> str | None:
    if not system_id:
        return None
    with db.connect() as connection:
        row = connection.execute(
            "SELECT owner FROM ai_systems WHERE id = ?", [system_id]
        ).fetchone()
    return row[0] if row else None


def run_model(db: Store, run_id: str) -> str | None:
    """The monitored model of a run (for a link that opens the run on the Monitoring page)."""
    with db.connect() as connection:
        row = connection.execute(
            "SELECT model_id FROM monitor_runs WHERE id = ?", [run_id]
        ).fetchone()
    return row[0] if row else None
