"""Typed field and register definitions shared by forms, imports, exports and the store.

A register (the AI system inventory, the risk register, ...) is declared once as a
``Register`` of ``Field``s. The store builds its parameterised SQL from it, the import
validates rows against it, the exports name their columns after it, and the pages draw
forms from it, so a field added here reaches every one of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

FieldKind = Literal[
    "text", "long_text", "int", "float", "date", "bool", "enum", "multi_enum", "list"
]

UNKNOWN = "unknown"
"""Stored for an enum value that no mapping recognises; the original text is kept beside it."""

MAX_TEXT_CHARS = 2_000_000
"""The longest text one field takes (2 million characters); longer is rejected, not cut."""


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: FieldKind = "text"
    required: bool = False
    """Needed to create a record at all (an import row without it is rejected)."""
    expected: bool = False
    """Not needed to create a record, but its absence is a gap that completeness shows."""
    choices: tuple[str, ...] = ()
    choice_labels: dict[str, str] = field(default_factory=dict)
    help: str = ""

    def label_of(self, value: str) -> str:
        return self.choice_labels.get(value, value)


@dataclass(frozen=True)
class Register:
    """A kind of governance record: its table, id prefix and fields."""

    name: str
    """The name used on the command line: ``python -m store export <name>``."""
    table: str
    id_prefix: str
    label: str
    fields: tuple[Field, ...]
    external_id: bool = True
    """Whether rows carry a stable id from the source file, used to update on re-import."""
    defaults: dict[str, object] = field(default_factory=dict)
    """Values that stand in for an empty one (e.g. an empty tier is "unclassified")."""
    title_field: str = "name"
    """The field that names a record; it matches rows on re-import when a file has no ids."""

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(f"{self.label} has no field {name!r}")

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def required_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.required)

    @property
    def completeness_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.required or f.expected)
