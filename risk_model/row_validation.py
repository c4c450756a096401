"""Map a file's columns and values onto a register's fields and validate every row.

The mapping (``column_mapping.Mapping``) is the JSON the command line takes. Unmapped columns
whose name matches a field (or its label) are taken as they are. Every problem is collected
with its row and field, so a user fixes a file in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from risk_model.cell_values import (
    MULTI_SPLIT,
    key,
    match_choice,
    parse_date,
    parse_value,
    restore_neutralised,
)
from risk_model.column_mapping import BLANK_LIKE, ColumnPlan, Mapping, resolve_columns
from risk_model.fields import Register
from risk_model.file_reading import Problem, Table
from risk_model.row_matching import ID_FIELDS, MatchRule, repeated_keys, rule_problems

__all__ = [
    "ID_FIELDS",
    "Mapping",
    "ValidatedRows",
    "match_choice",
    "parse_date",
    "parse_value",
    "resolve_columns",
]


@dataclass
class ValidatedRows:
    rows: list[dict]
    row_numbers: list[int]
    problems: list[Problem]
    unmapped_columns: list[str]
    notes: list[str] = field(default_factory=list)
    """What the import left out on purpose (repeated headers no mapping names)."""
    match: MatchRule = field(default_factory=MatchRule)
    encoding: str = ""


def validate(table: Table, register: Register, mapping: Mapping | None = None) -> ValidatedRows:
    mapping = mapping or Mapping()
    plan = resolve_columns(table.columns, register, mapping)
    problems = plan.problems + rule_problems(mapping.match, register, set(plan.targets.values()))
    unmapped = [plan.labels[i] for i in range(len(table.columns)) if i not in plan.targets]
    if problems:
        return ValidatedRows([], [], problems, unmapped, plan.notes(), mapping.match)
    blanks = {key(b) for b in mapping.blank}
    rows: list[dict] = []
    for cells, number in zip(table.rows, table.row_numbers, strict=True):
        row: dict = {}
        originals: dict[str, str] = {}
        for index, target in plan.targets.items():
            raw = restore_neutralised(cells[index])
            if blanks and key(raw) in blanks:
                raw = ""
            if target in ID_FIELDS:
                row[target] = raw.strip() or None
                continue
            spec = register.field(target)
            value, problem, original = parse_value(spec, raw, mapping.values.get(target, {}))
            if problem:
                problems.append(Problem(number, plan.labels[index], problem))
            row[target] = value
            if original is not None:
                originals[target] = original
        for required in register.required_fields:
            if row.get(required.name) in (None, "", []):
                problems.append(
                    Problem(number, plan.label_for(required.name), f"{required.label} is required")
                )
        if originals:
            row["source_values"] = originals
        rows.append(row)
    problems.extend(_repeated_ids(rows, table.row_numbers, plan))
    problems.extend(
        repeated_keys(rows, table.row_numbers, register, mapping.match, set(plan.targets.values()))
    )
    return ValidatedRows(
        rows, list(table.row_numbers), problems, unmapped, plan.notes(), mapping.match
    )


def _repeated_ids(rows, numbers, plan: ColumnPlan) -> list[Problem]:
    problems = []
    for name in ("external_id", "id"):
        seen: dict[str, int] = {}
        for row, number in zip(rows, numbers, strict=True):
            value = row.get(name)
            if value:
                if value in seen:
                    problems.append(
                        Problem(
                            number,
                            plan.label_for(name),
                            f"{value!r} is also the id of row {seen[value]}",
                        )
                    )
                else:
                    seen[value] = number
    return problems


def unmatched_values(
    table: Table, register: Register, plan: ColumnPlan, mapping: Mapping | None = None
) -> dict[str, dict[str, int]]:
    """Per option field, each file value that matches no option and no value mapping, with
    the number of rows that hold it (for the Import page's mapping step)."""
    mapping = mapping or Mapping()
    found: dict[str, dict[str, int]] = {}
    for index, target in plan.targets.items():
        if target in ID_FIELDS or register.field(target).kind not in ("enum", "multi_enum"):
            continue
        spec = register.field(target)
        mapped = mapping.values.get(target, {})
        counts: dict[str, int] = {}
        for row in table.rows:
            value = row[index].strip()
            if value and value not in mapped and not mapping.is_blank(value):
                counts[value] = counts.get(value, 0) + 1
        misses = {}
        for value, count in counts.items():
            parts = MULTI_SPLIT.split(value) if spec.kind == "multi_enum" else [value]
            if any(match_choice(spec, mapped.get(p, p)) is None for p in parts if p):
                misses[value] = count
        if misses:
            found[target] = dict(sorted(misses.items(), key=lambda item: (-item[1], item[0])))
    return found


def blank_like_values(table: Table, plan: ColumnPlan) -> dict[str, int]:
    """Each "no value" spelling (``BLANK_LIKE``) in a mapped column, with its row count."""
    wanted = {key(b): b for b in BLANK_LIKE}
    counts: dict[str, int] = {}
    for row in table.rows:
        for index in plan.targets:
            text = row[index].strip()
            if text and key(text) in wanted:
                counts[text] = counts.get(text, 0) + 1
    return counts
