"""Sixteen weeks of readiness snapshots for the demo, rising to today's real score.

Runs last (after every other seeder) so that the history ends where the demo's own
self-assessment and pre-audit checks stand now. Each past workday gets the score the
formula gives for a maturity that grew in assessment rounds and findings that were closed
week by week, with the odd new finding, so the trend reads like a real programme's.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from risk_model.access import SYSTEM
from risk_model.readiness_score import readiness_score
from store import readiness_score as scores
from store.connection import Store

WEEKS = 16
MATURITY_GAIN = 15.0
"""Maturity points gained over the period (in four assessment rounds)."""
MAJORS_CLOSED, MINORS_CLOSED = 5, 20


def _history(today: date, now: scores.ReadinessScore) -> list[tuple[date, scores.ReadinessScore]]:
    rng = random.Random(42_001)
    start = today - timedelta(weeks=WEEKS)
    days = [
        start + timedelta(days=i)
        for i in range((today - start).days)
        if (start + timedelta(days=i)).weekday() < 5
    ]
    rows = []
    for i, day in enumerate(days):
        progress = i / len(days)
        maturity = None
        if now.maturity is not None:
            rounds = int(progress * 4) / 4  # the self-assessment is updated in rounds
            maturity = max(0.0, now.maturity - MATURITY_GAIN * (1 - rounds))
        majors = now.checks_major + round(MAJORS_CLOSED * (1 - progress)) + (rng.random() < 0.1)
        minors = now.checks_minor + round(MINORS_CLOSED * (1 - progress)) + rng.randint(0, 3)
        rows.append((day, readiness_score(maturity, majors, minors)))
    return rows


def seed(db: Store, today: date) -> dict[str, int]:
    now = scores.current_score(db, today)
    written = scores.write_history(db, _history(today, now), SYSTEM)
    return {"readiness snapshots": written}
