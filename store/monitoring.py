"""Monitor runs, their metrics and Evidently snapshots (ISO/IEC 42001 9.1, A.6.2.6, A.7.4).

A run is written in two steps. ``start_run`` writes a ``running`` row (for progress only);
``finish_run`` replaces it with the outcome, the metrics, the snapshot, the incident updates,
the A.6.2.6 evidence and the audit entry in ONE transaction, so a job killed at any point
leaves either a finished run with all its metrics or a ``running`` row with none. A running
row whose process is gone reads as ``abandoned`` and is marked so by the next run.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pandas as pd

from risk_model.access import Actor, on_behalf_of, require
from risk_model.incidents import Breach
from store import audit_trail, incidents, records
from store.connection import Store

METRIC_COLUMNS = (
    "run_id",
    "family",
    "metric",
    "attribute",
    "group_name",
    "column_name",
    "method",
    "value",
    "threshold",
    "breached",
)
FINAL_STATUSES = ("succeeded", "breached", "failed", "abandoned")
HEARTBEAT_TIMEOUT = timedelta(minutes=30)
ABANDONED_REASON = "the job stopped before it finished (killed or crashed); no results were kept"


@dataclass
class RunOutcome:
    """Everything a finished run writes, computed in memory before the store is touched."""

    status: str
    rows_seen: int | None = None
    rows_used: int | None = None
    current_source: str | None = None
    failure_reason: str | None = None
    metrics: list[dict] = field(default_factory=list)
    """Rows with the keys of ``METRIC_COLUMNS`` minus ``run_id``."""
    breaches: list[Breach] = field(default_factory=list)
    snapshot_json: str | None = None
    summary: str = ""


def _system_owner(connection, system_id: str) -> str | None:
    row = connection.execute("SELECT owner FROM ai_systems WHERE id = ?", [system_id]).fetchone()
    return row[0] if row else None


def _next_run_id(connection) -> str:
    row = connection.execute(
        "SELECT max(TRY_CAST(substr(id, 4) AS BIGINT)) FROM monitor_runs"
    ).fetchone()
    return f"MR-{(row[0] or 0) + 1:06d}"


def _process_gone(pid: int | None, host: str | None, heartbeat: datetime | None) -> bool:
    if heartbeat is not None and datetime.now() - heartbeat > HEARTBEAT_TIMEOUT:
        return True
    if pid is None or host != socket.gethostname():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _abandon_dead_runs(connection, model_id: str) -> int:
    rows = connection.execute(
        "SELECT id, pid, host, heartbeat_at FROM monitor_runs"
        " WHERE model_id = ? AND status = 'running'",
        [model_id],
    ).fetchall()
    dead = [r[0] for r in rows if _process_gone(r[1], r[2], r[3])]
    for run_id in dead:
        connection.execute(
            "UPDATE monitor_runs SET status = 'abandoned', failure_reason = ?,"
            " finished_at = heartbeat_at WHERE id = ?",
            [ABANDONED_REASON, run_id],
        )
    return len(dead)


def start_run(
    db: Store,
    model: dict,
    actor: Actor,
    at: datetime | None = None,
    requested_by: str | None = None,
) -> str:
    """Write the ``running`` row of a new run of ``model``; return its id."""
    at = at or datetime.now()
    with db.transaction() as connection:
        require(actor, "run_monitor", "monitor_runs", _system_owner(connection, model["system_id"]))
        _abandon_dead_runs(connection, model["id"])
        run_id = _next_run_id(connection)
        connection.execute(
            "INSERT INTO monitor_runs (id, model_id, system_id, status, started_at, progress,"
            " progress_message, heartbeat_at, pid, host, requested_by)"
            " VALUES (?, ?, ?, 'running', ?, 0, 'starting', ?, ?, ?, ?)",
            [
                run_id,
                model["id"],
                model["system_id"],
                at,
                datetime.now(),
                os.getpid(),
                socket.gethostname(),
                requested_by or actor.name,
            ],
        )
    return run_id


def report_progress(db: Store, run_id: str, fraction: float, message: str) -> None:
    with db.transaction() as connection:
        connection.execute(
            "UPDATE monitor_runs SET progress = ?, progress_message = ?, heartbeat_at = ?"
            " WHERE id = ? AND status = 'running'",
            [max(0.0, min(1.0, fraction)), message, datetime.now(), run_id],
        )


def finish_run(
    db: Store,
    run_id: str,
    outcome: RunOutcome,
    actor: Actor,
    duration_s: float,
    keep_snapshots: int = 5,
    evidence: bool = True,
) -> list[str]:
    """Write the outcome of a run in one transaction; return the incidents opened or updated.
    With ``evidence`` the run also becomes the current A.6.2.6 evidence of its system."""
    if outcome.status not in FINAL_STATUSES:
        raise ValueError(f"not a final run status: {outcome.status}")
    metrics = pd.DataFrame(outcome.metrics, columns=list(METRIC_COLUMNS[1:]))
    metrics.insert(0, "run_id", run_id)
    metrics = metrics.astype({"value": float, "threshold": float})
    with db.transaction() as connection:
        run = records.existing(connection, "monitor_runs", run_id)
        model_id, system_id, started_at = run["model_id"], run["system_id"], run["started_at"]
        require(actor, "run_monitor", "monitor_runs", _system_owner(connection, system_id))
        finished_at = started_at + timedelta(seconds=duration_s)
        connection.execute(
            "UPDATE monitor_runs SET status = ?, finished_at = ?, duration_s = ?, rows_seen = ?,"
            " rows_used = ?, current_source = ?, failure_reason = ?, breaches = ?,"
            " metric_count = ?, progress = 1, progress_message = ?, heartbeat_at = ?"
            " WHERE id = ?",
            [
                outcome.status,
                finished_at,
                duration_s,
                outcome.rows_seen,
                outcome.rows_used,
                outcome.current_source,
                outcome.failure_reason,
                json.dumps([b.message for b in outcome.breaches]),
                len(metrics),
                outcome.status,
                datetime.now(),
                run_id,
            ],
        )
        if len(metrics):
            connection.register("run_metrics_frame", metrics)
            try:
                connection.execute(
                    f"INSERT INTO monitor_metrics ({', '.join(METRIC_COLUMNS)})"
                    f" SELECT {', '.join(METRIC_COLUMNS)} FROM run_metrics_frame"
                )
            finally:
                connection.unregister("run_metrics_frame")
        if outcome.snapshot_json:
            _keep_snapshot(connection, run_id, model_id, outcome.snapshot_json, keep_snapshots)
        # The actor's right to run this monitor was checked above; what the run entails
        # (incidents, A.6.2.6 evidence) is recorded by the product on their behalf.
        touched = incidents.record_breaches(
            db, system_id, run_id, outcome.breaches, on_behalf_of(actor), finished_at
        )
        changes = {
            "status": (None, outcome.status),
            "model_id": (None, model_id),
            "rows_seen": (None, outcome.rows_seen),
            "rows_used": (None, outcome.rows_used),
            "failure_reason": (None, outcome.failure_reason),
        }
        audit_trail.append(
            connection,
            actor,
            "monitor_runs",
            run_id,
            "create",
            {k: v for k, v in changes.items() if v[1] is not None},
            finished_at,
        )
        if evidence and outcome.status != "failed":
            _record_evidence(db, system_id, run_id, outcome, on_behalf_of(actor), finished_at)
    return touched


def _record_evidence(db, system_id, run_id, outcome: RunOutcome, actor, at) -> None:
    from store.evidence import record_monitoring_evidence

    summary = outcome.summary or f"Status: {outcome.status}"
    record_monitoring_evidence(db, system_id, run_id, summary, actor, at)


def _keep_snapshot(connection, run_id: str, model_id: str, snapshot: str, keep: int) -> None:
    connection.execute(
        "INSERT OR REPLACE INTO monitor_snapshots VALUES (?, ?, ?, ?, ?)",
        [run_id, model_id, snapshot, len(snapshot.encode("utf-8")), datetime.now()],
    )
    connection.execute(
        "DELETE FROM monitor_snapshots WHERE model_id = ? AND run_id NOT IN ("
        " SELECT s.run_id FROM monitor_snapshots s JOIN monitor_runs r ON r.id = s.run_id"
        " WHERE s.model_id = ? ORDER BY r.started_at DESC LIMIT ?)",
        [model_id, model_id, max(int(keep), 1)],
    )


def save_snapshot(db: Store, run_id: str, snapshot: str, keep: int = 5) -> None:
    """Keep a snapshot built on demand for an older run (still bounded by ``keep``)."""
    with db.transaction() as connection:
        model_id = connection.execute(
            "SELECT model_id FROM monitor_runs WHERE id = ?", [run_id]
        ).fetchone()[0]
        _keep_snapshot(connection, run_id, model_id, snapshot, keep + 1)


def get_snapshot(db: Store, run_id: str) -> str | None:
    with db.connect() as connection:
        row = connection.execute(
            "SELECT snapshot_json FROM monitor_snapshots WHERE run_id = ?", [run_id]
        ).fetchone()
    return row[0] if row else None


def _with_effective_status(frame: pd.DataFrame) -> pd.DataFrame:
    """A ``running`` row whose job is gone reads as ``abandoned``: it is not a result."""
    if frame.empty:
        return frame.assign(effective_status=pd.Series(dtype=object))
    gone = [
        status == "running" and _process_gone(pid, host, None if pd.isna(hb) else hb)
        for status, pid, host, hb in zip(
            frame["status"], frame["pid"], frame["host"], frame["heartbeat_at"], strict=True
        )
    ]
    effective = frame["status"].where(~pd.Series(gone, index=frame.index), "abandoned")
    return frame.assign(effective_status=effective)


def list_runs(
    db: Store, model_id: str | None = None, system_id: str | None = None, limit: int = 1000
) -> pd.DataFrame:
    """Runs newest first, with the model name and an ``effective_status`` column."""
    clauses, params = ["1 = 1"], []
    if model_id:
        clauses.append("r.model_id = ?")
        params.append(model_id)
    if system_id:
        clauses.append("r.system_id = ?")
        params.append(system_id)
    with db.connect() as connection:
        frame = connection.execute(
            "SELECT r.*, m.name AS model_name FROM monitor_runs r"
            " JOIN monitored_models m ON m.id = r.model_id"
            f" WHERE {' AND '.join(clauses)} ORDER BY r.started_at DESC, r.id DESC LIMIT ?",
            [*params, int(limit)],
        ).df()
    frame["pid"] = frame["pid"].astype(object).where(frame["pid"].notna(), None)
    return _with_effective_status(frame)


def get_run(db: Store, run_id: str) -> dict | None:
    with db.connect() as connection:
        cursor = connection.execute("SELECT * FROM monitor_runs WHERE id = ?", [run_id])
        row = cursor.fetchone()
        return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else None


def run_metrics(db: Store, run_id: str) -> pd.DataFrame:
    with db.connect() as connection:
        return connection.execute(
            "SELECT * FROM monitor_metrics WHERE run_id = ? ORDER BY family, metric", [run_id]
        ).df()


def metric_history(db: Store, model_id: str, family: str | None = None) -> pd.DataFrame:
    """Metrics of every finished run of a model, with the run's time, oldest first."""
    clauses, params = ["r.model_id = ?", "r.status IN ('succeeded', 'breached')"], [model_id]
    if family:
        clauses.append("m.family = ?")
        params.append(family)
    with db.connect() as connection:
        return connection.execute(
            "SELECT r.started_at, m.* FROM monitor_metrics m JOIN monitor_runs r ON r.id = m.run_id"
            f" WHERE {' AND '.join(clauses)} ORDER BY r.started_at, m.run_id",
            params,
        ).df()


_LATEST_RUNS_SQL = (
    "WITH latest AS (SELECT model_id, arg_max({'id': id, 'status': status,"
    "   'started_at': started_at, 'rows_seen': rows_seen, 'rows_used': rows_used,"
    "   'duration_s': duration_s, 'breaches': breaches, 'failure_reason': failure_reason},"
    "   (started_at, id)) AS r,"
    "   max(started_at) FILTER (WHERE status IN ('succeeded', 'breached')) AS last_result_at"
    " FROM monitor_runs WHERE status IN ('succeeded', 'breached', 'failed') GROUP BY model_id)"
    " SELECT m.id AS model_id, m.name AS model_name, m.system_id, s.name AS system_name,"
    " m.stale_after_days, l.r.id AS run_id, l.r.status, l.r.started_at, l.r.rows_seen,"
    " l.r.rows_used, l.r.duration_s, l.r.breaches, l.r.failure_reason, l.last_result_at"
    " FROM monitored_models m LEFT JOIN ai_systems s ON s.id = m.system_id"
    " LEFT JOIN latest l ON l.model_id = m.id"
    " WHERE m.status = 'active' ORDER BY m.system_id, m.id"
)
"""Each model's latest finished run, picked by one grouped pass over the runs (``arg_max`` by
start time, then id) rather than a window sort and a subquery per model."""


def latest_runs(db: Store, today: date | None = None) -> pd.DataFrame:
    """One row per active monitored model: its latest finished run and whether it is stale
    (no run with results within the model's ``stale_after_days``; failed runs do not count)."""
    today = today or date.today()
    with db.connect() as connection:
        frame = connection.execute(_LATEST_RUNS_SQL).df()
    last = pd.to_datetime(frame["last_result_at"]).dt.date
    age = [None if pd.isna(d) else (today - d).days for d in last]  # NaT: no result yet
    frame["days_since_run"] = age
    frame["stale"] = [
        a is None or a > limit for a, limit in zip(age, frame["stale_after_days"], strict=True)
    ]
    return frame


def run_metrics_run_ids(db: Store) -> list[str]:
    """Runs that have metric rows (a consistency check: each must have a finished run)."""
    with db.connect() as connection:
        rows = connection.execute("SELECT DISTINCT run_id FROM monitor_metrics").fetchall()
    return [r[0] for r in rows]
