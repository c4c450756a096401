"""Monitor jobs: read a registered model's data, compute drift, fairness and performance, and
write the run, its metrics, snapshot and incidents to the store.

Drift is computed where the data lives when the sources are files or lake or warehouse
tables (DuckDB, or Spark for files); then only the current batch's decision columns reach
pandas, for fairness and performance. Store tables and queries are read into memory. No store
connection is held while computing; the store is touched only for short progress writes and
the final all-or-nothing write (``store.monitoring``). Bad input
(a missing file or column, an empty batch, a target with one class, a sensitive attribute
with one group, NaN in a feature) becomes a failed run whose reason names the column.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from monitors.drift import DriftResult, compute_drift
from monitors.errors import MonitorInputError
from monitors.fairness import FairnessResult, compute_fairness, require_classes_and_groups
from monitors.performance import METRICS, PerformanceResult, compute_performance
from risk_model.access import Actor
from risk_model.incidents import Breach
from risk_model.monitor_thresholds import DriftThresholds, FairnessThresholds, PerformanceThresholds
from store import lake_sources, monitored_models, monitoring
from store.connection import Store
from store.monitored_models import SourceError
from store.source_access import one_line

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class RunResult:
    run_id: str
    model_id: str
    status: str
    failure_reason: str | None = None
    breaches: list[str] = field(default_factory=list)
    incidents: list[str] = field(default_factory=list)
    duration_s: float = 0.0


def positive_label(text: str) -> object:
    try:
        return int(text)
    except (TypeError, ValueError):
        return text


def check_batch(frame: pd.DataFrame, role: str, model: dict, source: str) -> None:
    """Raise MonitorInputError, naming the column, for data a run cannot assess."""
    if len(frame) == 0:
        raise MonitorInputError(f"{role} data is empty (0 rows): {source}")
    needed = list(model["features"])
    if role == "current":
        needed += [model["target_column"], model["prediction_column"]]
        needed += [model["probability_column"]] if model["probability_column"] else []
        needed += model["sensitive_attributes"]
    for column in dict.fromkeys(needed):
        if column not in frame.columns:
            raise MonitorInputError(f"column '{column}' is missing from {role} data ({source})")
    for column in [c for c in needed if c != model["target_column"]]:
        missing = int(frame[column].isna().sum())
        if missing:
            raise MonitorInputError(
                f"column '{column}' has {missing} missing values (NaN) in {role} data"
            )
    require_finite(frame, model["features"], f"{role} data")


def require_finite(frame: pd.DataFrame, columns: list[str], where: str) -> None:
    """Refuse +/-inf in a numeric column, naming it (the file CLI and the job agree)."""
    for column in columns:
        if pd.api.types.is_float_dtype(frame[column]):
            infinite = int(np.isinf(frame[column].to_numpy(dtype=float)).sum())
            if infinite:
                raise MonitorInputError(
                    f"column '{column}' has {infinite} infinite values (inf) in {where}"
                )


def labelled_rows(current: pd.DataFrame, model: dict) -> pd.DataFrame:
    """Rows whose actual outcome is known; check that both classes and, per sensitive
    attribute, at least two groups with members are there."""
    target = model["target_column"]
    used = current[current[target].notna()]
    if len(used) == 0:
        raise MonitorInputError(f"column '{target}' has no known outcomes in current data")
    require_classes_and_groups(used, target, model["sensitive_attributes"])
    return used


def drift_metrics(result: DriftResult) -> list[dict]:
    rows = [
        {
            "family": "drift",
            "metric": "drift_score",
            "column_name": name,
            "method": c.method,
            "value": c.score,
            "threshold": c.threshold,
            "breached": c.drifted,
        }
        for name, c in result.columns.items()
    ]
    rows.append(
        {
            "family": "drift",
            "metric": "drifted_share",
            "value": result.drifted_share,
            "threshold": result.drift_share,
            "breached": result.dataset_drift,
        }
    )
    return rows


def fairness_metrics(result: FairnessResult) -> list[dict]:
    t, rows = result.thresholds, []
    for name, a in result.attributes.items():
        rows += [
            {
                "family": "fairness",
                "metric": "demographic_parity_difference",
                "attribute": name,
                "value": a.demographic_parity_difference,
                "threshold": t.demographic_parity_difference,
                "breached": a.demographic_parity_difference > t.demographic_parity_difference,
            },
            {
                "family": "fairness",
                "metric": "demographic_parity_ratio",
                "attribute": name,
                "value": a.demographic_parity_ratio,
                "threshold": t.four_fifths_ratio,
                "breached": not a.four_fifths_pass,
            },
            {
                "family": "fairness",
                "metric": "equalized_odds_difference",
                "attribute": name,
                "value": a.equalized_odds_difference,
                "threshold": t.equalized_odds_difference,
                "breached": a.equalized_odds_difference > t.equalized_odds_difference,
            },
        ]
        for group, rates in a.groups.items():
            for metric in ("count", "selection_rate", "tpr", "fpr"):
                rows.append(
                    {
                        "family": "fairness",
                        "metric": metric,
                        "attribute": name,
                        "group_name": group,
                        "value": float(getattr(rates, metric)),
                    }
                )
    return rows


def performance_metrics(result: PerformanceResult) -> list[dict]:
    rows = []
    scopes = [(None, None, result.overall)] + [
        (attribute, group, perf)
        for attribute, groups in result.by_attribute.items()
        for group, perf in groups.items()
    ]
    for attribute, group, perf in scopes:
        for metric in ("count", *METRICS):
            value = getattr(perf, metric)
            minimum = getattr(result.thresholds, f"min_{metric}", None) if group is None else None
            rows.append(
                {
                    "family": "performance",
                    "metric": metric,
                    "attribute": attribute,
                    "group_name": group,
                    "value": None if value is None else float(value),
                    "threshold": minimum,
                    "breached": None if minimum is None or value is None else value < minimum,
                }
            )
    return rows


def breaches_of(drift: DriftResult, fairness: FairnessResult | None, perf: PerformanceResult):
    found = []
    if drift.dataset_drift:
        found.append(
            Breach(
                "drift:dataset",
                "data drift",
                f"dataset drift: share {drift.drifted_share:.2f} >= {drift.drift_share} "
                f"({', '.join(drift.drifted_columns)})",
            )
        )
    for name, a in (fairness.attributes if fairness else {}).items():
        if a.breaches:
            top = max(r.selection_rate for r in a.groups.values())
            low = [f"{name}={g}" for g, r in a.groups.items() if r.selection_rate < 0.8 * top]
            lowest = min(a.groups, key=lambda g: a.groups[g].selection_rate)
            groups = tuple(low or [f"{name}={lowest}"])
            found.append(Breach(f"fairness:{name}", "fairness", "; ".join(a.breaches), groups))
    for message in perf.breaches:
        found.append(Breach(f"performance:{message.split()[0]}", "performance", message))
    return found


def _summary(outcome: monitoring.RunOutcome, drift: DriftResult | None) -> str:
    lines = [
        f"- Status: **{outcome.status}**",
        f"- Rows seen / used: {outcome.rows_seen} / {outcome.rows_used}",
        f"- Current data: `{outcome.current_source}`",
    ]
    if drift is not None:
        lines.append(f"- Drifted share: {drift.drifted_share:.2f} (threshold {drift.drift_share})")
    lines += [f"- Breach: {b.message}" for b in outcome.breaches] or ["- No threshold breached"]
    return "\n".join(lines)


def compute_outcome(
    db: Store, model: dict, as_of: datetime, step: Progress, with_report: bool
) -> monitoring.RunOutcome:
    """Read and assess the data; raises MonitorInputError/SourceError for bad input."""
    thresholds = model["thresholds"]
    day = as_of.date()
    ref_source = monitored_models.resolve_source(model["reference_source"], day)
    cur_source = monitored_models.resolve_source(model["current_source"], day)
    drift_settings = DriftThresholds.from_dict(thresholds.get("drift"))
    files = _file_sources(db, ref_source, cur_source)
    in_place = files is not None or _lake_sources(ref_source, cur_source)
    reference = None
    if in_place:
        step(0.05, "computing data drift where the data lives (DuckDB)")
        if files is not None:
            drift, current = _drift_in_files(db, model, files, drift_settings, step)
        else:
            drift, current = _drift_in_tables(db, model, (ref_source, cur_source), drift_settings)
        outcome = monitoring.RunOutcome("running", len(current), None, cur_source)
        check_batch(current, "current", {**model, "features": {}}, cur_source)
    else:
        step(0.05, "reading reference data")
        reference = monitored_models.read_source(db, ref_source)
        check_batch(reference, "reference", model, ref_source)
        step(0.15, "reading current data")
        current = monitored_models.read_source(db, cur_source)
        outcome = monitoring.RunOutcome("running", len(current), None, cur_source)
        check_batch(current, "current", model, cur_source)
    used = labelled_rows(current, model)
    outcome.rows_used = len(used)
    if not in_place:
        step(0.3, "computing data drift")
        drift = compute_drift(
            reference,
            current,
            model["features"],
            drift_settings.method,
            drift_settings.threshold,
            drift_settings.drift_share,
        )
    label = positive_label(model["positive_label"])
    fairness = None
    if model["sensitive_attributes"]:
        step(0.5, "computing fairness")
        fairness = compute_fairness(
            used,
            model["target_column"],
            model["prediction_column"],
            model["sensitive_attributes"],
            model["intersections"],
            label,
            FairnessThresholds.from_dict(thresholds.get("fairness")),
        )
    step(0.6, "computing performance")
    perf = compute_performance(
        used,
        model["target_column"],
        model["prediction_column"],
        model["probability_column"],
        model["sensitive_attributes"],
        label,
        PerformanceThresholds.from_dict(thresholds.get("performance")),
    )
    outcome.metrics = drift_metrics(drift) + performance_metrics(perf)
    outcome.metrics += fairness_metrics(fairness) if fairness else []
    outcome.breaches = breaches_of(drift, fairness, perf)
    outcome.status = "breached" if outcome.breaches else "succeeded"
    if with_report:
        step(0.7, "building the Evidently report (snapshot)")
        if in_place:  # Evidently needs the data in memory
            reference = monitored_models.read_source(db, ref_source)
            current = monitored_models.read_source(db, cur_source)
        outcome.snapshot_json = report_snapshot(model, reference, current)
    outcome.summary = _summary(outcome, drift)
    return outcome


def _file_sources(db: Store, ref_source: str, cur_source: str):
    """Both sources' checked files when both are file sources (the DuckDB engine reads them),
    else None (store tables and queries are read into memory)."""
    kinds = [monitored_models.describe_source(s)[0] for s in (ref_source, cur_source)]
    if kinds != ["file", "file"]:
        return None
    return tuple(monitored_models.source_files(db, source) for source in (ref_source, cur_source))


def _lake_sources(ref_source: str, cur_source: str) -> bool:
    """Whether the sources are lake or warehouse tables (delta:, iceberg:, postgres:), or one
    table and one file source, which the DuckDB engine computes on in place."""
    kinds = [monitored_models.describe_source(s)[0] for s in (ref_source, cur_source)]
    tables = [kind in lake_sources.KINDS for kind in kinds]
    return any(tables) and all(t or kind == "file" for t, kind in zip(tables, kinds, strict=True))


def _decision_columns(model: dict) -> list[str]:
    """The current batch's columns fairness and performance need row by row."""
    decisions = [model["target_column"], model["prediction_column"]]
    decisions += [model["probability_column"]] if model["probability_column"] else []
    return decisions + model["sensitive_attributes"]


def _drift_in_tables(db: Store, model: dict, sources: tuple[str, str], settings: DriftThresholds):
    """Drift computed by DuckDB in the lake or warehouse tables themselves (and a file source
    beside one), on a sandboxed connection holding their extensions: no table is read into
    pandas; a table's reference is read at each run (no stored profile). Returns the drift and
    the current batch's decision columns, in memory."""
    from monitors.drift_duckdb import FileSet, TableRelation, compute_relation_drift

    kinds = [monitored_models.describe_source(source)[0] for source in sources]
    files = {
        source: monitored_models.source_files(db, source)
        for source, kind in zip(sources, kinds, strict=True)
        if kind == "file"
    }
    tables = [source for source in sources if source not in files]
    opened = tuple(path for paths in files.values() for path in paths)
    drift_settings = (settings.method, settings.threshold, settings.drift_share)
    options = {"refuse_missing": True, "fetch": _decision_columns(model)}
    with lake_sources.open_tables(db, tables, files=opened) as (connection, relations):
        expressions = {table.source: table.relation for table in relations}
        sides = [
            FileSet(
                tuple(files[s]), "csv" if files[s][0].suffix.lower() == ".csv" else "parquet", s
            )
            if s in files
            else TableRelation(expressions[s], s)
            for s in sources
        ]
        found = compute_relation_drift(
            connection, *sides, model["features"], *drift_settings, **options
        )
    return found.result, found.current_columns


def _drift_in_files(db: Store, model: dict, files, settings: DriftThresholds, step: Progress):
    """Drift computed by DuckDB in the files, against the reference's stored profile (built
    once per reference version), or by Spark when the model's drift engine is "spark"; and the current batch's outcome, decision, probability and
    sensitive columns (all the rest of the run needs) in memory."""
    from monitors.drift_duckdb import FileSet, compute_file_drift

    sides = [
        FileSet(tuple(paths), "csv" if paths[0].suffix.lower() == ".csv" else "parquet", role)
        for paths, role in zip(files, ("reference", "current"), strict=True)
    ]
    decisions = _decision_columns(model)
    drift_settings = (settings.method, settings.threshold, settings.drift_share)
    if settings.engine == "spark":
        from monitors.drift_spark import compute_spark_drift

        step(0.1, "computing data drift on Spark")
        sources = [[str(p) for p in paths] for paths in files]
        frames = [_spark_frame(paths) for paths in sources]
        options = {"refuse_missing": True, "fetch": decisions}
        found = compute_spark_drift(*frames, model["features"], *drift_settings, **options)
        return found.result, found.current_columns
    profile = reference_profile(db, model, sides[0], step)
    step(0.15, "computing data drift of the current batch (DuckDB)")
    options = {"refuse_missing": True, "fetch": decisions, "reference_profile": profile}
    found = compute_file_drift(*sides, model["features"], *drift_settings, **options)
    return found.result, found.current_columns


def _spark_frame(paths: list[str]):
    """The checked files of one side as a Spark DataFrame (Parquet, or CSV by suffix)."""
    from monitors.drift_spark import read_source, spark_session

    spark = spark_session()
    if paths[0].lower().endswith(".csv"):
        return spark.read.csv(paths, header=True, inferSchema=True)
    return read_source(spark, paths[0]) if len(paths) == 1 else spark.read.parquet(*paths)


def reference_profile(db: Store, model: dict, reference, step: Progress) -> Path:
    """The folder of the model's reference profile in the store's files folder, keyed by the
    reference files' names, sizes and modification times and the feature list: a changed
    reference gets a new profile (and the old one is removed); an unchanged one is reused."""
    from monitors.drift_duckdb import build_reference_profile, has_profile

    key = hashlib.sha256(json.dumps(model["features"], sort_keys=True).encode())
    for path in reference.paths:
        stat = path.stat()
        key.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    parent = db.files_dir / "profiles" / model["id"]
    folder = parent / key.hexdigest()[:16]
    if not has_profile(folder):
        step(0.05, "profiling the reference data (once per reference)")
        shutil.rmtree(parent, ignore_errors=True)
        build_reference_profile(reference, list(model["features"]), folder)
    return folder


def report_snapshot(model: dict, reference: pd.DataFrame, current: pd.DataFrame) -> str | None:
    """Evidently's snapshot, or None when Evidently cannot build it (the run still counts)."""
    from monitors.evidently_report import build_snapshot

    target, prediction = model["target_column"], model["prediction_column"]
    try:
        return build_snapshot(
            reference,
            current,
            model["features"],
            target if target in reference.columns else None,
            prediction if prediction in reference.columns else None,
        )
    except Exception:  # noqa: BLE001 - a report failure must not lose the run's metrics
        traceback.print_exc(file=sys.stderr)
        return None


def run_monitor(
    db: Store,
    model_id: str,
    actor: Actor,
    progress: Progress | None = None,
    as_of: datetime | None = None,
    with_report: bool = True,
    requested_by: str | None = None,
    evidence: bool = True,
) -> RunResult:
    """Run one model's monitors and record the run; ``as_of`` dates a backfilled run.
    ``evidence=False`` skips the A.6.2.6 evidence version (a backfill records only its last)."""
    model = monitored_models.get_model(db, model_id)
    if model is None or model["status"] != "active":
        raise KeyError(f"no active monitored model {model_id}")
    as_of = as_of or datetime.now()
    run_id = monitoring.start_run(db, model, actor, as_of, requested_by)
    started = time.perf_counter()

    def step(fraction: float, message: str) -> None:
        monitoring.report_progress(db, run_id, fraction, message)
        if progress:
            progress(fraction, message)

    try:
        outcome = compute_outcome(db, model, as_of, step, with_report)
    except (MonitorInputError, SourceError) as error:
        outcome = monitoring.RunOutcome("failed", failure_reason=str(error))
    except Exception as error:  # noqa: BLE001 - recorded as a failed run, then shown
        traceback.print_exc(file=sys.stderr)
        reason = f"{type(error).__name__}: {one_line(error)}"
        outcome = monitoring.RunOutcome("failed", failure_reason=reason)
    if progress:
        progress(0.95, "writing results")
    duration = time.perf_counter() - started
    touched = monitoring.finish_run(
        db, run_id, outcome, actor, duration, int(model.get("keep_snapshots") or 5), evidence
    )
    if progress:
        progress(1.0, outcome.status)
    return RunResult(
        run_id,
        model_id,
        outcome.status,
        outcome.failure_reason,
        [b.message for b in outcome.breaches],
        touched,
        duration,
    )


def run_all(
    db: Store,
    actor: Actor,
    progress: Callable[[str, float, str], None] | None = None,
    system_id: str | None = None,
    with_report: bool = True,
) -> list[RunResult]:
    """Run every active monitored model (of one system, when given), one after another."""
    results = []
    for model in monitored_models.list_models(db, system_id):
        model_id = model["id"]
        callback = (lambda f, m, mid=model_id: progress(mid, f, m)) if progress else None
        results.append(run_monitor(db, model_id, actor, callback, with_report=with_report))
    return results
