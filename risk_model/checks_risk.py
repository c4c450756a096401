"""Pre-audit checks on AI risk treatment (6.1.3) and AI system impact assessments (6.1.4).

Reads ``snapshot.extra["impact_assessments"]`` (one row per active system, with ``required``
and ``assessment_status`` as ``store.impact_assessments.system_statuses`` gives them) and
``snapshot.extra["risks"]`` (the register with the flags of ``risk_register.derive``).
A key that is absent or None means the area was not loaded, and its checks are skipped.

Severity: an untreated risk above the appetite, an expired acceptance of one, or a missing
assessment of a high-risk system is major (the AIMS leaves what it says it cannot tolerate
untreated); an overdue treatment (a plan exists, it is late) and the rest are minor.
"""

from __future__ import annotations

from risk_model.findings import AimsSnapshot, CheckArea, Finding

AREA = CheckArea("risk treatment and impact assessment")
check = AREA.check

IMPACT_REFERENCE = "6.1.4, A.5.2"
RISK_PAGE = "pages/risk/risks.py"
ASSESSMENT_PAGE = "pages/risk/impact_assessments.py"
CLOSED = ("closed", "retired")


def _rows(snapshot: AimsSnapshot, key: str) -> list[dict] | None:
    rows = snapshot.extra.get(key)
    return rows if isinstance(rows, list) else None


@check(
    "IMPACT-ASSESSMENT", "High-risk and decision-making systems have a current impact assessment"
)
def impact_assessment(snapshot: AimsSnapshot) -> list[Finding]:
    findings = []
    for row in _rows(snapshot, "impact_assessments") or []:
        status = row.get("assessment_status")
        if not row.get("required") or status not in ("missing", "outdated"):
            continue
        high = row.get("eu_ai_act_tier") in ("high", "prohibited")
        why = "high-risk" if high else "makes or influences decisions about people"
        findings.append(
            Finding(
                "IMPACT-ASSESSMENT",
                IMPACT_REFERENCE,
                "major" if status == "missing" and high else "minor",
                "AI system",
                row["system_id"],
                row.get("name") or row["system_id"],
                f"impact assessment {status} ({why})",
                ASSESSMENT_PAGE,
            )
        )
    return findings


def _live(snapshot: AimsSnapshot) -> list[dict]:
    return [
        r
        for r in _rows(snapshot, "risks") or []
        if r.get("status") not in CLOSED and r.get("effective_status") not in CLOSED
    ]


def _risk_finding(
    check_id: str, row: dict, severity: str, message: str, reference: str = "6.1.3"
) -> Finding:
    return Finding(
        check_id,
        reference,
        severity,
        "AI risk",
        row["id"],
        row.get("title") or row["id"],
        message,
        RISK_PAGE,
    )


@check("RISK-UNTREATED", "Every risk above the appetite has a treatment")
def risk_untreated(snapshot: AimsSnapshot) -> list[Finding]:
    return [
        _risk_finding(
            "RISK-UNTREATED",
            r,
            "major",
            f"{r.get('current_level')} risk above appetite, no treatment",
        )
        for r in _live(snapshot)
        if r.get("above_appetite") and not str(r.get("treatment") or "").strip()
    ]


@check("RISK-TREATMENT-OVERDUE", "Risk treatments are not overdue")
def risk_treatment_overdue(snapshot: AimsSnapshot) -> list[Finding]:
    return [
        _risk_finding(
            "RISK-TREATMENT-OVERDUE",
            r,
            "minor",
            f"treatment overdue since {r['treatment_due']:%Y-%m-%d}",
            "8.3",
        )
        for r in _live(snapshot)
        if r.get("treatment_overdue") and r.get("treatment_due") is not None
    ]


@check("RISK-ACCEPTANCE-EXPIRED", "Risk acceptances are still valid")
def risk_acceptance_expired(snapshot: AimsSnapshot) -> list[Finding]:
    return [
        _risk_finding(
            "RISK-ACCEPTANCE-EXPIRED",
            r,
            "major" if r.get("above_appetite") else "minor",
            f"acceptance by {r.get('accepted_by')} expired on {r['acceptance_expires']:%Y-%m-%d}",
        )
        for r in _live(snapshot)
        if r.get("status") == "accepted"
        and r.get("acceptance") == "expired"
        and r.get("acceptance_expires") is not None
    ]
