"""Malformed files for every register that ``python -m store import`` takes, built from its fields.

Each register gets a valid three-row file (rows 2-4, ids in an ``external_id`` column) made
from its field declarations, and then the same file with one fault planted at a known row and
column. New registers in ``store.registers.REGISTERS`` join the corpus by themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from risk_model.fields import Field, Register
from store.records import CLASSIFIER_FIELDS
from tests.corpus.broken_files import Grid

REFERENCES = {"system_ids": "systems", "system_id": "systems", "person_id": "people"}
"""Fields whose value must name a record that exists: filled from the seeded store."""
VALID_VALUES = {
    "features": '{"income": "numerical", "region": "categorical"}',
    "thresholds": "{}",
    "reference_source": "reference.csv",
    "current_source": "current.csv",
    "schedule": "0 6 * * *",
}
"""Fields whose text has a format of its own (JSON, a data source)."""
REJECTS_UNKNOWN_CHOICES = {"risks", "people", "training", "monitored-models", "incidents"}
"""Registers whose import refuses an unknown enum spelling (the inventory keeps it as unknown)."""
BAD_VALUES = {
    "date": ("31/02/2024", "is not a date"),
    "int": ("three", "is not a whole number"),
    "float": ("about 5", "is not a number"),
    "bool": ("maybe", "is not yes or no"),
}


@dataclass(frozen=True)
class PlantedFault:
    register: str
    case: str
    rows: Grid
    row: int
    field: str | None
    phrase: str


def valid_value(spec: Field, number: int, refs: dict[str, list[str]], register: Register) -> str:
    """A value the field accepts; ``number`` (1-3) keeps titles distinct."""
    if spec.name in REFERENCES:
        return refs[REFERENCES[spec.name]][number % len(refs[REFERENCES[spec.name]])]
    if spec.name in VALID_VALUES:
        return VALID_VALUES[spec.name]
    if spec.name in CLASSIFIER_FIELDS.get(register.table, ()):
        return ""  # set by the EU AI Act classification only, never by an import
    if spec.name == register.title_field:
        return f"{spec.label} {number}"
    match spec.kind:
        case "enum" | "multi_enum":
            return spec.choices[0]
        case "list":
            return "alpha; beta"
        case "bool":
            return "yes"
        case "date":
            return f"2024-0{number}-15"
        case "int":
            return "1"
        case "float":
            return "50"
    return f"{spec.label} of record {number}"


def valid_rows(register: Register, refs: dict[str, list[str]], prefix: str = "") -> Grid:
    header = ["external_id", *register.field_names]
    rows: Grid = [header]
    for number in (1, 2, 3):
        values = [valid_value(spec, number, refs, register) for spec in register.fields]
        rows.append([f"{prefix}{register.name}-{number}", *values])
    return rows


def _with(rows: Grid, row: int, column: str, value: str) -> Grid:
    changed = [list(r) for r in rows]
    changed[row - 1][changed[0].index(column)] = value
    return changed


def planted_faults(
    name: str, register: Register, refs: dict[str, list[str]]
) -> Iterator[PlantedFault]:
    base = valid_rows(register, refs)
    header = base[0]
    for spec in register.required_fields:
        index = header.index(spec.name)
        dropped = [r[:index] + r[index + 1 :] for r in base]
        yield PlantedFault(name, f"no_{spec.name}_column", dropped, 0, spec.label, "required field")
        yield PlantedFault(
            name, f"{spec.name}_blank", _with(base, 3, spec.name, "  "), 3, spec.name, "is required"
        )
    for kind, (bad, phrase) in BAD_VALUES.items():
        spec = next(
            (f for f in register.fields if f.kind == kind and f.name not in REFERENCES), None
        )
        if spec:
            yield PlantedFault(
                name,
                f"{spec.name}_{kind}_wrong",
                _with(base, 4, spec.name, bad),
                4,
                spec.name,
                phrase,
            )
    yield PlantedFault(
        name,
        "duplicate_id",
        _with(base, 4, "external_id", base[1][0]),
        4,
        "external_id",
        "is also the id of row 2",
    )
    title = register.title_field
    unnamed = _with(_with(base, 2, "external_id", ""), 4, "external_id", "")
    yield PlantedFault(
        name,
        "same_name_no_ids",
        _with(unnamed, 4, title, base[1][header.index(title)]),
        4,
        title,
        "rows 2 and 4 share the",
    )
    surplus = [list(r) for r in base]
    surplus[2] = [*surplus[2], "surplus value"]
    yield PlantedFault(name, "surplus_value", surplus, 3, f"column {len(header) + 1}", "values")
    if name in REJECTS_UNKNOWN_CHOICES:
        choices = [f for f in register.fields if f.kind in ("enum", "multi_enum")]
        spec = next((f for f in choices if f.name != "status"), choices[0])
        yield PlantedFault(
            name,
            f"{spec.name}_unknown",
            _with(base, 3, spec.name, "Zzyzx"),
            3,
            spec.name,
            "'Zzyzx' is not a known",
        )
