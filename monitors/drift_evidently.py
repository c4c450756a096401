"""Data drift through Evidently 0.7's ``Report`` API: the oracle for ``monitors.drift`` and the
source of the user-visible report. Imports Evidently (4-7 s) when first called."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from monitors.drift import ColumnDrift, ColumnType, DriftResult
from monitors.errors import MonitorInputError

if TYPE_CHECKING:
    from evidently.core.report import Snapshot


def data_definition(columns: dict[str, ColumnType]) -> Any:
    """An explicit Evidently ``DataDefinition`` so Evidently does not guess column types."""
    from evidently import DataDefinition

    return DataDefinition(
        numerical_columns=[c for c, kind in columns.items() if kind == "numerical"],
        categorical_columns=[c for c, kind in columns.items() if kind == "categorical"],
    )


def _stattest_names() -> dict[str, str]:
    """Evidently's display names ('K-S p_value') and names ('ks') -> registered name."""
    from evidently.legacy.calculations.stattests.registry import _registered_stat_tests

    names = {}
    for name, by_type in _registered_stat_tests.items():
        names[name] = name
        for stattest in by_type.values():
            names[stattest.display_name] = name
    return names


def run_drift_report(
    reference: pd.DataFrame,
    current: pd.DataFrame,
    columns: dict[str, ColumnType],
    method: str | None = None,
    threshold: float | None = None,
    drift_share: float = 0.5,
    extra_columns: dict[str, ColumnType] | None = None,
) -> Snapshot:
    """Run ``DataDriftPreset`` (with its tests) on ``columns`` and return the Snapshot.

    ``extra_columns`` (e.g. target and prediction) get their own ``ValueDrift`` metric outside
    the preset, so they do not count towards the dataset drift share."""
    from evidently import Dataset, Report
    from evidently.metrics import ValueDrift
    from evidently.presets import DataDriftPreset

    extra_columns = {c: t for c, t in (extra_columns or {}).items() if c not in columns}
    all_columns = {**columns, **extra_columns}
    for frame, role in ((reference, "reference"), (current, "current")):
        if len(frame) == 0:
            raise MonitorInputError(f"{role} data is empty (0 rows)")
        missing = [c for c in all_columns if c not in frame.columns]
        if missing:
            raise MonitorInputError(f"column '{missing[0]}' is missing from {role} data")
    definition = data_definition(all_columns)
    preset = DataDriftPreset(
        columns=list(columns), method=method, threshold=threshold, drift_share=drift_share
    )
    extra_metrics = [ValueDrift(column=c) for c in extra_columns]
    report = Report([preset, *extra_metrics], include_tests=True)
    try:
        return report.run(
            Dataset.from_pandas(current[list(all_columns)], data_definition=definition),
            Dataset.from_pandas(reference[list(all_columns)], data_definition=definition),
        )
    except ValueError as error:  # Evidently reports empty / mistyped columns as ValueError
        raise MonitorInputError(str(error)) from error


def drift_result_from_snapshot(
    snapshot: Snapshot, columns: dict[str, ColumnType], drift_share: float = 0.5
) -> DriftResult:
    """Read each column's ValueDrift score, method, threshold and test verdict from a Snapshot."""
    names = _stattest_names()
    summary = snapshot.dict()
    scores: dict[str, tuple[str, float, float]] = {}
    for metric in summary["metrics"]:
        config = metric["config"]
        if config.get("type", "").endswith("ValueDrift") and config["column"] in columns:
            method = names.get(config["method"], config["method"])
            scores[config["column"]] = (method, float(metric["value"]), float(config["threshold"]))
    verdicts = {
        test["metric_config"]["params"]["column"]: test["status"] == "FAIL"
        for test in summary["tests"]
        if test["metric_config"]["params"].get("type", "").endswith("ValueDrift")
    }
    results = {
        column: ColumnDrift(column, kind, *scores[column], drifted=verdicts[column])
        for column, kind in columns.items()
    }
    return DriftResult.from_columns(results, drift_share)


def compute_drift_evidently(
    reference: pd.DataFrame,
    current: pd.DataFrame,
    columns: dict[str, ColumnType],
    method: str | None = None,
    threshold: float | None = None,
    drift_share: float = 0.5,
) -> tuple[DriftResult, Snapshot]:
    """Same contract as ``monitors.drift.compute_drift``, computed by Evidently."""
    snapshot = run_drift_report(reference, current, columns, method, threshold, drift_share)
    return drift_result_from_snapshot(snapshot, columns, drift_share), snapshot
