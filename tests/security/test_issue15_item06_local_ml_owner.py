"""Issue 15.6: in local mode an ML owner acts as a named person (``AIMS_LOCAL_USER`` or the
sidebar's "Act as" picker), so "Run monitor now" works for their own models; a disabled
control says why; "Only my models" and "Only my systems" narrow the lists to theirs.

Before the fix, local mode's user was always "Local user", so an ML owner owned nothing and
the button was greyed out without a reason."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from store import inventory
from tests.pages.test_access_pages import APP


def _app(monkeypatch, db, page: str, user: str | None = "Priya Raman") -> AppTest:
    monkeypatch.setenv("AIMS_DB", str(db.path))
    monkeypatch.setenv("AIMS_LOCAL_ROLES", "ml_owner")
    if user:
        monkeypatch.setenv("AIMS_LOCAL_USER", user)
    app = AppTest.from_file(APP, default_timeout=120)
    app.run()
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _run_button(app: AppTest):
    return next(b for b in app.button if b.label == "Run monitor now")


def test_an_ml_owner_runs_their_own_model_and_sees_why_not_others(monkeypatch, demo_db):
    app = _app(monkeypatch, demo_db, "pages/monitor/monitoring.py")
    caption = " ".join(str(getattr(e, "value", "")) for e in app.sidebar)
    assert "Priya Raman" in caption and "ML owner" in caption
    assert app.toggle(key="mon-mine").value is True
    picker = app.selectbox(key="mon-model")
    assert (len(picker.options), picker.value) == (1, "MM-0001")
    assert not _run_button(app).disabled

    app.toggle(key="mon-mine").set_value(False).run()
    app.selectbox(key="mon-model").set_value("MM-0002").run()
    button = _run_button(app)
    assert button.disabled
    owner = inventory.owners_by_system(demo_db)["SYS-0017"]
    assert owner in button.help and "Priya Raman" in button.help


def test_the_sidebar_picker_changes_who_acts(monkeypatch, demo_db):
    app = _app(monkeypatch, demo_db, "pages/monitor/monitoring.py", user=None)
    assert _run_button(app).disabled  # "Local user" owns nothing
    app.selectbox(key="local-act-as").set_value("Priya Raman").run()
    assert not _run_button(app).disabled


def test_only_my_systems_lists_the_owners_systems(monkeypatch, demo_db):
    app = _app(monkeypatch, demo_db, "pages/risk/inventory.py")
    assert app.toggle(key="inv-mine").value is True
    shown = int(next(m for m in app.metric if m.label == "Systems shown").value)
    mine = inventory.list_systems(demo_db, inventory.SystemFilter(owner="Priya Raman"))
    assert shown == len(mine) >= 1
    assert shown < len(inventory.list_systems(demo_db))
