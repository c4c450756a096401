"""Data drift computed by Spark, for prediction logs too large for one machine.

The same statistics as the DuckDB engine (``monitors.drift_duckdb``), and the in-memory engine
(``monitors.drift``) is the oracle: the same test per column, the score within 1e-9 and the
same verdict. Only summaries reach the driver:

- categorical columns, and numerical ones with few values: value counts per side, then the
  oracle's own count-based tests (chi-square, Z, Jensen-Shannon, PSI);
- numerical columns: row counts, range, the reference's standard deviation and approximate
  quantiles (one job per side); then an exact ordered pass for all of them at once, in
  parallel: every (column, value) row of both sides is put in a value range of its column
  (cut at the quantiles; equal values always share a range), one small job counts each
  range's rows, and one job hands each (column, range) to a Python worker, which groups its
  values in order and computes, from the counts before the range, its K-S extremes, the area
  between the two CDFs inside it and its Sturges histogram counts. The driver joins the
  ranges in order (adding the area across each boundary), so the result is the one ordered
  pass of the DuckDB engine (``drift_duckdb.stream_batches``), without one partition ever
  holding a whole column.

Sources are what Spark reads: Parquet (the default), CSV (``.csv``; Spark infers the types)
or a Delta table (``delta:PATH``), by path or URI (``s3://``, ``abfss://``, ``dbfs:/``), or a
table of the session's catalog (``table:catalog.schema.name``). ``spark_session`` joins the
session ``spark-submit`` or a Databricks job started, or starts ``local[*]``.
"""

from __future__ import annotations

import logging
import math
import os
import sys
import time
from contextlib import contextmanager
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

log = logging.getLogger(__name__)


@contextmanager
def _timed(step: str):
    """Logs a step's wall time (INFO), to see where a run spends it."""
    started = time.perf_counter()
    yield
    log.info("spark drift: %s took %.1f s", step, time.perf_counter() - started)


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
        # local Python workers (the ordered pass runs numpy there) use this interpreter
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = builder.master(master or "local[*]").config("spark.ui.enabled", "false")
        builder = builder.config("spark.ui.showConsoleProgress", "false")
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
    both sides is numerical, everything else categorical.

    One Spark job estimates every column's distinct values (HyperLogLog++, no shuffle of the
    values); an estimate above ``SURELY_MANY`` settles it, since k distinct values fill at
    most k registers and the estimate of a sketch that sparse is about k. Only the other
    columns (few values, so cheap) are counted exactly, in a second job."""
    from pyspark.sql import functions as F

    numeric = [n for n in names if ref.types[n] == cur.types[n] == "numeric"]
    types: dict[str, ColumnType] = {n: "categorical" for n in names}
    if numeric:
        both = ref.frame.select(*map(_col, numeric)).unionByName(
            cur.frame.select(*map(_col, numeric))
        )

        def finite(name: str):
            return F.when(_finite(_col(name), True), _col(name))

        estimates = both.agg(*[F.approx_count_distinct(finite(n)) for n in numeric]).collect()
        unsure = []
        for name, estimate in zip(numeric, estimates[0], strict=True):
            if estimate > SURELY_MANY:
                types[name] = "numerical"
            else:
                unsure.append(name)
        if unsure:
            found = both.agg(*[F.count_distinct(finite(n)) for n in unsure]).collect()[0]
            for name, count in zip(unsure, found, strict=True):
                types[name] = "numerical" if count > 5 else "categorical"
    return {n: types[n] for n in names}


SURELY_MANY = 100
"""An ``approx_count_distinct`` above this means more than 5 distinct values for certain."""


def _counts(side: _Side, column: str) -> pd.Series:
    from pyspark.sql import functions as F

    numeric = side.types[column] == "numeric"
    values = _values(side, column).where(_finite(F.col("v"), numeric))
    rows = values.groupBy("v").count().collect()
    index = pd.Index([row["v"] for row in rows])
    return pd.Series([int(row["count"]) for row in rows], index=index, dtype=np.int64)


SLOTS = {"i": "long", "d": "double", "b": "boolean", "s": "string"}
"""Typed slots of a stacked value: integers, floats, booleans and text keep their own type."""


def _slot(frame: DataFrame, column: str) -> str | None:
    from pyspark.sql import types as T

    kind = frame.schema[column].dataType
    if isinstance(kind, T.IntegralType):
        return "i"
    if isinstance(kind, (T.FloatType, T.DoubleType)):
        return "d"
    if isinstance(kind, T.BooleanType):
        return "b"
    if isinstance(kind, T.StringType):
        return "s"
    return None  # dates, decimals, ...: counted alone, as their own Python values


def _counts_of(side: _Side, columns: list[str]) -> dict[str, pd.Series]:
    """Value counts of many columns in one Spark job: each row's values stacked as (column
    index, value in its type's slot), grouped, collected; as ``_counts`` per column."""
    from pyspark.sql import functions as F

    stacked = [c for c in columns if _slot(side.frame, c)]
    found = {c: _counts(side, c) for c in columns if c not in stacked}
    if not stacked:
        return found
    parts = []
    for k, column in enumerate(stacked):
        slot = _slot(side.frame, column)
        kept = _finite(_col(column), side.types[column] == "numeric")
        value = F.when(kept, _col(column).cast(SLOTS[slot]))
        fields = [F.lit(None).cast(kind).alias(name) for name, kind in SLOTS.items()]
        fields[list(SLOTS).index(slot)] = value.alias(slot)
        parts.append(F.struct(F.lit(k).alias("k"), *fields))
    rows = side.frame.select(F.inline(F.array(*parts)))
    present = ~(F.col("i").isNull() & F.col("d").isNull())
    present = present | F.col("b").isNotNull() | F.col("s").isNotNull()
    grouped = rows.where(present).groupBy("k", *SLOTS).count().collect()
    for k, column in enumerate(stacked):
        slot = _slot(side.frame, column)
        mine = [row for row in grouped if row["k"] == k]
        index = pd.Index([row[slot] for row in mine])
        counts = [int(row["count"]) for row in mine]
        found[column] = pd.Series(counts, index=index, dtype=np.int64)
    return {c: found[c] for c in columns}


PROBES = 64
"""Quantiles per side and numerical column from which the ordered pass's value ranges are cut."""

BUCKET_ROWS = 250_000
"""Rows (both sides) aimed at per value range of one column in the ordered pass; each range is
one group that a Python worker holds in memory."""


@dataclass(frozen=True)
class _Shape:
    sizes: tuple[int, int]
    low: float
    high: float
    reference_std: float
    quantiles: tuple[float, ...]  # both sides' approximate quantiles, to cut value ranges

    def splits(self) -> list[float]:
        """Where the column's value ranges start: about one range per ``BUCKET_ROWS`` rows,
        at most ``PROBES``, cut at the sides' quantiles (any cut is exact, quantiles only
        balance the ranges)."""
        ranges = min(PROBES, math.ceil(sum(self.sizes) / BUCKET_ROWS))
        points = sorted(set(self.quantiles))
        if ranges <= 1 or not points:
            return []
        step = len(points) / ranges
        return sorted({points[int(step * j)] for j in range(1, ranges)})


def _shapes(ref: _Side, cur: _Side, columns: list[str]) -> dict[str, _Shape]:
    """Each numerical column's rows, range, reference standard deviation and quantiles, in one
    Spark job per side (no distinct counts: the ordered pass counts values exactly)."""
    from pyspark.sql import functions as F

    if not columns:
        return {}
    probes = [j / PROBES for j in range(1, PROBES)]
    per_side = []
    for side in (ref, cur):
        aggregates = []
        for column in columns:
            finite = F.when(_finite(_col(column), True), _col(column).cast("double"))
            aggregates += [
                F.count(finite),
                F.min(finite),
                F.max(finite),
                F.stddev_pop(finite),
                F.percentile_approx(finite, probes, 1000),
            ]
        per_side.append(side.frame.agg(*aggregates).collect()[0])
    shapes = {}
    for index, column in enumerate(columns):
        n1, lo1, hi1, std, q1 = per_side[0][5 * index : 5 * index + 5]
        n2, lo2, hi2, _, q2 = per_side[1][5 * index : 5 * index + 5]
        lows = [x for x in (lo1, lo2) if x is not None]
        highs = [x for x in (hi1, hi2) if x is not None]
        low = min(lows) if lows else math.nan
        high = max(highs) if highs else math.nan
        quantiles = tuple(float(q) for q in (q1 or []) + (q2 or []) if q is not None)
        shapes[column] = _Shape((n1, n2), low, high, float(std or 0.0), quantiles)
    return shapes


@dataclass
class _Ordered:
    """A numerical column's summary of its values in order (both sides)."""

    values: int  # distinct values, both sides
    ref_values: int  # distinct values of the reference
    d_plus: float  # max and min of the reference CDF minus the current CDF
    d_minus: float
    area: float  # area between the two CDFs (Wasserstein)
    ref_hist: np.ndarray  # counts per Sturges bin
    cur_hist: np.ndarray


def _offsets(
    ref: _Side, cur: _Side, columns: list[str], shapes: dict[str, _Shape]
) -> dict[tuple[int, int], tuple[int, int]]:
    """The reference's and the current side's counts before each (column index, value range):
    range b starts at the column's split b - 1, so the values before it are those below that
    split, counted per side in one aggregate over the rows."""
    from pyspark.sql import functions as F

    below = []
    for side in (ref, cur):
        aggregates = []
        for column in columns:
            value = F.when(_finite(_col(column), True), _col(column).cast("double"))
            aggregates += [F.count(F.when(value < F.lit(s), 1)) for s in shapes[column].splits()]
        below.append(side.frame.agg(*aggregates).collect()[0] if aggregates else [])
    offsets, at = {}, 0
    for k, column in enumerate(columns):
        offsets[k, 0] = (0, 0)
        for b in range(1, len(shapes[column].splits()) + 1):
            offsets[k, b] = (int(below[0][at]), int(below[1][at]))
            at += 1
    return offsets


def _stacked(ref: _Side, cur: _Side, columns: list[str], shapes: dict[str, _Shape]) -> DataFrame:
    """Both sides' finite values of every column as rows ``(k, b, v, r)``: column index, value
    range (by the column's splits, so equal values share a range), value, 1 for the reference."""
    from pyspark.sql import functions as F

    def side_rows(side: _Side, r: int) -> DataFrame:
        parts = []
        for k, column in enumerate(columns):
            value = F.when(_finite(_col(column), True), _col(column).cast("double"))
            bucket = F.lit(0)
            for split in shapes[column].splits():
                bucket = bucket + (value >= F.lit(split)).cast("int")
            parts.append(F.struct(F.lit(k).alias("k"), bucket.alias("b"), value.alias("v")))
        rows = side.frame.select(F.inline(F.array(*parts))).where(F.col("v").isNotNull())
        return rows.withColumn("r", F.lit(r).cast("byte"))

    return side_rows(ref, 1).unionByName(side_rows(cur, 0))


ORDERED_SCHEMA = (
    "k int, b int, values long, ref_values long, d_plus double, d_minus double, area double, "
    "first double, last double, last_gap double, ref_hist array<double>, cur_hist array<double>"
)


def _range_summariser(sizes: dict, offsets: dict, edges: dict):
    """The function each Python worker applies to one value range of one column: its values
    grouped and in order, the CDFs from the counts before the range (``offsets``), and the
    range's K-S extremes, inner area, ends and histogram counts. Only numpy and pandas, so
    it runs on any executor."""

    def summarise(key, frame):  # no type hints: applyInPandas reads them as a UDF type
        k, b = int(key[0]), int(key[1])
        (n1, n2), (before_r, before_c), bins = sizes[k], offsets[k, b], edges[k]
        values, inverse = np.unique(frame["v"].to_numpy(dtype=float), return_inverse=True)
        is_ref = frame["r"].to_numpy() == 1
        r = np.bincount(inverse[is_ref], minlength=len(values))
        c = np.bincount(inverse[~is_ref], minlength=len(values))
        diffs = (before_r + np.cumsum(r)) / n1 - (before_c + np.cumsum(c)) / n2
        gaps = np.abs(diffs)
        index = np.clip(np.searchsorted(bins, values, "right") - 1, 0, len(bins) - 2)
        row = {
            "k": k,
            "b": b,
            "values": len(values),
            "ref_values": int(np.count_nonzero(r)),
            "d_plus": float(diffs.max()),
            "d_minus": float(diffs.min()),
            "area": float(np.sum(gaps[:-1] * np.diff(values))),
            "first": float(values[0]),
            "last": float(values[-1]),
            "last_gap": float(gaps[-1]),
            "ref_hist": np.bincount(index, weights=r, minlength=len(bins) - 1).tolist(),
            "cur_hist": np.bincount(index, weights=c, minlength=len(bins) - 1).tolist(),
        }
        return pd.DataFrame([row])

    return summarise


def _ordered(
    ref: _Side, cur: _Side, columns: list[str], shapes: dict[str, _Shape]
) -> dict[str, _Ordered]:
    """Every numerical column's ordered summary, exact and in parallel, for all columns at
    once: the counts below each range's start (one job per side, no shuffle), then one group
    per (column, value range) summarised by a Python worker with the counts before its range
    (one shuffle); the driver joins the ranges in order (the area across each boundary, the
    extremes, the histogram sums)."""

    if not columns:
        return {}
    offsets = _offsets(ref, cur, columns, shapes)
    stacked = _stacked(ref, cur, columns, shapes)
    sizes = {k: shapes[c].sizes for k, c in enumerate(columns)}
    edges = {
        k: _sturges_edges(shapes[c].low, shapes[c].high, sum(shapes[c].sizes))
        for k, c in enumerate(columns)
    }
    summarise = _range_summariser(sizes, offsets, edges)
    ranges = stacked.groupBy("k", "b").applyInPandas(summarise, ORDERED_SCHEMA).collect()
    found = {}
    for k, column in enumerate(columns):
        parts = sorted((row for row in ranges if row["k"] == k), key=lambda row: row["b"])
        area = sum(part["area"] for part in parts)
        for before, after in zip(parts, parts[1:], strict=False):
            area += before["last_gap"] * (after["first"] - before["last"])
        found[column] = _Ordered(
            values=sum(part["values"] for part in parts),
            ref_values=sum(part["ref_values"] for part in parts),
            d_plus=max(part["d_plus"] for part in parts),
            d_minus=min(part["d_minus"] for part in parts),
            area=area,
            ref_hist=np.sum([part["ref_hist"] for part in parts], axis=0),
            cur_hist=np.sum([part["cur_hist"] for part in parts], axis=0),
        )
    return found


def _numeric_column(
    ref, cur, column, method, threshold, shape: _Shape, ordered: _Ordered
) -> ColumnDrift:
    if method is None:
        sample = drift._Sample(shape.sizes[0])
        method = drift._default_method("numerical", sample, None, ordered.values)
    binned = method in ("jensenshannon", "psi") and ordered.ref_values > 20
    if method == "ks":
        score = _ks_p_value(ordered.d_plus, ordered.d_minus, *shape.sizes)
    elif method == "wasserstein":
        score = ordered.area / max(shape.reference_std, 0.001)
    elif binned:
        score = drift._distance_of_percents(
            method, ordered.ref_hist / shape.sizes[0], ordered.cur_hist / shape.sizes[1]
        )
    else:
        ref_counts = drift._Sample(shape.sizes[0], counts=_counts(ref, column))
        cur_counts = drift._Sample(shape.sizes[1], counts=_counts(cur, column))
        score = drift._test_score(method, "categorical", ref_counts, cur_counts)
    return _verdict(column, "numerical", method, score, threshold)


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
        with _timed("checking the input"):
            rows = (
                check_values(ref, "reference", wanted, refuse_missing),
                check_values(cur, "current", wanted, refuse_missing),
            )
        with _timed("inferring the column types"):
            kinds = columns if isinstance(columns, dict) else infer_types(ref, cur, wanted)
        for name, kind in kinds.items():
            if kind not in ("numerical", "categorical"):
                raise MonitorInputError(f"column '{name}' has unsupported type '{kind}'")
            if method is not None and kind not in drift.ALLOWED_TYPES[method]:
                raise MonitorInputError(
                    f"drift method '{method}' does not apply to {kind} '{name}'"
                )
        numerical = [n for n, kind in kinds.items() if kind == "numerical"]
        for name in numerical:
            for side, role in ((ref, "reference"), (cur, "current")):
                if side.types.get(name) != "numeric":
                    raise MonitorInputError(f"column '{name}' in {role} data should be numerical")
        with _timed("numerical shapes and quantiles"):
            shapes = _shapes(ref, cur, numerical)
        for name in numerical:
            _require_values(name, shapes[name].sizes)
        with _timed("the ordered pass of the numerical columns"):
            ordered = _ordered(ref, cur, numerical, shapes)
        categorical = [n for n, kind in kinds.items() if kind == "categorical"]
        with _timed("value counts of the categorical columns"):
            counted = (_counts_of(ref, categorical), _counts_of(cur, categorical))
        results = {}
        for name, kind in kinds.items():
            if kind == "numerical":
                results[name] = _numeric_column(
                    ref, cur, name, method, threshold, shapes[name], ordered[name]
                )
            else:
                ref_counts, cur_counts = counted[0][name], counted[1][name]
                results[name] = categorical_drift(name, ref_counts, cur_counts, method, threshold)
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
