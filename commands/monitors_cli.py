"""Command line: ``python -m monitors <command>``.

Exit codes: 0 everything within thresholds, 1 a threshold is breached, 2 bad input (one line on
stderr naming the file/column). JSON goes to stdout.

Each command is added by an ``add_<name>_command(subparsers)`` function that sets a ``handler``
(``args -> exit code``) with ``set_defaults``; to add a command (e.g. ``run``), write such a
function and call it in ``build_parser``.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from commands import monitor_runs
from monitors.errors import MonitorInputError

EXIT_OK, EXIT_BREACH, EXIT_BAD_INPUT = 0, 1, 2


def read_table(path: str) -> pd.DataFrame:
    """A CSV, XLSX or Parquet file, chosen by extension; bad input names its row and column.

    CSV text may be UTF-8 (with or without a BOM) or Windows-1252, as spreadsheets save it.
    Rows are numbered as in a spreadsheet: the header is row 1.
    """
    from risk_model.file_reading import FileRejected, decode_text

    suffix = Path(path).suffix.lower()
    if not Path(path).is_file():
        raise MonitorInputError(f"file not found: {path}")
    if suffix not in (".csv", ".xlsx", ".parquet", ".pq"):
        raise MonitorInputError(
            f"unsupported file type '{suffix}' for {path} (use .csv, .xlsx or .parquet)"
        )
    data = Path(path).read_bytes()
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise MonitorInputError(f"{path}: the file is empty")
    try:
        if suffix == ".csv":
            frame = pd.read_csv(io.StringIO(decode_text(data)[0]), skip_blank_lines=False)
        elif suffix == ".xlsx":
            frame = _workbook_frame(data, path)
        else:
            frame = pd.read_parquet(io.BytesIO(data))
    except FileRejected as error:
        raise MonitorInputError(f"{path}: {error.problems[0]}") from None
    except pd.errors.ParserError as error:
        raise MonitorInputError(f"{path}: {_parser_problem(data, path, str(error))}") from None
    except Exception as error:  # damaged workbooks and parquet files raise many types
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise MonitorInputError(f"cannot read {path}: {reason}") from None
    frame.index = pd.RangeIndex(2, len(frame) + 2)  # spreadsheet row numbers
    frame = frame.dropna(how="all")
    _check_columns(frame, path)
    return frame.reset_index(drop=True)


def _workbook_frame(data: bytes, path: str) -> pd.DataFrame:
    """The first sheet, read within the import's bounds (rows, columns, cells, unzipped size)."""
    from risk_model.file_reading import FileRejected
    from risk_model.workbook_reading import read_sheet_rows

    try:
        rows = read_sheet_rows(data)
    except FileRejected as error:
        raise MonitorInputError(f"cannot read {path}: {error.problems[0].message}") from None
    if not rows:
        return pd.DataFrame()
    width = max(len(row) for row in rows)
    header = [f"Unnamed: {i}" if v is None else str(v) for i, v in enumerate(rows[0])]
    header += [f"Unnamed: {i}" for i in range(len(header), width)]
    body = [list(row) + [None] * (width - len(row)) for row in rows[1:]]
    return pd.DataFrame(body, columns=header)


def _parser_problem(data: bytes, path: str, message: str) -> str:
    """The row and column of a CSV pandas cannot parse, found by the import's own reader."""
    from risk_model.file_reading import MAX_FILE_BYTES, FileRejected
    from risk_model.file_reading import read_table as read_text_table

    if len(data) <= MAX_FILE_BYTES:
        try:
            read_text_table(data, path)
        except FileRejected as rejected:
            return str(rejected.problems[0])
    return f"the CSV cannot be parsed ({message.strip().splitlines()[-1]})"


def _check_columns(frame: pd.DataFrame, path: str) -> None:
    """Blank or repeated column names, and a text value in an otherwise numeric column."""
    for position, name in enumerate(frame.columns, start=1):
        text = str(name)
        if text.startswith("Unnamed: "):
            raise MonitorInputError(f"{path}: row 1, column {position}: the column has no name")
        if re.fullmatch(r".+\.\d+", text) and text.rsplit(".", 1)[0] in frame.columns:
            raise MonitorInputError(
                f"{path}: row 1, column '{text.rsplit('.', 1)[0]}': the column name appears twice"
            )
    for name in frame.select_dtypes(include=["object", "string"]).columns:
        values = frame[name].dropna()
        if not len(values):
            continue
        # each distinct text is tried once (a categorical column has few), not every row
        counts = values.value_counts(sort=False)
        numeric = pd.to_numeric(pd.Series(counts.index, dtype=object), errors="coerce").notna()
        share = counts.to_numpy()[numeric.to_numpy()].sum() / len(values)
        if share >= 0.9 and not numeric.all():
            texts = set(counts.index[~numeric.to_numpy()])
            row = values.index[values.isin(texts)][0]
            raise MonitorInputError(
                f"{path}: row {row}, column '{name}': {str(values[row])[:40]!r} is not a number "
                "(the column's other values are numbers)"
            )


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()] if value else []


def _label(value: str) -> Any:
    """A positive label from the command line: an int when it looks like one."""
    try:
        return int(value)
    except ValueError:
        return value


def _emit(payload: dict[str, Any], fmt: str, text: str) -> None:
    if fmt == "json":
        print(json.dumps(payload, indent=2, allow_nan=False))
    else:
        print(text)


def fairness_command(args: argparse.Namespace) -> int:
    from monitors.fairness import compute_fairness
    from risk_model.monitor_thresholds import FairnessThresholds

    frame = read_table(args.data)
    thresholds = FairnessThresholds(
        demographic_parity_difference=args.max_dp_difference,
        equalized_odds_difference=args.max_eo_difference,
        four_fifths_ratio=args.min_ratio,
    )
    try:
        from monitors.fairness import require_classes_and_groups, require_columns

        require_columns(frame, [args.target, args.prediction, *_split(args.sensitive)])
        require_classes_and_groups(frame, args.target, _split(args.sensitive))
        result = compute_fairness(
            frame,
            args.target,
            args.prediction,
            _split(args.sensitive),
            intersections=args.intersections,
            positive_label=_label(args.positive_label),
            thresholds=thresholds,
        )
    except MonitorInputError as error:
        raise MonitorInputError(f"{args.data}: {error}") from error
    lines = []
    for name, attr in result.attributes.items():
        lines.append(
            f"{name}: DP difference {attr.demographic_parity_difference:.3f}, "
            f"DP ratio {attr.demographic_parity_ratio:.3f}, "
            f"EO difference {attr.equalized_odds_difference:.3f}, "
            f"four-fifths {'pass' if attr.four_fifths_pass else 'FAIL'}"
        )
        for group, rates in attr.groups.items():
            lines.append(
                f"  {group:<20} n={rates.count:<8} selection={rates.selection_rate:.3f} "
                f"TPR={rates.tpr:.3f} FPR={rates.fpr:.3f}"
            )
    lines += [f"BREACH {b}" for b in result.breaches] or ["within thresholds"]
    _emit(result.to_json_dict(), args.format, "\n".join(lines))
    return EXIT_BREACH if result.breaches else EXIT_OK


def _file_engine(args: argparse.Namespace) -> str:
    """DuckDB for Parquet files and globs (default) and for CSV when asked; memory for XLSX,
    an Evidently report and, by default, CSV (its reader names the row and column of every
    problem, which the DuckDB path does not yet)."""
    if args.engine == "spark":
        return "spark"
    paths = (args.reference, args.current)
    files = all(Path(p).suffix.lower() in (".csv", ".parquet", ".pq") for p in paths)
    if args.engine is None and any(Path(p).suffix.lower() == ".csv" for p in paths):
        return "memory"
    if args.engine == "duckdb" and not files:
        raise MonitorInputError("--engine duckdb reads .csv and .parquet files (and globs)")
    if args.engine:
        return args.engine
    return "duckdb" if files and not args.evidently_html else "memory"


def drift_command(args: argparse.Namespace) -> int:
    engine = _file_engine(args)
    compute = {"duckdb": _duckdb_drift, "spark": _spark_drift}.get(engine, _memory_drift)
    result = compute(args)
    lines = [
        f"{name:<24} {col.column_type:<12} {col.method:<14} score={col.score:.4g} "
        f"threshold={col.threshold:g} {'DRIFT' if col.drifted else 'ok'}"
        for name, col in result.columns.items()
    ]
    lines.append(
        f"drifted share {result.drifted_share:.2f} (dataset drift when >= {result.drift_share}): "
        f"{'DATASET DRIFT' if result.dataset_drift else 'no dataset drift'}"
    )
    _emit(result.to_json_dict(), args.format, "\n".join(lines))
    return EXIT_BREACH if result.dataset_drift else EXIT_OK


def _duckdb_drift(args: argparse.Namespace):
    from monitors.drift_duckdb import compute_file_drift, file_set

    reference, current = file_set(args.reference), file_set(args.current)
    columns = _split(args.columns) or None
    settings = (args.method, args.threshold, args.drift_share)
    return compute_file_drift(reference, current, columns, *settings).result


def _spark_drift(args: argparse.Namespace):
    """On Spark: the sources are what Spark reads (paths, URIs, ``delta:``, ``table:``)."""
    from monitors.drift_spark import compute_spark_drift, spark_session

    columns = _split(args.columns) or None
    settings = (args.method, args.threshold, args.drift_share)
    spark = spark_session(args.spark_master)
    return compute_spark_drift(args.reference, args.current, columns, *settings, spark=spark).result


def _memory_drift(args: argparse.Namespace):
    from monitors.drift import compute_drift, infer_column_types
    from monitors.jobs import require_finite

    reference, current = read_table(args.reference), read_table(args.current)
    names = _split(args.columns) or list(reference.columns)
    try:
        for frame, path in ((reference, args.reference), (current, args.current)):
            missing = [c for c in names if c not in frame.columns]
            if missing:
                raise MonitorInputError(f"{path}: column '{missing[0]}' is missing")
            require_finite(frame, names, path)
        columns = infer_column_types([reference, current], names)
        result = compute_drift(
            reference, current, columns, args.method, args.threshold, args.drift_share
        )
        if args.evidently_html:
            from monitors.drift_evidently import compute_drift_evidently

            _, snapshot = compute_drift_evidently(
                reference, current, columns, args.method, args.threshold, args.drift_share
            )
            snapshot.save_html(args.evidently_html)
    except MonitorInputError as error:
        message = str(error).replace("reference data", f"reference {args.reference}")
        raise MonitorInputError(
            message.replace("current data", f"current {args.current}")
        ) from error
    return result


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("json", "text"), default="json")


def add_fairness_command(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "fairness", help="group fairness of a classifier's decisions (exit 1 on a breach)"
    )
    parser.add_argument("--data", required=True, help="CSV or Parquet file")
    parser.add_argument("--target", required=True, help="column with the actual outcome")
    parser.add_argument("--prediction", required=True, help="column with the decision")
    parser.add_argument("--sensitive", required=True, help="sensitive column(s), comma-separated")
    parser.add_argument("--intersections", action="store_true", help="add the intersection")
    parser.add_argument("--positive-label", default="1", help="favourable outcome (default 1)")
    parser.add_argument("--max-dp-difference", type=float, default=0.1)
    parser.add_argument("--max-eo-difference", type=float, default=0.1)
    parser.add_argument("--min-ratio", type=float, default=0.8, help="four-fifths rule ratio")
    _add_format(parser)
    parser.set_defaults(handler=fairness_command)


def add_drift_command(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "drift", help="data drift of current vs reference data (exit 1 on dataset drift)"
    )
    parser.add_argument("--reference", required=True, help="CSV, Parquet or XLSX file, or a glob")
    parser.add_argument(
        "--current", required=True, help="same forms, e.g. 'logs/2026-11-*.parquet'"
    )
    parser.add_argument("--columns", help="comma-separated columns (default: the reference's)")
    parser.add_argument(
        "--method", help="ks, chisquare, z, wasserstein, jensenshannon or psi (default: per column)"
    )
    parser.add_argument("--threshold", type=float, help="threshold for --method")
    parser.add_argument("--drift-share", type=float, default=0.5)
    parser.add_argument("--evidently-html", metavar="FILE", help="also write Evidently's report")
    parser.add_argument(
        "--engine",
        choices=("duckdb", "memory", "spark"),
        help="duckdb computes in SQL, out of core (default for .parquet files and globs); "
        "memory reads both files into pandas (default for CSV and XLSX, and --evidently-html); "
        "spark computes on a Spark cluster (sources: paths or URIs of Parquet or CSV, "
        "delta:PATH, table:NAME)",
    )
    parser.add_argument(
        "--spark-master",
        help="Spark master for --engine spark (default: the spark-submit session, or local[*])",
    )
    _add_format(parser)
    parser.set_defaults(handler=drift_command)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m monitors",
        description="Monitoring checks for AI systems: data drift and fairness of files, and "
        "registered monitors that record their runs in the store.",
        epilog="Exit codes: 0 within thresholds, 1 threshold breached, 2 bad input.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_fairness_command(subparsers)
    add_drift_command(subparsers)
    monitor_runs.add_all(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except MonitorInputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as error:  # noqa: BLE001 - a damaged store or a full disk: one line, exit 2
        text = str(error).strip().splitlines()[0][:300] if str(error).strip() else ""
        print(f"error: {type(error).__name__}: {text}", file=sys.stderr)
        return EXIT_BAD_INPUT
