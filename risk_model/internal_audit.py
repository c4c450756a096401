"""Internal audit (ISO/IEC 42001 9.2): the yearly programme, audits, findings, independence.

9.2.2 asks that auditors be chosen so that the audit is objective and impartial; the
certification guide: "You need auditors independent from AIMS operations". Here an auditor
is not independent of an area they own: a system in scope that they own, a business unit in
scope where they own a system, an Annex A control in scope whose SoA owner (or responsible
or accountable person) they are, or a risk they own that a scoped system, control or the
risk clauses (6.1.2, 6.1.3, 8.2, 8.3) bring into the audit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from risk_model.fields import Field, Register

FINDING_CLASSES: dict[str, str] = {
    "major": "Major nonconformity",
    "minor": "Minor nonconformity",
    "observation": "Observation",
    "opportunity": "Opportunity for improvement",
}
NONCONFORMITY_CLASSES = ("major", "minor")
"""Finding classes that are nonconformities and so enter the corrective-action flow (10.2)."""

AUDIT_STATUSES = ("planned", "in progress", "completed", "cancelled", "retired")
RISK_CLAUSES = frozenset({"6.1.2", "6.1.3", "8.2", "8.3"})
"""Clauses under which the risk register itself is audited."""

AUDIT_PROGRAMME = Register(
    name="audit-programmes",
    table="internal_audit_programmes",
    id_prefix="AP",
    label="Internal audit programme",
    title_field="year",
    fields=(
        Field("year", "Year", "int", required=True),
        Field("objectives", "Objectives", "long_text", expected=True),
        Field("owner", "Programme owner", expected=True),
        Field("approved_by", "Approved by"),
        Field("approved_on", "Approved on", "date"),
        Field("status", "Status", "enum", choices=("active", "retired")),
    ),
    defaults={"status": "active"},
)

INTERNAL_AUDIT = Register(
    name="internal-audits",
    table="internal_audits",
    id_prefix="IA",
    label="Internal audits",
    title_field="title",
    fields=(
        Field("title", "Audit", required=True),
        Field("programme_year", "Programme year", "int", required=True),
        Field("scope_clauses", "Clauses in scope", "list"),
        Field("scope_controls", "Annex A controls in scope", "list"),
        Field("scope_systems", "AI systems in scope", "list"),
        Field("scope_units", "Business units in scope", "list"),
        Field("criteria", "Audit criteria", "long_text", expected=True),
        Field("planned_start", "Planned start", "date", expected=True),
        Field("planned_end", "Planned end", "date"),
        Field("start_date", "Started on", "date"),
        Field("end_date", "Ended on", "date"),
        Field("lead_auditor", "Lead auditor", expected=True),
        Field("auditors", "Auditors", "list"),
        Field("report", "Audit report", "long_text"),
        Field("status", "Status", "enum", choices=AUDIT_STATUSES),
    ),
    defaults={"status": "planned"},
)

AUDIT_FINDING = Register(
    name="audit-findings",
    table="audit_findings",
    id_prefix="AF",
    label="Audit findings",
    title_field="title",
    fields=(
        Field("audit_id", "Audit", required=True),
        Field(
            "finding_class",
            "Class",
            "enum",
            required=True,
            choices=tuple(FINDING_CLASSES),
            choice_labels=FINDING_CLASSES,
        ),
        Field("title", "Finding", required=True),
        Field("reference", "Clause or control", required=True),
        Field("system_id", "AI system"),
        Field("evidence_ids", "Evidence", "list", help="Evidence library ids, e.g. EV-0003"),
        Field("evidence", "Evidence seen", "long_text", expected=True),
        Field("raised_by", "Raised by"),
        Field("raised_on", "Raised on", "date"),
        Field("status", "Status", "enum", choices=("active", "retired")),
    ),
    defaults={"status": "active"},
)


def class_label(finding_class: str) -> str:
    return FINDING_CLASSES.get(finding_class, finding_class)


def _key(name: object) -> str:
    return " ".join(str(name or "").split()).casefold()


@dataclass(frozen=True)
class AreaOwners:
    """Who owns what, as the independence check needs it (read from the registers)."""

    system_owners: Mapping[str, str | None] = field(default_factory=dict)
    """System id -> owner."""
    system_units: Mapping[str, str | None] = field(default_factory=dict)
    """System id -> business unit."""
    system_names: Mapping[str, str] = field(default_factory=dict)
    control_people: Mapping[str, Iterable[str]] = field(default_factory=dict)
    """Annex A control -> its SoA owner, responsible and accountable people."""
    risks: tuple[dict, ...] = ()
    """Risks with id, title, owner, system_ids and control_ids."""


@dataclass(frozen=True)
class AuditScope:
    clauses: tuple[str, ...] = ()
    controls: tuple[str, ...] = ()
    systems: tuple[str, ...] = ()
    units: tuple[str, ...] = ()


@dataclass(frozen=True)
class Conflict:
    auditor: str
    area: str
    reason: str


def audit_team(lead_auditor: str | None, auditors: Iterable[str] | None) -> list[str]:
    """The lead auditor and the auditors, each once, in order."""
    team, seen = [], set()
    for name in [lead_auditor, *(auditors or [])]:
        if name and _key(name) and _key(name) not in seen:
            seen.add(_key(name))
            team.append(" ".join(str(name).split()))
    return team


def independence_conflicts(
    team: Iterable[str], scope: AuditScope, owners: AreaOwners
) -> list[Conflict]:
    """Every area in scope that an auditor owns, with the reason in words."""
    conflicts: list[Conflict] = []
    for auditor in team:
        me = _key(auditor)
        if not me:
            continue
        for system_id in scope.systems:
            if _key(owners.system_owners.get(system_id)) == me:
                name = owners.system_names.get(system_id, system_id)
                conflicts.append(
                    Conflict(auditor, system_id, f"{auditor} owns {name} ({system_id}).")
                )
        for unit in scope.units:
            own = [
                s
                for s, u in owners.system_units.items()
                if _key(u) == _key(unit) and _key(owners.system_owners.get(s)) == me
            ]
            if own:
                names = ", ".join(owners.system_names.get(s, s) for s in sorted(own))
                conflicts.append(
                    Conflict(auditor, unit, f"{auditor} owns systems in {unit}: {names}.")
                )
        for control_id in scope.controls:
            if me in {_key(p) for p in owners.control_people.get(control_id, ())}:
                conflicts.append(
                    Conflict(
                        auditor,
                        control_id,
                        f"{auditor} owns or is responsible for control {control_id}"
                        " in the Statement of Applicability.",
                    )
                )
        conflicts.extend(_risk_conflicts(auditor, me, scope, owners))
    return conflicts


def _risk_conflicts(auditor: str, me: str, scope: AuditScope, owners: AreaOwners) -> list[Conflict]:
    out = []
    risk_clauses = sorted(RISK_CLAUSES & set(scope.clauses))
    for risk in owners.risks:
        if _key(risk.get("owner")) != me:
            continue
        why = []
        if set(risk.get("system_ids") or ()) & set(scope.systems):
            why.append("it concerns a system in scope")
        controls = sorted(set(risk.get("control_ids") or ()) & set(scope.controls))
        if controls:
            why.append(f"it is treated by {', '.join(controls)}")
        if risk_clauses:
            why.append(f"clause {', '.join(risk_clauses)} is in scope")
        if why:
            out.append(
                Conflict(
                    auditor,
                    risk["id"],
                    f"{auditor} owns risk {risk['id']} ({risk.get('title', '')}):"
                    f" {'; '.join(why)}.",
                )
            )
    return out


def audit_problems(values: Mapping[str, object]) -> list[str]:
    """What is wrong with an audit record, in words (empty when it can be saved)."""
    problems = []
    if not str(values.get("title") or "").strip():
        problems.append("The audit needs a title.")
    if not values.get("programme_year"):
        problems.append("The audit needs a programme year.")
    scope = ("scope_clauses", "scope_controls", "scope_systems", "scope_units")
    if not any(values.get(k) for k in scope):
        problems.append("The scope is empty: choose clauses, controls, systems or units.")
    for first, last, what in (
        ("planned_start", "planned_end", "planned end"),
        ("start_date", "end_date", "end"),
    ):
        a, b = values.get(first), values.get(last)
        if isinstance(a, date) and isinstance(b, date) and b < a:
            problems.append(f"The {what} date is before the start.")
    status = values.get("status") or "planned"
    if status in ("in progress", "completed"):
        if not values.get("lead_auditor"):
            problems.append(f"An audit {status} needs a lead auditor.")
        if not values.get("start_date"):
            problems.append(f"An audit {status} needs the date it started.")
    if status == "completed":
        if not values.get("end_date"):
            problems.append("A completed audit needs the date it ended.")
        if not str(values.get("report") or "").strip():
            problems.append("A completed audit needs its report.")
    return problems


def finding_counts(classes: Iterable[str]) -> dict[str, int]:
    """How many findings of each class, every class present (zero when none)."""
    counts = dict.fromkeys(FINDING_CLASSES, 0)
    for c in classes:
        if c in counts:
            counts[c] += 1
    return counts
