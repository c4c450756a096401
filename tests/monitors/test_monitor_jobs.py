"""Monitor jobs write one run with its metrics; breaches open and update incidents; bad input
becomes a failed run with a reason. Metrics are checked against fairlearn and scikit-learn."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest
from fairlearn.metrics import (
    MetricFrame,
    demographic_parity_difference,
    equalized_odds_difference,
    selection_rate,
)
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score

from monitors.jobs import run_monitor
from risk_model.access import SYSTEM
from store import incidents, inventory, monitored_models, monitoring


@pytest.fixture(scope="module")
def arrests():
    from demo.models import build_demo_models

    model = build_demo_models(date(2026, 1, 31), days=3, seed=1)[0]
    return model


def register(db, tmp_path, model, current: pd.DataFrame, **overrides) -> str:
    model.frame_reference.to_parquet(tmp_path / "reference.parquet")
    current.to_parquet(tmp_path / "current.parquet")
    system = inventory.add_system(db, {"name": "Credit scoring", "owner": "Priya"}, SYSTEM)
    values = {
        "name": model.name,
        "system_id": system,
        "reference_source": str(tmp_path / "reference.parquet"),
        "current_source": str(tmp_path / "current.parquet"),
        "target_column": model.target,
        "prediction_column": model.prediction,
        "probability_column": model.probability,
        "features": model.features,
        "sensitive_attributes": model.sensitive,
        **overrides,
    }
    return monitored_models.register_model(db, values, SYSTEM)


def test_run_writes_one_record_with_metrics_equal_to_fairlearn(db, tmp_path, arrests):
    current = arrests.batches[-1][1].copy()
    current.loc[current.index[:20], arrests.target] = np.nan  # outcomes not known yet
    model_id = register(db, tmp_path, arrests, current)
    seen = []
    result = run_monitor(
        db, model_id, SYSTEM, progress=lambda f, m: seen.append(f), with_report=False
    )
    runs = monitoring.list_runs(db)
    assert len(runs) == 1
    run = runs.iloc[0]
    assert run["id"] == result.run_id
    assert (run["rows_seen"], run["rows_used"]) == (len(current), len(current) - 20)
    assert run["status"] == result.status == "breached"
    assert run["duration_s"] > 0 and run["finished_at"] >= run["started_at"]
    assert seen == sorted(seen) and seen[-1] == 1.0
    metrics = monitoring.run_metrics(db, result.run_id)
    assert run["metric_count"] == len(metrics)

    used = current[current[arrests.target].notna()]
    y, p = used[arrests.target].astype(int), used[arrests.prediction]
    for attribute in arrests.sensitive:
        row = metrics[(metrics["attribute"] == attribute) & metrics["group_name"].isna()]
        value = dict(zip(row["metric"], row["value"], strict=True))
        expected_dp = demographic_parity_difference(y, p, sensitive_features=used[attribute])
        expected_eo = equalized_odds_difference(y, p, sensitive_features=used[attribute])
        assert value["demographic_parity_difference"] == pytest.approx(expected_dp, abs=1e-9)
        assert value["equalized_odds_difference"] == pytest.approx(expected_eo, abs=1e-9)
        frame = MetricFrame(
            metrics=selection_rate, y_true=y, y_pred=p, sensitive_features=used[attribute]
        )
        groups = metrics[
            (metrics["attribute"] == attribute) & (metrics["metric"] == "selection_rate")
        ]
        stored = dict(zip(groups["group_name"], groups["value"], strict=True))
        for group, rate in frame.by_group.items():
            assert stored[str(group)] == pytest.approx(rate, abs=1e-9)
    overall = metrics[(metrics["family"] == "performance") & metrics["attribute"].isna()]
    perf = dict(zip(overall["metric"], overall["value"], strict=True))
    assert perf["accuracy"] == pytest.approx(accuracy_score(y, p), abs=1e-12)
    assert perf["f1"] == pytest.approx(f1_score(y, p), abs=1e-12)
    assert perf["roc_auc"] == pytest.approx(roc_auc_score(y, used[arrests.probability]), abs=1e-12)
    drift = metrics[metrics["family"] == "drift"]
    assert set(drift["column_name"].dropna()) == set(arrests.features)
    share = drift[drift["metric"] == "drifted_share"]["value"].iloc[0]
    assert share == pytest.approx(drift[drift["metric"] == "drift_score"]["breached"].mean())


def test_breach_opens_an_incident_and_the_next_breach_updates_it(db, tmp_path, arrests):
    model_id = register(db, tmp_path, arrests, arrests.batches[-1][1])
    first = run_monitor(db, model_id, SYSTEM, with_report=False)
    log = incidents.list_incidents(db)
    colour = log[log["breach_key"] == "fairness:colour"]
    assert len(colour) == 1 and colour.iloc[0]["breach_count"] == 1
    assert colour.iloc[0]["incident_type"] == "fairness" and colour.iloc[0]["status"] == "open"
    assert "colour=Black" in list(colour.iloc[0]["affected_groups"])
    second = run_monitor(db, model_id, SYSTEM, with_report=False)
    log = incidents.list_incidents(db)
    colour = log[log["breach_key"] == "fairness:colour"]
    assert len(colour) == 1 and colour.iloc[0]["breach_count"] == 2
    incident_id = colour.iloc[0]["id"]
    assert incidents.incident_runs(db, incident_id) == [first.run_id, second.run_id]
    incidents.update_incident(db, incident_id, {"status": "closed"}, SYSTEM)
    run_monitor(db, model_id, SYSTEM, with_report=False)
    log = incidents.list_incidents(db)
    assert len(log[log["breach_key"] == "fairness:colour"]) == 2  # closed, then a new one


def _bad(frame: pd.DataFrame, case: str, model) -> pd.DataFrame:
    frame = frame.copy()
    if case == "missing column":
        return frame.drop(columns=["age"])
    if case == "empty batch":
        return frame.iloc[0:0]
    if case == "one class":
        frame[model.target] = 1
        return frame
    if case == "one group":
        frame["colour"] = "White"
        return frame
    if case == "NaN in a feature":
        frame.loc[frame.index[:3], "age"] = np.nan
        return frame
    raise AssertionError(case)


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("missing file", "file not found"),
        ("missing column", "column 'age' is missing from current data"),
        ("empty batch", "current data is empty (0 rows)"),
        ("one class", "column 'released' holds one class only"),
        ("one group", "sensitive column 'colour' has fewer than two groups"),
        ("NaN in a feature", "column 'age' has 3 missing values (NaN) in current data"),
    ],
)
def test_bad_input_is_a_failed_run_with_its_reason(db, tmp_path, arrests, case, reason):
    batch = arrests.batches[-1][1]
    current = batch if case == "missing file" else _bad(batch, case, arrests)
    model_id = register(db, tmp_path, arrests, current)
    if case == "missing file":
        (tmp_path / "current.parquet").unlink()
    result = run_monitor(db, model_id, SYSTEM, with_report=False)
    run = monitoring.get_run(db, result.run_id)
    assert run["status"] == "failed" == result.status
    assert reason in run["failure_reason"]
    assert monitoring.run_metrics(db, result.run_id).empty
    assert incidents.list_incidents(db).empty


def test_store_table_source_and_dated_query(db, tmp_path, arrests):
    """A DuckDB source in the store itself is read through the store, with {date} filled in."""
    from store.source_access import write_data_table

    frames = [f.assign(batch_date=d) for d, f in arrests.batches]
    write_data_table(db, "test_batches", pd.concat(frames, ignore_index=True))
    day = arrests.batches[1][0]
    model_id = register(
        db,
        tmp_path,
        arrests,
        arrests.batches[0][1],
        current_source="query:SELECT * FROM test_batches WHERE batch_date = '{date}'",
    )
    result = run_monitor(
        db, model_id, SYSTEM, as_of=datetime.combine(day, datetime.min.time()), with_report=False
    )
    run = monitoring.get_run(db, result.run_id)
    assert run["rows_seen"] == len(arrests.batches[1][1])
    assert day.isoformat() in run["current_source"]
    assert run["started_at"].date() == day


def test_query_source_must_be_a_select(db):
    with pytest.raises(monitored_models.SourceError, match="one SELECT"):
        monitored_models.read_source(db, "query:DELETE FROM ai_systems")
