"""All-or-nothing imports of validated rows into a register, and tabular exports of it.

A row updates the record with the same ``id`` or ``external_id`` (or, when the row has
neither, the same name), so importing a file twice never duplicates a record. Two rows without
an id that share a name are refused, with the ways out, rather than merged. The mapping's
``match`` changes the last step (``risk_model.row_matching``): a combination of fields instead
of the name, or ``none``, where every row is a new record.

An export imported back changes nothing: an empty cell leaves an empty list or a missing value
as it was, ``unknown`` keeps the original text kept beside it, and the ``'`` an export puts
before formula-like text is removed (``risk_model.cell_values.restore_neutralised``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from risk_model.access import Actor, can
from risk_model.fields import Register
from risk_model.file_reading import FileRejected, Problem, read_table
from risk_model.row_matching import MatchRule, key_fields, match_value, row_key
from risk_model.row_validation import Mapping, ValidatedRows, validate
from store import records
from store.connection import Store


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int
    encoding: str = ""
    notes: tuple[str, ...] = ()
    """What the import left out on purpose, and what to do next (after ``--match none``)."""

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
    checked = validated(data, filename, register, mapping)
    raise_problems(checked.problems)
    return checked


def validated(data: bytes, filename: str, register: Register, mapping: Mapping) -> ValidatedRows:
    """Read and validate, keeping the problems on the result (for registers adding their own)."""
    table = read_table(data, filename)
    checked = validate(table, register, mapping)
    checked.encoding = table.encoding
    return checked


def may_import(actor: Actor, register: Register) -> bool:
    """Whether ``actor`` may write any record of ``register`` (an ML owner: their own systems'),
    checked before a file is even read."""
    return can(actor, "write", register.table, actor.name)


def none_hint(register_name: str) -> str:
    return (
        "every row became a new record; to import changes later without duplicating them, "
        f"export the register (python -m store export {register_name} --output FILE), edit "
        "that file and import it: it carries each record's id"
    )


def keeps_source_values(register: Register) -> bool:
    return "source_values" in records.writable_columns(register)


def raise_problems(problems: list[Problem]) -> None:
    if problems:
        raise FileRejected(problems)


def _unkept_spellings(checked: ValidatedRows, register: Register) -> list[Problem]:
    """A register that cannot keep an unknown spelling's text refuses it rather than lose it."""
    if keeps_source_values(register):
        return []
    problems = []
    for row, number in zip(checked.rows, checked.row_numbers, strict=True):
        for name, original in (row.pop("source_values", None) or {}).items():
            spec = register.field(name)
            problems.append(
                Problem(
                    number,
                    name,
                    f"{original[:40]!r} is not a known {spec.label.lower()}; use "
                    + ", ".join(spec.label_of(c) for c in spec.choices),
                )
            )
    return problems


def import_file(
    db: Store,
    register: Register,
    data: bytes,
    filename: str,
    actor: Actor,
    mapping: Mapping | dict | None = None,
) -> ImportSummary:
    checked = check_file(data, filename, register, mapping)
    raise_problems(_unkept_spellings(checked, register))
    return import_rows(db, register, checked.rows, actor, checked)


def import_rows(
    db: Store,
    register: Register,
    rows: list[dict],
    actor: Actor,
    checked: ValidatedRows | None = None,
) -> ImportSummary:
    """Write ``rows`` in one transaction; ``checked`` gives the match rule, notes and encoding."""
    rule = checked.match if checked else MatchRule()
    created = updated = unchanged = 0
    at = datetime.now()
    with db.transaction() as connection:
        existing = _existing_keys(connection, register, rule)
        if rule.kind == "none":
            _refuse_taken_external_ids(existing, rows, checked)
        numbers = checked.row_numbers if checked else list(range(1, len(rows) + 1))
        refused: list[Problem] = []
        for row, number in zip(rows, numbers, strict=True):
            target = _match(existing, row, register, rule)
            values = {k: v for k, v in row.items() if k != "id"}
            if "status" in values and not values["status"]:
                del values["status"]  # an empty status cell changes nothing; a new record is active
            try:
                if target is None:
                    values.setdefault("status", "active")
                    record_id = records.insert(connection, register, values, actor, at)
                    remember(existing, row, register, rule, record_id)
                    created += 1
                    continue
                current = records.fetch(connection, register, target) or {}
                values = _as_round_trip(register, current, values)
                if records.update(connection, register, target, values, actor, at):
                    updated += 1
                else:
                    unchanged += 1
            except records.ClassifierOwned as error:
                refused.append(Problem(number, error.field, records.ClassifierOwned.REASON))
        raise_problems(refused)  # inside the transaction: nothing is written
    notes = tuple(checked.notes) if checked else ()
    if rule.kind == "none" and created:
        notes += (none_hint(register_name(register)),)
    return ImportSummary(created, updated, unchanged, checked.encoding if checked else "", notes)


def register_name(register: Register) -> str:
    """The name ``python -m store export`` knows the register by (``store.registers`` keys
    its table by ``Register.name``)."""
    return register.name


def _refuse_taken_external_ids(existing, rows: list[dict], checked) -> None:
    numbers = checked.row_numbers if checked else [0] * len(rows)
    problems = [
        Problem(
            number,
            "external_id",
            f"{row['external_id']!r} is already the external id of "
            f"{existing['external_id'][row['external_id']]}; with --match none every row is a "
            "new record, so import with the default match to update it",
        )
        for row, number in zip(rows, numbers, strict=True)
        if row.get("external_id") in existing["external_id"]
    ]
    raise_problems(problems)


def _empty(value: object) -> bool:
    if isinstance(value, list | tuple):
        return len(value) == 0
    return _missing(value) or value == ""


def _as_round_trip(register: Register, current: dict, values: dict) -> dict:
    """The row's changes to ``current``, read the way an export of it would be written back.

    An export writes an empty list and a missing value alike as an empty cell, and writes
    ``unknown`` for an enum whose original text is kept in ``source_values``; so an empty cell
    does not turn NULL into [] (or back), and an unchanged value keeps its original text.
    """
    out = {k: v for k, v in values.items() if not (_empty(v) and _empty(current.get(k)))}
    originals = dict(source_values(current))
    for name in list(originals):
        if name in out and not _same(out[name], current.get(name)):
            del originals[name]
    originals.update(values.get("source_values") or {})
    if originals or source_values(current):
        out["source_values"] = originals or None
    elif "source_values" in out:
        del out["source_values"]
    return out


def _same(new: object, old: object) -> bool:
    if isinstance(new, list | tuple) or isinstance(old, list | tuple):
        return list(new or []) == list(old if old is not None else [])
    return new == old


def current_records(
    db: Store, register: Register, rows: list[dict], rule: MatchRule | None = None
) -> list[dict | None]:
    """For each row, the record it would update (matched as ``import_rows`` matches it:
    id, then external id, then the match rule's key), or None when it would create one."""
    rule = rule or MatchRule()
    with db.connect() as connection:
        existing = _existing_keys(connection, register, rule)
        targets = [_match(existing, row, register, rule) for row in rows]
        return [None if t is None else records.fetch(connection, register, t) for t in targets]


def _existing_keys(connection, register: Register, rule: MatchRule | None = None) -> dict:
    """The store's records by id, by external id, and (those without an external id) by the
    match rule's key: the name by default."""
    rule = rule or MatchRule()
    fields = key_fields(rule, register)
    table = records._ident(register.table)
    selected = ", ".join(["id", "external_id", *map(records._ident, fields)])
    rows = connection.execute(f"SELECT {selected} FROM {table}").fetchall()
    keyed: dict[tuple[str, ...], str] = {}
    for row in rows:
        values = tuple(match_value(v) for v in row[2:])
        if not row[1] and fields and any(values):
            keyed.setdefault(values, row[0])
    return {
        "id": {r[0]: r[0] for r in rows},
        "external_id": {r[1]: r[0] for r in rows if r[1]},
        "key": keyed,
    }


def remember(existing: dict, row: dict, register: Register, rule: MatchRule, record_id: str):
    """A record just created, so that a later row of the same file finds it."""
    if row.get("external_id"):
        existing["external_id"][row["external_id"]] = record_id
    elif (found := row_key(row, key_fields(rule, register))) is not None:
        existing["key"].setdefault(found, record_id)


def _match(
    existing: dict, row: dict, register: Register, rule: MatchRule | None = None
) -> str | None:
    rule = rule or MatchRule()
    if rule.kind == "none":
        return None
    if row.get("id") in existing["id"]:
        return row["id"]
    if row.get("external_id"):
        return existing["external_id"].get(row["external_id"])
    found = row_key(row, key_fields(rule, register))
    return None if found is None else existing["key"].get(found)


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
