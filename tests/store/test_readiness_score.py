"""The readiness score: the documented formula recomputed here from the ratings and findings,
its change when a fault is fixed, the once-a-day snapshot, and the trend."""

from __future__ import annotations

import fcntl
import os
from datetime import date, timedelta
from statistics import mean

import pytest

from risk_model.access import SYSTEM
from risk_model.readiness_score import readiness_score
from store import Store, checks, inventory, readiness
from store import readiness_score as scores
from tests import classified

TODAY = date.today()
RATINGS = {"4.1": 3, "4.3": 2, "6.1.4": 1, "9.1": 0, "A.6.2.6": 4, "A.3.2": 5}


def documented_formula(ratings: dict[str, int], majors: int, minors: int) -> float:
    """The module docstring's formula, written out independently of the code under test."""
    maturity = mean(ratings.values()) / 5 * 100 if ratings else 0.0
    return max(0.0, min(100.0, maturity * (1 - (2 * majors + 0.25 * minors) / 100)))


@pytest.fixture
def rated(db):
    readiness.save_ratings(
        db, [{"item_id": k, "maturity": v} for k, v in RATINGS.items()], SYSTEM, TODAY
    )
    return db


def severities(db) -> tuple[int, int]:
    found = checks.findings(db, TODAY)
    majors = sum(f.severity == "major" for f in found)
    return majors, len(found) - majors


def test_score_matches_the_formula_from_ratings_and_findings(rated):
    classified.add_system(rated, {"name": "Ownerless", "eu_ai_act_tier": "high"})
    majors, minors = severities(rated)
    assert majors >= 2 and minors >= 1  # no owner, no impact assessment, incomplete record
    score = scores.current_score(rated, TODAY)
    assert (score.checks_major, score.checks_minor) == (majors, minors)
    assert score.maturity == pytest.approx(mean(RATINGS.values()) * 20)
    assert score.score == pytest.approx(documented_formula(RATINGS, majors, minors), abs=0.01)


def test_fixing_a_major_finding_raises_the_score_by_two_percent_of_maturity(rated):
    system = inventory.add_system(rated, {"name": "Ownerless"}, SYSTEM)
    before = scores.current_score(rated, TODAY)
    inventory.update_system(rated, system, {"owner": "Priya"}, SYSTEM)
    after = scores.current_score(rated, TODAY)
    assert after.checks_major == before.checks_major - 1
    assert after.checks_minor == before.checks_minor
    maturity = mean(RATINGS.values()) * 20
    assert after.score - before.score == pytest.approx(maturity * 2 / 100, abs=0.02)


@pytest.mark.parametrize(
    ("maturity", "majors", "minors", "expected"),
    [(None, 0, 0, 0.0), (80.0, 0, 0, 80.0), (80.0, 60, 0, 0.0), (50.0, 1, 4, 48.5)],
)
def test_formula_edges(maturity, majors, minors, expected):
    assert readiness_score(maturity, majors, minors).score == pytest.approx(expected)


def test_formula_rejects_impossible_inputs():
    with pytest.raises(ValueError):
        readiness_score(120.0, 0, 0)
    with pytest.raises(ValueError):
        readiness_score(50.0, -1, 0)


def test_snapshot_is_recorded_once_a_day_by_the_system_actor(rated):
    first = scores.current_score(rated, TODAY)
    assert scores.record_snapshot(rated, TODAY, first) is True
    inventory.add_system(rated, {"name": "Ownerless"}, SYSTEM)
    assert scores.record_snapshot(rated, TODAY) is False  # today's row stays the first
    frame = scores.snapshots(rated)
    assert len(frame) == 1
    row = frame.iloc[0]
    assert (row["day"], row["score"], row["checks_major"]) == (
        TODAY,
        first.score,
        first.checks_major,
    )
    with rated.connect() as connection:
        by = connection.execute("SELECT recorded_by FROM readiness_snapshots").fetchone()[0]
    assert by == SYSTEM.name


def test_a_busy_store_never_breaks_the_caller(rated):
    score = scores.current_score(rated, TODAY)
    busy = Store(rated.path, lock_timeout=0.2)
    handle = os.open(busy.lock_path, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        assert scores.record_snapshot(busy, TODAY, score) is False
    finally:
        os.close(handle)
    assert scores.record_snapshot(busy, TODAY, score) is True


def test_trend_ends_with_the_current_score_and_compares_with_thirty_days_ago(db):
    history = [
        (TODAY - timedelta(days=d), readiness_score(40.0 + (60 - d) / 6, 3, 20))
        for d in (60, 45, 31, 29, 10, 0)
    ]
    assert scores.write_history(db, history, SYSTEM) == 6
    now = readiness_score(55.0, 1, 10)
    trend = scores.score_trend(db, TODAY, now)
    assert list(trend["day"]) == [day for day, _ in history]
    assert list(trend["score"]) == [s.score for _, s in history[:-1]] + [now.score]
    thirty_days_ago = history[2][1].score  # recorded 31 days ago: the latest on or before
    assert scores.score_change(trend, TODAY) == pytest.approx(now.score - thirty_days_ago)
    assert scores.score_change(trend, TODAY, days_back=90) is None


def test_demo_history_rises_over_sixteen_weeks_to_todays_score(demo_db):
    frame = scores.snapshots(demo_db)
    days = list(frame["day"])
    assert TODAY - timedelta(weeks=16) <= days[0] <= TODAY - timedelta(weeks=15)
    assert days[-1] < TODAY and all(d.weekday() < 5 for d in days)
    assert len(days) == len(set(days)) >= 75
    for row in frame.itertuples():
        assert row.score == pytest.approx(
            readiness_score(row.maturity, row.checks_major, row.checks_minor).score
        )
    first, last = frame["score"].iloc[:5].mean(), frame["score"].iloc[-5:].mean()
    now = scores.current_score(demo_db, TODAY)
    assert first + 5 < last <= now.score + 5
