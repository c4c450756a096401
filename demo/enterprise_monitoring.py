"""Enterprise-scale monitoring: monitored models with a daily run for a year, and the metrics.

Each run writes the same 38 metrics a real run of a binary classifier with two sensitive
attributes writes (drift per feature and the drifted share, overall performance, and the
fairness measures per group). A drifting model breaches on about a third of its days, the
others rarely; a breached run has five of its eight features over the drift threshold, so
the drifted share (0.625) breaches the 0.5 dataset rule, as a real run would. One model in
25 stopped reporting 10 days ago (stale). Models that breached recently have an open incident.
"""

from __future__ import annotations

import json
from datetime import date, datetime

import pandas as pd

from demo.enterprise_scale import Scale, max_number, row_count, temp_table

FEATURES = {
    "income": "numerical",
    "loan_amount": "numerical",
    "term_months": "numerical",
    "age": "numerical",
    "tenure_months": "numerical",
    "balance": "numerical",
    "region": "categorical",
    "channel": "categorical",
}
SENSITIVE = {"sex": ["female", "male"], "age_band": ["18-34", "35-54", "55+"]}
DRIFT_THRESHOLD = 0.1
DRIFT_SHARE = 0.5


def metric_template() -> pd.DataFrame:
    """The metrics of one run: family, metric, attribute, group_name, column_name, method,
    threshold and ``drifting`` (the feature moves above its threshold in a breached run)."""
    rows = [
        (
            "drift",
            "drift_score",
            None,
            None,
            c,
            "wasserstein" if k == "numerical" else "jensenshannon",
            DRIFT_THRESHOLD,
            i < 5,
        )
        for i, (c, k) in enumerate(FEATURES.items())
    ]
    rows.append(("drift", "drifted_share", None, None, None, None, DRIFT_SHARE, False))
    for metric in ("accuracy", "precision", "recall", "f1", "roc_auc", "count"):
        rows.append(("performance", metric, None, None, None, None, None, False))
    for attribute, groups in SENSITIVE.items():
        for group in groups:
            for metric in ("selection_rate", "tpr", "fpr", "count"):
                rows.append(("fairness", metric, attribute, group, None, None, None, False))
        if len(groups) == 2:
            rows.append(
                (
                    "fairness",
                    "demographic_parity_difference",
                    attribute,
                    None,
                    None,
                    None,
                    0.1,
                    False,
                )
            )
            rows.append(
                ("fairness", "demographic_parity_ratio", attribute, None, None, None, 0.8, False)
            )
            rows.append(
                ("fairness", "equalized_odds_difference", attribute, None, None, None, 0.1, False)
            )
    columns = ["family", "metric", "attribute", "group_name", "column_name", "method"]
    frame = pd.DataFrame(rows, columns=[*columns, "threshold", "drifting"])
    return frame.reset_index().rename(columns={"index": "k"})


METRICS_PER_RUN = len(metric_template())


def _models(connection, today: date, scale: Scale) -> int:
    from risk_model.monitored_models import default_thresholds

    add = max(0, scale.models - row_count(connection, "monitored_models"))
    connection.execute(
        """
        INSERT INTO monitored_models (id, name, system_id, owner, reference_source,
            current_source, source_note, target_column, prediction_column, probability_column,
            positive_label, features, sensitive_attributes, intersections, thresholds,
            stale_after_days, keep_snapshots, status, created_at, updated_at)
        SELECT printf('MM-%04d', $start + n + 1), printf('model-%04d', $start + n + 1), s.id,
               s.owner, 'warehouse/' || printf('model-%04d', $start + n + 1) || '/reference.parquet',
               'warehouse/' || printf('model-%04d', $start + n + 1) || '/batch-{date}.parquet',
               'Enterprise-scale benchmark: no source files; the run history is generated.',
               'outcome', 'prediction', 'probability', '1', $features, $sensitive, false,
               $thresholds, 7, 5, 'active', $created, $created
        FROM range($add) t(n)
        JOIN ent_sys s ON s.k = (n * 7) % (SELECT count(*) FROM ent_sys)
        """,
        {
            "start": max_number(connection, "monitored_models", "MM"),
            "add": add,
            "features": json.dumps(FEATURES),
            "sensitive": list(SENSITIVE),
            "thresholds": json.dumps(default_thresholds()),
            "created": datetime.combine(today, datetime.min.time()).replace(year=today.year - 1),
        },
    )
    return add


def _runs(connection, today: date, scale: Scale, first_model: int, models: int) -> int:
    connection.execute(
        """
        CREATE OR REPLACE TEMP TABLE ent_runs AS
        WITH grid AS (
            SELECT m.n AS m, d.d, m.n * $days + d.d AS r FROM range($models) m(n), range($days) d(d)
        )
        SELECT r, printf('MR-%06d', $run_start + r + 1) AS id,
               printf('MM-%04d', $first_model + m + 1) AS model_id,
               $start_day + to_days(d - CASE WHEN m % 25 = 24 THEN 10 ELSE 0 END) AS started_at,
               upto(r, 'breach', 100) < CASE WHEN m % 10 = 3 THEN 35 ELSE 3 END AS breached,
               500 + upto(r, 'rows', 4500) AS rows_seen
        FROM grid
        """,
        {
            "models": models,
            "days": scale.days,
            "first_model": first_model,
            "run_start": max_number(connection, "monitor_runs", "MR"),
            "start_day": datetime.combine(today, datetime.min.time()).replace(hour=6)
            - pd.Timedelta(days=scale.days - 1).to_pytimedelta(),
        },
    )
    connection.execute(
        """
        INSERT INTO monitor_runs (id, model_id, system_id, status, started_at, finished_at,
            duration_s, rows_seen, rows_used, current_source, failure_reason, breaches,
            metric_count, progress, progress_message, heartbeat_at, pid, host, requested_by)
        SELECT r.id, r.model_id, m.system_id, CASE WHEN breached THEN 'breached' ELSE 'succeeded'
               END, started_at, started_at + INTERVAL 3 SECOND, 3.0, rows_seen,
               rows_seen - rows_seen // 10,
               replace(m.current_source, '{date}', strftime(started_at, '%Y-%m-%d')), NULL,
               CASE WHEN breached THEN '["dataset drift: share 0.625 >= 0.5 (income, loan_amount,'
                    || ' term_months, age, tenure_months)"]' ELSE '[]' END,
               $per_run, 1.0, CASE WHEN breached THEN 'breached' ELSE 'succeeded' END,
               started_at + INTERVAL 3 SECOND, NULL, 'scheduler', 'system'
        FROM ent_runs r JOIN monitored_models m ON m.id = r.model_id
        """,
        {"per_run": METRICS_PER_RUN},
    )
    return row_count(connection, "ent_runs")


def _metrics(connection) -> None:
    temp_table(connection, "ent_metric_template", metric_template())
    connection.execute(
        """
        INSERT INTO monitor_metrics (run_id, family, metric, attribute, group_name, column_name,
            method, value, threshold, breached)
        SELECT id, family, metric, attribute, group_name, column_name, method, value, threshold,
               CASE WHEN threshold IS NULL THEN NULL
                    WHEN metric = 'demographic_parity_ratio' THEN value < threshold
                    ELSE value > threshold END
        FROM (
            SELECT r.id, t.*, CASE
                WHEN t.metric = 'drift_score'
                    THEN 0.01 + 0.07 * unit(r.r, t.k) + CASE WHEN r.breached AND t.drifting
                         THEN 0.1 ELSE 0 END
                WHEN t.metric = 'drifted_share' THEN CASE WHEN r.breached THEN 0.625 ELSE 0 END
                WHEN t.metric = 'count' THEN round(r.rows_seen * 0.9 * (0.3 + 0.4 * unit(r.r, t.k)))
                WHEN t.metric = 'demographic_parity_difference' THEN 0.01 + 0.06 * unit(r.r, t.k)
                WHEN t.metric = 'demographic_parity_ratio' THEN 0.85 + 0.14 * unit(r.r, t.k)
                WHEN t.metric = 'equalized_odds_difference' THEN 0.01 + 0.07 * unit(r.r, t.k)
                WHEN t.metric IN ('fpr', 'selection_rate') THEN 0.1 + 0.3 * unit(r.r, t.k)
                ELSE 0.72 + 0.2 * unit(r.r, t.k) END AS value
            FROM ent_runs r, ent_metric_template t
        )
        """
    )


def _incidents(connection, today: date) -> int:
    """An open drift incident for each generated model that breached in its last 30 days."""
    before = row_count(connection, "ai_incidents")
    connection.execute(
        """
        INSERT INTO ai_incidents (id, title, system_id, incident_type, severity, status,
            detected_on, occurred_on, description, affected_groups, owner, serious, breach_key,
            breach_count, last_breach_at, created_at, updated_at)
        SELECT printf('INC-%04d', $start + row_number() OVER (ORDER BY b.model_id)),
               'Data drift threshold breached: dataset (' || s.name || ')', m.system_id,
               'data drift', 'medium', 'open', b.first_at::DATE, b.first_at::DATE,
               'Opened by a monitor run: dataset drift: share 0.625 >= 0.5', [], s.owner, false,
               'drift:dataset', b.breaches, b.last_at, b.first_at, b.last_at
        FROM (SELECT model_id, count(*) AS breaches, min(started_at) AS first_at,
                     max(started_at) AS last_at
              FROM ent_runs WHERE breached AND started_at >= $since GROUP BY model_id) b
        JOIN monitored_models m ON m.id = b.model_id JOIN ai_systems s ON s.id = m.system_id
        """,
        {
            "start": max_number(connection, "ai_incidents", "INC"),
            "since": datetime.combine(today, datetime.min.time()) - pd.Timedelta(days=30),
        },
    )
    return row_count(connection, "ai_incidents") - before


def seed(connection, today: date, scale: Scale) -> dict[str, int]:
    first_model = max_number(connection, "monitored_models", "MM")
    models = _models(connection, today, scale)
    runs = _runs(connection, today, scale, first_model, models)
    _metrics(connection)
    return {
        "monitored models": models,
        "monitor runs": runs,
        "monitor metrics": runs * METRICS_PER_RUN,
        "AI incidents": _incidents(connection, today),
    }
