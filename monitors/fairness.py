"""Group fairness of a binary classifier's decisions, computed with ``np.bincount``.

Definitions follow fairlearn 0.15 (``demographic_parity_difference``/``_ratio`` and
``equalized_odds_difference`` with ``method='between_groups'``, ``agg='worst_case'``) and give
the same values, but in one pass over integer group codes instead of one ``MetricFrame`` per
metric. Conventions kept from fairlearn/scikit-learn:

- a group with no actual positives has ``tpr = 0.0`` (and no actual negatives: ``fpr = 0.0``);
  ``positives``/``negatives`` per group show when that happened;
- ``demographic_parity_ratio`` is min/max of the selection rates, NaN when no group is selected
  at all (reported as ``null`` in JSON; the four-fifths rule then passes: no group is favoured);
- only groups with members appear (unused pandas categories are dropped).

NaN in the target, prediction or a sensitive column is rejected rather than guessed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from monitors.errors import MonitorInputError
from risk_model.monitor_thresholds import FairnessThresholds

INTERSECTION_SEPARATOR = "×"


@dataclass(frozen=True)
class GroupRates:
    count: int
    positives: int
    """Members whose actual outcome is the positive label."""
    negatives: int
    selection_rate: float
    tpr: float
    fpr: float


@dataclass(frozen=True)
class AttributeFairness:
    attribute: str
    groups: dict[str, GroupRates]
    demographic_parity_difference: float
    demographic_parity_ratio: float
    equalized_odds_difference: float
    four_fifths_pass: bool
    breaches: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FairnessResult:
    attributes: dict[str, AttributeFairness]
    thresholds: FairnessThresholds

    @property
    def breaches(self) -> list[str]:
        return [b for attr in self.attributes.values() for b in attr.breaches]

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "attributes": {
                name: {
                    "demographic_parity_difference": _json_float(a.demographic_parity_difference),
                    "demographic_parity_ratio": _json_float(a.demographic_parity_ratio),
                    "equalized_odds_difference": _json_float(a.equalized_odds_difference),
                    "four_fifths_pass": bool(a.four_fifths_pass),
                    "breaches": list(a.breaches),
                    "groups": {
                        g: {
                            "count": r.count,
                            "selection_rate": _json_float(r.selection_rate),
                            "tpr": _json_float(r.tpr),
                            "fpr": _json_float(r.fpr),
                            "positives": r.positives,
                            "negatives": r.negatives,
                        }
                        for g, r in a.groups.items()
                    },
                }
                for name, a in self.attributes.items()
            },
            "breaches": self.breaches,
            "thresholds": self.thresholds.to_dict(),
        }


def _json_float(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def require_columns(frame: pd.DataFrame, columns: list[str]) -> None:
    """Raise MonitorInputError for an empty frame, a missing column or NaN in a column."""
    if len(frame) == 0:
        raise MonitorInputError("data is empty (0 rows)")
    for column in columns:
        if column not in frame.columns:
            raise MonitorInputError(f"column '{column}' is missing from the data")
        missing = int(frame[column].isna().sum())
        if missing:
            raise MonitorInputError(f"column '{column}' has {missing} missing values (NaN)")


def require_classes_and_groups(frame: pd.DataFrame, target: str, sensitive: list[str]) -> None:
    """Raise MonitorInputError, naming the column, when the labelled rows hold one class only
    or a sensitive attribute has fewer than two groups with members: fairness and performance
    compare classes and groups, so such data is refused rather than passed."""
    classes = pd.unique(frame[target].dropna())
    if len(classes) < 2:
        only = repr(classes[0]) if len(classes) else "none"
        raise MonitorInputError(
            f"column '{target}' holds one class only ({only}) in {len(frame)} labelled "
            "rows; performance and fairness need both classes"
        )
    for attribute in sensitive:
        groups = frame[attribute].value_counts()
        groups = groups[groups > 0]
        if len(groups) < 2:
            only = ", ".join(map(str, groups.index)) or "none"
            raise MonitorInputError(
                f"sensitive column '{attribute}' has fewer than two groups with members "
                f"(found: {only}); fairness compares groups"
            )


def binary_outcomes(
    frame: pd.DataFrame, target: str, prediction: str, positive_label: Any
) -> tuple[np.ndarray, np.ndarray]:
    """Boolean arrays 'actual is positive' and 'predicted positive', after checking that the
    two columns hold at most two labels and that the positive label is one of them."""
    labels = pd.unique(pd.concat([frame[target], frame[prediction]], ignore_index=True))
    if len(labels) > 2:
        raise MonitorInputError(
            f"columns '{target}'/'{prediction}' hold {len(labels)} labels; a binary outcome is needed"
        )
    if len(labels) == 2 and positive_label not in set(labels.tolist()):
        raise MonitorInputError(
            f"positive label {positive_label!r} is not among the labels of '{target}'/'{prediction}'"
            f" ({sorted(map(str, labels))})"
        )
    y_true = (frame[target] == positive_label).to_numpy(dtype=bool)
    y_pred = (frame[prediction] == positive_label).to_numpy(dtype=bool)
    return y_true, y_pred


def group_codes(frame: pd.DataFrame, attributes: list[str]) -> tuple[np.ndarray, list[str]]:
    """Integer code per row and the group names; several attributes give their intersection,
    named like ``F×white``."""
    codes = np.zeros(len(frame), dtype=np.int64)
    names: list[str] = [""]
    for attribute in attributes:
        attr_codes, uniques = pd.factorize(frame[attribute], sort=True)
        codes = codes * len(uniques) + attr_codes
        labels = [str(u) for u in uniques]
        names = [f"{n}{INTERSECTION_SEPARATOR}{u}" if n else u for n in names for u in labels]
    used, codes = np.unique(codes, return_inverse=True)
    return codes, [names[i] for i in used]


def attribute_fairness(
    attribute: str,
    codes: np.ndarray,
    names: list[str],
    y_true: np.ndarray,
    y_pred: np.ndarray,
    thresholds: FairnessThresholds,
) -> AttributeFairness:
    k = len(names)
    count = np.bincount(codes, minlength=k)
    positives = np.bincount(codes, weights=y_true, minlength=k)
    selected = np.bincount(codes, weights=y_pred, minlength=k)
    true_pos = np.bincount(codes, weights=y_true & y_pred, minlength=k)
    false_pos = selected - true_pos
    negatives = count - positives
    selection_rate = selected / count
    with np.errstate(divide="ignore", invalid="ignore"):
        tpr = np.where(positives > 0, true_pos / positives, 0.0)
        fpr = np.where(negatives > 0, false_pos / negatives, 0.0)
        top = selection_rate.max()
        ratio = float(selection_rate.min() / top) if top > 0 else math.nan
    dp_difference = float(selection_rate.max() - selection_rate.min())
    eo_difference = float(max(np.ptp(tpr), np.ptp(fpr)))
    four_fifths_pass = math.isnan(ratio) or ratio >= thresholds.four_fifths_ratio
    breaches = []
    if dp_difference > thresholds.demographic_parity_difference:
        breaches.append(
            f"{attribute}: demographic parity difference {dp_difference:.3f}"
            f" > {thresholds.demographic_parity_difference}"
        )
    if eo_difference > thresholds.equalized_odds_difference:
        breaches.append(
            f"{attribute}: equalized odds difference {eo_difference:.3f}"
            f" > {thresholds.equalized_odds_difference}"
        )
    if not four_fifths_pass:
        breaches.append(
            f"{attribute}: selection-rate ratio {ratio:.3f} < {thresholds.four_fifths_ratio}"
            " (four-fifths rule)"
        )
    groups = {
        name: GroupRates(
            int(count[i]),
            int(positives[i]),
            int(negatives[i]),
            float(selection_rate[i]),
            float(tpr[i]),
            float(fpr[i]),
        )
        for i, name in enumerate(names)
    }
    return AttributeFairness(
        attribute, groups, dp_difference, ratio, eo_difference, four_fifths_pass, breaches
    )


def compute_fairness(
    frame: pd.DataFrame,
    target: str,
    prediction: str,
    sensitive: list[str],
    intersections: bool = False,
    positive_label: Any = 1,
    thresholds: FairnessThresholds | None = None,
) -> FairnessResult:
    """Fairness per sensitive attribute, plus the intersection of all of them (keyed like
    ``sex×race``) when ``intersections`` is set and more than one attribute is given."""
    if not sensitive:
        raise MonitorInputError("no sensitive attribute given")
    thresholds = thresholds or FairnessThresholds()
    require_columns(frame, [target, prediction, *sensitive])
    y_true, y_pred = binary_outcomes(frame, target, prediction, positive_label)
    attribute_sets = [[a] for a in sensitive]
    if intersections and len(sensitive) > 1:
        attribute_sets.append(list(sensitive))
    results = {}
    for attributes in attribute_sets:
        key = INTERSECTION_SEPARATOR.join(attributes)
        codes, names = group_codes(frame, attributes)
        results[key] = attribute_fairness(key, codes, names, y_true, y_pred, thresholds)
    return FairnessResult(results, thresholds)
