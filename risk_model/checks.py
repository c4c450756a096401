"""Automated pre-audit checks: what an ISO/IEC 42001 auditor would flag, computed from data.

Each check is a pure function of an ``AimsSnapshot`` (plain records, read by the store) and
returns ``Finding``s that name the clause or control, the severity, and the offending
record with the page where it can be fixed. Areas whose records are absent from the
snapshot are skipped, so a check never fires on data it was not given.
"""

from __future__ import annotations

from collections import Counter

from risk_model import (
    checks_controls,
    checks_cycle,
    checks_discovery,
    checks_eu_ai_act,
    checks_followup,
    checks_governance,
    checks_records,
    checks_risk,
)
from risk_model.context import scope_warnings
from risk_model.findings import AimsSnapshot, Check, CheckArea, Finding, Severity, checks_of
from risk_model.inventory import AI_SYSTEM, completeness, is_blank, review_overdue

SCOPE_AND_INVENTORY = CheckArea("scope and inventory")
check = SCOPE_AND_INVENTORY.check


def run_checks(snapshot: AimsSnapshot) -> list[Finding]:
    findings: list[Finding] = []
    for _, function in CHECKS.values():
        findings.extend(function(snapshot))
    order = {"major": 0, "minor": 1}
    return sorted(findings, key=lambda f: (order[f.severity], f.check_id, f.record_id))


def count_by_check(findings: list[Finding]) -> list[tuple[str, str, Severity, int]]:
    """``(check_id, reference, severity, findings)`` for each check, clause or control and
    severity that has findings: the pre-audit picture a management review reads."""
    counts = Counter((f.check_id, f.reference, f.severity) for f in findings)
    return [(c, r, s, n) for (c, r, s), n in counts.items()]


def _active(snapshot: AimsSnapshot) -> list[dict]:
    return [s for s in snapshot.systems if s.get("status") != "retired"]


@check("SCOPE-STATEMENT", "The AIMS scope is documented")
def scope_statement(snapshot: AimsSnapshot) -> list[Finding]:
    if snapshot.scope and not is_blank(snapshot.scope.get("statement")):
        return []
    return [
        Finding(
            "SCOPE-STATEMENT",
            "4.3",
            "major",
            "scope",
            "scope",
            "AIMS scope",
            "no scope statement is documented",
            "pages/context/scope.py",
        )
    ]


@check("SCOPE-DECISIONS", "High-risk systems are in scope; scope decisions are justified")
def scope_decisions(snapshot: AimsSnapshot) -> list[Finding]:
    return [
        Finding(
            "SCOPE-DECISIONS",
            "4.3",
            w.severity,
            "AI system",
            w.system_id,
            w.system_name,
            w.message,
            "pages/context/scope.py",
        )
        for w in scope_warnings(_active(snapshot))
    ]


@check("INVENTORY-OWNER", "Every AI system has a designated owner")
def inventory_owner(snapshot: AimsSnapshot) -> list[Finding]:
    return [
        Finding(
            "INVENTORY-OWNER",
            "A.3.2",
            "major",
            "AI system",
            s["id"],
            s["name"],
            "no designated owner",
            "pages/risk/inventory.py",
        )
        for s in _active(snapshot)
        if is_blank(s.get("owner"))
    ]


@check("INVENTORY-FIELDS", "Inventory records are complete")
def inventory_fields(snapshot: AimsSnapshot) -> list[Finding]:
    findings = []
    for system in _active(snapshot):
        missing = [m for m in completeness(system, AI_SYSTEM).missing if m != "Designated owner"]
        if missing:
            findings.append(
                Finding(
                    "INVENTORY-FIELDS",
                    "4.1",
                    "minor",
                    "AI system",
                    system["id"],
                    system["name"],
                    "missing: " + ", ".join(missing),
                    "pages/risk/inventory.py",
                )
            )
    return findings


@check("INVENTORY-REVIEW", "AI system reviews are not overdue")
def inventory_review(snapshot: AimsSnapshot) -> list[Finding]:
    return [
        Finding(
            "INVENTORY-REVIEW",
            "9.1",
            "minor",
            "AI system",
            s["id"],
            s["name"],
            f"review overdue since {s['next_review_date']:%Y-%m-%d}",
            "pages/risk/inventory.py",
        )
        for s in _active(snapshot)
        if review_overdue(s, snapshot.today)
    ]


AREAS: tuple[CheckArea, ...] = (
    SCOPE_AND_INVENTORY,
    checks_controls.AREA,
    checks_cycle.AREA,
    checks_risk.AREA,
    checks_governance.AREA,
    checks_eu_ai_act.AREA,
    checks_followup.AREA,
    checks_records.AREA,
    checks_discovery.AREA,
)
"""Every area of pre-audit checks; an area not listed here does not run."""

CHECKS: dict[str, tuple[str, Check]] = checks_of(AREAS)
"""Every check by id: ``(title, check)``, area by area."""
