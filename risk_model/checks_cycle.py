"""Pre-audit checks on the AIMS cycle: competence (7.2), internal audit (9.2), management
review (9.3) and nonconformities (10.2).

Reads from ``snapshot.extra``:

- ``internal_audit``: ``{"last_completed": date | None}``, the end of the latest completed
  internal audit;
- ``nonconformities``: the open nonconformities (``id``, ``title``, ``grade``, ``reference``);
- ``management_review``: ``{"last_review": date | None}``;
- ``training_overdue``: people in AIMS roles with overdue training (``person_id``, ``name``,
  ``aims_roles``, ``overdue_courses``).

A certification body expects at least one internal audit and one management review within
the last 12 months before Stage 2, so their absence is major.
"""

from __future__ import annotations

from datetime import date

from risk_model.findings import AimsSnapshot, CheckArea, Finding
from risk_model.impact_assessment import add_months
from risk_model.training import AIMS_ROLES, COURSES

AREA = CheckArea("the management cycle")
check = AREA.check

INTERVAL_MONTHS = 12


def _lapsed(last: date | None, today: date) -> bool:
    """True when nothing happened on or after the day ``INTERVAL_MONTHS`` months ago."""
    return last is None or last < add_months(today, -INTERVAL_MONTHS)


def _since(last: date | None, what: str) -> str:
    if last is None:
        return f"no {what} has been completed"
    return f"the last {what} was completed on {last:%Y-%m-%d}, more than 12 months ago"


@check("INTERNAL-AUDIT", "An internal audit was completed in the last 12 months")
def internal_audit(snapshot: AimsSnapshot) -> list[Finding]:
    area = snapshot.extra.get("internal_audit")
    if not isinstance(area, dict) or not _lapsed(area.get("last_completed"), snapshot.today):
        return []
    return [
        Finding(
            "INTERNAL-AUDIT",
            "9.2",
            "major",
            "internal audit programme",
            "internal-audit",
            "Internal audit programme",
            _since(area.get("last_completed"), "internal audit"),
            "pages/audit/audits.py",
        )
    ]


@check("NONCONFORMITY-MAJOR", "No major nonconformity is open")
def major_nonconformity(snapshot: AimsSnapshot) -> list[Finding]:
    rows = snapshot.extra.get("nonconformities")
    if not isinstance(rows, list):
        return []
    return [
        Finding(
            "NONCONFORMITY-MAJOR",
            "10.2",
            "major",
            "nonconformity",
            row["id"],
            row.get("title") or row["id"],
            f"major nonconformity against {row.get('reference') or 'the AIMS'} is still open",
            "pages/audit/nonconformities.py",
        )
        for row in rows
        if row.get("grade") == "major" and row.get("status") != "closed"
    ]


@check("MANAGEMENT-REVIEW", "A management review was held in the last 12 months")
def management_review(snapshot: AimsSnapshot) -> list[Finding]:
    area = snapshot.extra.get("management_review")
    if not isinstance(area, dict) or not _lapsed(area.get("last_review"), snapshot.today):
        return []
    return [
        Finding(
            "MANAGEMENT-REVIEW",
            "9.3",
            "major",
            "management review",
            "management-review",
            "Management review",
            _since(area.get("last_review"), "management review"),
            "pages/audit/management_review.py",
        )
    ]


@check("TRAINING-OVERDUE", "People in AIMS roles are trained")
def training_overdue(snapshot: AimsSnapshot) -> list[Finding]:
    rows = snapshot.extra.get("training_overdue")
    if not isinstance(rows, list):
        return []
    findings = []
    for row in rows:
        roles = ", ".join(
            AIMS_ROLES.get(r, r) for r in row.get("aims_roles") or [] if r != "all_staff"
        )
        courses = ", ".join(
            COURSES[c].title if c in COURSES else c for c in row.get("overdue_courses") or []
        )
        findings.append(
            Finding(
                "TRAINING-OVERDUE",
                "7.2",
                "minor",
                "person",
                row["person_id"],
                row.get("name") or row["person_id"],
                f"{roles}: overdue {courses}",
                "pages/controls/training.py",
            )
        )
    return findings
