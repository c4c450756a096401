"""How an imported row finds the record it updates: the choice a user makes with ``--match``.

- ``default``: the record id, then the external id, then the name (the register's title).
- ``fields``: the record id, then the external id, then a combination of mapped fields, such
  as ``business_unit,name``, for registers whose names repeat across units.
- ``none``: every row is a new record with a fresh id. Re-importing the same file would then
  duplicate it; an export carries the ids, so re-importing an export changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from risk_model.cell_values import key
from risk_model.fields import Register
from risk_model.import_problems import Problem

MatchKind = Literal["default", "fields", "none"]
ID_FIELDS = ("id", "external_id")


@dataclass(frozen=True)
class MatchRule:
    kind: MatchKind = "default"
    fields: tuple[str, ...] = ()
    """The mapped fields whose values together identify a record (``fields`` only)."""

    @classmethod
    def parse(cls, value: object) -> MatchRule:
        """From ``--match`` text (``none``, ``name`` or ``business_unit,name``) or a JSON list."""
        if value is None or value == "" or value == []:
            return cls()
        if isinstance(value, MatchRule):
            return value
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
        elif isinstance(value, list | tuple) and all(isinstance(p, str) for p in value):
            parts = [p.strip() for p in value if p.strip()]
        else:
            raise ValueError("'match' must be \"none\", a field name, or a list of field names")
        if [p.casefold() for p in parts] == ["none"]:
            return cls("none")
        if [p.casefold() for p in parts] in (["default"], []):
            return cls()
        return cls("fields", tuple(parts))

    def as_json(self) -> str | list[str] | None:
        return {"default": None, "none": "none"}.get(self.kind, list(self.fields))

    def describe(self, register: Register) -> str:
        if self.kind == "none":
            return "every row is a new record"
        names = self.fields if self.kind == "fields" else (register.title_field,)
        return "by id, then external id, then " + " and ".join(names)


def match_value(value: object) -> str:
    """A field's value as a matching key: an export's text and the stored value agree."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(key(str(v)) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return key(str(value))


def key_fields(rule: MatchRule, register: Register) -> tuple[str, ...]:
    """The fields that identify a row without an id (none for the ``none`` rule)."""
    if rule.kind == "none":
        return ()
    return rule.fields if rule.kind == "fields" else (register.title_field,)


def row_key(row: dict, fields: tuple[str, ...]) -> tuple[str, ...] | None:
    """The row's key over ``fields``; None when every one of them is empty."""
    values = tuple(match_value(row.get(f)) for f in fields)
    return values if any(values) else None


def rule_problems(rule: MatchRule, register: Register, mapped: set[str]) -> list[Problem]:
    problems = []
    for name in rule.fields:
        if name not in register.field_names:
            problems.append(Problem(0, "match", f"{name!r} is not a field of the {register.label}"))
        elif name not in mapped:
            problems.append(
                Problem(0, "match", f"no column gives {name!r}; map one to it to match on it")
            )
    return problems


def repeated_keys(
    rows: list[dict], numbers: list[int], register: Register, rule: MatchRule, mapped: set[str]
) -> list[Problem]:
    """One problem per key that several rows without an id share, listing the rows and the
    ways out: a combination of fields that tells them apart, ``--match none``, or ids."""
    fields = key_fields(rule, register)
    if not fields:
        return []
    groups: dict[tuple[str, ...], list[int]] = {}
    shown_as: dict[tuple[str, ...], str] = {}
    for row, number in zip(rows, numbers, strict=True):
        if row.get("id") or row.get("external_id"):
            continue  # a row with an id is told apart by it
        found = row_key(row, fields)
        if found is not None:
            groups.setdefault(found, []).append(number)
            shown_as.setdefault(found, " / ".join(str(row.get(f) or "") for f in fields))
    repeats = {k: v for k, v in groups.items() if len(v) > 1}
    if not repeats:
        return []
    separating = _separating_field(rows, register, fields, mapped)
    combination = ",".join([separating, *fields]) if separating else "FIELD," + ",".join(fields)
    what = " and ".join(register.field(f).label.lower() for f in fields)
    choices = (
        f"choose how rows match records: --match {combination} "
        + (
            "(which tells every row apart), "
            if separating
            else "(no mapped field tells every row apart; true twins need none), "
        )
        + "--match none (every row a new record), or give each row an external id"
    )
    problems = []
    for found, where in repeats.items():
        problems.append(
            Problem(
                where[1],
                fields[-1],
                f"rows {_listed(where)} share the {what} {shown_as[found][:80]!r} and no id "
                f"tells them apart; {choices}",
            )
        )
    return problems


def _listed(numbers: list[int], most: int = 12) -> str:
    if len(numbers) > most:
        return ", ".join(map(str, numbers[:most])) + f" and {len(numbers) - most} more"
    return ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


def _separating_field(
    rows: list[dict], register: Register, fields: tuple[str, ...], mapped: set[str]
) -> str | None:
    """A mapped field that, added to ``fields``, gives every row without an id its own key."""
    keyed = [r for r in rows if not (r.get("id") or r.get("external_id"))]
    for name in sorted(mapped - set(fields) - set(ID_FIELDS)):
        if register.field(name).kind in ("long_text", "list", "multi_enum"):
            continue
        keys = [row_key(r, (name, *fields)) for r in keyed]
        if all(k is not None and k[0] for k in keys) and len(set(keys)) == len(keys):
            return name
    return None
