"""The readiness score: one number for "how ready are we for the certification audit?".

It combines the two views the certification guide asks for before an external audit:

- **maturity**: the self-assessment of clauses 4-10 and the Annex A controls, as the mean
  maturity over the assessed items divided by 5, in percent (``readiness.overall_readiness``);
- **the pre-audit checks**: what an auditor would flag in today's records.

Formula::

    penalty = MAJOR_PENALTY x majors + MINOR_PENALTY x minors          (percent)
    score   = clamp(maturity% x (1 - penalty / 100), 0, 100)

so each open major finding takes 2 % of the maturity off the score and each minor a quarter
of a percent; a score can never exceed what the self-assessment supports, and findings alone
cannot make it negative. Before any item is assessed the maturity counts as 0: readiness
starts with the self-assessment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

MAJOR_PENALTY = 2.0
"""Percent of the maturity that one open major finding takes off the score."""
MINOR_PENALTY = 0.25
"""Percent of the maturity that one open minor finding takes off the score."""


@dataclass(frozen=True)
class ReadinessScore:
    score: float
    """0-100."""
    maturity: float | None
    """0-100 mean maturity of the assessed items; None before the self-assessment."""
    checks_major: int
    checks_minor: int

    @property
    def penalty(self) -> float:
        """Percent of the maturity the open findings take off."""
        return MAJOR_PENALTY * self.checks_major + MINOR_PENALTY * self.checks_minor


def readiness_score(maturity: float | None, checks_major: int, checks_minor: int) -> ReadinessScore:
    """The score from the maturity in percent (0-100, or None) and the open findings."""
    if maturity is not None and not 0 <= maturity <= 100:
        raise ValueError(f"maturity is a percentage (0-100), not {maturity}")
    if checks_major < 0 or checks_minor < 0:
        raise ValueError("finding counts cannot be negative")
    penalty = MAJOR_PENALTY * checks_major + MINOR_PENALTY * checks_minor
    score = min(100.0, max(0.0, (maturity or 0.0) * (1 - penalty / 100)))
    return ReadinessScore(round(score, 2), maturity, checks_major, checks_minor)


def change_since(trend: list[tuple[date, float]], days_back: int, today: date) -> float | None:
    """Score today minus the score recorded ``days_back`` days ago (the latest on or before
    that day); None when there is no record that old. ``trend`` is (day, score), any order."""
    ordered = sorted(trend)
    if not ordered:
        return None
    cutoff = today - timedelta(days=days_back)
    past = [score for day, score in ordered if day <= cutoff]
    return None if not past else ordered[-1][1] - past[-1]
