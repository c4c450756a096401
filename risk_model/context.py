"""Organisational context (ISO/IEC 42001 4.1, 4.2) and AIMS scope (4.3) rules."""

from __future__ import annotations

from dataclasses import dataclass

PESTLE = ("political", "economic", "social", "technological", "legal", "environmental")
ISSUE_KINDS = ("internal", "external")
PARTY_CATEGORIES = (
    "regulator",
    "customer",
    "employee",
    "supplier",
    "shareholder",
    "affected community",
    "certification body",
    "partner",
    "other",
)


@dataclass(frozen=True)
class ScopeWarning:
    system_id: str
    system_name: str
    message: str
    severity: str  # "major" | "minor"


def scope_warnings(systems: list[dict]) -> list[ScopeWarning]:
    """What an auditor flags in the scope: excluded high-risk systems and missing justifications."""
    warnings = []
    for system in systems:
        if system.get("status") == "retired":
            continue
        in_scope = system.get("in_scope")
        justification = (system.get("scope_justification") or "").strip()
        sid, name = system["id"], system["name"]
        if in_scope is None or in_scope != in_scope:
            warnings.append(
                ScopeWarning(sid, name, "no scope decision: in or out of the AIMS?", "minor")
            )
            continue
        if not in_scope and system.get("eu_ai_act_tier") in ("high", "prohibited"):
            warnings.append(
                ScopeWarning(
                    sid,
                    name,
                    "a high-risk system is excluded from the AIMS scope; auditors flag this",
                    "major",
                )
            )
        if not justification:
            warnings.append(
                ScopeWarning(
                    sid,
                    name,
                    f"the {'inclusion' if in_scope else 'exclusion'} has no justification",
                    "minor" if in_scope else "major",
                )
            )
    return warnings
