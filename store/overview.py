"""The figures of the executive overview, gathered in one read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from risk_model.context import scope_warnings
from store import certification, impact_assessments, inventory, readiness_score, risks
from store.check_loaders import records_of
from store.connection import Store
from store.readiness_score import ReadinessScore

TOP_RISKS = 10
SCOPE_FIELDS = ("id", "name", "status", "in_scope", "scope_justification", "eu_ai_act_tier")
"""The system fields ``scope_warnings`` reads."""


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
    """The highest open risks by residual level: the rows of ``risks.list_risks``."""
    settings: risks.RiskSettings
    tiers: pd.DataFrame
    """AI systems per EU AI Act tier: eu_ai_act_tier, systems."""
    completeness: pd.DataFrame
    """Mean inventory completeness per business unit: business_unit, completeness."""


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


def _top_risks(db: Store, levels: pd.DataFrame, as_of: date | None, today: date) -> pd.DataFrame:
    """``highest_risks`` chosen on the levels alone, then read in full (ten rows, not 50,000)."""
    top = highest_risks(levels) if len(levels) else levels
    if top.empty:
        return top
    ids = tuple(top["id"])
    where = risks.RiskFilter(ids=ids, include_retired=True)
    rows = risks.list_risks(db, where, as_of=as_of, today=today).set_index("id", drop=False)
    return rows.loc[list(ids)].reset_index(drop=True)


def executive_overview(db: Store, today: date, as_of: date | None = None) -> ExecutiveOverview:
    """KPIs on ``today``; the ten highest risks as of ``as_of`` (default today)."""
    return overview_and_levels(db, today, as_of)[0]


def overview_and_levels(
    db: Store, today: date, as_of: date | None = None
) -> tuple[ExecutiveOverview, pd.DataFrame]:
    """``executive_overview`` and the register's levels as of ``as_of`` (``risks.risk_levels``)
    for the heatmap, read once for both."""
    with db.connect():
        systems = inventory.system_facts(db, today)
        current = risks.risk_levels(db, today=today)
        shown = current if as_of is None else risks.risk_levels(db, as_of=as_of)
        top = _top_risks(db, shown, as_of, today)
        statuses = impact_assessments.system_statuses(db, today)
        settings = risks.get_settings(db)
    in_scope = systems["in_scope"].fillna(False).astype(bool)
    lacking = statuses["assessment_status"].isin(["missing", "outdated"])
    tiers = systems["eu_ai_act_tier"].value_counts().rename_axis("eu_ai_act_tier")
    units = systems.groupby("business_unit", dropna=False)["completeness"].mean()
    data = ExecutiveOverview(
        systems=len(systems),
        systems_in_scope=int(in_scope.sum()),
        high_risk_systems=int((systems["eu_ai_act_tier"] == "high").sum()),
        risks_above_appetite=int(current["above_appetite"].sum()) if len(current) else 0,
        overdue_treatments=int(current["treatment_overdue"].sum()) if len(current) else 0,
        systems_without_current_assessment=int(lacking.sum()),
        overdue_reviews=int(systems["review_overdue"].sum()),
        scope_findings=len(scope_warnings(records_of(systems[list(SCOPE_FIELDS)]))),
        top_risks=top,
        settings=settings,
        tiers=tiers.reset_index(name="systems"),
        completeness=units.reset_index(),
    )
    return data, shown


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
