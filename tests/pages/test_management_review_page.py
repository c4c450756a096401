"""The management review page (AppTest, in process, on a copy of the demo store)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from store import management_review

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/audit/management_review.py"


def _page(monkeypatch, db) -> AppTest:
    monkeypatch.setenv("AIMS_DB", str(db.path))
    app = AppTest.from_file(APP, default_timeout=120)
    app.run()
    app.switch_page(PAGE)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _metric(app: AppTest, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


def test_page_shows_reviews_inputs_and_builds_the_pack(monkeypatch, demo_db):
    today = date.today()
    app = _page(monkeypatch, demo_db)
    assert app.title[0].value == "Management review"
    assert _metric(app, "Last review held") == str(management_review.last_review_date(demo_db))
    actions = management_review.list_actions(demo_db, today)
    assert _metric(app, "Overdue review actions") == str(int((actions["state"] == "overdue").sum()))
    assert _metric(app, "Open review actions") == str(int((actions["state"] != "done").sum()))
    assert set(app.dataframe[0].value["id"]) == set(management_review.list_reviews(demo_db)["id"])
    headings = [h.value for h in app.subheader]
    assert "3. Risk heatmap now and at the last review" in headings
    assert "1. Actions from previous reviews" in headings

    app.button(key="build-pack").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.session_state["review-pack"][1].startswith(b"%PDF")


def test_page_records_the_meeting_and_adds_an_action(monkeypatch, demo_db):
    today = date.today()
    planned = management_review.next_planned_review(demo_db, today)
    app = _page(monkeypatch, demo_db)
    assert app.selectbox(key="review-choice").value == planned["id"]

    app.text_area(key="action-text").input("Brief the board on Stage 2 findings.")
    app.text_input(key="action-owner").input("Tom Becker")
    app.button(key="FormSubmitter:add-action-Add the action").click().run()
    assert not app.exception, [e.value for e in app.exception]
    own = management_review.list_actions(demo_db, today, review_id=planned["id"])
    assert own[["action", "owner", "status"]].values.tolist() == [
        ["Brief the board on Stage 2 findings.", "Tom Becker", "open"]
    ]

    app.text_area(key="meet-decisions").input("Proceed to Stage 2.")
    app.button(key="FormSubmitter:record-meeting-Record as held").click().run()
    assert not app.exception, [e.value for e in app.exception]
    review = management_review.get_review(demo_db, planned["id"])
    assert review["status"] == "held" and review["decisions"] == "Proceed to Stage 2."
    assert management_review.get_snapshot(demo_db, planned["id"]) is not None


def test_page_shows_suppliers_data_and_governance_as_the_pack_does(monkeypatch, demo_db):
    from store import review_inputs

    today = date.today()
    inputs = review_inputs.compile_inputs(
        demo_db, today, review_id=management_review.pack_review_id(demo_db, today)
    )
    app = _page(monkeypatch, demo_db)
    frames = [d.value for d in app.dataframe]
    supporting = next(
        f for f in frames if list(f.columns) == ["area", "controls", "records", "gaps"]
    )
    expected = inputs.supporting_records[["area", "controls", "records", "gaps"]]
    assert supporting.to_dict("records") == expected.to_dict("records")
    assert len(supporting) >= 3
    objectives = next(f for f in frames if "status" in f.columns and "target" in f.columns)
    assert list(objectives["id"]) == list(inputs.governance.objectives["id"])
    assert set(objectives["status"]) <= {"behind", "on track"}
    text = " ".join(m.value for m in app.markdown)
    read = inputs.governance.ai_policy_read
    assert f"read by {read:.0%} of the people in AIMS roles" in text
    assert f"AI found by discovery since the last review: {inputs.figures['ai_discovered']}" in text
