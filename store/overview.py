"""The figures of the executive overview, gathered in one read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from risk_model.context import scope_warnings
from store import certification, impact_assessments, inventory, readiness_score, risks
from store.connection import Store
from store.readiness_score import ReadinessScore

TOP_RISKS = 10


@dataclass(frozen=True)
class ExecutiveOverview:
    systems: int
    systems_in_scope: int
    high_risk_systems: int
    risks_above_appetite: int
    overdue_treatments: int
    systems_without_current_assessment: int
    overdue_reviews: int
    scope_findings: int
    top_risks: pd.DataFrame
    """The highest open risks by residual level: id, title, systems, level, owner, status."""
    risks: pd.DataFrame
    """The register (as of the chosen day) for the heatmap."""
    settings: risks.RiskSettings


def highest_risks(frame: pd.DataFrame, limit: int = TOP_RISKS) -> pd.DataFrame:
    """Open risks ordered by residual (else inherent) level, then by l x s, then inherent level."""
    live = frame[~frame["effective_status"].isin(["closed", "retired"])].copy()
    if live.empty:
        return live
    res_l = live["residual_likelihood"].fillna(live["inherent_likelihood"]).astype(int)
    res_s = live["residual_severity"].fillna(live["inherent_severity"]).astype(int)
    live["_product"] = res_l * res_s
    live["_inherent"] = live["inherent_likelihood"] * live["inherent_severity"]
    live = live.sort_values(
        ["current_level_index", "_product", "_inherent", "id"],
        ascending=[False, False, False, True],
    )
    return live.head(limit).drop(columns=["_product", "_inherent"]).reset_index(drop=True)


def executive_overview(db: Store, today: date, as_of: date | None = None) -> ExecutiveOverview:
    """KPIs on ``today``; the heatmap and the ten highest risks as of ``as_of`` (default today)."""
    with db.connect():
        systems = inventory.list_systems(db, today=today)
        current = risks.list_risks(db, today=today)
        shown = current if as_of is None else risks.list_risks(db, as_of=as_of)
        statuses = impact_assessments.system_statuses(db, today)
        settings = risks.get_settings(db)
    in_scope = systems["in_scope"].fillna(False).astype(bool)
    lacking = statuses["assessment_status"].isin(["missing", "outdated"])
    return ExecutiveOverview(
        systems=len(systems),
        systems_in_scope=int(in_scope.sum()),
        high_risk_systems=int((systems["eu_ai_act_tier"] == "high").sum()),
        risks_above_appetite=int(current["above_appetite"].sum()) if len(current) else 0,
        overdue_treatments=int(current["treatment_overdue"].sum()) if len(current) else 0,
        systems_without_current_assessment=int(lacking.sum()),
        overdue_reviews=int(systems["review_overdue"].sum()),
        scope_findings=len(scope_warnings(systems.to_dict("records"))),
        top_risks=highest_risks(shown) if len(shown) else shown,
        risks=shown,
        settings=settings,
    )


TREND_COMPARISON_DAYS = 30


@dataclass(frozen=True)
class ReadinessOverview:
    """The readiness score with its trend, and the certification cycle's countdown."""

    score: ReadinessScore
    trend: pd.DataFrame
    """(day, score), oldest first, ending with today's score."""
    change: float | None
    """Score now minus the score ``TREND_COMPARISON_DAYS`` days ago (None without history)."""
    next_event: tuple[str, date, int] | None
    """(name, date, days left) of the next certification event."""
    countdown: pd.DataFrame
    """The cycle's events from today on: event, date, days_left."""


def countdown(db: Store, today: date) -> pd.DataFrame:
    rows = [
        {
            "event": f"{e.name} (planned)" if e.projected else e.name,
            "date": e.day,
            "days_left": e.days_left(today),
        }
        for e in certification.certification_events(db)
        if e.day >= today
    ]
    return pd.DataFrame(rows, columns=["event", "date", "days_left"])


def readiness_overview(db: Store, today: date) -> ReadinessOverview:
    """Today's readiness score (recorded as today's snapshot if none is yet), its trend and
    change over 30 days, and the next certification event with the countdown to each."""
    score = readiness_score.current_score(db, today)
    readiness_score.record_snapshot(db, today, score)
    with db.connect():
        trend = readiness_score.score_trend(db, today, score)
        upcoming = countdown(db, today)
        next_event = certification.next_certification_event(db, today)
    return ReadinessOverview(
        score=score,
        trend=trend,
        change=readiness_score.score_change(trend, today, TREND_COMPARISON_DAYS),
        next_event=next_event,
        countdown=upcoming,
    )
