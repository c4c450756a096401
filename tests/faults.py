"""Fault seeding: write into a store the awkward states it can legally hold, so that page tests
can prove no page raises on them (issue 15 item 1).

Each seeded state is one the product writes itself in real life (a failed run whose batch file
was missing, a job killed mid-run, a run whose metric could not be computed) or one an import
or an older version can leave behind (a half-filled incident, a model of a deleted system).
The rows are written with plain SQL on purpose: the point is the state, not the write path.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from store import Store

FAILED_REASON = "current data not found: data/arrests-{date}.csv"


def seed_faults(db: Store, now: datetime | None = None) -> dict[str, str]:
    """Add the faulty states to ``db`` (which must hold the demo's monitored models MM-0001..3);
    return the ids of what was seeded, by name."""
    now = now or datetime.now()
    seeded = {
        "failed_run": "MR-900001",
        "abandoned_run": "MR-900002",
        "dead_running_run": "MR-900003",
        "null_metrics_run": "MR-900004",
        "model_without_runs": "MM-0099",
        "orphan_model": "MM-0098",
        "half_incident": "INC-9001",
    }
    with db.transaction() as connection:
        run = (
            "INSERT INTO monitor_runs (id, model_id, system_id, status, started_at, finished_at,"
            " duration_s, rows_seen, rows_used, failure_reason, breaches, metric_count,"
            " progress, progress_message, heartbeat_at, pid, host, requested_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        # The latest run of MM-0001 failed before reading any row: every count is NULL.
        connection.execute(
            run,
            [
                "MR-900001",
                "MM-0001",
                "SYS-0001",
                "failed",
                now,
                now,
                0.4,
                None,
                None,
                FAILED_REASON,
                None,
                0,
                1.0,
                "failed",
                now,
                None,
                None,
                "scheduler",
            ],
        )
        # MM-0002: a job killed mid-run, already marked abandoned, no finish time.
        connection.execute(
            run,
            [
                "MR-900002",
                "MM-0002",
                "SYS-0017",
                "abandoned",
                now,
                None,
                None,
                None,
                None,
                "the job stopped before it finished",
                None,
                None,
                0.3,
                "reading",
                now,
                None,
                None,
                None,
            ],
        )
        # MM-0003: a 'running' row whose process is long gone (reads as abandoned)...
        connection.execute(
            run,
            [
                "MR-900003",
                "MM-0003",
                "SYS-0006",
                "running",
                now,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                0.5,
                None,
                now - timedelta(days=2),
                999_999_999,
                "elsewhere",
                None,
            ],
        )
        # ...and a succeeded run whose metrics are NULL where a value could not be computed.
        connection.execute(
            run,
            [
                "MR-900004",
                "MM-0003",
                "SYS-0006",
                "succeeded",
                now - timedelta(hours=1),
                now,
                None,
                12,
                None,
                None,
                "[]",
                6,
                1.0,
                None,
                None,
                None,
                None,
                None,
            ],
        )
        metric = (
            "INSERT INTO monitor_metrics (run_id, family, metric, attribute, group_name,"
            " column_name, method, value, threshold, breached) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        for row in (
            ["drift", "drifted_share", None, None, None, None, None, None, None],
            ["drift", "drift_score", None, None, "age", None, None, None, None],
            ["fairness", "demographic_parity_difference", "sex", None, None, None, None, 0.1, None],
            ["fairness", "selection_rate", "sex", None, None, None, None, None, None],
            ["fairness", "selection_rate", None, "f", None, None, None, None, None],
            ["performance", "accuracy", None, None, None, None, None, None, None],
        ):
            connection.execute(metric, ["MR-900004", *row])
        model = (
            "INSERT INTO monitored_models (id, name, system_id, reference_source, current_source,"
            " target_column, prediction_column, features, thresholds, created_at, updated_at)"
            " VALUES (?, ?, ?, 'ref.csv', 'cur.csv', 'y', 'p', '{}', '{}', ?, ?)"
        )
        connection.execute(model, ["MM-0099", "never-run", "SYS-0001", now, now])
        connection.execute(model, ["MM-0098", "orphan", "SYS-GONE", now, now])
        # An incident imported with only its required fields, for a system that is gone.
        connection.execute(
            "INSERT INTO ai_incidents (id, title, system_id, incident_type, detected_on,"
            " created_at, updated_at) VALUES ('INC-9001', 'Half-filled', 'SYS-GONE', 'other',"
            " ?, ?, ?)",
            [now.date(), now, now],
        )
        # A serious incident with no consequences recorded and no report date.
        connection.execute(
            "INSERT INTO ai_incidents (id, title, system_id, incident_type, detected_on,"
            " serious, created_at, updated_at) VALUES ('INC-9002', 'Serious, unknown harm',"
            " 'SYS-0001', 'safety', ?, true, ?, ?)",
            [now.date() - timedelta(days=30), now, now],
        )
        connection.execute("INSERT INTO incident_runs VALUES ('INC-9002', 'MR-900001', ?)", [now])
    return seeded
