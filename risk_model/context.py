"""Organisational context (ISO/IEC 42001 4.1, 4.2) and AIMS scope (4.3) rules."""

from __future__ import annotations

from dataclasses import dataclass

from risk_model.fields import Field, Register

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

CONTEXT_ISSUE = Register(
    name="context-issues",
    table="context_issues",
    id_prefix="CTX",
    label="Context issues",
    title_field="title",
    fields=(
        Field("kind", "Internal or external", "enum", required=True, choices=ISSUE_KINDS),
        Field("pestle", "PESTLE category", "enum", choices=PESTLE),
        Field("title", "Issue", required=True),
        Field("description", "Description", "long_text"),
        Field("effect_on_aims", "Effect on the AIMS", "long_text"),
        Field("status", "Status", "enum", choices=("active", "retired")),
    ),
)

INTERESTED_PARTY = Register(
    name="interested-parties",
    table="interested_parties",
    id_prefix="IP",
    label="Interested parties",
    fields=(
        Field("name", "Interested party", required=True),
        Field("category", "Category", "enum", choices=PARTY_CATEGORIES),
        Field("requirements", "Relevant requirements", "long_text", expected=True),
        Field("addressed_by", "How the AIMS addresses them", "long_text"),
        Field("status", "Status", "enum", choices=("active", "retired")),
    ),
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
