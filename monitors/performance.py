"""Classification performance overall and per group of each sensitive attribute.

Accuracy, precision, recall and F1 come from per-group confusion counts (``np.bincount``), with
scikit-learn's ``zero_division=0`` convention (a ratio with an empty denominator is 0.0).
ROC AUC is computed by scikit-learn, only when a probability column is given and the group has
both actual classes; otherwise it is ``None`` with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from monitors.errors import MonitorInputError
from monitors.fairness import binary_outcomes, group_codes, require_columns
from risk_model.monitor_thresholds import PerformanceThresholds

METRICS = ("accuracy", "precision", "recall", "f1", "roc_auc")


@dataclass(frozen=True)
class Performance:
    count: int
    accuracy: float
    precision: float
    recall: float
    f1: float
    roc_auc: float | None
    roc_auc_reason: str | None = None
    """Why ``roc_auc`` is None (no probability column, or only one actual class)."""

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "accuracy": self.accuracy,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "roc_auc": self.roc_auc,
            "roc_auc_reason": self.roc_auc_reason,
        }


@dataclass(frozen=True)
class PerformanceResult:
    overall: Performance
    by_attribute: dict[str, dict[str, Performance]]
    thresholds: PerformanceThresholds
    breaches: list[str] = field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall.to_json_dict(),
            "by_attribute": {
                attribute: {group: perf.to_json_dict() for group, perf in groups.items()}
                for attribute, groups in self.by_attribute.items()
            },
            "breaches": list(self.breaches),
            "thresholds": self.thresholds.to_dict(),
        }


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / denominator, 0.0)


def _performance_by_code(
    codes: np.ndarray,
    k: int,
    y_true: np.ndarray,
    y_pred: np.ndarray,
    probability: np.ndarray | None,
) -> list[Performance]:
    count = np.bincount(codes, minlength=k)
    tp = np.bincount(codes, weights=y_true & y_pred, minlength=k)
    fp = np.bincount(codes, weights=~y_true & y_pred, minlength=k)
    fn = np.bincount(codes, weights=y_true & ~y_pred, minlength=k)
    positives = tp + fn
    accuracy = _ratio(count - fp - fn, count)
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, positives)
    f1 = _ratio(2 * tp, 2 * tp + fp + fn)
    results = []
    for i in range(k):
        auc, reason = None, None
        if probability is None:
            reason = "no probability column"
        elif positives[i] in (0, count[i]):
            reason = "only one actual class present"
        else:
            member = codes == i
            auc = float(roc_auc_score(y_true[member], probability[member]))
        results.append(
            Performance(
                int(count[i]),
                float(accuracy[i]),
                float(precision[i]),
                float(recall[i]),
                float(f1[i]),
                auc,
                reason,
            )
        )
    return results


def _breaches(overall: Performance, thresholds: PerformanceThresholds) -> list[str]:
    found = []
    for metric in METRICS:
        minimum = getattr(thresholds, f"min_{metric}")
        value = getattr(overall, metric)
        if minimum is not None and value is not None and value < minimum:
            found.append(f"{metric} {value:.3f} < {minimum}")
    return found


def compute_performance(
    frame: pd.DataFrame,
    target: str,
    prediction: str,
    probability: str | None = None,
    sensitive: list[str] | None = None,
    positive_label: Any = 1,
    thresholds: PerformanceThresholds | None = None,
) -> PerformanceResult:
    """Overall and per-group performance; ``probability`` is the score of the positive class."""
    thresholds = thresholds or PerformanceThresholds()
    sensitive = list(sensitive or [])
    columns = [target, prediction, *sensitive] + ([probability] if probability else [])
    require_columns(frame, columns)
    y_true, y_pred = binary_outcomes(frame, target, prediction, positive_label)
    scores = None
    if probability is not None:
        if not pd.api.types.is_numeric_dtype(frame[probability]):
            raise MonitorInputError(f"column '{probability}' should hold numeric probabilities")
        scores = frame[probability].to_numpy(dtype=float)
    overall = _performance_by_code(np.zeros(len(frame), dtype=np.int64), 1, y_true, y_pred, scores)[
        0
    ]
    by_attribute = {}
    for attribute in sensitive:
        codes, names = group_codes(frame, [attribute])
        per_group = _performance_by_code(codes, len(names), y_true, y_pred, scores)
        by_attribute[attribute] = dict(zip(names, per_group, strict=True))
    return PerformanceResult(overall, by_attribute, thresholds, _breaches(overall, thresholds))
