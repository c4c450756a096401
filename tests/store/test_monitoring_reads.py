"""``latest_runs`` picks each model's latest finished run in one grouped pass; the window
query with a subquery per model that it replaced is kept here as the oracle."""

from __future__ import annotations

from datetime import date, datetime

from pandas.testing import assert_frame_equal

from store import monitoring

WINDOW_SQL = (
    "SELECT m.id AS model_id, m.name AS model_name, m.system_id, s.name AS system_name,"
    " m.stale_after_days, r.id AS run_id, r.status, r.started_at, r.rows_seen,"
    " r.rows_used, r.duration_s, r.breaches, r.failure_reason,"
    " (SELECT max(started_at) FROM monitor_runs x WHERE x.model_id = m.id"
    "   AND x.status IN ('succeeded', 'breached')) AS last_result_at"
    " FROM monitored_models m LEFT JOIN ai_systems s ON s.id = m.system_id"
    " LEFT JOIN (SELECT *, row_number() OVER (PARTITION BY model_id"
    "   ORDER BY started_at DESC, id DESC) AS n FROM monitor_runs"
    "   WHERE status IN ('succeeded', 'breached', 'failed')) r"
    "   ON r.model_id = m.id AND r.n = 1"
    " WHERE m.status = 'active' ORDER BY m.system_id, m.id"
)


def _oracle(db) -> object:
    with db.connect() as connection:
        return connection.execute(WINDOW_SQL).df()


def _latest_columns(db):
    return monitoring.latest_runs(db, date.today())[list(_oracle(db).columns)]


def test_latest_runs_match_the_window_query_on_the_demo(demo_db):
    assert_frame_equal(_latest_columns(demo_db), _oracle(demo_db))


def test_latest_runs_break_ties_and_skip_running_rows_as_before(demo_db):
    """Two runs started at the same instant (the larger id wins), a newer failed run, a
    running and an abandoned row (never the latest), and a model with no run at all."""
    with demo_db.transaction() as connection:
        models = connection.execute(
            "SELECT id, system_id FROM monitored_models WHERE status = 'active' ORDER BY id"
        ).fetchall()
        (first, system), late = models[0], datetime(2099, 1, 1)
        rows = [
            ("MR-900001", "succeeded", late, 10, 9),
            ("MR-900002", "breached", late, 11, 8),
            ("MR-900003", "running", datetime(2099, 2, 1), None, None),
            ("MR-900004", "abandoned", datetime(2099, 3, 1), None, None),
        ]
        for run_id, status, started, seen, used in rows:
            connection.execute(
                "INSERT INTO monitor_runs (id, model_id, system_id, status, started_at,"
                " rows_seen, rows_used) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [run_id, first, system, status, started, seen, used],
            )
        if len(models) > 1:
            second, other = models[1]
            connection.execute(
                "INSERT INTO monitor_runs (id, model_id, system_id, status, started_at,"
                " failure_reason) VALUES ('MR-900005', ?, ?, 'failed', ?, 'no data')",
                [second, other, late],
            )
        connection.execute(
            "INSERT INTO monitored_models SELECT * REPLACE ('MM-9999' AS id, 'Unrun' AS name)"
            " FROM monitored_models WHERE id = ?",
            [first],
        )
    latest = _latest_columns(demo_db)
    assert_frame_equal(latest, _oracle(demo_db))
    by_model = latest.set_index("model_id")
    assert by_model.at[first, "run_id"] == "MR-900002"
    assert by_model.loc["MM-9999"].isna()["run_id"]
