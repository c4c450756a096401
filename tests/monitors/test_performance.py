"""monitors.performance against scikit-learn."""

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score, roc_auc_score

from monitors.errors import MonitorInputError
from monitors.performance import compute_performance
from risk_model.monitor_thresholds import PerformanceThresholds


def scored_frame(seed: int, n: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({"group": rng.choice(["a", "b", "c"], n), "y": rng.integers(0, 2, n)})
    frame["proba"] = np.clip(0.3 * frame["y"] + rng.random(n) * 0.7, 0, 1)
    frame["pred"] = (frame["proba"] >= 0.5).astype(int)
    return frame


def sklearn_metrics(part: pd.DataFrame) -> dict:
    y, p = part["y"], part["pred"]
    return {
        "accuracy": accuracy_score(y, p),
        "precision": precision_score(y, p, zero_division=0),
        "recall": recall_score(y, p, zero_division=0),
        "f1": f1_score(y, p, zero_division=0),
        "roc_auc": roc_auc_score(y, part["proba"]) if part["y"].nunique() == 2 else None,
    }


@pytest.mark.parametrize("seed, n", [(0, 50), (1, 1000), (2, 20000)])
def test_matches_sklearn_overall_and_per_group(seed, n):
    frame = scored_frame(seed, n)
    result = compute_performance(frame, "y", "pred", "proba", ["group"])
    for got, part in [(result.overall, frame)] + [
        (result.by_attribute["group"][g], part) for g, part in frame.groupby("group")
    ]:
        expected = sklearn_metrics(part)
        assert got.count == len(part)
        for metric, value in expected.items():
            assert getattr(got, metric) == pytest.approx(value, abs=1e-12), metric


def test_roc_auc_needs_probability_and_both_classes():
    frame = scored_frame(3, 200)
    assert compute_performance(frame, "y", "pred").overall.roc_auc is None
    assert "probability" in compute_performance(frame, "y", "pred").overall.roc_auc_reason
    one_class = frame.assign(y=1)
    result = compute_performance(one_class, "y", "pred", "proba")
    assert result.overall.roc_auc is None
    assert "one actual class" in result.overall.roc_auc_reason
    assert result.overall.recall == pytest.approx(recall_score(one_class["y"], one_class["pred"]))


def test_zero_division_is_zero_like_sklearn():
    frame = pd.DataFrame({"y": [0, 0, 1], "pred": [0, 0, 0]})
    result = compute_performance(frame, "y", "pred").overall
    assert result.precision == precision_score(frame["y"], frame["pred"], zero_division=0) == 0.0
    assert result.f1 == 0.0


def test_breaches_and_json():
    frame = scored_frame(4, 500)
    accuracy = accuracy_score(frame["y"], frame["pred"])
    strict = PerformanceThresholds(min_accuracy=accuracy + 0.01, min_roc_auc=0.0)
    result = compute_performance(frame, "y", "pred", "proba", ["group"], thresholds=strict)
    assert len(result.breaches) == 1 and result.breaches[0].startswith("accuracy")
    data = result.to_json_dict()
    assert data["overall"]["accuracy"] == pytest.approx(accuracy)
    assert set(data["by_attribute"]["group"]) == {"a", "b", "c"}


def test_bad_input():
    frame = scored_frame(5, 20)
    with pytest.raises(MonitorInputError, match="'nope'"):
        compute_performance(frame, "y", "pred", "nope")
    with pytest.raises(MonitorInputError, match="'group'"):
        compute_performance(frame, "y", "pred", "group")
