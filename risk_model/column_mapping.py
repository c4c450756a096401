"""Which file column gives which field: the mapping a user writes, and how it is resolved.

The mapping is the JSON the command line takes and the Import page saves and loads::

    {"columns": {"<file column or #position>": "<field>"},
     "values": {"<field>": {"<file value>": "<value>"}},
     "blank": ["N/A", "TBD"],
     "match": "none" | "business_unit,name" | ["business_unit", "name"]}

Headers and mapping keys are compared as people read them: case, surrounding and repeated
spaces (non-breaking ones too) and curly or straight quotes do not matter. A header that
repeats (government inventories repeat "If Other, please explain." after every choice) is
ignored unless something maps it; a mapped one must be named by its position, ``"#27"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from risk_model.cell_values import key
from risk_model.fields import Register
from risk_model.import_problems import Problem
from risk_model.row_matching import ID_FIELDS, MatchRule

BLANK_LIKE = ("N/A", "NA", "n.a.", "Not applicable", "None", "TBD", "TBC", "Unknown", "-", "--")
"""Spellings of "no value" that the Import page offers to read as blank when it sees them."""
_POSITION = re.compile(r"#\s*(\d+)")


@dataclass
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)
    """File column (its header, or ``#N`` for the N-th column) -> field; "" ignores it."""
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    """Field -> file value -> the field's value."""
    blank: list[str] = field(default_factory=list)
    """Values read as an empty cell in every column (``N/A``, ``TBD``)."""
    match: MatchRule = field(default_factory=MatchRule)
    """How a row finds the record it updates (``row_matching``)."""

    @classmethod
    def from_dict(cls, data: dict | None) -> Mapping:
        data = data or {}
        if not isinstance(data, dict):
            raise ValueError("the mapping must be a JSON object")
        unknown = set(data) - {"columns", "values", "blank", "match"}
        if unknown:
            raise ValueError(
                f"the mapping has unknown keys: {sorted(unknown)}; expected 'columns', "
                "'values', 'blank' and 'match'"
            )
        columns = data.get("columns") or {}
        values = data.get("values") or {}
        blank = data.get("blank") or []
        if not isinstance(columns, dict) or not isinstance(values, dict):
            raise ValueError("'columns' and 'values' must be JSON objects")
        if not isinstance(blank, list) or not all(isinstance(b, str) for b in blank):
            raise ValueError('\'blank\' must be a JSON list of texts, e.g. ["N/A", "TBD"]')
        for target, value_map in values.items():
            if not isinstance(value_map, dict):
                raise ValueError(
                    f"'values' for {target!r} must be a JSON object of file value -> value"
                )
        return cls(
            {str(k): "" if v is None else str(v) for k, v in columns.items()},
            {str(f): {str(k): str(v) for k, v in m.items()} for f, m in values.items()},
            list(blank),
            MatchRule.parse(data.get("match")),
        )

    def to_dict(self) -> dict:
        out: dict = {"columns": self.columns, "values": self.values}
        if self.blank:
            out["blank"] = self.blank
        if self.match.kind != "default":
            out["match"] = self.match.as_json()
        return out

    def is_blank(self, text: str) -> bool:
        return bool(self.blank) and key(text) in {key(b) for b in self.blank}


@dataclass
class ColumnPlan:
    """The resolved mapping: which position gives which field, and what is left out."""

    targets: dict[int, str]
    """0-based column position -> field."""
    labels: list[str]
    """How problems name each column: its header, with ``#N`` when the header repeats."""
    problems: list[Problem]
    ignored_repeats: dict[str, list[int]] = field(default_factory=dict)
    """Repeated header -> its 1-based positions, none of them mapped."""

    @property
    def by_field(self) -> dict[str, int]:
        return {target: position for position, target in self.targets.items()}

    def label_for(self, target: str) -> str:
        position = self.by_field.get(target)
        return target if position is None else self.labels[position]

    def notes(self) -> list[str]:
        return [
            f"ignored {len(where)} columns headed {name!r} (columns "
            f"{', '.join(map(str, where))}): the header repeats and the mapping names none of them"
            for name, where in self.ignored_repeats.items()
        ]


def positions_of(columns: list[str], name: str) -> list[int]:
    """0-based positions a mapping key names: ``#N`` by position, else by forgiving header."""
    found = _POSITION.fullmatch(name.strip())
    if found:
        index = int(found.group(1)) - 1
        return [index] if 0 <= index < len(columns) else []
    wanted = key(name)
    return [i for i, column in enumerate(columns) if key(column) == wanted]


def resolve_columns(columns: list[str], register: Register, mapping: Mapping) -> ColumnPlan:
    known = set(register.field_names) | set(ID_FIELDS)
    by_key = {key(f.name): f.name for f in register.fields}
    by_key.update({key(f.label): f.name for f in register.fields})
    by_key.update({key(k): k for k in ID_FIELDS})
    repeats: dict[str, list[int]] = {}
    for index, column in enumerate(columns):
        repeats.setdefault(key(column), []).append(index)
    labels = [f"{c} (#{i + 1})" if len(repeats[key(c)]) > 1 else c for i, c in enumerate(columns)]
    problems: list[Problem] = []
    targets: dict[int, str] = {}
    handled: set[int] = set()
    for name, target in mapping.columns.items():
        where = positions_of(columns, name)
        target = target.strip()
        if not where:
            shown = ", ".join(columns[:20]) + (" …" if len(columns) > 20 else "")
            problems.append(
                Problem(
                    0,
                    name,
                    f"the mapping names this column but the file has no such column (it has: {shown})",
                )
            )
        elif target and target not in known:
            problems.append(
                Problem(
                    0,
                    name,
                    f"the mapping sends it to {target!r}, which is not a field of the "
                    f"{register.label}",
                )
            )
        elif target and len(where) > 1:
            problems.append(_repeat_problem(columns, where, target))
            handled.update(where)
        else:
            handled.update(where)
            if target:
                targets[where[0]] = target
    chosen = set(targets.values())
    for index, column in enumerate(columns):
        target = by_key.get(key(column))
        if index in handled or target is None or target in chosen:
            continue
        where = repeats[key(column)]
        if len(where) > 1:
            if index == where[0]:
                problems.append(_repeat_problem(columns, where, target))
            continue
        targets[index] = target
    seen: dict[str, int] = {}
    for index, target in sorted(targets.items()):
        if target in seen:
            problems.append(
                Problem(
                    0,
                    labels[index],
                    f"both {labels[seen[target]]!r} and {labels[index]!r} map to {target}",
                )
            )
        seen.setdefault(target, index)
    for required in register.required_fields:
        if required.name not in seen:
            problems.append(
                Problem(
                    0,
                    required.label,
                    f"no column gives the required field {required.name!r}; map one to it",
                )
            )
    ignored = {
        columns[where[0]]: [i + 1 for i in where]
        for where in repeats.values()
        if len(where) > 1 and columns[where[0]] and not any(i in targets for i in where)
    }
    return ColumnPlan(targets, labels, problems, ignored)


def _repeat_problem(columns: list[str], where: list[int], target: str) -> Problem:
    numbers = [i + 1 for i in where]
    shown = ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"
    return Problem(
        0,
        columns[where[0]],
        f"columns {shown} are all headed {columns[where[0]]!r}, and it maps to {target}; "
        f'choose one by its position in the mapping, e.g. "#{numbers[0]}": "{target}" '
        "(the others are then ignored)",
    )
