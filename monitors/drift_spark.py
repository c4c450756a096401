"""Data drift computed by Spark, for prediction logs too large for one machine.

The same statistics as the DuckDB engine (``monitors.drift_duckdb``), and the in-memory engine
(``monitors.drift``) is the oracle: the same test per column, the score within 1e-9 and the
same verdict. Only summaries reach the driver:

- categorical columns, and numerical ones with few values: value counts per side, then the
  oracle's own count-based tests (chi-square, Z, Jensen-Shannon, PSI);
- numerical columns: row counts, distinct counts, range and the reference's standard deviation;
  then both sides' values grouped by value with their cumulative counts (a window ordered by
  value), reduced in Spark to the K-S extremes and the area between the two CDFs
  (Wasserstein), or to the Sturges histogram's counts (Jensen-Shannon, PSI on many values).

Sources are what Spark reads: Parquet (the default), CSV (``.csv``; Spark infers the types)
or a Delta table (``delta:PATH``), by path or URI (``s3://``, ``abfss://``, ``dbfs:/``), or a
table of the session's catalog (``table:catalog.schema.name``). ``spark_session`` joins the
session ``spark-submit`` or a Databricks job started, or starts ``local[*]``.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from monitors import drift
from monitors.drift import ColumnDrift, ColumnType, DriftResult
from monitors.drift_duckdb import (
    _ks_p_value,
    _require_values,
    _sturges_edges,
    _verdict,
    categorical_drift,
)
from monitors.errors import MonitorInputError, refuse_bad_counts

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

JAVA_17 = "/usr/lib/jvm/java-17-openjdk-amd64"
"""Debian's OpenJDK 17 (``openjdk-17-jre-headless``), used when JAVA_HOME is not set."""


def spark_session(master: str | None = None) -> SparkSession:
    """The running session (spark-submit, Databricks) or a new one on ``master`` (default
    ``local[*]``); the Spark UI is off for a local session."""
    if not os.environ.get("JAVA_HOME") and os.path.isdir(JAVA_17):
        os.environ["JAVA_HOME"] = JAVA_17
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        return active
    builder = SparkSession.builder.appName("aims-monitors-drift")
    if master or not os.environ.get("SPARK_HOME"):
        builder = builder.master(master or "local[*]").config("spark.ui.enabled", "false")
        builder = builder.config("spark.sql.shuffle.partitions", "4")
        builder = builder.config("spark.sql.adaptive.coalescePartitions.initialPartitionNum", "4")
    return builder.getOrCreate()


def read_source(spark: SparkSession, source: str) -> DataFrame:
    """A source as a Spark DataFrame (see the module's documentation for the forms)."""
    from pyspark.errors import PySparkException

    try:
        if source.startswith("table:"):
            return spark.table(source.removeprefix("table:"))
        if source.startswith("delta:"):
            return spark.read.format("delta").load(source.removeprefix("delta:"))
        if source.lower().endswith(".csv"):
            return spark.read.csv(source, header=True, inferSchema=True, enforceSchema=False)
        return spark.read.parquet(source)
    except PySparkException as error:
        raise MonitorInputError(f"cannot read {source}: {_first_line(error)}") from None


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:300] if text else type(error).__name__


@dataclass
class _Side:
    frame: DataFrame
    label: str
    types: dict[str, str]  # column -> "numeric", "boolean" or "other"


def _side(frame: DataFrame, label: str) -> _Side:
    from pyspark.sql.types import BooleanType, NumericType

    types = {}
    for field in frame.schema.fields:
        numeric = isinstance(field.dataType, NumericType)
        boolean = isinstance(field.dataType, BooleanType)
        types[field.name] = "numeric" if numeric else "boolean" if boolean else "other"
    return _Side(frame, label, types)


def _col(name: str):
    from pyspark.sql import functions as F

    return F.col("`" + name.replace("`", "``") + "`")


def _finite(column, numeric: bool):
    """Present and, for numbers, finite (not NaN, not +/-inf)."""
    from pyspark.sql import functions as F

    if not numeric:
        return column.isNotNull()
    value = column.cast("double")
    return value.isNotNull() & ~F.isnan(value) & (F.abs(value) != float("inf"))


def check_values(side: _Side, role: str, names: list[str], refuse_missing: bool = False) -> int:
    """Rows of the side; raises for a missing column, an infinite number and, with
    ``refuse_missing``, a missing value, naming the column (as the DuckDB engine)."""
    from pyspark.sql import functions as F

    missing = [c for c in names if c not in side.types]
    if missing:
        raise MonitorInputError(f"column '{missing[0]}' is missing from {role} data ({side.label})")
    numeric = [c for c in names if side.types[c] == "numeric"]
    counts = [F.count("*").alias("rows")]
    counts += [
        F.sum(F.when(F.abs(_col(c).cast("double")) == float("inf"), 1).otherwise(0))
        for c in numeric
    ]
    if refuse_missing:
        counts += [
            F.sum(F.when(_finite(_col(c), side.types[c] == "numeric"), 0).otherwise(1))
            for c in names
        ]
    row = side.frame.agg(*counts).collect()[0]
    return refuse_bad_counts(row, numeric, names, role, side.label)


def _values(side: _Side, column: str):
    return side.frame.select(_col(column).alias("v"))


def infer_types(ref: _Side, cur: _Side, names: list[str]) -> dict[str, ColumnType]:
    """As ``drift.infer_column_types``: numeric (non-boolean) with > 5 distinct values across
    both sides is numerical, everything else categorical; one Spark job for all columns."""
    from pyspark.sql import functions as F

    numeric = [n for n in names if ref.types[n] == cur.types[n] == "numeric"]
    types: dict[str, ColumnType] = {n: "categorical" for n in names}
    if numeric:
        both = ref.frame.select(*map(_col, numeric)).unionByName(
            cur.frame.select(*map(_col, numeric))
        )
        distinct = [F.count_distinct(F.when(_finite(_col(n), True), _col(n))) for n in numeric]
        found = both.agg(*distinct).collect()[0]
        for name, count in zip(numeric, found, strict=True):
            types[name] = "numerical" if count > 5 else "categorical"
    return {n: types[n] for n in names}


def _counts(side: _Side, column: str) -> pd.Series:
    from pyspark.sql import functions as F

    numeric = side.types[column] == "numeric"
    values = _values(side, column).where(_finite(F.col("v"), numeric))
    rows = values.groupBy("v").count().collect()
    index = pd.Index([row["v"] for row in rows])
    return pd.Series([int(row["count"]) for row in rows], index=index, dtype=np.int64)


def _grouped(ref: _Side, cur: _Side, column: str) -> DataFrame:
    """Both sides' finite values grouped by value: (v, reference count r, current count c)."""
    from pyspark.sql import functions as F

    def tagged(side: _Side, r: int) -> DataFrame:
        finite = _values(side, column).where(_finite(F.col("v"), True))
        return finite.select(
            F.col("v").cast("double").alias("v"), F.lit(r).alias("r"), F.lit(1 - r).alias("c")
        )

    both = tagged(ref, 1).unionByName(tagged(cur, 0))
    return both.groupBy("v").agg(F.sum("r").alias("r"), F.sum("c").alias("c"))


@dataclass(frozen=True)
class _Shape:
    sizes: tuple[int, int]
    distinct: tuple[int, int]
    low: float
    high: float
    reference_std: float


def _shapes(ref: _Side, cur: _Side, columns: list[str]) -> dict[str, _Shape]:
    """Each numerical column's shape, in one Spark job per side."""
    from pyspark.sql import functions as F

    if not columns:
        return {}
    per_side = []
    for side in (ref, cur):
        aggregates = []
        for column in columns:
            value = _col(column).cast("double")
            finite = F.when(_finite(_col(column), True), value)
            aggregates += [
                F.count(finite),
                F.count_distinct(finite),
                F.min(finite),
                F.max(finite),
                F.stddev_pop(finite),
            ]
        per_side.append(side.frame.agg(*aggregates).collect()[0])
    shapes = {}
    for index, column in enumerate(columns):
        n1, d1, lo1, hi1, std = per_side[0][5 * index : 5 * index + 5]
        n2, d2, lo2, hi2, _ = per_side[1][5 * index : 5 * index + 5]
        lows = [x for x in (lo1, lo2) if x is not None]
        highs = [x for x in (hi1, hi2) if x is not None]
        low = min(lows) if lows else math.nan
        high = max(highs) if highs else math.nan
        shapes[column] = _Shape((n1, n2), (d1, d2), low, high, float(std or 0.0))
    return shapes


def _cdf_summary(grouped: DataFrame, sizes: tuple[int, int]) -> tuple[float, float, float]:
    """K-S extremes (max and min of the CDF difference) and the area between the CDFs, from the
    cumulative counts over a window ordered by value."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    n1, n2 = sizes
    ordered = Window.orderBy("v")
    running = ordered.rowsBetween(Window.unboundedPreceding, Window.currentRow)
    share_ref = F.sum("r").over(running) / F.lit(float(n1))
    share_cur = F.sum("c").over(running) / F.lit(float(n2))
    cdfs = grouped.select(
        "v", (share_ref - share_cur).alias("d"), F.lead("v").over(ordered).alias("next")
    )
    row = cdfs.agg(
        F.max("d"), F.min("d"), F.sum(F.abs(F.col("d")) * (F.col("next") - F.col("v")))
    ).collect()[0]
    return float(row[0]), float(row[1]), float(row[2] or 0.0)


def _histograms(grouped: DataFrame, edges: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Counts per Sturges bin, bins as ``np.searchsorted(edges, v, 'right') - 1`` clipped (the
    last bin holds its upper edge), as the other engines."""
    from pyspark.ml.feature import Bucketizer
    from pyspark.sql import functions as F

    bucketizer = Bucketizer(splits=[float(e) for e in edges], inputCol="v", outputCol="b")
    rows = (
        bucketizer.transform(grouped)
        .groupBy("b")
        .agg(F.sum("r").alias("r"), F.sum("c").alias("c"))
        .collect()
    )
    ref_hist, cur_hist = np.zeros(len(edges) - 1), np.zeros(len(edges) - 1)
    for row in rows:
        ref_hist[int(row["b"])] += row["r"]
        cur_hist[int(row["b"])] += row["c"]
    return ref_hist, cur_hist


def _numeric_column(ref, cur, column, method, threshold, shape: _Shape) -> ColumnDrift:
    _require_values(column, shape.sizes)
    grouped = _grouped(ref, cur, column)
    if method is None:
        union = max(shape.distinct)
        if union <= 5:
            union = grouped.count()
        method = drift._default_method("numerical", drift._Sample(shape.sizes[0]), None, union)
    binned = method in ("jensenshannon", "psi") and shape.distinct[0] > 20
    if method in ("ks", "wasserstein"):
        d_plus, d_minus, area = _cdf_summary(grouped, shape.sizes)
        if method == "ks":
            score = _ks_p_value(d_plus, d_minus, *shape.sizes)
        else:
            score = area / max(shape.reference_std, 0.001)
    elif binned:
        edges = _sturges_edges(shape.low, shape.high, sum(shape.sizes))
        ref_hist, cur_hist = _histograms(grouped, edges)
        score = drift._distance_of_percents(
            method, ref_hist / shape.sizes[0], cur_hist / shape.sizes[1]
        )
    else:
        ref_counts = drift._Sample(shape.sizes[0], counts=_counts(ref, column))
        cur_counts = drift._Sample(shape.sizes[1], counts=_counts(cur, column))
        score = drift._test_score(method, "categorical", ref_counts, cur_counts)
    return _verdict(column, "numerical", method, score, threshold)


def _categorical_column(ref, cur, column, method, threshold) -> ColumnDrift:
    ref_counts, cur_counts = _counts(ref, column), _counts(cur, column)
    return categorical_drift(column, ref_counts, cur_counts, method, threshold)


@dataclass(frozen=True)
class SparkDrift:
    """What the engine found: the drift, the rows of each side and the column types."""

    result: DriftResult
    rows: tuple[int, int]
    column_types: dict[str, ColumnType]
    current_columns: pd.DataFrame | None = None
    """The current side's ``fetch`` columns, brought to the driver as pandas."""


def compute_spark_drift(
    reference: str | DataFrame,
    current: str | DataFrame,
    columns: dict[str, ColumnType] | list[str] | None = None,
    method: str | None = None,
    threshold: float | None = None,
    drift_share: float = 0.5,
    refuse_missing: bool = False,
    fetch: list[str] | None = None,
    spark: SparkSession | None = None,
) -> SparkDrift:
    """Drift of ``current`` against ``reference`` (sources, see ``read_source``, or Spark
    DataFrames); arguments as ``drift_duckdb.compute_file_drift``."""
    from pyspark.errors import PySparkException

    if method is not None and method not in drift.ALLOWED_TYPES:
        raise MonitorInputError(
            f"unknown drift method '{method}'; use {sorted(drift.ALLOWED_TYPES)}"
        )
    spark = spark or spark_session()
    sides = []
    for source, role in ((reference, "reference"), (current, "current")):
        frame = read_source(spark, source) if isinstance(source, str) else source
        sides.append(_side(frame, source if isinstance(source, str) else role))
    ref, cur = sides
    try:
        wanted = list(columns) if columns else list(ref.types)
        rows = (
            check_values(ref, "reference", wanted, refuse_missing),
            check_values(cur, "current", wanted, refuse_missing),
        )
        kinds = columns if isinstance(columns, dict) else infer_types(ref, cur, wanted)
        numerical = [n for n, kind in kinds.items() if kind == "numerical"]
        for name in numerical:
            for side, role in ((ref, "reference"), (cur, "current")):
                if side.types.get(name) != "numeric":
                    raise MonitorInputError(f"column '{name}' in {role} data should be numerical")
        shapes = _shapes(ref, cur, numerical)
        results = {}
        for name, kind in kinds.items():
            if kind not in ("numerical", "categorical"):
                raise MonitorInputError(f"column '{name}' has unsupported type '{kind}'")
            if method is not None and kind not in drift.ALLOWED_TYPES[method]:
                raise MonitorInputError(
                    f"drift method '{method}' does not apply to {kind} '{name}'"
                )
            if kind == "numerical":
                results[name] = _numeric_column(ref, cur, name, method, threshold, shapes[name])
            else:
                results[name] = _categorical_column(ref, cur, name, method, threshold)
        fetched = None
        if fetch:
            missing = [c for c in fetch if c not in cur.types]
            if missing:
                raise MonitorInputError(
                    f"column '{missing[0]}' is missing from current data ({cur.label})"
                )
            picked = cur.frame.select(*map(_col, dict.fromkeys(fetch)))
            fetched = picked.toArrow().to_pandas()
    except PySparkException as error:
        raise MonitorInputError(f"cannot read the data: {_first_line(error)}") from None
    return SparkDrift(DriftResult.from_columns(results, drift_share), rows, dict(kinds), fetched)
