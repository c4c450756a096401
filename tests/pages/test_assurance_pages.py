"""The readiness, roadmap, certification and training pages on the demo store (AppTest)."""

from __future__ import annotations

from datetime import date

from store import certification, readiness, training
from tests.pages.page_runs import metric, run_page


def table_with(app, *columns: str):
    """The first table on the page that has all these columns."""
    return next(d.value for d in app.dataframe if set(columns) <= set(d.value.columns))


def test_readiness_page_shows_scores_and_turns_gaps_into_actions(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/audit/readiness.py")
    summary = readiness.summary(demo_db)
    assert app.title[0].value == "Readiness assessment"
    assert metric(app, "Readiness") == f"{summary.overall:.0%}"
    assert metric(app, "Items assessed") == f"{summary.assessed} of 70"
    assert metric(app, "Gaps below target") == str(len(summary.gaps))
    charts = app.get("plotly_chart")
    assert len(charts) == 2
    gaps = table_with(app, "item_id", "priority", "open action")
    assert set(gaps["item_id"]) == {g.item_id for g in summary.gaps}
    uncovered = int((~gaps["open action"]).sum())
    before = len(readiness.list_actions(demo_db, date.today()))
    app.text_input(key="rdy-owner").input("Sofia Marin")
    app.button(key=f"FormSubmitter:rdy-actions-Create actions for {uncovered} gap(s)").click().run()
    assert not app.exception
    assert len(readiness.list_actions(demo_db, date.today())) == before + uncovered
    assert "0 gap(s) have no open remediation action." in [c.value for c in app.caption]


def test_roadmap_page_warns_until_the_late_action_is_done(monkeypatch, demo_db):
    today = date.today()
    fit = readiness.roadmap_fit(demo_db, today)
    app = run_page(monkeypatch, demo_db, "pages/audit/roadmap.py")
    warnings = " ".join(w.value for w in app.warning)
    late = fit.late_actions[0]
    assert f"past their deadline: {late}" in warnings
    assert all(a in warnings for a in fit.beyond_cutoff)
    assert metric(app, "Late actions") == str(len(fit.late_actions))
    target = certification.get_cycle(demo_db).target_date
    assert metric(app, "Target certification") == target.isoformat()
    assert len(app.get("plotly_chart")) == 1
    app.selectbox(key="rm-action").set_value(late).run()
    app.selectbox(key=f"rm-status-{late}").set_value("done")
    app.button(key=f"FormSubmitter:rm-edit-{late}-Save action").click().run()
    assert not app.exception
    assert metric(app, "Late actions") == "0"
    assert "past their deadline" not in " ".join(w.value for w in app.warning)


def test_certification_page_counts_down_to_stage_2(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/audit/certification.py")
    name, day, left = certification.next_certification_event(demo_db, date.today())
    assert metric(app, "Next event") == name == "Stage 2 audit"
    assert metric(app, "Days to next event") == str(left)
    assert metric(app, "Certificate") == "Not yet certified"
    events = table_with(app, "Event", "Days left")
    assert "Surveillance audit 1" in set(events["Event"])
    assert "Recertification audit" in set(events["Event"])


def test_training_page_flags_and_records_a_completion(monkeypatch, demo_db):
    today = date.today()
    status = training.status_frame(demo_db, today)
    app = run_page(monkeypatch, demo_db, "pages/controls/training.py")
    assert metric(app, "People") == str(len(training.list_people(demo_db)))
    assert metric(app, "Overdue") == str(int(status["overdue"].sum()))
    assert metric(app, "Expiring within 30 days") == str(int(status["expiring"].sum()))
    flags = table_with(app, "name", "state", "valid_until")
    assert len(flags) == int((status["overdue"] | status["expiring"]).sum())
    assert "Daniel Okafor" in set(flags["name"])
    by_unit = table_with(app, "unit", "coverage")
    assert set(by_unit["unit"]) == set(training.list_people(demo_db)["unit"])
    missing = status[(status["name"] == "Daniel Okafor") & (status["course"] == "system-owner")]
    person = missing["person_id"].iloc[0]
    app.selectbox(key="trn-c-person").set_value(person)
    app.selectbox(key="trn-c-course").set_value("system-owner")
    app.button(key="FormSubmitter:trn-add-completion-Record completion").click().run()
    assert not app.exception
    after = training.status_frame(demo_db, today)
    row = after[(after["person_id"] == person) & (after["course"] == "system-owner")]
    assert row["state"].tolist() == ["current"]
    assert metric(app, "Overdue") == str(int(status["overdue"].sum()) - 1)
