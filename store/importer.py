"""All-or-nothing imports of validated rows into a register, and tabular exports of it.

A row updates the record with the same ``id`` or ``external_id`` (or, when the file has
neither, the same name), so importing a file twice never duplicates a record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from risk_model.access import Actor
from risk_model.fields import Register
from risk_model.file_reading import FileRejected, Problem, read_table
from risk_model.row_validation import Mapping, ValidatedRows, validate
from store import records
from store.connection import Store


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int
    encoding: str = ""

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def check_file(
    data: bytes, filename: str, register: Register, mapping: Mapping | dict | None = None
) -> ValidatedRows:
    """Read and validate without writing; raises FileRejected listing every problem."""
    if not isinstance(mapping, Mapping):
        try:
            mapping = Mapping.from_dict(mapping)
        except ValueError as error:
            raise FileRejected([Problem(0, "mapping", str(error))]) from None
    table = read_table(data, filename)
    checked = validate(table, register, mapping)
    if checked.problems:
        raise FileRejected(checked.problems)
    checked.encoding = table.encoding  # type: ignore[attr-defined]
    return checked


def import_file(
    db: Store,
    register: Register,
    data: bytes,
    filename: str,
    actor: Actor,
    mapping: Mapping | dict | None = None,
) -> ImportSummary:
    checked = check_file(data, filename, register, mapping)
    summary = import_rows(db, register, checked.rows, actor)
    return ImportSummary(
        summary.created, summary.updated, summary.unchanged, getattr(checked, "encoding", "")
    )


def import_rows(db: Store, register: Register, rows: list[dict], actor: Actor) -> ImportSummary:
    created = updated = unchanged = 0
    at = datetime.now()
    with db.transaction() as connection:
        existing = _existing_keys(connection, register)
        for row in rows:
            target = _match(existing, row, register)
            values = {k: v for k, v in row.items() if k != "id"}
            if target is None:
                values.setdefault("status", "active")
                record_id = records.insert(connection, register, values, actor, at)
                existing["name"].setdefault(_name_key(row, register), record_id)
                if row.get("external_id"):
                    existing["external_id"][row["external_id"]] = record_id
                created += 1
            elif records.update(connection, register, target, values, actor, at):
                updated += 1
            else:
                unchanged += 1
    return ImportSummary(created, updated, unchanged)


def _name_key(row: dict, register: Register) -> str:
    return str(row.get(register.title_field) or "").strip().casefold()


def _existing_keys(connection, register: Register) -> dict[str, dict[str, str]]:
    table = records._ident(register.table)
    title = records._ident(register.title_field)
    rows = connection.execute(f"SELECT id, external_id, {title} FROM {table}").fetchall()
    return {
        "id": {r[0]: r[0] for r in rows},
        "external_id": {r[1]: r[0] for r in rows if r[1]},
        "name": {str(r[2]).strip().casefold(): r[0] for r in rows if not r[1]},
    }


def _match(existing: dict[str, dict[str, str]], row: dict, register: Register) -> str | None:
    if row.get("id") in existing["id"]:
        return row["id"]
    if row.get("external_id"):
        return existing["external_id"].get(row["external_id"])
    return existing["name"].get(_name_key(row, register))


def export_frame(db: Store, register: Register, include_retired: bool = True) -> pd.DataFrame:
    """One row per record, columns named after the fields, ready for CSV or XLSX."""
    columns = ["id", "external_id", *records.writable_columns(register)]
    columns = [c for c in columns if c != "source_values"]
    table = records._ident(register.table)
    where = "" if include_retired else "WHERE status <> 'retired'"
    with db.connect() as connection:
        frame = connection.execute(
            f"SELECT {', '.join(map(records._ident, columns))} FROM {table} {where} ORDER BY id"
        ).df()
    for spec in register.fields:
        if spec.kind in ("list", "multi_enum"):
            frame[spec.name] = frame[spec.name].map(_join_list)
        elif spec.kind == "bool":
            frame[spec.name] = frame[spec.name].map(_yes_no)
        elif spec.kind == "date":
            frame[spec.name] = frame[spec.name].map(_iso_date)
    for column in ("in_scope",):
        if column in frame:
            frame[column] = frame[column].map(_yes_no)
    return frame.astype(object).where(frame.notna(), None)


def _missing(value: object) -> bool:
    return value is None or (pd.api.types.is_scalar(value) and pd.isna(value))


def _join_list(value: object) -> str:
    return "" if _missing(value) else "; ".join(str(v) for v in list(value))


def _yes_no(value: object) -> str:
    return "" if _missing(value) else ("yes" if bool(value) else "no")


def _iso_date(value: object) -> str:
    if _missing(value):
        return ""
    if isinstance(value, datetime | pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def source_values(record: dict) -> dict[str, str]:
    raw = record.get("source_values")
    return json.loads(raw) if isinstance(raw, str) and raw else {}
