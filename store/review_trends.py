"""Trends for the management review's 9.3.2 d) inputs, each since the last review.

- d.1: nonconformities raised and closed before and since the last review, and how many
  corrective actions were verified effective (ISO/IEC 42001 10.2 e);
- d.2: per monitored model, the finished runs and breached runs since the last review, and
  its first and latest status in that period (the trend, not only the latest run);
- d.3: external audit results: the certification body's audits (Stage 1 and 2, surveillance)
  held since the last review and the nonconformities they raised.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from store import certification
from store.connection import Store

EXTERNAL_SOURCES = ("external audit", "surveillance audit")
"""Nonconformity sources that are the certification body's findings."""


@dataclass(frozen=True)
class ReviewTrends:
    nonconformity_trend: pd.DataFrame
    """period, raised, closed, major (before / since the last review)."""
    effectiveness: dict[str, int]
    """Corrective actions verified since the last review: effective, not effective, and
    nonconformities awaiting verification now."""
    monitor_trend: pd.DataFrame
    """model_name, system_name, runs, breached_runs, first_status, latest_status."""
    external_audits: pd.DataFrame
    """audit, held_on (external audits held since the last review, by the cycle's dates)."""
    external_findings: pd.DataFrame
    """id, title, grade, source, status, raised_on (raised by external audits since then)."""


def _since_clause(column: str) -> str:
    return f"(?::DATE IS NULL OR {column} >= ?::DATE)"


def nonconformity_trend(db: Store, since: date | None, today: date) -> pd.DataFrame:
    """Raised and closed nonconformities before the last review and since it."""
    with db.connect() as connection:
        rows = connection.execute(
            "SELECT CASE WHEN ?::DATE IS NOT NULL AND raised_on < ?::DATE"
            " THEN 'before the last review' ELSE 'since the last review' END AS period,"
            " count(*) AS raised, count(closed_on) AS closed,"
            " count(*) FILTER (WHERE grade = 'major') AS major"
            " FROM nonconformities WHERE status <> 'retired' AND raised_on <= ?"
            " GROUP BY period ORDER BY period",
            [since, since, today],
        ).fetchall()
    frame = pd.DataFrame(rows, columns=["period", "raised", "closed", "major"])
    order = {"before the last review": 0, "since the last review": 1}
    return frame.sort_values("period", key=lambda s: s.map(order)).reset_index(drop=True)


def corrective_action_effectiveness(db: Store, since: date | None) -> dict[str, int]:
    with db.connect() as connection:
        effective, not_effective = connection.execute(
            "SELECT count(*) FILTER (WHERE verification_result = 'effective'),"
            " count(*) FILTER (WHERE verification_result = 'not effective')"
            f" FROM nonconformities WHERE verified_on IS NOT NULL AND {_since_clause('verified_on')}",
            [since, since],
        ).fetchone()
        waiting = connection.execute(
            "SELECT count(*) FROM nonconformities WHERE status = 'awaiting verification'"
        ).fetchone()[0]
    return {"effective": effective, "not effective": not_effective, "awaiting": waiting}


def monitor_trend(db: Store, since: date | None) -> pd.DataFrame:
    """Per active monitored model: finished runs since the last review and how many breached."""
    with db.connect() as connection:
        return connection.execute(
            "SELECT m.name AS model_name, s.name AS system_name,"
            " count(r.id) AS runs,"
            " count(r.id) FILTER (WHERE r.status = 'breached') AS breached_runs,"
            " arg_min(r.status, r.started_at) AS first_status,"
            " arg_max(r.status, r.started_at) AS latest_status"
            " FROM monitored_models m LEFT JOIN ai_systems s ON s.id = m.system_id"
            " LEFT JOIN monitor_runs r ON r.model_id = m.id"
            "  AND r.status IN ('succeeded', 'breached')"
            f"  AND {_since_clause('r.started_at')}"
            " WHERE m.status = 'active'"
            " GROUP BY m.id, m.name, s.name ORDER BY s.name, m.name",
            [since, since],
        ).df()


def external_audits(db: Store, since: date | None, today: date) -> pd.DataFrame:
    """The certification body's audits held since the last review (and not after today)."""
    held = [
        (e.name, e.day)
        for e in certification.certification_events(db)
        if not e.projected
        and ("audit" in e.name.lower())
        and e.day <= today
        and (since is None or e.day >= since)
    ]
    return pd.DataFrame(held, columns=["audit", "held_on"])


def external_findings(db: Store, since: date | None) -> pd.DataFrame:
    with db.connect() as connection:
        return connection.execute(
            "SELECT id, title, grade, source, status, raised_on FROM nonconformities"
            " WHERE source IN (SELECT unnest(?::VARCHAR[])) AND status <> 'retired'"
            f" AND {_since_clause('raised_on')} ORDER BY raised_on DESC, id",
            [list(EXTERNAL_SOURCES), since, since],
        ).df()


def review_trends(db: Store, since: date | None, today: date) -> ReviewTrends:
    with db.connect():
        return ReviewTrends(
            nonconformity_trend=nonconformity_trend(db, since, today),
            effectiveness=corrective_action_effectiveness(db, since),
            monitor_trend=monitor_trend(db, since),
            external_audits=external_audits(db, since, today),
            external_findings=external_findings(db, since),
        )
