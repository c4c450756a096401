"""The certification cycle: Stage 1 and 2, the certificate, surveillance and recertification.

A certificate is valid for three years. Surveillance audits fall in years 1 and 2 (on the
anniversaries of the certificate date) and the recertification audit assesses the complete
AIMS before the certificate expires at 3 years. Before a certificate is issued, the later
events are projected from the target certification date and marked as projected.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

SURVEILLANCE_MONTHS = (12, 24)
RECERTIFICATION_MONTHS = 36


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
        events.append(
            CycleEvent("Recertification audit", add_months(base, RECERTIFICATION_MONTHS), projected)
        )
    return sorted(events, key=lambda e: e.day)


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
