"""The History view of a record shows the audit trail of a change made through the store."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from risk_model.access import Actor
from store import audit_trail, inventory
from tests.pages.test_access_pages import APP

EDITOR = Actor("Hannah Historian", ("compliance_manager",))


def test_the_history_expander_shows_a_change_made_through_the_store(monkeypatch, demo_db):
    old = inventory.get_system(demo_db, "SYS-0001")["provider"]
    inventory.update_system(demo_db, "SYS-0001", {"provider": "Northwind Analytics"}, EDITOR)
    monkeypatch.setenv("AIMS_DB", str(demo_db.path))
    app = AppTest.from_file(APP, default_timeout=90)
    app.run()
    app.query_params["record"] = "SYS-0001"
    app.switch_page("pages/risk/inventory.py")
    app.run()
    assert not app.exception
    (history,) = [e for e in app.expander if e.label == "History"]
    table = history.dataframe[0].value
    newest = table.iloc[0]
    assert newest["Who"] == "Hannah Historian (compliance_manager)"
    assert (newest["Action"], newest["Field"]) == ("update", "provider")
    assert newest["Change"] == f"{old or '—'} → Northwind Analytics"
    trail = audit_trail.record_history(demo_db, "ai_systems", "SYS-0001")
    assert len(table) == len(trail)
    assert table.iloc[-1]["Action"] == "create"
    assert "Purge permanently" not in [b.label for b in app.button]  # the system is active


def test_a_record_without_changes_says_so(monkeypatch, db):
    from ui.history import history_view

    empty = audit_trail.record_history(db, "ai_systems", "SYS-9999")
    assert empty.empty
    assert list(history_view(empty).columns) == ["When", "Who", "Action", "Field", "Change"]
