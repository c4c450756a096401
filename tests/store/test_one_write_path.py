"""One write path: no store module but ``store/records.py`` refuses an unknown id or writes an
UPDATE by hand (issue 16, step 5).

A record of a register is changed through ``records.update`` / ``records.change`` (fetch,
refuse an unknown id with ``records.NoRecord``, the register's own check, access, write, audit
trail); a store module that needs the record first reads it with ``records.existing``. The rule,
read from the source with ``ast``: outside ``records.py``, no ``raise KeyError(...)`` (nor a
hand-raised ``NoRecord``) and no ``UPDATE <table> SET`` statement, but in the functions
named in ``EXEMPT`` with the reason they must stay.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from risk_model.access import SYSTEM, AccessDenied, Actor
from risk_model.context import CONTEXT_ISSUE
from risk_model.incidents import AI_INCIDENT
from risk_model.inventory import AI_SYSTEM
from store import audits, incidents, inventory, records, risks
from store.connection import Store

STORE = Path(__file__).resolve().parents[2] / "store"

VIEWER = Actor("Vic Viewer", ("viewer",))
UPDATE_STATEMENT = re.compile(r"\bUPDATE\s+\S+\s+SET\b")

EXEMPT = {
    # --- KeyErrors that are not an unknown record -----------------------------------------------
    "store.certification.save_cycle": "a field the certification cycle does not have",
    "store.evidence_register.version_file": "a version with no file (a link); a read",
    "store.registers.get": "a register name the command line does not know",
    "store.risk_files._resolve_systems": "an unknown system name, turned into a row problem "
    "by its caller",
    "store.soa.read_version": "an approved SoA version: a frozen snapshot, not a record",
    "store.supporting_registers.list_records": "a register that is not a supporting one",
    # --- UPDATEs of rows that are not register records ------------------------------------------
    "store.discovery.record_scan": "scan output: when a known candidate or finding was last seen "
    "(discovery candidates have no Register; the scan is in the trail as a whole)",
    "store.discovery._triage": "a candidate's triage state, with its own trail entry; "
    "discovery candidates have no Register",
    "store.incidents.record_breaches": "the monitor's breach count on an open incident, "
    "recorded with the run id; columns no form writes",
    "store.incidents._open_from_breach": "the breach key that ties a new incident to its "
    "monitor threshold; a column no form writes",
    "store.monitoring._abandon_dead_runs": "a run's own state machine (running -> abandoned)",
    "store.monitoring.report_progress": "a running job's heartbeat; not recorded",
    "store.monitoring.finish_run": "a run's own state machine (running -> final status)",
    "store.regulatory_documents.approve": "generated document versions have no Register; "
    "approval is write-once",
    "store.risks._snapshot": "closes the validity of the risk's last version row",
    "store.schedules.record_claimed_run": "a scheduler's claim on a due run; not a record",
}
"""Function (``store.module.function``) -> why it keeps a ``raise KeyError`` or an UPDATE."""


def _functions(tree: ast.Module):
    """(qualified function name, node) for every function, nested ones by their outer name."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    yield f"{node.name}.{item.name}", item


def _raised_name(node: ast.Raise) -> str | None:
    exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
    if isinstance(exc, ast.Name):
        return exc.id
    if isinstance(exc, ast.Attribute):
        return exc.attr
    return None


def hand_written_writes(source: str, module: str) -> dict[str, list[str]]:
    """Function -> what in it the rule flags: a ``raise KeyError``/``NoRecord``, an UPDATE."""
    tree = ast.parse(source)
    found: dict[str, list[str]] = {}
    scopes = list(_functions(tree)) + [("<module>", tree)]
    seen: set[int] = set()
    for name, scope in scopes:
        for node in ast.walk(scope):
            if id(node) in seen:
                continue
            seen.add(id(node))
            what = None
            if isinstance(node, ast.Raise) and _raised_name(node) in ("KeyError", "NoRecord"):
                what = f"line {node.lineno}: raise {_raised_name(node)}"
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                if UPDATE_STATEMENT.search(node.value):
                    what = f"line {node.lineno}: {node.value.strip()[:40]}"
            if what:
                found.setdefault(f"{module}.{name}", []).append(what)
    return found


def store_findings() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(STORE.rglob("*.py")):
        if path.name == "records.py" and path.parent == STORE:
            continue
        parts = path.relative_to(STORE.parent).with_suffix("").parts
        found |= hand_written_writes(path.read_text(encoding="utf-8"), ".".join(parts))
    return found


def test_no_hand_written_fetch_refuse_or_update_outside_records():
    found = store_findings()
    new = {name: what for name, what in found.items() if name not in EXEMPT}
    assert not new, (
        "change a register's records through store.records (update/change, existing for a "
        f"read that must refuse an unknown id), or add an EXEMPT entry saying why: {new}"
    )


def test_every_exemption_still_holds_what_it_excuses():
    stale = set(EXEMPT) - set(store_findings())
    assert not stale, f"exemptions with nothing left to excuse: {sorted(stale)}"


def test_the_rule_flags_a_hand_written_sequence():
    bad = (
        "def update_thing(db, thing_id, values, actor):\n"
        "    with db.transaction() as connection:\n"
        "        row = records.fetch(connection, THING, thing_id)\n"
        "        if row is None:\n"
        "            raise KeyError(f'no thing {thing_id}')\n"
        "        connection.execute(\n"
        "            'UPDATE things SET title = ?'\n"
        "            ' WHERE id = ?', [values['title'], thing_id]\n"
        "        )\n"
    )
    found = hand_written_writes(bad, "store.things")
    assert list(found) == ["store.things.update_thing"]
    assert [w.split(":")[0] for w in found["store.things.update_thing"]] == ["line 5", "line 7"]
    good = (
        "def update_thing(db, thing_id, values, actor):\n"
        "    return records.change(db, THING, thing_id, values, actor, check=_check)\n"
    )
    assert hand_written_writes(good, "store.things") == {}


# --- the generic path's refusal and check --------------------------------------------------------


def test_an_unknown_id_is_refused_naming_the_register_and_id(db: Store):
    cases = [
        (lambda: incidents.update_incident(db, "INC-9999", {"actions": "x"}, SYSTEM), "INC-9999"),
        (lambda: audits.update_audit(db, "IA-9999", {"criteria": "x"}, SYSTEM), "IA-9999"),
        (lambda: risks.update_risk(db, "RISK-9999", {"title": "x"}, SYSTEM), "RISK-9999"),
    ]
    messages = []
    for call, record_id in cases:
        with pytest.raises(records.NoRecord) as refused:
            call()
        assert isinstance(refused.value, KeyError)
        assert refused.value.record_id == record_id
        messages.append(refused.value.args[0])
    assert messages == [
        "No incident INC-9999.",
        "No internal audit IA-9999.",
        "No risk RISK-9999.",
    ]
    with pytest.raises(records.NoRecord, match=r"^Context issues: no record CTX-9999$"):
        records.change(db, CONTEXT_ISSUE, "CTX-9999", {"title": "x"}, SYSTEM)
    assert str(records.NoRecord(AI_INCIDENT, "INC-1")) == "No incident INC-1."


def test_change_runs_the_check_before_access_and_writes_what_it_returns(db: Store):
    system_id = inventory.add_system(db, {"name": "Check probe", "owner": "Ana"}, SYSTEM)
    seen = []

    def check(current: dict, values: dict) -> dict:
        seen.append((current["name"], dict(values)))
        return {"description": values["description"].upper()}

    changes = records.change(
        db, AI_SYSTEM, system_id, {"description": "probe"}, SYSTEM, check=check
    )
    assert seen == [("Check probe", {"description": "probe"})]
    assert changes == {"description": (None, "PROBE")}
    assert inventory.get_system(db, system_id)["description"] == "PROBE"
    trail = inventory.history(db, system_id)
    assert trail[trail["field"] == "description"]["new_value"].tolist() == ["PROBE"]

    def refuse(current: dict, values: dict) -> None:
        raise ValueError("refused by the register's rule")

    with pytest.raises(ValueError, match="register's rule"):
        records.change(db, AI_SYSTEM, system_id, {"description": "x"}, VIEWER, check=refuse)
    with pytest.raises(AccessDenied):
        records.change(db, AI_SYSTEM, system_id, {"description": "x"}, VIEWER)
    assert inventory.get_system(db, system_id)["description"] == "PROBE"
