"""AI system impact assessment rules (ISO/IEC 42001 6.1.4 and Annex A.5).

An impact assessment looks at the consequences of an AI system for individuals, groups of
individuals (A.5.4) and society (A.5.5). Here we decide when one is required and whether
the one on file is still current.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Literal

from risk_model.eu_ai_act import EU_AI_ACT_TIERS


@dataclass(frozen=True)
class ImpactDimension:
    key: str
    label: str


IMPACT_DIMENSIONS: tuple[ImpactDimension, ...] = (
    ImpactDimension("fairness", "Fairness and discrimination"),
    ImpactDimension("privacy", "Privacy"),
    ImpactDimension("safety", "Safety"),
    ImpactDimension("human_rights", "Human rights"),
    ImpactDimension("environment", "Environment"),
)


@dataclass(frozen=True)
class AffectedParty:
    key: str
    label: str
    control: str
    """The ISO/IEC 42001 Annex A control that asks for this view."""


AFFECTED_PARTIES: tuple[AffectedParty, ...] = (
    AffectedParty("individuals", "Individuals", "A.5.4"),
    AffectedParty("groups", "Groups of individuals", "A.5.4"),
    AffectedParty("society", "Society", "A.5.5"),
)

ImpactAssessmentStatus = Literal["not required", "missing", "outdated", "current"]
IMPACT_ASSESSMENT_STATUSES: tuple[ImpactAssessmentStatus, ...] = (
    "not required",
    "missing",
    "outdated",
    "current",
)
DEFAULT_MAX_AGE_MONTHS = 12


def impact_assessment_required(eu_tier: str, makes_decisions_about_people: bool) -> bool:
    """Required for high-risk (and prohibited) systems, and for any system that makes or
    influences decisions about people."""
    if eu_tier not in EU_AI_ACT_TIERS:
        raise ValueError(f"unknown EU AI Act tier {eu_tier!r}; known: {EU_AI_ACT_TIERS}")
    return eu_tier in ("prohibited", "high") or makes_decisions_about_people


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's end (31 Jan + 1 -> 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def impact_assessment_status(
    required: bool,
    last_assessed_on: date | None,
    review_due_on: date | None,
    system_changed_on: date | None,
    today: date,
    max_age_months: int = DEFAULT_MAX_AGE_MONTHS,
) -> ImpactAssessmentStatus:
    """Whether the system's impact assessment is current.

    "outdated" when today is past the review date, when the assessment is more than
    ``max_age_months`` old, or when the system changed after the assessment date. An
    assessment dated the same day as a change is taken to cover it.
    """
    if not required:
        return "not required"
    if last_assessed_on is None:
        return "missing"
    if review_due_on is not None and today > review_due_on:
        return "outdated"
    if today > add_months(last_assessed_on, max_age_months):
        return "outdated"
    if system_changed_on is not None and system_changed_on > last_assessed_on:
        return "outdated"
    return "current"
