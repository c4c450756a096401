"""Roles and responsibilities (ISO/IEC 42001 5.3, A.3.2): a RACI of AIMS responsibilities.

Each responsibility names who is Responsible, Accountable, Consulted and Informed, each an
AIMS role (``risk_model.training.AIMS_ROLES``, by key or label) or a named person, and which
member of top management assigned it and when. A RACI has exactly one accountable party.
"""

from __future__ import annotations

from risk_model.fields import Field, Register
from risk_model.training import AIMS_ROLES

RACI = {"responsible": "R", "accountable": "A", "consulted": "C", "informed": "I"}

RESPONSIBILITY = Register(
    name="responsibilities",
    table="responsibilities",
    id_prefix="RES",
    label="AIMS responsibilities",
    fields=(
        Field("name", "Responsibility", required=True),
        Field("reference", "Clause or control", expected=True, help="e.g. 9.2; A.6.2.6"),
        Field("responsible", "Responsible", "list", expected=True, help="Roles or people"),
        Field("accountable", "Accountable", expected=True, help="One role or person"),
        Field("consulted", "Consulted", "list"),
        Field("informed", "Informed", "list"),
        Field("assigned_by", "Assigned by (top management)", expected=True),
        Field("assigned_on", "Assigned on", "date", expected=True),
        Field("status", "Status", "enum", choices=("active", "retired")),
    ),
)


def party_label(party: str) -> str:
    """A role key in words; a person's name as it is."""
    return AIMS_ROLES.get(party, party)


def has_accountable(responsibility: dict) -> bool:
    return bool(str(responsibility.get("accountable") or "").strip())


def raci_matrix(responsibilities: list[dict]) -> tuple[list[str], list[dict]]:
    """The matrix: (parties in first-seen order, one row per responsibility with a letter per
    party). A party holding two letters shows both (e.g. "R/A")."""
    parties: list[str] = []
    rows = []
    for item in responsibilities:
        letters: dict[str, list[str]] = {}
        for column, letter in RACI.items():
            value = item.get(column)
            names = [value] if isinstance(value, str) else list(value or [])
            for name in names:
                name = party_label(str(name).strip())
                if not name:
                    continue
                if name not in parties:
                    parties.append(name)
                letters.setdefault(name, []).append(letter)
        row = {"Responsibility": item["name"], "Clause or control": item.get("reference") or ""}
        row |= {p: "/".join(v) for p, v in letters.items()}
        rows.append(row)
    return parties, rows
