"""monitors.drift against Evidently 0.7 (the oracle) and scipy; the Evidently report round trip."""

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from monitors.drift import compute_drift, infer_column_types
from monitors.errors import MonitorInputError
from risk_model.monitor_thresholds import DriftThresholds

COLUMNS = {
    "num": "numerical",
    "num_small": "numerical",
    "num_mid": "numerical",
    "numint": "numerical",
    "cat": "categorical",
    "binary": "categorical",
    "binint": "categorical",
}
THRESHOLDS_TSV = (
    Path(__file__).resolve().parents[1] / "data" / "reference" / "metric_thresholds.tsv"
)


def synthetic(rng: np.random.Generator, n: int, shift: float) -> pd.DataFrame:
    """Numeric (wide, <= 5 values, 6-12 values), categorical and two-valued columns, with
    NaN, None and inf sprinkled in."""
    cat_p = [0.4, 0.3, 0.2, 0.1] if shift == 0 else [0.25, 0.25, 0.25, 0.25]
    frame = pd.DataFrame(
        {
            "num": rng.normal(shift, 1, n),
            "num_small": rng.integers(0, 4 + (shift > 0), n).astype(float),
            "num_mid": rng.integers(0, 12, n) + (rng.random(n) < shift / 3),
            "numint": rng.poisson(3 + shift, n),
            "cat": rng.choice(["a", "b", "c", "d"], n, p=cat_p),
            "binary": rng.choice(["yes", "no"], n, p=[0.5 + shift / 4, 0.5 - shift / 4]),
            "binint": rng.integers(0, 2, n),
        }
    )
    frame.loc[rng.random(n) < 0.05, "num"] = np.nan
    frame.loc[rng.random(n) < 0.01, "num"] = np.inf
    frame.loc[rng.random(n) < 0.02, "cat"] = None
    return frame


CASES = [  # (reference rows, current rows, shift): small and large references, drifted or not
    (500, 400, 0.0),
    (500, 400, 0.3),
    (900, 3000, 0.5),
    (5000, 4000, 0.0),
    (5000, 4000, 0.2),
    (20000, 1000, 0.6),
]


@pytest.mark.parametrize("method", [None, "psi", "jensenshannon"])
@pytest.mark.parametrize("case", range(len(CASES)))
def test_matches_evidently(case, method):
    from monitors.drift_evidently import compute_drift_evidently

    n_ref, n_cur, shift = CASES[case]
    rng = np.random.default_rng(case)
    reference, current = synthetic(rng, n_ref, 0.0), synthetic(rng, n_cur, shift)
    ours = compute_drift(reference, current, COLUMNS, method=method)
    theirs, snapshot = compute_drift_evidently(reference, current, COLUMNS, method=method)
    assert snapshot.dict()["metrics"]
    for column in COLUMNS:
        mine, oracle = ours.columns[column], theirs.columns[column]
        assert mine.method == oracle.method, column
        assert mine.drifted == oracle.drifted, column
        assert mine.threshold == pytest.approx(oracle.threshold)
        assert mine.score == pytest.approx(oracle.score, rel=1e-6, abs=1e-9), column
    assert ours.drifted_share == theirs.drifted_share
    assert ours.dataset_drift == theirs.dataset_drift


def test_default_methods_follow_evidentlys_table():
    rng = np.random.default_rng(1)
    small = compute_drift(synthetic(rng, 500, 0), synthetic(rng, 500, 0), COLUMNS)
    large = compute_drift(synthetic(rng, 2000, 0), synthetic(rng, 500, 0), COLUMNS)
    assert {c: r.method for c, r in small.columns.items()} == {
        "num": "ks",
        "num_small": "chisquare",
        "num_mid": "ks",
        "numint": "ks",
        "cat": "chisquare",
        "binary": "z",
        "binint": "z",
    }
    assert {c: r.method for c, r in large.columns.items()} == {
        "num": "wasserstein",
        "num_small": "jensenshannon",
        "num_mid": "wasserstein",
        "numint": "wasserstein",
        "cat": "jensenshannon",
        "binary": "jensenshannon",
        "binint": "jensenshannon",
    }


def test_scores_equal_scipy_after_dropping_nan_and_inf():
    rng = np.random.default_rng(2)
    reference, current = synthetic(rng, 800, 0), synthetic(rng, 700, 0.3)
    clean = [s["num"].replace([np.inf, -np.inf], np.nan).dropna() for s in (reference, current)]
    ks = compute_drift(reference, current, {"num": "numerical"}).columns["num"]
    assert ks.score == pytest.approx(stats.ks_2samp(*clean).pvalue, rel=1e-12)
    big_ref = synthetic(rng, 3000, 0)
    clean_ref = big_ref["num"].replace([np.inf, -np.inf], np.nan).dropna()
    ws = compute_drift(big_ref, current, {"num": "numerical"}).columns["num"]
    expected = stats.wasserstein_distance(clean_ref, clean[1]) / np.std(clean_ref)
    assert ws.score == pytest.approx(expected, rel=1e-9)
    assert ws.drifted == (expected >= 0.1)


def test_chisquare_and_z_equal_scipy():
    ref = pd.DataFrame({"c": ["a"] * 50 + ["b"] * 30 + ["c"] * 20, "z": [0] * 60 + [1] * 40})
    cur = pd.DataFrame({"c": ["a"] * 20 + ["b"] * 30 + ["c"] * 30, "z": [0] * 30 + [1] * 50})
    result = compute_drift(ref, cur, {"c": "categorical", "z": "categorical"})
    expected_chi = stats.chisquare([20, 30, 30], np.array([50, 30, 20]) * 0.8).pvalue
    assert result.columns["c"].score == pytest.approx(expected_chi, rel=1e-12)
    pooled = (40 + 50) / 180
    z = (0.4 - 0.625) / np.sqrt(pooled * (1 - pooled) * (1 / 100 + 1 / 80))
    assert result.columns["z"].score == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-9)


def test_json_shape():
    rng = np.random.default_rng(3)
    result = compute_drift(synthetic(rng, 300, 0), synthetic(rng, 300, 0.5), COLUMNS)
    data = result.to_json_dict()
    assert set(data) >= {"columns", "drifted_share", "dataset_drift"}
    assert set(data["columns"]) == set(COLUMNS)
    for column in data["columns"].values():
        assert {"method", "score", "threshold", "drifted"} <= set(column)
        assert isinstance(column["drifted"], bool)
    drifted = sum(c["drifted"] for c in data["columns"].values())
    assert data["drifted_share"] == drifted / len(COLUMNS)
    assert data["dataset_drift"] == (drifted / len(COLUMNS) >= 0.5)


def test_method_and_threshold_override():
    rng = np.random.default_rng(4)
    reference, current = synthetic(rng, 400, 0), synthetic(rng, 400, 0.3)
    result = compute_drift(reference, current, {"num": "numerical"}, method="psi", threshold=0.5)
    assert result.columns["num"].method == "psi"
    assert result.columns["num"].threshold == 0.5
    assert result.columns["num"].drifted == (result.columns["num"].score >= 0.5)


@pytest.mark.parametrize(
    "reference, current, columns, method, fragment",
    [
        (pd.DataFrame({"a": [1.0]}), pd.DataFrame({"b": [1.0]}), {"a": "numerical"}, None, "'a'"),
        (pd.DataFrame({"a": [1.0]}), pd.DataFrame({"a": []}), {"a": "numerical"}, None, "empty"),
        (
            pd.DataFrame({"a": [1.0, 2.0]}),
            pd.DataFrame({"a": [np.nan, np.inf]}),
            {"a": "numerical"},
            None,
            "'a'",
        ),
        (pd.DataFrame({"a": ["x"]}), pd.DataFrame({"a": ["y"]}), {"a": "numerical"}, None, "'a'"),
        (pd.DataFrame({"a": ["x"]}), pd.DataFrame({"a": ["y"]}), {"a": "categorical"}, "ks", "ks"),
        (pd.DataFrame({"a": [1.0]}), pd.DataFrame({"a": [1.0]}), {"a": "numerical"}, "foo", "foo"),
    ],
)
def test_bad_input_names_the_problem(reference, current, columns, method, fragment):
    with pytest.raises(MonitorInputError, match=fragment):
        compute_drift(reference, current, columns, method=method)


def test_infer_column_types():
    frame = pd.DataFrame({"x": range(10), "flag": [0, 1] * 5, "s": list("abcdefghij")})
    assert infer_column_types([frame], ["x", "flag", "s"]) == {
        "x": "numerical",
        "flag": "categorical",
        "s": "categorical",
    }


def test_drift_defaults_match_reference_tsv():
    rows = list(csv.DictReader(THRESHOLDS_TSV.open(), delimiter="\t"))
    share = next(r for r in rows if r["metric"] == "dataset drift share")
    assert ">=0.5" in share["conventional_threshold"].replace(" ", "")
    assert DriftThresholds().drift_share == 0.5
    assert DriftThresholds.from_dict(DriftThresholds(method="psi").to_dict()).method == "psi"


def test_evidently_snapshot_round_trip():
    from monitors.evidently_report import build_snapshot, render_html

    rng = np.random.default_rng(5)
    reference, current = synthetic(rng, 1500, 0), synthetic(rng, 500, 0.4)
    reference["label"], current["label"] = reference["binint"], current["binint"]
    columns = {"num": "numerical", "cat": "categorical"}
    snapshot_json = build_snapshot(reference, current, columns, target="label")
    html = render_html(snapshot_json)
    assert len(snapshot_json) < len(html) / 5
    for column in ("num", "cat", "label"):
        assert column in html
