"""Stores in states the product can reach but the demo never shows, for the page checks.

``seed_faults`` takes a demo store and adds what real use leaves behind: a monitor run that
failed (today's batch file missing), one whose job died (abandoned), one whose metrics are
NULL, a monitored model that never ran, and records a user saved half-filled (a system with
a name only, a risk never assessed after treatment, a bare nonconformity and audit).

Monitor runs go through the store's own run API; what no form can produce (a dead job's
row, NULL metric values) is written the way a crashed job or an old import would leave it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from risk_model.access import SYSTEM
from store import Store, inventory, monitored_models, monitoring, risks


def _finish(db: Store, model: dict, outcome: monitoring.RunOutcome, at: datetime) -> str:
    run_id = monitoring.start_run(db, model, SYSTEM, at=at)
    monitoring.finish_run(db, run_id, outcome, SYSTEM, duration_s=3.0, evidence=False)
    return run_id


def seed_faults(db: Store) -> dict[str, str]:
    """Add the faulty states to ``db`` (a demo store); return the ids they were given."""
    now = datetime.now().replace(microsecond=0)
    models = monitored_models.list_models(db)
    first, second, third = models[0], models[1], models[2]
    seeded = {}
    seeded["failed_run"] = _finish(
        db,
        first,
        monitoring.RunOutcome(
            "failed", failure_reason="the current batch file is missing: batch-today.parquet"
        ),
        now - timedelta(minutes=5),
    )
    seeded["null_metrics_run"] = _finish(
        db,
        third,
        monitoring.RunOutcome(
            "succeeded",
            rows_seen=None,
            rows_used=None,
            metrics=[
                {
                    "family": "drift",
                    "metric": "drift_score",
                    "column_name": "age",
                    "method": "ks",
                    "value": None,
                    "threshold": None,
                    "breached": None,
                },
                {
                    "family": "fairness",
                    "metric": "demographic_parity_difference",
                    "attribute": "sex",
                    "value": None,
                    "threshold": 0.1,
                    "breached": None,
                },
                {
                    "family": "performance",
                    "metric": "accuracy",
                    "value": None,
                    "threshold": None,
                    "breached": None,
                },
            ],
        ),
        now - timedelta(minutes=4),
    )
    abandoned = monitoring.start_run(db, second, SYSTEM, at=now - timedelta(hours=3))
    with db.transaction() as connection:  # the job was killed: no heartbeat since, no process
        connection.execute(
            "UPDATE monitor_runs SET heartbeat_at = ?, pid = NULL, progress = 0.4 WHERE id = ?",
            [now - timedelta(hours=3), abandoned],
        )
    seeded["abandoned_run"] = abandoned

    fields = {
        k: first[k]
        for k in (
            "reference_source",
            "current_source",
            "target_column",
            "prediction_column",
            "features",
            "thresholds",
        )
    }
    seeded["model_without_runs"] = monitored_models.register_model(
        db, {**fields, "name": "never-run-model", "system_id": first["system_id"]}, SYSTEM
    )

    # Half-filled records: only what the forms require.
    seeded["half_filled_system"] = inventory.add_system(db, {"name": "Half-filled system"}, SYSTEM)
    seeded["unassessed_risk"] = risks.add_risk(
        db,
        {
            "title": "Risk never assessed after treatment",
            "inherent_likelihood": 3,
            "inherent_severity": 4,
            "system_ids": [seeded["half_filled_system"]],
        },
        SYSTEM,
    )
    return seeded
