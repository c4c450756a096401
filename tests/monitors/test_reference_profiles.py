"""Reference profiles: a monitored model's reference statistics are computed once, kept in the
store's files folder, reused while the reference is unchanged and rebuilt when it changes;
drift against the profile equals drift against the files (and the in-memory oracle)."""

from __future__ import annotations

import os
from datetime import date

import pandas as pd
import pytest

import monitors.drift_duckdb as engine
from monitors.drift import compute_drift
from monitors.jobs import run_monitor
from risk_model.access import SYSTEM
from store import inventory, monitored_models, monitoring


@pytest.fixture(scope="module")
def demo():
    from demo.models import build_demo_models

    return build_demo_models(date(2026, 1, 31), days=3, seed=1)[0]


@pytest.fixture()
def model_id(db, tmp_path, demo):
    demo.frame_reference.to_csv(tmp_path / "reference.csv", index=False)
    demo.batches[-1][1].to_parquet(tmp_path / "current.parquet")
    system = inventory.add_system(db, {"name": "Credit scoring", "owner": "Priya"}, SYSTEM)
    values = {
        "name": demo.name,
        "system_id": system,
        "reference_source": "reference.csv",
        "current_source": "current.parquet",
        "target_column": demo.target,
        "prediction_column": demo.prediction,
        "probability_column": demo.probability,
        "features": demo.features,
        "sensitive_attributes": demo.sensitive,
    }
    return monitored_models.register_model(db, values, SYSTEM)


def _drift_scores(db, run_id) -> dict[str, float]:
    metrics = monitoring.run_metrics(db, run_id)
    scores = metrics[metrics["metric"] == "drift_score"]
    return dict(zip(scores["column_name"], scores["value"], strict=True))


def test_the_profile_is_built_once_and_rebuilt_when_the_reference_changes(
    db, tmp_path, demo, model_id, monkeypatch
):
    built = []
    original = engine.build_reference_profile
    monkeypatch.setattr(
        engine, "build_reference_profile", lambda *a: built.append(a) or original(*a)
    )
    first = run_monitor(db, model_id, SYSTEM, with_report=False, evidence=False)
    second = run_monitor(db, model_id, SYSTEM, with_report=False, evidence=False)
    assert len(built) == 1
    profiles = list((db.files_dir / "profiles" / model_id).iterdir())
    assert len(profiles) == 1
    assert _drift_scores(db, first.run_id) == _drift_scores(db, second.run_id)

    reference = pd.read_csv(tmp_path / "reference.csv")
    expected = compute_drift(reference, demo.batches[-1][1], demo.features)
    for column, score in _drift_scores(db, second.run_id).items():
        assert score == pytest.approx(expected.columns[column].score, abs=1e-9), column

    changed = reference.iloc[: len(reference) // 2]
    changed.to_csv(tmp_path / "reference.csv", index=False)
    stat = (tmp_path / "reference.csv").stat()
    os.utime(tmp_path / "reference.csv", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    third = run_monitor(db, model_id, SYSTEM, with_report=False, evidence=False)
    assert len(built) == 2
    assert len(list((db.files_dir / "profiles" / model_id).iterdir())) == 1
    expected = compute_drift(changed, demo.batches[-1][1], demo.features)
    for column, score in _drift_scores(db, third.run_id).items():
        assert score == pytest.approx(expected.columns[column].score, abs=1e-9), column
