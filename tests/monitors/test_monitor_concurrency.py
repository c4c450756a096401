"""R2: a monitor job (a real ``python -m monitors run`` process) writes while 20 dashboard
sessions (threads calling the store functions the pages call) read and edit the same store.

No lock error may reach a session or the job, and no write may be lost: every run keeps all
its metric rows, every edit is the record's final value and is in the audit trail once, and
every added risk is there. Counted, not timed.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from risk_model.access import SYSTEM
from store import Store, inventory, monitored_models, monitoring, risks

ROOT = Path(__file__).resolve().parents[2]
SESSIONS = 20
MODELS = 3
EDITS = 2


def _batch(rng: np.random.Generator, rows: int, shift: float) -> pd.DataFrame:
    sex = rng.choice(["female", "male"], rows)
    age = rng.normal(40 + shift, 10, rows)
    score = 1 / (1 + np.exp(-(age - 40) / 10 - (sex == "male") * 0.4))
    return pd.DataFrame(
        {
            "age": age,
            "income": rng.lognormal(10, 0.5, rows),
            "region": rng.choice(["north", "south", "east"], rows),
            "sex": sex,
            "outcome": (rng.random(rows) < score).astype(int),
            "decision": (score > 0.5).astype(int),
            "score": score,
        }
    )


def _store_with_models(tmp_path: Path) -> tuple[Store, str, list[str]]:
    db = Store(tmp_path / "aims.duckdb")
    rng = np.random.default_rng(5)
    _batch(rng, 3000, 0).to_parquet(tmp_path / "reference.parquet")
    _batch(rng, 3000, 6).to_parquet(tmp_path / "current.parquet")
    monitored = inventory.add_system(db, {"name": "Credit scoring"}, SYSTEM)
    for n in range(MODELS):
        monitored_models.register_model(
            db,
            {
                "name": f"scorecard {n}",
                "system_id": monitored,
                "reference_source": "reference.parquet",
                "current_source": "current.parquet",
                "target_column": "outcome",
                "prediction_column": "decision",
                "probability_column": "score",
                "sensitive_attributes": ["sex"],
                "features": {"age": "numerical", "income": "numerical", "region": "categorical"},
            },
            SYSTEM,
        )
    edited = [inventory.add_system(db, {"name": f"Session {n} system"}, SYSTEM) for n in range(20)]
    return db, monitored, edited


def test_job_and_twenty_sessions_lose_nothing_and_see_no_lock_error(tmp_path):
    db, monitored, edited = _store_with_models(tmp_path)
    job = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "monitors",
            "run",
            "--system",
            monitored,
            "--db",
            str(db.path),
            "--no-report",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    err = bytearray()
    while b"[" not in err and job.poll() is None:  # the job has started its first run
        err += job.stderr.read1(4096)
    drain = threading.Thread(target=lambda: err.extend(job.stderr.read()))
    drain.start()
    errors: list[BaseException] = []
    edits: Counter[str] = Counter()
    risks_added: list[str] = []
    during_job: Counter[int] = Counter()
    start = threading.Barrier(SESSIONS)

    def session(n: int) -> None:
        system = edited[n]
        start.wait()
        try:
            for i in range(EDITS):
                running = job.poll() is None
                inventory.update_system(db, system, {"description": f"edit {i}"}, SYSTEM)
                edits[system] += 1
                with db.connect():  # a page render: its reads share one open
                    risks.list_risks(db)
                    monitoring.latest_runs(db)
                    monitoring.list_runs(db, system_id=monitored)
                if i == 0:
                    risks_added.append(
                        risks.add_risk(
                            db,
                            {
                                "title": f"Session {n} risk",
                                "system_ids": [system],
                                "inherent_likelihood": 3,
                                "inherent_severity": 4,
                            },
                            SYSTEM,
                        )
                    )
                during_job[n] += running
        except BaseException as error:  # noqa: BLE001 - any failure is the finding
            errors.append(error)

    threads = [threading.Thread(target=session, args=(n,)) for n in range(SESSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out = job.stdout.read().decode()
    job.wait(timeout=120)
    drain.join()
    err = err.decode(errors="replace")

    assert errors == []
    assert job.returncode in (0, 1), err  # 1: a threshold breached, as the shifted data should
    assert "busy" not in err.lower() and "lock" not in err.lower() and "Traceback" not in err
    print(f"{sum(during_job.values())} of {SESSIONS * EDITS} session iterations overlapped the job")
    assert sum(during_job.values()) >= SESSIONS // 2  # the sessions overlapped the job

    runs = monitoring.list_runs(db, system_id=monitored)
    assert len(runs) == MODELS and set(runs["status"]) <= {"succeeded", "breached"}
    assert out.count("MR-") == MODELS
    for run in runs.itertuples():
        metrics = monitoring.run_metrics(db, run.id)
        assert len(metrics) == run.metric_count > 0
        assert set(metrics.loc[metrics["metric"] == "drift_score", "column_name"]) == {
            "age",
            "income",
            "region",
        }

    for system in edited:
        assert inventory.get_system(db, system)["description"] == f"edit {edits[system] - 1}"
        history = inventory.history(db, system)
        assert (history["field"] == "description").sum() == edits[system]
    listed = risks.list_risks(db)
    assert len(listed) == len(risks_added) == len(set(risks_added))
    assert set(listed["id"]) == set(risks_added)
