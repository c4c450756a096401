"""Running a page of the dashboard in-process (Streamlit AppTest), shared by the page tests."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def run_page(monkeypatch, db, page: str) -> AppTest:
    """Open the app on ``db``, switch to ``page`` (e.g. ``pages/controls/soa.py``) and run it; the page
    must raise nothing."""
    monkeypatch.setenv("AIMS_DB", str(db.path))
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def metric(app: AppTest, label: str) -> str:
    """The value the metric tile ``label`` shows."""
    return next(m.value for m in app.metric if m.label == label)
