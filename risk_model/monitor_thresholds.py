"""Monitor thresholds as typed, documented settings.

Defaults follow tests/data/reference/metric_thresholds.tsv: the four-fifths rule (29 CFR
1607.4(D)), the AIF360/lale |difference| <= 0.1 convention, and Evidently 0.7's default drift
tests (method chosen per column, dataset drift when >= 50% of columns drift).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, Self


class _JsonSettings:
    """``to_dict``/``from_dict`` for storing thresholds as JSON; unknown keys are rejected."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Self:
        known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        unknown = set(data or {}) - known
        if unknown:
            raise ValueError(f"unknown {cls.__name__} keys: {sorted(unknown)}")
        return cls(**(data or {}))


@dataclass(frozen=True)
class FairnessThresholds(_JsonSettings):
    demographic_parity_difference: float = 0.1
    """Largest allowed gap in selection rate between groups (max - min, Fairlearn definition)."""
    equalized_odds_difference: float = 0.1
    """Largest allowed worst-case gap in TPR or FPR between groups (Fairlearn 'worst_case')."""
    four_fifths_ratio: float = 0.8
    """Smallest allowed min/max selection-rate ratio (EEOC four-fifths rule, disparate impact)."""


@dataclass(frozen=True)
class DriftThresholds(_JsonSettings):
    drift_share: float = 0.5
    """The dataset counts as drifted when the share of drifted columns is >= this."""
    method: str | None = None
    """Drift test for every column (ks, chisquare, z, wasserstein, jensenshannon, psi);
    None picks Evidently's default per column."""
    threshold: float | None = None
    """Threshold for every column's test; None uses the test's own default
    (p-value 0.05 for ks/chisquare/z, distance 0.1 for wasserstein/jensenshannon/psi)."""
    engine: str | None = None
    """Where drift of file sources is computed: None or "duckdb" (in the files, on this
    machine) or "spark" (pyspark; the session spark-submit started, else local)."""

    def __post_init__(self) -> None:
        if self.engine not in (None, "duckdb", "spark"):
            raise ValueError(f"drift engine must be duckdb or spark, not {self.engine!r}")


@dataclass(frozen=True)
class PerformanceThresholds(_JsonSettings):
    min_accuracy: float | None = None
    """Smallest acceptable accuracy; None means not checked."""
    min_precision: float | None = None
    """Smallest acceptable precision for the positive class; None means not checked."""
    min_recall: float | None = None
    """Smallest acceptable recall (TPR) for the positive class; None means not checked."""
    min_f1: float | None = None
    """Smallest acceptable F1 for the positive class; None means not checked."""
    min_roc_auc: float | None = None
    """Smallest acceptable ROC AUC (needs a probability column); None means not checked."""
