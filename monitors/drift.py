"""Fast data-drift tests that reproduce Evidently 0.7's per-column verdicts.

Mirrors ``evidently.legacy.calculations.stattests`` (registry, default-test selection, binning)
and ``get_one_column_drift`` (NaN and +/-inf are dropped per column before testing), but works
on sorted numpy arrays and value counts instead of Evidently's per-column pandas pipeline and
report widgets. Default test per column, as Evidently picks it (after dropping NaN/inf):

- reference rows <= 1000: numerical with > 5 unique values (reference + current) -> ``ks``;
  otherwise ``chisquare`` if > 2 unique values, else ``z``;
- reference rows > 1000: numerical with > 5 unique values -> ``wasserstein`` (normed by the
  reference standard deviation); everything else -> ``jensenshannon``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from monitors.errors import MonitorInputError

ColumnType = Literal["numerical", "categorical"]

DEFAULT_THRESHOLDS: dict[str, float] = {
    "ks": 0.05,
    "chisquare": 0.05,
    "z": 0.05,
    "wasserstein": 0.1,
    "jensenshannon": 0.1,
    "psi": 0.1,
}
"""Each test's default threshold in Evidently 0.7."""

ALLOWED_TYPES: dict[str, frozenset[str]] = {
    "ks": frozenset({"numerical"}),
    "chisquare": frozenset({"categorical"}),
    "z": frozenset({"categorical"}),
    "wasserstein": frozenset({"numerical"}),
    "jensenshannon": frozenset({"numerical", "categorical"}),
    "psi": frozenset({"numerical", "categorical"}),
}
"""Column types each test accepts when it is asked for by name (as Evidently's registry)."""

P_VALUE_TESTS = frozenset({"ks", "chisquare", "z"})


@dataclass(frozen=True)
class ColumnDrift:
    column: str
    column_type: str
    method: str
    """Evidently's stattest name: ks, chisquare, z, wasserstein, jensenshannon or psi."""
    score: float
    """p-value for ks/chisquare/z, distance for the others."""
    threshold: float
    drifted: bool


@dataclass(frozen=True)
class DriftResult:
    columns: dict[str, ColumnDrift]
    drifted_share: float
    dataset_drift: bool
    drift_share: float = 0.5

    @classmethod
    def from_columns(cls, columns: dict[str, ColumnDrift], drift_share: float) -> DriftResult:
        """The dataset verdict: drifted when the share of drifted columns >= ``drift_share``."""
        share = sum(c.drifted for c in columns.values()) / len(columns)
        return cls(columns, share, bool(share >= drift_share), drift_share)

    @property
    def drifted_columns(self) -> list[str]:
        return [name for name, col in self.columns.items() if col.drifted]

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "columns": {
                name: {
                    "method": col.method,
                    "score": float(col.score),
                    "threshold": float(col.threshold),
                    "drifted": bool(col.drifted),
                    "column_type": col.column_type,
                    "score_kind": "p_value" if col.method in P_VALUE_TESTS else "distance",
                }
                for name, col in self.columns.items()
            },
            "drifted_share": float(self.drifted_share),
            "dataset_drift": bool(self.dataset_drift),
            "drift_share": float(self.drift_share),
            "drifted_columns": self.drifted_columns,
        }


@dataclass
class _Sample:
    """One column of one dataset after dropping NaN/inf: sorted values or value counts."""

    size: int
    sorted_values: np.ndarray | None = None  # numerical columns
    counts: pd.Series | None = None  # categorical columns (index = category)

    def value_counts(self) -> pd.Series:
        if self.counts is None:
            assert self.sorted_values is not None
            values, counts = np.unique(self.sorted_values, return_counts=True)
            self.counts = pd.Series(counts, index=values)
        return self.counts


def _numeric_sample(series: pd.Series, column: str, role: str) -> _Sample:
    if not pd.api.types.is_numeric_dtype(series):
        raise MonitorInputError(f"column '{column}' in {role} data should be numerical")
    values = series.to_numpy(dtype=float, na_value=np.nan)
    values = np.sort(values[np.isfinite(values)])
    return _Sample(size=values.size, sorted_values=values)


def _categorical_sample(series: pd.Series, column: str, role: str) -> _Sample:
    counts = series.value_counts(dropna=True, sort=False)
    if pd.api.types.is_numeric_dtype(counts.index) and not pd.api.types.is_bool_dtype(counts.index):
        counts = counts[np.isfinite(counts.index.to_numpy(dtype=float))]
    counts = counts[counts > 0]  # unused pandas categories
    return _Sample(size=int(counts.sum()), counts=counts)


def _aligned_counts(ref: _Sample, cur: _Sample) -> tuple[np.ndarray, np.ndarray]:
    """Counts of reference and current over the union of their categories."""
    ref_counts, cur_counts = ref.value_counts(), cur.value_counts()
    keys = ref_counts.index.union(cur_counts.index, sort=False)
    return (
        ref_counts.reindex(keys, fill_value=0).to_numpy(dtype=float),
        cur_counts.reindex(keys, fill_value=0).to_numpy(dtype=float),
    )


def _n_unique(sorted_values: np.ndarray) -> int:
    return int(sorted_values.size > 0) + int(np.count_nonzero(np.diff(sorted_values)))


def _numeric_union_unique(ref_sorted: np.ndarray, cur_sorted: np.ndarray) -> int:
    """Unique values of both samples; exact up to 5, otherwise a lower bound above 5 (all that
    the default-test choice needs), which avoids sorting the union of two large samples."""
    largest = max(_n_unique(ref_sorted), _n_unique(cur_sorted))
    if largest > 5:
        return largest
    return int(np.union1d(ref_sorted, cur_sorted).size)


def _default_method(column_type: str, ref: _Sample, cur: _Sample, n_values: int) -> str:
    if ref.size <= 1000:
        if column_type == "numerical" and n_values > 5:
            return "ks"
        return "chisquare" if n_values > 2 else "z"
    if column_type == "numerical" and n_values > 5:
        return "wasserstein"
    return "jensenshannon"


def _binned_percents(column_type: str, ref: _Sample, cur: _Sample) -> tuple[np.ndarray, np.ndarray]:
    """Evidently's ``get_binned_data``: Sturges bins over both samples for numerical columns
    with > 20 unique reference values, else shares per category over the union of categories."""
    if column_type == "numerical" and _n_unique(ref.sorted_values) > 20:
        combined = np.concatenate([ref.sorted_values, cur.sorted_values])
        edges = np.histogram_bin_edges(combined, bins="sturges")
        ref_pct = _sorted_histogram(ref.sorted_values, edges) / ref.size
        cur_pct = _sorted_histogram(cur.sorted_values, edges) / cur.size
    else:
        ref_counts, cur_counts = _aligned_counts(ref, cur)
        ref_pct, cur_pct = ref_counts / ref.size, cur_counts / cur.size
    return ref_pct, cur_pct


def _sorted_histogram(sorted_values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """``np.histogram(values, edges)[0]`` for already-sorted values (last bin closed)."""
    cum = np.concatenate(
        [
            sorted_values.searchsorted(edges[:-1], "left"),
            sorted_values.searchsorted(edges[-1:], "right"),
        ]
    )
    return np.diff(cum).astype(float)


def _fill_zeroes(percents: np.ndarray) -> np.ndarray:
    smallest = percents[percents != 0].min()
    filler = smallest / 10**6 if smallest <= 0.0001 else 0.0001
    return np.where(percents == 0, filler, percents)


def _test_score(method: str, column_type: str, ref: _Sample, cur: _Sample) -> float:
    if method == "ks":
        from scipy import stats  # here, not at import: SciPy's statistics take a second to load

        return float(stats.ks_2samp(ref.sorted_values, cur.sorted_values)[1])
    if method == "wasserstein":
        return _wasserstein_normed(ref.sorted_values, cur.sorted_values)
    if method == "chisquare":
        from scipy import stats

        ref_counts, cur_counts = _aligned_counts(ref, cur)
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(stats.chisquare(cur_counts, ref_counts * (cur.size / ref.size))[1])
    if method == "z":
        return _z_test_p_value(*_aligned_counts(ref, cur))
    return _distance_of_percents(method, *_binned_percents(column_type, ref, cur))


def _distance_of_percents(method: str, ref_pct: np.ndarray, cur_pct: np.ndarray) -> float:
    """Jensen-Shannon distance or PSI (zero shares filled first, as Evidently) of two binned
    distributions."""
    if method == "jensenshannon":
        return jensenshannon(ref_pct, cur_pct)
    ref_pct, cur_pct = _fill_zeroes(ref_pct), _fill_zeroes(cur_pct)
    return float(np.sum((ref_pct - cur_pct) * np.log(ref_pct / cur_pct)))  # psi


def jensenshannon(p: np.ndarray, q: np.ndarray) -> float:
    """``scipy.spatial.distance.jensenshannon(p, q)`` (natural log), step by step as SciPy
    computes it, so the result is the same to the last bit; importing ``scipy.spatial`` alone
    would add about a second to every command's start."""
    from scipy.special import rel_entr

    p, q = np.asarray(p), np.asarray(q)
    p = p / np.sum(p, axis=0, keepdims=True)
    q = q / np.sum(q, axis=0, keepdims=True)
    m = (p + q) / 2.0
    js = np.sum(rel_entr(p, m), axis=0) + np.sum(rel_entr(q, m), axis=0)
    return float(np.sqrt(js / 2.0))


def _wasserstein_normed(ref_sorted: np.ndarray, cur_sorted: np.ndarray) -> float:
    """``scipy.stats.wasserstein_distance`` on pre-sorted samples, divided by the reference
    standard deviation (floored at 0.001, as Evidently)."""
    all_values = np.concatenate([ref_sorted, cur_sorted])
    all_values.sort(kind="mergesort")
    deltas = np.diff(all_values)
    ref_cdf = ref_sorted.searchsorted(all_values[:-1], "right") / ref_sorted.size
    cur_cdf = cur_sorted.searchsorted(all_values[:-1], "right") / cur_sorted.size
    norm = max(float(np.std(ref_sorted)), 0.001)
    return float(np.sum(np.abs(ref_cdf - cur_cdf) * deltas)) / norm


def _z_test_p_value(ref_counts: np.ndarray, cur_counts: np.ndarray) -> float:
    """Two-proportion Z-test; the 'first' category is the smallest, as Evidently sorts keys
    (the two-sided p-value does not depend on which one is first)."""
    if len(ref_counts) == 1:
        return 1.0
    n1, n2 = ref_counts.sum(), cur_counts.sum()
    p1, p2 = (n1 - ref_counts[0]) / n1, (n2 - cur_counts[0]) / n2
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2))
    from scipy import stats

    return float(2 * (1 - stats.norm.cdf(np.abs(z))))


def is_drifted(method: str, score: float, threshold: float) -> bool:
    """Evidently's verdict rule: ks p <= t; chisquare/z p < t; distances >= t."""
    if method == "ks":
        return score <= threshold
    if method in P_VALUE_TESTS:
        return score < threshold
    return score >= threshold


def column_drift(
    reference: pd.Series,
    current: pd.Series,
    column: str,
    column_type: ColumnType,
    method: str | None = None,
    threshold: float | None = None,
) -> ColumnDrift:
    """Drift of one column; NaN and +/-inf are dropped from each side first."""
    if column_type not in ("numerical", "categorical"):
        raise MonitorInputError(f"column '{column}' has unsupported type '{column_type}'")
    if method is not None and method not in ALLOWED_TYPES:
        raise MonitorInputError(f"unknown drift method '{method}'; use {sorted(ALLOWED_TYPES)}")
    if method is not None and column_type not in ALLOWED_TYPES[method]:
        raise MonitorInputError(
            f"drift method '{method}' does not apply to {column_type} '{column}'"
        )
    make_sample = _numeric_sample if column_type == "numerical" else _categorical_sample
    ref = make_sample(reference, column, "reference")
    cur = make_sample(current, column, "current")
    for sample, role in ((ref, "reference"), (cur, "current")):
        if sample.size == 0:
            raise MonitorInputError(f"column '{column}' has no values in {role} data (all NaN)")
    if method is None:
        if column_type == "numerical":
            n_values = _numeric_union_unique(ref.sorted_values, cur.sorted_values)
        else:
            n_values = len(_aligned_counts(ref, cur)[0])
        method = _default_method(column_type, ref, cur, n_values)
    actual_threshold = DEFAULT_THRESHOLDS[method] if threshold is None else float(threshold)
    score = _test_score(method, column_type, ref, cur)
    return ColumnDrift(
        column,
        column_type,
        method,
        score,
        actual_threshold,
        is_drifted(method, score, actual_threshold),
    )


def compute_drift(
    reference: pd.DataFrame,
    current: pd.DataFrame,
    columns: dict[str, ColumnType],
    method: str | None = None,
    threshold: float | None = None,
    drift_share: float = 0.5,
) -> DriftResult:
    """Per-column drift and the dataset verdict (drifted share >= ``drift_share``)."""
    if not columns:
        raise MonitorInputError("no columns given for drift")
    for frame, role in ((reference, "reference"), (current, "current")):
        if len(frame) == 0:
            raise MonitorInputError(f"{role} data is empty (0 rows)")
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise MonitorInputError(f"column '{missing[0]}' is missing from {role} data")
    results = {
        name: column_drift(reference[name], current[name], name, kind, method, threshold)
        for name, kind in columns.items()
    }
    return DriftResult.from_columns(results, drift_share)


def infer_column_types(frames: list[pd.DataFrame], columns: list[str]) -> dict[str, ColumnType]:
    """Numeric (non-boolean) columns with > 5 distinct values across ``frames`` are numerical;
    everything else is categorical."""
    types: dict[str, ColumnType] = {}
    for column in columns:
        series = [frame[column] for frame in frames]
        numeric = all(
            pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s) for s in series
        )
        distinct = pd.concat(series, ignore_index=True).nunique() if numeric else 0
        types[column] = "numerical" if distinct > 5 else "categorical"
    return types
