"""Which policy, objective, responsibility and document records serve each clause and
control, for coverage, the management review and the audit bundle (issue #18 item 9)."""

from __future__ import annotations

import re

from risk_model.documents import DOCUMENT
from risk_model.objectives import OBJECTIVE
from risk_model.policies import POLICY
from risk_model.responsibilities import RESPONSIBILITY
from store import register_reads
from store.connection import Store

REFERENCE = re.compile(r"^(A\.)?\d+(\.\d+)*$")
LINKED_REGISTERS = (POLICY, OBJECTIVE, RESPONSIBILITY, DOCUMENT)


def references(value: object) -> list[str]:
    """Clause and control ids in a reference text ("6.2; A.6.2.6") or list of them."""
    parts = value if isinstance(value, list) else re.split(r"[;,\s]+", str(value or ""))
    return [p.strip() for p in parts if REFERENCE.match(str(p).strip())]


def serves(linked: str, target: str) -> bool:
    """A record linked to a clause also serves its subclauses (7.5 serves 7.5.3)."""
    return target == linked or target.startswith(linked + ".")


def linked_records(db: Store) -> list[tuple[str, str, str, str]]:
    """``(reference, table, record id, title)`` for every live record's clause or control."""
    out = []
    with db.connect():
        for register in LINKED_REGISTERS:
            for row in register_reads.read(db, register).to_dict("records"):
                linked = references(row.get("reference"))
                linked += references(row.get("clauses")) + references(row.get("controls"))
                for reference in dict.fromkeys(linked):
                    out.append((reference, register.table, row["id"], row["name"]))
    return out


def records_for(links: list[tuple[str, str, str, str]], target: str) -> list[tuple[str, str]]:
    """``(table, record id)`` of the records that serve ``target``, without repeats."""
    found = [(table, record_id) for ref, table, record_id, _ in links if serves(ref, target)]
    return list(dict.fromkeys(found))
