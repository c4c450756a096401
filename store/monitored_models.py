"""Monitored models: which data a monitor reads for an AI system, and with what thresholds.

A data source is a CSV or Parquet path or glob (relative paths are taken from the store's
folder; ``{files}`` is the store's own files folder), ``table:NAME`` (a data table in this
store) or ``query:SELECT ...`` (one SELECT over this store's data tables). ``{date}`` in a
source is replaced by the run's date (ISO), so a source can name the day's batch. What a
source may reach is decided in ``store.source_access``: files inside the data roots, data
tables through a sandbox that cannot open files or the network.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from risk_model.access import Actor
from risk_model.fields import Register
from risk_model.file_reading import FileRejected, Problem
from risk_model.monitored_models import (
    COLUMN_TYPES,
    MONITORED_MODEL,
    THRESHOLD_FAMILIES,
    default_thresholds,
    validate_thresholds,
)
from risk_model.schedules import check_schedule
from store import importer, lake_sources, records, source_access
from store.connection import Store
from store.source_access import SourceError

_TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class InvalidField(ValueError):
    """A registration value that cannot be used; ``field`` names it (for import problems)."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


def _json_object(values: dict, name: str) -> dict:
    raw = values.get(name)
    try:
        parsed = json.loads(raw) if isinstance(raw, str) and raw.strip() else raw
    except json.JSONDecodeError as error:
        label = MONITORED_MODEL.field(name).label
        raise InvalidField(name, f"{label} is not JSON: {error}") from None
    if parsed is not None and not isinstance(parsed, dict):
        raise InvalidField(name, f"{MONITORED_MODEL.field(name).label} must be a JSON object")
    return dict(parsed or {})


def _check(values: dict) -> dict:
    """Validate and normalise a registration; JSON fields may be given as dicts."""
    for name in ("name", "system_id", "reference_source", "current_source"):
        if not str(values.get(name) or "").strip():
            raise InvalidField(
                name, f"A monitored model needs {MONITORED_MODEL.field(name).label}."
            )
    for name in ("target_column", "prediction_column"):
        if not str(values.get(name) or "").strip():
            raise InvalidField(
                name, f"A monitored model needs its {MONITORED_MODEL.field(name).label}."
            )
    features = _json_object(values, "features")
    if not features:
        raise InvalidField("features", "A monitored model needs at least one feature column.")
    bad = {c: t for c, t in features.items() if t not in COLUMN_TYPES}
    if bad:
        raise InvalidField("features", f"Feature types must be numerical or categorical: {bad}")
    thresholds = _json_object(values, "thresholds")
    merged = default_thresholds()
    for family, settings in thresholds.items():
        if family not in THRESHOLD_FAMILIES:
            raise InvalidField(
                "thresholds", f"Unknown threshold family {family!r}; use {THRESHOLD_FAMILIES}"
            )
        if not isinstance(settings, dict | None):
            raise InvalidField("thresholds", f"Thresholds of {family!r} must be a JSON object")
        merged[family].update(settings or {})
    try:
        validate_thresholds(merged)
    except (TypeError, ValueError) as error:
        raise InvalidField("thresholds", f"Thresholds: {error}") from None
    out = dict(values)
    out["features"] = json.dumps(features)
    out["thresholds"] = json.dumps(merged)
    out["sensitive_attributes"] = list(values.get("sensitive_attributes") or [])
    if str(values.get("schedule") or "").strip():
        try:
            out["schedule"] = check_schedule(values["schedule"])
        except ValueError as error:
            raise InvalidField("schedule", str(error)) from None
    for source in ("reference_source", "current_source"):
        try:
            describe_source(out[source])
        except SourceError as error:
            raise InvalidField(source, str(error)) from None
    return out


def register_model(db: Store, values: dict, actor: Actor, at: datetime | None = None) -> str:
    values = _check({**MONITORED_MODEL.defaults, **values})
    with db.transaction() as connection:
        found = connection.execute(
            "SELECT count(*) FROM ai_systems WHERE id = ?", [values["system_id"]]
        ).fetchone()[0]
        if not found:
            raise ValueError(f"No AI system {values['system_id']} in the inventory.")
        return records.insert(connection, MONITORED_MODEL, values, actor, at)


def update_model(db: Store, model_id: str, values: dict, actor: Actor) -> dict:
    def checked(current: dict, values: dict) -> dict:
        merged = _check({**current, **values})
        return {k: merged[k] for k in values}

    return records.change(db, MONITORED_MODEL, model_id, values, actor, check=checked)


def retire_model(db: Store, model_id: str, actor: Actor) -> None:
    with db.transaction() as connection:
        records.retire(connection, MONITORED_MODEL, model_id, actor)


def export_models(db: Store) -> pd.DataFrame:
    """Every registration (retired ones too), JSON fields as JSON text, ready for CSV/XLSX."""
    return importer.export_frame(db, MONITORED_MODEL)


def import_models(
    db: Store, data: bytes, filename: str, actor: Actor, mapping: dict | None = None
) -> importer.ImportSummary:
    """All or nothing: every row must name an AI system of the inventory and carry valid
    features, thresholds and sources; a row updates the model with its id or external id."""
    checked = importer.check_file(data, filename, MONITORED_MODEL, mapping)
    with db.connect() as connection:
        systems = {r[0] for r in connection.execute("SELECT id FROM ai_systems").fetchall()}
    rows, problems = [], unknown_choice_problems(checked, MONITORED_MODEL)
    for row, number, current in rows_to_import(db, MONITORED_MODEL, checked):
        if {**(current or {}), **row}.get("system_id") not in systems:
            problems.append(Problem(number, "system_id", f"no AI system {row.get('system_id')!r}"))
        try:
            rows.append(imported_values(MONITORED_MODEL, row, current, _check))
        except InvalidField as error:
            problems.append(Problem(number, error.field, str(error)))
    if problems:
        raise FileRejected(problems)
    return importer.import_rows(db, MONITORED_MODEL, rows, actor, checked)


def with_defaults(register: Register, row: dict) -> dict:
    """The row with the register's default for each empty or missing defaulted field."""
    return {**row, **{k: v for k, v in register.defaults.items() if row.get(k) in (None, "")}}


def rows_to_import(db: Store, register: Register, checked) -> list[tuple[dict, int, dict | None]]:
    """Each checked row (without ``source_values``), its row number in the file and the
    record it would update (None when it creates one)."""
    given = [{k: v for k, v in row.items() if k != "source_values"} for row in checked.rows]
    currents = importer.current_records(db, register, given, checked.match)
    return list(zip(given, checked.row_numbers, currents, strict=True))


def imported_values(
    register: Register, row: dict, current: dict | None, check: Callable[[dict], dict]
) -> dict:
    """What an imported ``row`` writes, checked as the whole record it leaves. A new record
    takes the register's defaults for the fields the file leaves out or empty; an existing
    one keeps its own, so re-importing a file without, say, a status column never resets a
    status."""
    if current is None:
        return check(with_defaults(register, row))
    given = {k: v for k, v in row.items() if not (k in register.defaults and v in (None, ""))}
    whole = {**current, **given}
    checked = check(whole)
    return {k: v for k, v in checked.items() if k in given or whole.get(k) != v}


def unknown_choice_problems(checked, register: Register) -> list[Problem]:
    """An option no mapping recognised is a problem for these registers, not "unknown"."""
    return [
        Problem(
            number,
            name,
            f"{original!r} is not a known {register.field(name).label.lower()}; use "
            + ", ".join(register.field(name).label_of(c) for c in register.field(name).choices),
        )
        for row, number in zip(checked.rows, checked.row_numbers, strict=True)
        for name, original in (row.get("source_values") or {}).items()
    ]


def _parsed(row: dict) -> dict:
    row = dict(row)
    row["features"] = json.loads(row["features"])
    row["thresholds"] = json.loads(row["thresholds"])
    row["sensitive_attributes"] = list(row["sensitive_attributes"] or [])
    return row


def get_model(db: Store, model_id: str) -> dict | None:
    with db.connect() as connection:
        row = records.fetch(connection, MONITORED_MODEL, model_id)
    return _parsed(row) if row else None


def list_models(db: Store, system_id: str | None = None, active_only: bool = True) -> list[dict]:
    clauses, params = ["1 = 1"], []
    if system_id:
        clauses.append("system_id = ?")
        params.append(system_id)
    if active_only:
        clauses.append("status = 'active'")
    with db.connect() as connection:
        cursor = connection.execute(
            f"SELECT * FROM monitored_models WHERE {' AND '.join(clauses)} ORDER BY id", params
        )
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    return [_parsed(r) for r in rows]


def resolve_source(source: str, on: date) -> str:
    return source.replace("{date}", on.isoformat())


def describe_source(source: str) -> tuple[str, str]:
    """(kind, target): kind is file, table or query; raises SourceError when malformed."""
    if source.startswith("table:"):
        name = source[len("table:") :].strip()
        if not _TABLE_NAME.match(name):
            raise SourceError(f"not a table name: {name!r}")
        return "table", name
    if source.startswith("query:"):
        return "query", source[len("query:") :].strip()
    lake = lake_sources.describe(source)
    if lake is not None:
        return lake
    suffix = Path(source).suffix.lower()
    if suffix not in (".csv", ".parquet", ".pq"):
        raise SourceError(
            f"unsupported data source {source!r}: use a .csv or .parquet file, "
            "table:NAME, query:SELECT ..., delta:PATH, iceberg:PATH or postgres:TABLE"
        )
    return "file", source


def source_path(db: Store, path: str) -> Path:
    """The one file a (non-glob) file source names, checked to lie inside the data roots."""
    return source_access.source_files(db, path)[0]


def source_files(db: Store, source: str) -> list[Path]:
    """The checked files of a file source (a path or a glob); SourceError otherwise."""
    kind, target = describe_source(source)
    if kind != "file":
        raise SourceError(f"{source} is not a file source")
    return source_access.source_files(db, target)


def read_source(db: Store, source: str) -> pd.DataFrame:
    """Read one data source into memory; raises SourceError naming it when that fails."""
    kind, target = describe_source(source)
    if kind == "table":
        return source_access.read_table(db, target)
    if kind == "query":
        return source_access.read_query(db, target)
    if kind in lake_sources.KINDS:
        return lake_sources.read(db, source)
    frames = []
    for path in source_access.source_files(db, target):
        try:
            read = pd.read_csv if path.suffix.lower() == ".csv" else pd.read_parquet
            frames.append(read(path))
        except (ValueError, OSError, UnicodeDecodeError) as error:
            raise SourceError(f"cannot read {path}: {source_access.one_line(error)}") from None
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
