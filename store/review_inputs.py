"""Compile the management review inputs (ISO/IEC 42001 9.3.2) from the data, in one read.

The *reference* review is the latest one held before the review being prepared: changes,
incidents and audit results are counted since its date, and the risk heatmap is rebuilt
as it stood at the end of that day (``store.risks.risk_levels(as_of=...)``: the levels and
flags of ``list_risks`` without the rest of the register, which the review does not print).
Areas built by other modules (internal audits, nonconformities, the readiness score) are
read through their published functions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from risk_model.incidents import OPEN_STATUSES
from risk_model.management_review import (
    MANAGEMENT_REVIEW,
    ActionSummary,
    ContextChange,
    context_changes,
    level_counts,
    summarise_actions,
)
from store import (
    audits,
    checks,
    context,
    discovery,
    governance_review,
    incidents,
    inventory,
    monitoring,
    nonconformities,
    readiness,
    readiness_score,
    records,
    review_trends,
    risks,
    supporting_registers,
)
from store import management_review as reviews
from store.connection import Store


@dataclass
class ReviewInputs:
    today: date
    review: dict | None
    """The review being prepared (None: inputs for no particular meeting)."""
    last_review: dict | None
    """The reference: the latest review held before it, or None for a first review."""
    actions: pd.DataFrame
    action_summary: ActionSummary
    changes: list[ContextChange]
    context_trail: pd.DataFrame
    settings: risks.RiskSettings
    risks_now: pd.DataFrame
    risks_before: pd.DataFrame | None
    monitoring: pd.DataFrame
    incidents: pd.DataFrame
    """Incidents detected since the last review, or still open."""
    audits: pd.DataFrame | None
    nonconformities: pd.DataFrame | None
    opportunities: pd.DataFrame | None
    readiness: readiness.ReadinessSummary
    checks: pd.DataFrame
    """The pre-audit findings counted per check (``checks.BY_CHECK_COLUMNS``), not each one."""
    score: object | None
    snapshot: dict = field(default_factory=dict)
    """What is frozen when the meeting is held; the next review compares with it."""
    trends: review_trends.ReviewTrends | None = None
    """The 9.3.2 d) trends since the last review (nonconformities, monitors, external audits)."""
    governance: governance_review.GovernanceInputs | None = None
    """AI objectives met, the AI policy read, policies and procedures due (9.3.2)."""
    supporting_records: pd.DataFrame | None = None
    """Suppliers, datasets and life-cycle records with the checks' gaps on them (9.3.2 b, d)."""
    discoveries: dict = field(default_factory=dict)
    """AI found by discovery since the last review, by what became of it (open, linked...)."""

    @property
    def since(self) -> date | None:
        return records.as_date(self.last_review["review_date"]) if self.last_review else None

    @property
    def figures(self) -> dict[str, object]:
        return self.snapshot["figures"]


def _keys(frame: pd.DataFrame, label: str) -> dict[str, str]:
    return {str(i): str(t) for i, t in zip(frame["id"], frame[label], strict=True)}


def register_snapshot(db: Store, today: date) -> dict:
    """Context issues, interested parties, systems, systems in scope and the scope fields."""
    active = inventory.SystemFilter(statuses=("active",))
    systems = inventory.select_systems(db, ("id", "name", "in_scope"), active)
    in_scope = systems[systems["in_scope"].fillna(False).astype(bool)]
    scope = context.get_scope(db) or {}
    return {
        "context_issues": _keys(context.list_records(db, context.CONTEXT_ISSUE), "title"),
        "interested_parties": _keys(context.list_records(db, context.INTERESTED_PARTY), "name"),
        "systems": _keys(systems, "name"),
        "systems_in_scope": _keys(in_scope, "name"),
        "scope": {k: scope.get(k) for k in context.SCOPE_FIELDS},
    }


def meeting_snapshot(db: Store, review_id: str, values: dict) -> dict:
    """The inputs to freeze when ``review_id`` is recorded as held with ``values``: those
    compiled for the meeting's date (``values["review_date"]``, else the planned date)."""
    with db.connect() as connection:
        review = records.existing(connection, MANAGEMENT_REVIEW, review_id)
    meeting_day = records.as_date(values.get("review_date") or review["review_date"])
    return compile_inputs(db, meeting_day, review_id=review_id).snapshot


def _reference_review(db: Store, review: dict | None, today: date) -> dict | None:
    day = records.as_date(review["review_date"]) if review else today
    for review_id, held_on in reviews.held_reviews(db, day):
        if review is None or (review_id != review["id"] and held_on <= day):
            return reviews.get_review(db, review_id)
    return None


CurrentLevels = Callable[[Store, risks.RiskFilter, date | None, date], pd.DataFrame]
"""``(db, where, as_of, today) -> risks.risk_levels(...)``, called with ``as_of`` None."""


def _levels(db: Store, where: risks.RiskFilter, as_of: date | None, today: date) -> pd.DataFrame:
    return risks.risk_levels(db, where, as_of=as_of, today=today)


def compile_inputs(
    db: Store, today: date, review_id: str | None = None, current_levels: CurrentLevels = _levels
) -> ReviewInputs:
    """Everything the review must consider, compiled from the registers as of ``today``.

    The register's levels now come from ``current_levels`` (the dashboard passes the cached
    reader its risk pages share); those at the last review are read here, since nothing
    else reads them and keeping a copy of a large register costs memory."""
    with db.connect():
        review = reviews.get_review(db, review_id) if review_id else None
        last = _reference_review(db, review, today)
        since = records.as_date(last["review_date"]) if last else None
        actions = reviews.list_actions(db, today, before=since) if since else _no_actions(db, today)
        now = register_snapshot(db, today)
        before = reviews.get_snapshot(db, last["id"]) if last else None
        trail = reviews.context_trail(db, risks.end_of(since) if since else None)
        risks_now = _heatmap_frame(current_levels(db, risks.RiskFilter(), None, today))
        risks_before = _heatmap_frame(risks.risk_levels(db, as_of=since)) if since else None
        found = incidents.list_incidents(db, today)
        by_check = checks.findings_by_check(db, today)
        recent = [since is None or records.as_date(d) >= since for d in found["detected_on"]]
        keep = found["status"].isin(OPEN_STATUSES) | pd.Series(
            recent, index=found.index, dtype=bool
        )
        inputs = ReviewInputs(
            today=today,
            review=review,
            last_review=last,
            actions=actions,
            action_summary=summarise_actions(actions.to_dict("records"), today),
            changes=context_changes(before or {}, now) if before is not None else [],
            context_trail=trail,
            settings=risks.get_settings(db),
            risks_now=risks_now,
            risks_before=risks_before,
            monitoring=monitoring.latest_runs(db, today),
            incidents=found[keep].reset_index(drop=True),
            audits=audits.audit_results(db, since),
            nonconformities=nonconformities.open_nonconformities(db, today),
            opportunities=nonconformities.opportunities(db, since),
            readiness=readiness.summary(db),
            checks=by_check,
            score=_score(db, today, (_findings(by_check, "major"), _findings(by_check, "minor"))),
            trends=review_trends.review_trends(db, since, today),
            governance=governance_review.governance_inputs(db, today),
            supporting_records=supporting_registers.review_rows(db, by_check),
            discoveries=discovery.discoveries_between(db, since, today),
        )
    inherent, residual = risks.heatmap_points(risks_now) if len(risks_now) else ([], [])
    inputs.snapshot = {"taken_on": today.isoformat(), **now}
    inputs.snapshot["risks"] = {"inherent": inherent, "residual": residual}  # JSON arrays
    inputs.snapshot["figures"] = headline_figures(inputs, residual)
    return inputs


HEATMAP_COLUMNS = [
    "id",
    "inherent_likelihood",
    "inherent_severity",
    "residual_likelihood",
    "residual_severity",
    "current_level",
    "above_appetite",
    "effective_status",
]
"""What the review reads of the register: the heatmap's points and the appetite."""


def _heatmap_frame(levels: pd.DataFrame) -> pd.DataFrame:
    return levels[[c for c in HEATMAP_COLUMNS if c in levels.columns]].reset_index(drop=True)


def _no_actions(db: Store, today: date) -> pd.DataFrame:
    return reviews.list_actions(db, today, review_id="")


def _score(db: Store, today: date, counts: tuple[int, int]):
    """The readiness score (``store.readiness_score``) on today's (major, minor) findings."""
    return readiness_score.current_score(db, today, counts)


def _findings(by_check: pd.DataFrame, severity: str) -> int:
    return int(by_check.loc[by_check["severity"] == severity, "findings"].sum())


def _count(frame: pd.DataFrame | None, column: str | None = None, value: object = None) -> int:
    if frame is None or frame.empty:
        return 0
    if column is None:
        return len(frame)
    return int((frame[column] == value).sum()) if column in frame.columns else 0


def _level_counts(matrix, points: list) -> dict[str, int]:
    """``level_counts`` judged once per cell rather than once per risk (same result)."""
    cells = Counter((int(lik), int(sev)) for _, lik, sev in points)
    counts = level_counts(matrix, [])
    for (lik, sev), number in cells.items():
        counts[matrix.level(lik, sev).name] += number
    return counts


def headline_figures(inputs: ReviewInputs, residual: list | None = None) -> dict[str, object]:
    """The numbers the pack and the page headline, also frozen in the snapshot; ``residual``
    (the residual heatmap points of ``inputs.risks_now``) when already at hand."""
    matrix = inputs.settings.matrix
    if residual is None:
        now = inputs.risks_now
        _, residual = risks.heatmap_points(now) if len(now) else ([], [])
    before = inputs.risks_before
    ncs = inputs.nonconformities
    score = inputs.score
    return {
        "open_actions": inputs.action_summary.open,
        "overdue_actions": inputs.action_summary.overdue,
        "done_actions": inputs.action_summary.done,
        "context_changes": len(inputs.changes),
        "risks": len(inputs.risks_now),
        "risks_at_last_review": None if before is None else len(before),
        "above_appetite": _count(inputs.risks_now, "above_appetite", True),
        "above_appetite_at_last_review": (
            None if before is None else _count(before, "above_appetite", True)
        ),
        "residual_levels": _level_counts(matrix, residual),
        "monitored_models": len(inputs.monitoring),
        "stale_models": int(inputs.monitoring["stale"].sum()) if len(inputs.monitoring) else 0,
        "breached_models": _count(inputs.monitoring, "status", "breached"),
        "incidents": len(inputs.incidents),
        "open_incidents": int(inputs.incidents["status"].isin(OPEN_STATUSES).sum()),
        "audits": _count(inputs.audits),
        "open_nonconformities": _count(ncs),
        "open_major_nonconformities": _count(ncs, "grade", "major"),
        "opportunities": _count(inputs.opportunities),
        "readiness": inputs.readiness.overall,
        "checks_major": _findings(inputs.checks, "major"),
        "checks_minor": _findings(inputs.checks, "minor"),
        "readiness_score": getattr(score, "score", None),
        "ai_discovered": sum(inputs.discoveries.values()),
        "ai_discovered_open": inputs.discoveries.get("open", 0),
    }
