"""Map a file's columns and values onto a register's fields and validate every row.

The mapping is the JSON the command line takes:
``{"columns": {"<file column>": "<field>"}, "values": {"<field>": {"<file value>": "<value>"}}}``.
Unmapped columns whose name matches a field (or its label) are taken as they are.
Every problem is collected with its row and field, so a user fixes a file in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from risk_model.cell_values import (
    MULTI_SPLIT,
    match_choice,
    parse_date,
    parse_value,
    restore_neutralised,
)
from risk_model.cell_values import key as _key
from risk_model.fields import Register
from risk_model.file_reading import Problem, Table

ID_FIELDS = ("id", "external_id")
__all__ = ["ID_FIELDS", "Mapping", "ValidatedRows", "match_choice", "parse_date", "parse_value"]


@dataclass
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict | None) -> Mapping:
        data = data or {}
        unknown = set(data) - {"columns", "values"}
        if unknown:
            raise ValueError(
                f"the mapping has unknown keys: {sorted(unknown)}; expected 'columns' and 'values'"
            )
        columns = data.get("columns") or {}
        values = data.get("values") or {}
        if not isinstance(columns, dict) or not isinstance(values, dict):
            raise ValueError("'columns' and 'values' must be JSON objects")
        for target, value_map in values.items():
            if not isinstance(value_map, dict):
                raise ValueError(
                    f"'values' for {target!r} must be a JSON object of file value -> value"
                )
        return cls(
            {str(k): str(v) for k, v in columns.items()},
            {str(f): {str(k): str(v) for k, v in m.items()} for f, m in values.items()},
        )


@dataclass
class ValidatedRows:
    rows: list[dict]
    row_numbers: list[int]
    problems: list[Problem]
    unmapped_columns: list[str]


def resolve_columns(
    table: Table, register: Register, mapping: Mapping
) -> tuple[dict[str, str], list[Problem]]:
    """file column -> field name, and the problems of the mapping itself."""
    known = set(register.field_names) | set(ID_FIELDS)
    by_key = {_key(f.name): f.name for f in register.fields}
    by_key.update({_key(f.label): f.name for f in register.fields})
    by_key.update({_key(k): k for k in ID_FIELDS})
    problems, resolved = [], {}
    for column, target in mapping.columns.items():
        if column not in table.columns:
            problems.append(
                Problem(
                    0,
                    column,
                    "the mapping names this column but the file has no "
                    f"such column (it has: {', '.join(table.columns[:20])})",
                )
            )
        elif target not in known:
            problems.append(
                Problem(
                    0,
                    column,
                    f"the mapping sends it to {target!r}, which is not a "
                    f"field of the {register.label}",
                )
            )
        else:
            resolved[column] = target
    for column in table.columns:
        if column not in resolved and column not in mapping.columns and _key(column) in by_key:
            resolved[column] = by_key[_key(column)]
    targets: dict[str, str] = {}
    for column, target in resolved.items():
        if target in targets:
            problems.append(
                Problem(0, column, f"both {targets[target]!r} and {column!r} map to {target}")
            )
        targets[target] = column
    for required in register.required_fields:
        if required.name not in targets:
            problems.append(
                Problem(
                    0,
                    required.label,
                    f"no column gives the required field {required.name!r}; map one to it",
                )
            )
    return resolved, problems


def validate(table: Table, register: Register, mapping: Mapping | None = None) -> ValidatedRows:
    mapping = mapping or Mapping()
    columns, problems = resolve_columns(table, register, mapping)
    unmapped = [c for c in table.columns if c not in columns]
    if problems:
        return ValidatedRows([], [], problems, unmapped)
    index = {column: table.columns.index(column) for column in columns}
    rows: list[dict] = []
    for cells, number in zip(table.rows, table.row_numbers, strict=True):
        row: dict = {}
        originals: dict[str, str] = {}
        for column, target in columns.items():
            raw = restore_neutralised(cells[index[column]])
            if target in ID_FIELDS:
                row[target] = raw.strip() or None
                continue
            spec = register.field(target)
            value, problem, original = parse_value(spec, raw, mapping.values.get(target, {}))
            if problem:
                problems.append(Problem(number, column, problem))
            row[target] = value
            if original is not None:
                originals[target] = original
        for required in register.required_fields:
            if row.get(required.name) in (None, "", []):
                problems.append(
                    Problem(
                        number, _column_for(columns, required.name), f"{required.label} is required"
                    )
                )
        if originals:
            row["source_values"] = originals
        rows.append(row)
    problems.extend(_duplicates(rows, table.row_numbers, register, columns))
    return ValidatedRows(rows, list(table.row_numbers), problems, unmapped)


def _column_for(columns: dict[str, str], target: str) -> str:
    return next((c for c, t in columns.items() if t == target), target)


def _duplicates(rows, numbers, register: Register, columns) -> list[Problem]:
    problems = []
    for key in ("external_id", "id"):
        seen: dict[str, int] = {}
        for row, number in zip(rows, numbers, strict=True):
            value = row.get(key)
            if value:
                if value in seen:
                    problems.append(
                        Problem(
                            number,
                            _column_for(columns, key),
                            f"{value!r} is also the id of row {seen[value]}",
                        )
                    )
                else:
                    seen[value] = number
    seen = {}
    for row, number in zip(rows, numbers, strict=True):
        if row.get("id") or row.get("external_id"):
            continue  # a row with an id is told apart by it
        name = _key(str(row.get(register.title_field) or ""))
        if name and name in seen:
            problems.append(
                Problem(
                    number,
                    _column_for(columns, register.title_field),
                    f"the name is also on row {seen[name]}, and neither row has an id to "
                    "tell them apart; give them ids, or keep one of the two rows",
                )
            )
        elif name:
            seen[name] = number
    return problems


def unmatched_values(
    table: Table, register: Register, columns: dict[str, str], limit: int = 40
) -> dict[str, list[str]]:
    """Per enum field, the file's distinct values that match no option (for the mapping step)."""
    found: dict[str, list[str]] = {}
    for column, target in columns.items():
        if target in ID_FIELDS or register.field(target).kind not in ("enum", "multi_enum"):
            continue
        spec = register.field(target)
        index = table.columns.index(column)
        values = dict.fromkeys(row[index].strip() for row in table.rows if row[index].strip())
        misses = []
        for value in values:
            parts = MULTI_SPLIT.split(value) if spec.kind == "multi_enum" else [value]
            if any(match_choice(spec, p) is None for p in parts if p):
                misses.append(value)
        if misses:
            found[target] = misses[:limit]
    return found
