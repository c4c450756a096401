"""The executive overview shows the readiness score with its trend and the next certification
event with its countdown, from the store; a failing check links to its record, and fixing the
record there raises the score on the overview."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from store import certification, checks, readiness
from store import readiness_score as scores

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TODAY = date.today()


def open_page(monkeypatch, db, page: str, query: dict | None = None) -> AppTest:
    monkeypatch.setenv("AIMS_DB", str(db.path))
    app = AppTest.from_file(APP, default_timeout=90)
    app.run()
    app.query_params.update(query or {})
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def metric(app: AppTest, label: str):
    return next(m for m in app.metric if m.label == label)


def expected_score(db) -> float:
    """The documented formula from the store's ratings and today's findings."""
    ratings = readiness.assessment(db)["maturity"].dropna()
    maturity = ratings.mean() / 5 * 100
    found = checks.findings(db, TODAY)
    majors = sum(f.severity == "major" for f in found)
    penalty = 2 * majors + 0.25 * (len(found) - majors)
    return round(max(0.0, min(100.0, maturity * (1 - penalty / 100))), 2)  # as the formula does


def test_overview_shows_score_trend_and_next_certification_event(monkeypatch, demo_db):
    history = scores.snapshots(demo_db)
    app = open_page(monkeypatch, demo_db, "pages/overview.py")
    score = metric(app, "Readiness score")
    assert score.value == f"{expected_score(demo_db):.1f} / 100"
    # the delta compares with the latest snapshot on or before 30 days ago (the demo history)
    past = history[history["day"] <= TODAY - timedelta(days=30)]["score"].iloc[-1]
    assert float(score.delta) == pytest.approx(expected_score(demo_db) - past, abs=0.06)
    assert len(score.proto.chart_data) == len(history) + 1  # the history plus today
    # the page view recorded today's snapshot (once)
    recorded = scores.snapshots(demo_db)
    assert list(recorded["day"]).count(TODAY) == 1

    cycle = certification.get_cycle(demo_db)
    upcoming = [
        (name, day)
        for name, day in (
            ("Stage 1 audit", cycle.stage1_date),
            ("Stage 2 audit", cycle.stage2_date),
        )
        if day and day >= TODAY
    ]
    name, day = upcoming[0]
    event = metric(app, f"Next: {name}")
    assert event.value == f"in {(day - TODAY).days} days"
    links = {link.proto.page for link in app.page_link}
    # a link names its page by URL, the name of the page's file (tests/pages/test_navigation.py)
    assert {"checks", "readiness", "certification"} <= {Path(p).stem for p in links}


def test_failing_check_links_to_its_record_and_the_fix_raises_the_score(monkeypatch, demo_db):
    before = scores.current_score(demo_db, TODAY)
    app = open_page(monkeypatch, demo_db, "pages/audit/checks.py")
    owner = next(f for f in checks.findings(demo_db, TODAY) if f.check_id == "INVENTORY-OWNER")
    link = next(x for x in app.page_link if x.value == f"Fix {owner.record_id}")
    assert parse_qs(link.proto.query_string) == {"record": [owner.record_id]}

    app = open_page(monkeypatch, demo_db, "pages/risk/inventory.py", {"record": owner.record_id})
    assert any(owner.record_id in h.value for h in app.subheader)  # the record is open to edit
    app.text_input(key=f"edit-{owner.record_id}-owner").input("Laura Chen")
    app.button(key=f"FormSubmitter:edit-{owner.record_id}-Save changes").click().run()
    assert not app.exception

    after = open_page(monkeypatch, demo_db, "pages/overview.py")
    assert after.metric and metric(after, "Readiness score").value == (
        f"{expected_score(demo_db):.1f} / 100"
    )
    now = scores.current_score(demo_db, TODAY)
    assert now.checks_major == before.checks_major - 1
    assert now.score > before.score
