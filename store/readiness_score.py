"""The readiness score now, and its daily record for the trend on the executive overview.

``risk_model.readiness_score`` holds the formula. A snapshot is written at most once a day,
by the first page that computes the score; it is written by the SYSTEM actor whoever is
looking (a viewer may not write, but the product may record its own measure), and a
failure to write (the store busy with a long job) never reaches the page.
"""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pandas as pd

from risk_model.access import SYSTEM, Actor, require
from risk_model.readiness_score import ReadinessScore, change_since, readiness_score
from store import audit_trail, checks, readiness
from store.connection import Store, StoreBusy

__all__ = ["ReadinessScore", "current_score", "record_snapshot", "score_trend", "score_change"]

ENTITY = "readiness_snapshots"
SNAPSHOT_COLUMNS = ["day", "score", "maturity", "checks_major", "checks_minor"]


def current_score(db: Store, today: date, counts: tuple[int, int] | None = None) -> ReadinessScore:
    """Today's score from the self-assessment and the pre-audit checks run on ``today``
    (or their (major, minor) ``counts``, when the caller has them already)."""
    with db.connect():
        majors, minors = counts if counts is not None else checks.finding_counts(db, today)
        maturity = readiness.readiness_score(db)
    return readiness_score(None if maturity is None else 100 * maturity, majors, minors)


def _insert(connection, day: date, score: ReadinessScore, actor: Actor, at: datetime) -> bool:
    exists = connection.execute("SELECT 1 FROM readiness_snapshots WHERE day = ?", [day]).fetchone()
    if exists:
        return False
    require(actor, "write", ENTITY)
    connection.execute(
        "INSERT INTO readiness_snapshots (day, score, maturity, checks_major, checks_minor,"
        " recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [day, score.score, score.maturity, score.checks_major, score.checks_minor, at, actor.name],
    )
    changes = {k: (None, getattr(score, k)) for k in SNAPSHOT_COLUMNS[1:]}
    audit_trail.append(connection, actor, ENTITY, day.isoformat(), "create", changes, at)
    return True


def record_snapshot(
    db: Store, today: date, score: ReadinessScore | None = None, actor: Actor = SYSTEM
) -> bool:
    """Record today's score unless a snapshot of today exists; True when written.

    Never raises for a busy store or a concurrent writer of the same day: the trend simply
    misses nothing, since the next computation of the day records it.
    """
    try:
        with db.connect() as connection:
            if connection.execute(
                "SELECT 1 FROM readiness_snapshots WHERE day = ?", [today]
            ).fetchone():
                return False
        score = score or current_score(db, today)
        with db.transaction() as connection:
            return _insert(connection, today, score, actor, datetime.now())
    except (StoreBusy, duckdb.TransactionException, duckdb.ConstraintException):
        return False


def write_history(db: Store, rows: list[tuple[date, ReadinessScore]], actor: Actor) -> int:
    """Write past snapshots (the demo's history), skipping days already recorded."""
    at = datetime.now()
    with db.transaction() as connection:
        return sum(_insert(connection, day, score, actor, at) for day, score in rows)


def snapshots(db: Store) -> pd.DataFrame:
    with db.connect() as connection:
        frame = connection.execute(
            f"SELECT {', '.join(SNAPSHOT_COLUMNS)} FROM readiness_snapshots ORDER BY day"
        ).df()
    frame["day"] = pd.to_datetime(frame["day"]).dt.date
    return frame


def score_trend(db: Store, today: date, current: ReadinessScore | None = None) -> pd.DataFrame:
    """(day, score) up to ``today``, oldest first; ``current`` replaces today's snapshot so
    that the trend ends at the score shown now."""
    frame = snapshots(db)[["day", "score"]]
    frame = frame[frame["day"] <= today]
    if current is not None:
        frame = pd.concat(
            [frame[frame["day"] < today], pd.DataFrame([{"day": today, "score": current.score}])],
            ignore_index=True,
        )
    return frame.reset_index(drop=True)


def score_change(trend: pd.DataFrame, today: date, days_back: int = 30) -> float | None:
    """The latest score minus the score recorded ``days_back`` days ago (None if none)."""
    return change_since(list(zip(trend["day"], trend["score"], strict=True)), days_back, today)


def findings_and_score(db: Store, today: date) -> tuple[pd.DataFrame, ReadinessScore]:
    """The pre-audit findings as a table and the score they give; records today's snapshot."""
    frame, score = scored_findings(db, today)
    record_snapshot(db, today, score)
    return frame, score


def scored_findings(db: Store, today: date) -> tuple[pd.DataFrame, ReadinessScore]:
    """The pre-audit findings as a table and the score they give (a read: nothing recorded)."""
    found = checks.findings(db, today)
    majors = sum(f.severity == "major" for f in found)
    return checks.frame_of(found), current_score(db, today, (majors, len(found) - majors))
