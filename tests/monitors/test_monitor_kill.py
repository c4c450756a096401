"""A monitor job killed with SIGKILL at random points leaves no half-written run; the next run
succeeds and marks the killed job's row as abandoned.

A kill after the final COMMIT but before the checkpoint on close used to leave a run whose
metric rows an index lookup could not find; test_monitor_wal_replay.py pins that root cause."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from risk_model.access import SYSTEM
from store import Store, audit_trail, inventory, monitored_models, monitoring

ROOT = Path(__file__).resolve().parents[2]
KILLS = 20


def _setup(path: Path) -> tuple[Store, str, dict]:
    from demo.models import build_demo_models

    model = build_demo_models(date(2026, 1, 31), days=2, seed=3)[0]
    db = Store(path)
    model.frame_reference.to_parquet(path.parent / "reference.parquet")
    big = model.batches[-1][1].sample(20_000, replace=True, random_state=0)  # a longer compute
    big.to_parquet(path.parent / "current.parquet")
    system = inventory.add_system(db, {"name": "Credit scoring"}, SYSTEM)
    monitored_models.register_model(
        db,
        {
            "name": "arrests",
            "system_id": system,
            "reference_source": "reference.parquet",
            "current_source": "current.parquet",
            "target_column": model.target,
            "prediction_column": model.prediction,
            "probability_column": model.probability,
            "features": model.features,
            "sensitive_attributes": model.sensitive,
        },
        SYSTEM,
    )
    return db, system, model.features


def _job(db: Store, system: str) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "monitors",
        "run",
        "--system",
        system,
        "--db",
        str(db.path),
        "--no-report",
    ]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for_first_progress(job: subprocess.Popen) -> float:
    """Block until the job draws its first progress bar (it has started the run); return when."""
    seen = b""
    while b"[" not in seen:
        chunk = job.stderr.read1(4096)
        if not chunk:
            break
        seen += chunk
    return time.monotonic()


def _check_no_half_written_run(db: Store, features: dict) -> None:
    runs = monitoring.list_runs(db)
    for run in runs[runs["status"].isin(["succeeded", "breached"])].itertuples():
        metrics = monitoring.run_metrics(db, run.id)
        assert len(metrics) == run.metric_count > 0, run.id
        drift = metrics[metrics["metric"] == "drift_score"]
        assert set(drift["column_name"]) == set(features), run.id
        assert (metrics["metric"] == "drifted_share").sum() == 1
        assert run.rows_seen == 20_000 and run.finished_at is not None
    orphans = set(monitoring.run_metrics_run_ids(db)) - set(runs["id"])
    assert not orphans
    unfinished = runs[runs["status"] == "running"]
    for run in unfinished.itertuples():
        assert run.effective_status == "abandoned", run.id
        assert monitoring.run_metrics(db, run.id).empty


def test_sigkill_at_random_points(tmp_path):
    db, system, features = _setup(tmp_path / "aims.duckdb")
    job = _job(db, system)
    started = _wait_for_first_progress(job)
    job.stderr.read()
    assert job.wait(timeout=120) in (0, 1)
    window = time.monotonic() - started  # from the first progress write to the end
    rng = random.Random(7)
    for _ in range(KILLS):
        job = _job(db, system)
        _wait_for_first_progress(job)
        time.sleep(rng.uniform(0, 1.1) * window)
        os.kill(job.pid, signal.SIGKILL)
        job.wait()
        job.stderr.close()
        _check_no_half_written_run(Store(db.path), features)
    runs = monitoring.list_runs(db)
    killed_mid_run = int(runs["status"].isin(["running", "abandoned"]).sum())
    assert killed_mid_run >= KILLS // 4  # most kills land inside the run, not after it
    job = _job(db, system)
    assert job.wait(timeout=120) in (0, 1)
    runs = monitoring.list_runs(db)
    assert runs.iloc[0]["status"] in ("succeeded", "breached")
    assert int((runs["status"] == "abandoned").sum()) == killed_mid_run
    assert not (runs["status"] == "running").any()
    _check_no_half_written_run(db, features)
    with db.connect() as connection:
        assert audit_trail.verify(connection).ok
    print(f"{KILLS} kills: {killed_mid_run} mid-run, {len(runs)} runs, window {window:.2f} s")
