"""The certification cycle: Stage 1 and 2, the certificate, surveillance and recertification.

A certificate is valid for three years. Surveillance audits fall in years 1 and 2 (on the
anniversaries of the certificate date). Under ISO/IEC 17021-1 (9.6.3) the recertification audit
and the certification body's decision must both come before the certificate expires, so the
recertification is planned ``recertification_lead_months`` (default 3) before expiry, and a
recorded decision date on or after expiry is warned about. Before a certificate is issued, the
later events are projected from the target certification date and marked as projected.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

SURVEILLANCE_MONTHS = (12, 24)
RECERTIFICATION_MONTHS = 36
"""The certificate's validity: it expires this many months after it was issued."""
RECERTIFICATION_LEAD_MONTHS = 3
"""Default time before expiry at which the recertification audit is planned."""


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (31 Jan + 1 -> 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class CertificationCycle:
    certification_body: str | None = None
    scope: str | None = None
    target_date: date | None = None
    """When the organisation aims to hold the certificate."""
    readiness_start: date | None = None
    stage1_date: date | None = None
    stage2_date: date | None = None
    certificate_date: date | None = None
    certificate_number: str | None = None
    stage_lead_weeks: int = 8
    recertification_lead_months: int = RECERTIFICATION_LEAD_MONTHS
    """How long before expiry the recertification audit is planned."""
    recertification_decision_date: date | None = None
    """The certification body's recertification decision, once scheduled or taken."""


@dataclass(frozen=True)
class CycleEvent:
    name: str
    day: date
    projected: bool = False
    """True when derived from the target date because no certificate has been issued yet."""

    def days_left(self, today: date) -> int:
        return (self.day - today).days


def cycle_events(cycle: CertificationCycle) -> list[CycleEvent]:
    """The cycle's dated events in date order."""
    events = []
    if cycle.readiness_start:
        events.append(CycleEvent("Readiness assessment started", cycle.readiness_start))
    if cycle.stage1_date:
        events.append(CycleEvent("Stage 1 audit", cycle.stage1_date))
    if cycle.stage2_date:
        events.append(CycleEvent("Stage 2 audit", cycle.stage2_date))
    base, projected = cycle.certificate_date, False
    if base is None and cycle.target_date is not None:
        base, projected = cycle.target_date, True
    if base is not None:
        events.append(CycleEvent("Certificate issued", base, projected))
        for year, months in enumerate(SURVEILLANCE_MONTHS, start=1):
            events.append(
                CycleEvent(f"Surveillance audit {year}", add_months(base, months), projected)
            )
        expiry = add_months(base, RECERTIFICATION_MONTHS)
        audit = add_months(expiry, -cycle.recertification_lead_months)
        events.append(CycleEvent("Recertification audit", audit, projected))
        if cycle.recertification_decision_date is not None:
            events.append(
                CycleEvent("Recertification decision", cycle.recertification_decision_date)
            )
        events.append(CycleEvent("Certificate expires", expiry, projected))
    return sorted(events, key=lambda e: e.day)


def certificate_expiry(cycle: CertificationCycle) -> date | None:
    """When the issued (or, before issue, the targeted) certificate expires."""
    base = cycle.certificate_date or cycle.target_date
    return add_months(base, RECERTIFICATION_MONTHS) if base else None


def recertification_warning(cycle: CertificationCycle) -> str | None:
    """A warning when the recertification decision is not planned before the expiry date."""
    expiry = certificate_expiry(cycle)
    if expiry is None:
        return None
    decision = cycle.recertification_decision_date
    if decision is None:
        if cycle.recertification_lead_months > 0:
            return None
        decision = expiry
    if decision < expiry:
        return None
    return (
        f"The recertification decision ({decision:%Y-%m-%d}) is not before the certificate "
        f"expires ({expiry:%Y-%m-%d}); ISO/IEC 17021-1 requires the recertification audit and "
        "decision before expiry, or the certificate lapses."
    )


def next_event(events: list[CycleEvent], today: date) -> CycleEvent | None:
    """The first event today or later."""
    upcoming = [e for e in events if e.day >= today]
    return upcoming[0] if upcoming else None


def certificate_status(cycle: CertificationCycle, today: date) -> str:
    if cycle.certificate_date is None:
        return "not yet certified"
    if today >= add_months(cycle.certificate_date, RECERTIFICATION_MONTHS):
        return "expired"
    return "certified"
