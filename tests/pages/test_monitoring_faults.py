"""The Monitoring and AI incidents pages survive every state the store can hold (issue 15
item 1): failed and abandoned runs, NULL metrics, a model without runs or without a system, a
half-filled incident, and an empty store. The states come from ``tests.faults``."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store import Store, incident_views, monitoring
from tests.faults import FAILED_REASON, seed_faults
from ui.text import plain

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_page(monkeypatch, db: Store, page: str) -> AppTest:
    monkeypatch.setenv("AIMS_DB", str(db.path))
    app = AppTest.from_file(APP, default_timeout=90)
    app.run()
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


@pytest.fixture
def faulty_db(demo_db) -> Store:
    seed_faults(demo_db)
    return demo_db


def test_a_failed_latest_run_shows_its_reason_instead_of_crashing(monkeypatch, faulty_db):
    latest = monitoring.latest_runs(faulty_db)
    failed = latest[latest["model_id"] == "MM-0001"].iloc[0]
    assert failed["status"] == "failed" and failed["rows_used"] is not None  # NA in the frame
    app = open_page(monkeypatch, faulty_db, "pages/monitor/monitoring.py")
    tiles = {m.label: m.value for m in app.metric}
    assert "failed" in tiles[f"{failed['system_name']} · {failed['model_name']}"]
    assert "no run yet" in tiles[next(label for label in tiles if "never-run" in label)]
    assert any(plain(FAILED_REASON) in c.value for c in app.caption)
    assert app.button(key="mon-run") is not None  # the way to recover is on screen


def test_every_model_opens_whatever_its_runs(monkeypatch, faulty_db):
    app = open_page(monkeypatch, faulty_db, "pages/monitor/monitoring.py")
    for model_id in ("MM-0001", "MM-0002", "MM-0003", "MM-0099", "MM-0098"):
        app.selectbox(key="mon-model").set_value(model_id).run()
        assert not app.exception, (model_id, [e.value for e in app.exception])
        runs = next(f.value for f in app.dataframe if "effective_status" in f.value.columns)
        expected = monitoring.list_runs(faulty_db, model_id=model_id)
        assert list(runs["id"]) == expected["id"].tolist()
        if model_id == "MM-0003":
            assert "abandoned" in set(runs["effective_status"])  # the dead 'running' row
        if model_id in ("MM-0099", "MM-0098"):
            assert any("No finished run" in i.value for i in app.info)


def test_incidents_page_lists_half_filled_records(monkeypatch, faulty_db):
    app = open_page(monkeypatch, faulty_db, "pages/monitor/incidents.py")
    table = app.dataframe[0].value
    assert {"INC-9001", "INC-9002"} <= set(table["id"])
    assert any("INC-9002" in e.value for e in app.error)  # serious, not reported: on the clock


@pytest.mark.parametrize("incident_id", ["INC-9001", "INC-9002"])
def test_a_half_filled_incident_opens_with_its_next_step(monkeypatch, faulty_db, incident_id):
    monkeypatch.setenv("AIMS_DB", str(faulty_db.path))
    app = AppTest.from_file(APP, default_timeout=90)
    app.run()
    app.switch_page("pages/monitor/incidents.py")
    app.query_params["record"] = incident_id
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert any(incident_id in h.value for h in app.subheader)
    boxes = [b.value for b in (*app.warning, *app.info)]
    if incident_id == "INC-9001":  # no owner and its system is gone: say so
        assert any("nobody yet" in b for b in boxes)
        assert any("no monitor run" in c.value for c in app.caption)
    else:  # owned through its system; linked to the failed run, which the link opens
        owner = incident_views.system_owner(faulty_db, "SYS-0001")
        assert any("Next step" in b and plain(owner) in b for b in boxes)
        (link,) = app.get("page_link")
        assert "MR-900001" in link.proto.label
        assert "run=MR-900001" in link.proto.query_string


@pytest.mark.parametrize("page", ["pages/monitor/monitoring.py", "pages/monitor/incidents.py"])
def test_an_empty_store_opens(monkeypatch, db, page):
    app = open_page(monkeypatch, db, page)
    assert app.title[0].value in ("Monitoring", "AI incidents")
