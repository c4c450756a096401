"""monitors.fairness against fairlearn 0.15 (the oracle) and the reference thresholds."""

import csv
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fairlearn.metrics import (
    MetricFrame,
    demographic_parity_difference,
    demographic_parity_ratio,
    equalized_odds_difference,
    false_positive_rate,
    selection_rate,
    true_positive_rate,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitors.errors import MonitorInputError
from monitors.fairness import compute_fairness
from risk_model.monitor_thresholds import FairnessThresholds

THRESHOLDS_TSV = (
    Path(__file__).resolve().parents[1] / "data" / "reference" / "metric_thresholds.tsv"
)


def random_frame(seed: int, n: int, groups: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    group = rng.choice([f"g{i}" for i in range(groups)], n)
    frame = pd.DataFrame({"group": group, "sex": rng.choice(["F", "M"], n)})
    frame["y"] = rng.integers(0, 2, n)
    bias = 0.1 * (frame["group"] == "g0") + 0.1 * (frame["sex"] == "M")
    frame["pred"] = (rng.random(n) < 0.35 + bias).astype(int)
    return frame


def assert_matches_fairlearn(frame: pd.DataFrame, attributes: list[str], key: str, **kwargs):
    result = compute_fairness(frame, "y", "pred", attributes, **kwargs).attributes[key]
    features = frame[attributes] if len(attributes) > 1 else frame[attributes[0]]
    args = (frame["y"], frame["pred"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected_dpd = demographic_parity_difference(*args, sensitive_features=features)
        expected_dpr = demographic_parity_ratio(*args, sensitive_features=features)
        expected_eod = equalized_odds_difference(*args, sensitive_features=features)
        by_group = MetricFrame(
            metrics={"sr": selection_rate, "tpr": true_positive_rate, "fpr": false_positive_rate},
            y_true=frame["y"],
            y_pred=frame["pred"],
            sensitive_features=features,
        ).by_group
    assert result.demographic_parity_difference == pytest.approx(expected_dpd, abs=1e-9)
    if np.isnan(expected_dpr):
        assert np.isnan(result.demographic_parity_ratio)
    else:
        assert result.demographic_parity_ratio == pytest.approx(expected_dpr, abs=1e-9)
    assert result.equalized_odds_difference == pytest.approx(expected_eod, abs=1e-9)
    assert len(result.groups) == len(by_group)
    for index, row in by_group.iterrows():
        name = "×".join(map(str, index)) if isinstance(index, tuple) else str(index)
        rates = result.groups[name]
        assert rates.selection_rate == pytest.approx(row["sr"], abs=1e-9)
        assert rates.tpr == pytest.approx(row["tpr"], abs=1e-9)
        assert rates.fpr == pytest.approx(row["fpr"], abs=1e-9)
    return result


@pytest.mark.parametrize("seed, n, groups", [(0, 200, 2), (1, 1000, 3), (2, 5000, 6), (3, 37, 4)])
def test_matches_fairlearn(seed, n, groups):
    frame = random_frame(seed, n, groups)
    result = assert_matches_fairlearn(frame, ["group"], "group")
    counts = frame["group"].value_counts()
    assert {g: r.count for g, r in result.groups.items()} == counts.to_dict()


def test_intersection_matches_fairlearn_with_two_features():
    frame = random_frame(4, 3000, 3)
    result = compute_fairness(frame, "y", "pred", ["sex", "group"], intersections=True)
    assert set(result.attributes) == {"sex", "group", "sex×group"}
    assert "F×g0" in result.attributes["sex×group"].groups
    assert_matches_fairlearn(frame, ["sex", "group"], "sex×group", intersections=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(0, 1), st.integers(0, 1)),
        min_size=1,
        max_size=60,
    )
)
def test_property_matches_fairlearn(rows):
    frame = pd.DataFrame(rows, columns=["group", "y", "pred"])
    result = assert_matches_fairlearn(frame, ["group"], "group")
    ratio = result.demographic_parity_ratio
    assert result.four_fifths_pass == (np.isnan(ratio) or ratio >= 0.8)
    assert 0.0 <= result.demographic_parity_difference <= 1.0


def test_group_without_positives_has_tpr_zero_like_fairlearn():
    frame = pd.DataFrame(
        {
            "group": ["a"] * 4 + ["b"] * 4,
            "y": [0, 0, 0, 0, 1, 1, 0, 0],
            "pred": [1, 0, 0, 0, 1, 0, 1, 0],
        }
    )
    result = assert_matches_fairlearn(frame, ["group"], "group")
    assert result.groups["a"].tpr == 0.0 and result.groups["a"].positives == 0


def test_one_class_target_and_nobody_selected():
    frame = pd.DataFrame({"group": ["a", "b", "a", "b"], "y": [0] * 4, "pred": [0] * 4})
    result = assert_matches_fairlearn(frame, ["group"], "group")
    assert result.four_fifths_pass
    json_attr = compute_fairness(frame, "y", "pred", ["group"]).to_json_dict()["attributes"]
    assert json_attr["group"]["demographic_parity_ratio"] is None


def test_unused_categories_are_not_groups():
    frame = random_frame(5, 100, 2)
    frame["group"] = pd.Categorical(frame["group"], categories=["g0", "g1", "empty"])
    result = compute_fairness(frame, "y", "pred", ["group"])
    assert set(result.attributes["group"].groups) == {"g0", "g1"}


def test_string_labels_with_positive_label():
    frame = random_frame(6, 500)
    as_text = frame.assign(
        y=frame["y"].map({1: "Yes", 0: "No"}), pred=frame["pred"].map({1: "Yes", 0: "No"})
    )
    numeric = compute_fairness(frame, "y", "pred", ["group"]).to_json_dict()
    textual = compute_fairness(as_text, "y", "pred", ["group"], positive_label="Yes").to_json_dict()
    assert numeric["attributes"] == textual["attributes"]
    with pytest.raises(MonitorInputError, match="positive label"):
        compute_fairness(as_text, "y", "pred", ["group"])


@pytest.mark.parametrize("column", ["y", "pred", "group"])
def test_nan_is_rejected_naming_the_column(column):
    frame = random_frame(7, 50).astype({column: object})
    frame.loc[3, column] = np.nan
    with pytest.raises(MonitorInputError, match=f"'{column}'"):
        compute_fairness(frame, "y", "pred", ["group"])


def test_missing_column_and_non_binary_outcome():
    frame = random_frame(8, 50)
    with pytest.raises(MonitorInputError, match="'race'"):
        compute_fairness(frame, "y", "pred", ["race"])
    frame.loc[0, "y"] = 2
    with pytest.raises(MonitorInputError, match="binary"):
        compute_fairness(frame, "y", "pred", ["group"])


def test_breaches_follow_thresholds_and_json_shape():
    frame = pd.DataFrame(
        {
            "group": ["a"] * 10 + ["b"] * 10,
            "y": [1, 0] * 10,
            "pred": [1] * 8 + [0] * 2 + [1] * 5 + [0] * 5,
        }
    )
    result = compute_fairness(frame, "y", "pred", ["group"])
    attr = result.to_json_dict()["attributes"]["group"]
    assert attr["demographic_parity_difference"] == pytest.approx(0.8 - 0.5)
    assert attr["demographic_parity_ratio"] == pytest.approx(0.5 / 0.8)
    assert attr["four_fifths_pass"] is False
    assert set(attr["groups"]["a"]) >= {"count", "selection_rate", "tpr", "fpr"}
    assert len(result.breaches) == 3  # DP difference, EO difference, four-fifths
    lenient = FairnessThresholds(0.5, 0.5, 0.5)
    assert compute_fairness(frame, "y", "pred", ["group"], thresholds=lenient).breaches == []


def test_fairness_defaults_match_reference_tsv():
    rows = {r["metric"]: r for r in csv.DictReader(THRESHOLDS_TSV.open(), delimiter="\t")}
    defaults = FairnessThresholds()
    assert "<0.8" in rows["disparate_impact_ratio"]["conventional_threshold"]
    assert defaults.four_fifths_ratio == 0.8
    dpd = rows["statistical_parity_difference / demographic_parity_difference"]
    assert "0.1" in dpd["conventional_threshold"]
    assert defaults.demographic_parity_difference == 0.1
    assert "0.1" in rows["equalized_odds_difference"]["conventional_threshold"]
    assert defaults.equalized_odds_difference == 0.1
    assert FairnessThresholds.from_dict(defaults.to_dict()) == defaults
    with pytest.raises(ValueError, match="unknown"):
        FairnessThresholds.from_dict({"nope": 1})
