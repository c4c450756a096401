"""The root cause behind the kill -9 defect (issue 5/R3), made deterministic.

A monitor job killed after its final COMMIT but before the checkpoint on close leaves a
write-ahead log. DuckDB 1.4's checkpoint on close of the NEXT process that opens the file wrote
secondary ART indexes without the replayed rows, so ``WHERE run_id = ?`` found none of the run's
metrics although a full scan still did. Store.connect now checkpoints a replayed log at once;
migrations 0031/0032 rebuild indexes damaged before that.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from risk_model.access import SYSTEM
from store import Store, audit_trail, inventory, monitored_models, monitoring
from store.connection import _MIGRATED

ROOT = Path(__file__).resolve().parents[2]

KILLED_AFTER_COMMIT = textwrap.dedent(
    """
    import os, signal, sys
    from risk_model.access import SYSTEM
    from store import Store, monitored_models, monitoring
    db = Store(sys.argv[1])
    model = monitored_models.list_models(db)[0]
    run_id = monitoring.start_run(db, model, SYSTEM)
    metrics = [{"family": "drift", "metric": "drift_score", "column_name": f"f{i}",
                "method": "ks", "value": i / 100, "threshold": 0.05, "breached": False}
               for i in range(40)]
    outcome = monitoring.RunOutcome("succeeded", 100, 100, "current.csv", metrics=metrics)
    with db.connect():  # the unit of work stays open: its close would checkpoint
        monitoring.finish_run(db, run_id, outcome, SYSTEM, 1.0)
        print(run_id, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """
)


def _store_with_model(path: Path) -> Store:
    db = Store(path)
    system = inventory.add_system(db, {"name": "Credit scoring"}, SYSTEM)
    monitored_models.register_model(
        db,
        {
            "name": "scorecard",
            "system_id": system,
            "reference_source": "reference.csv",
            "current_source": "current.csv",
            "target_column": "y",
            "prediction_column": "p",
            "features": {f"f{i}": "numerical" for i in range(40)},
            "sensitive_attributes": [],
        },
        SYSTEM,
    )
    return db


def _kill_after_final_commit(db: Store) -> str:
    job = subprocess.run(
        [sys.executable, "-c", KILLED_AFTER_COMMIT, str(db.path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert job.returncode == -9, job.stderr
    assert db.wal_path.exists()  # committed, not checkpointed
    return job.stdout.strip()


def _metric_counts(path: Path, run_id: str) -> tuple[int, int]:
    """(rows found through the run_id index, rows found by a full scan)."""
    with duckdb.connect(str(path), read_only=True) as connection:
        indexed = connection.execute(
            "SELECT count(*) FROM monitor_metrics WHERE run_id = ?", [run_id]
        ).fetchone()[0]
        scanned = connection.execute(
            "SELECT count(*) FROM monitor_metrics WHERE run_id || '' = ?", [run_id]
        ).fetchone()[0]
    return indexed, scanned


def test_a_replayed_log_keeps_every_metric_reachable(tmp_path):
    db = _store_with_model(tmp_path / "aims.duckdb")
    run_id = _kill_after_final_commit(db)
    monitoring.list_runs(Store(db.path))  # another process's open replays the log, then closes
    assert not db.wal_path.exists()
    assert _metric_counts(db.path, run_id) == (40, 40)
    run = monitoring.get_run(db, run_id)
    assert run["status"] == "succeeded" and run["metric_count"] == 40
    assert len(monitoring.run_metrics(db, run_id)) == 40
    with db.connect() as connection:
        assert audit_trail.verify(connection).ok
        history = [
            connection.execute(
                f"SELECT count(*) FROM audit_trail WHERE entity = 'monitor_runs' AND {match}",
                [run_id],
            ).fetchone()[0]
            for match in ("record_id = ?", "record_id || '' = ?")  # index, full scan
        ]
    assert history[0] == history[1] > 0  # the audit_trail_record index holds the replayed rows


def test_migration_rebuilds_indexes_damaged_before_the_fix(tmp_path):
    db = _store_with_model(tmp_path / "aims.duckdb")
    run_id = _kill_after_final_commit(db)
    duckdb.connect(str(db.path)).close()  # the old way: replay, then DuckDB's close checkpoint
    if _metric_counts(db.path, run_id) != (0, 40):
        pytest.skip(f"DuckDB {duckdb.__version__} no longer damages the index this way")
    with duckdb.connect(str(db.path)) as connection:
        connection.execute("DELETE FROM schema_version WHERE version IN (31, 32)")
    _MIGRATED.discard(str(db.path.resolve()))  # this process migrates the file again
    assert len(monitoring.run_metrics(Store(db.path), run_id)) == 40
    assert _metric_counts(db.path, run_id) == (40, 40)
