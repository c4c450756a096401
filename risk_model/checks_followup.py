"""Pre-audit checks on follow-up: corrective actions of minor nonconformities (10.2), risk
reassessment (8.2, 6.3) and the internal audit programme's coverage (9.2.2).

Reads from ``snapshot.extra``:

- ``overdue_actions``: corrective actions past their deadline and not done (``id``,
  ``nonconformity_id``, ``action``, ``deadline``, ``grade`` of the nonconformity);
- ``risk_reassessment``: the live risks with ``last_assessed`` (the day of their latest
  recorded version: every review of a risk is a change of the register) and
  ``system_changed`` (the latest significant change of one of their systems, or None);
- ``audit_programme``: ``{"years": [...], "audits": [...]}``, the programme years of the
  three-year certification cycle that hold a programme or an audit, and their audits that
  are not cancelled or retired (``scope_clauses``, ``scope_controls``).

A major nonconformity is already a major finding (``NONCONFORMITY-MAJOR``), so only the
actions of minor ones are checked here.
"""

from __future__ import annotations

from datetime import date, datetime, time

from risk_model import catalogue
from risk_model.certification import add_months
from risk_model.findings import AimsSnapshot, CheckArea, Finding

AREA = CheckArea("follow-up and audit programme")
check = AREA.check

REASSESSMENT_MONTHS = 12
"""A risk is reassessed at least this often (8.2: "at planned intervals")."""
CYCLE_YEARS = 3
"""The certification cycle the audit programme must cover every clause and domain within."""
SIGNIFICANT_SYSTEM_FIELDS = (
    "lifecycle_stage",
    "sourcing",
    "provider",
    "data_inputs",
    "personal_data",
    "makes_decisions_about_people",
    "eu_ai_act_tier",
    "integration_points",
)
"""Inventory fields whose change calls for a new risk assessment (8.2, 6.3)."""
CLAUSES = ("4", "5", "6", "7", "8", "9", "10")


def _rows(snapshot: AimsSnapshot, key: str) -> list[dict] | None:
    rows = snapshot.extra.get(key)
    return rows if isinstance(rows, list) else None


@check("CORRECTIVE-ACTION-OVERDUE", "Corrective actions of minor nonconformities are on time")
def corrective_action_overdue(snapshot: AimsSnapshot) -> list[Finding]:
    return [
        Finding(
            "CORRECTIVE-ACTION-OVERDUE",
            "10.2",
            "minor",
            "corrective action",
            row["id"],
            row.get("action") or row["id"],
            f"corrective action of {row.get('nonconformity_id')} overdue since "
            f"{row['deadline']:%Y-%m-%d}",
            "pages/audit/nonconformities.py",
        )
        for row in _rows(snapshot, "overdue_actions") or []
        if row.get("grade") == "minor" and row.get("deadline") is not None
    ]


def _moment(value: date) -> datetime:
    return value if isinstance(value, datetime) else datetime.combine(value, time.min)


def reassessment_due(risk: dict, today: date) -> str:
    """Why the risk needs reassessing ("" when it does not). ``last_assessed`` and
    ``system_changed`` are dates or moments; a change later the same day counts."""
    last = risk.get("last_assessed")
    changed = risk.get("system_changed")
    if last is None:
        return ""
    if changed is not None and _moment(changed) > _moment(last):
        return f"its AI system changed on {changed:%Y-%m-%d}, after its last assessment"
    if _moment(last) < _moment(add_months(today, -REASSESSMENT_MONTHS)):
        return f"not reassessed since {last:%Y-%m-%d} (due every {REASSESSMENT_MONTHS} months)"
    return ""


@check("RISK-REASSESSMENT", "Risks are reassessed on time and after a change of their system")
def risk_reassessment(snapshot: AimsSnapshot) -> list[Finding]:
    findings = []
    for risk in _rows(snapshot, "risk_reassessment") or []:
        why = reassessment_due(risk, snapshot.today)
        if why:
            findings.append(
                Finding(
                    "RISK-REASSESSMENT",
                    "8.2, 6.3",
                    "minor",
                    "AI risk",
                    risk["id"],
                    risk.get("title") or risk["id"],
                    why,
                    "pages/risk/risks.py",
                )
            )
    return findings


def _clause_of(clause_id: str) -> str:
    return str(clause_id).strip().split(".")[0]


def _domain_of(control_id: str) -> str:
    return ".".join(str(control_id).strip().split(".")[:2])


def unaudited(audits: list[dict]) -> tuple[list[str], list[str]]:
    """The clauses 4-10 and Annex A domains no audit's scope reaches."""
    clauses = {_clause_of(c) for a in audits for c in a.get("scope_clauses") or []}
    domains = {_domain_of(c) for a in audits for c in a.get("scope_controls") or []}
    return (
        [c for c in CLAUSES if c not in clauses],
        [d for d, _ in catalogue.annex_a_domains() if d not in domains],
    )


@check("AUDIT-PROGRAMME-COVERAGE", "The audit programme covers every clause and domain")
def audit_programme_coverage(snapshot: AimsSnapshot) -> list[Finding]:
    area = snapshot.extra.get("audit_programme")
    if not isinstance(area, dict) or not area.get("years"):
        return []
    clauses, domains = unaudited(area.get("audits") or [])
    if not clauses and not domains:
        return []
    first = snapshot.today.year - CYCLE_YEARS + 1
    gaps = ([f"clauses {', '.join(clauses)}"] if clauses else []) + (
        [f"Annex A domains {', '.join(domains)}"] if domains else []
    )
    return [
        Finding(
            "AUDIT-PROGRAMME-COVERAGE",
            "9.2.2",
            "minor",
            "internal audit programme",
            "internal-audit-programme",
            "Internal audit programme",
            f"{' and '.join(gaps)} are in no audit planned or held in {first}-"
            f"{snapshot.today.year}",
            "pages/audit/audits.py",
        )
    ]
