"""R5 on the pages: as a viewer, every page renders and no button changes the store.

The viewer is set the way a person previews the app in local mode: ``AIMS_LOCAL_ROLES=viewer``.
Every enabled button of every page is pressed (forms with their current values); the store
must stay exactly as it was, and a save that reaches the store shows the access message.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.store.test_access_write_paths import fingerprint

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").rglob("*.py"))
KNOWN_WRITES: dict[str, str] = {}
"""Pages where a viewer can still cause a write; strict xfail, so a fix is noticed."""


def viewer_page(monkeypatch, db, page: str, record: str | None = None) -> AppTest:
    monkeypatch.setenv("AIMS_DB", str(db.path))
    monkeypatch.setenv("AIMS_LOCAL_ROLES", "viewer")
    app = AppTest.from_file(APP, default_timeout=90)
    app.run()
    if record:
        app.query_params["record"] = record
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def errors(app: AppTest) -> list[str]:
    return [e.value for e in app.error]


def test_the_sidebar_names_the_viewer_role_and_local_mode(monkeypatch, demo_db):
    monkeypatch.setenv("AIMS_DB", str(demo_db.path))
    monkeypatch.setenv("AIMS_LOCAL_ROLES", "viewer")
    app = AppTest.from_file(APP, default_timeout=90).run()  # the first (default) page
    caption = " ".join(str(getattr(e, "value", "")) for e in app.sidebar)
    assert "Viewer (executive)" in caption
    assert "local single-user mode" in caption


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(p, marks=pytest.mark.xfail(reason=KNOWN_WRITES[p], strict=True))
        if p in KNOWN_WRITES
        else p
        for p in PAGES
    ],
)
def test_a_viewer_can_press_every_button_and_nothing_is_written(monkeypatch, demo_db, page):
    app = viewer_page(monkeypatch, demo_db, page)
    before = fingerprint(demo_db)
    pressed = 0
    for index in range(len(app.button)):
        if index >= len(app.button) or app.button[index].disabled:
            continue
        app.button[index].click().run()
        pressed += 1
        assert not app.exception, [e.value for e in app.exception]
        assert not [e for e in errors(app) if "Traceback" in e]
    after = fingerprint(demo_db)
    changed = sorted(k for k in after if after[k] != before.get(k))
    assert not changed, f"a viewer changed {changed} on {page} after {pressed} presses"


@pytest.mark.parametrize(
    ("page", "record", "button"),
    [
        ("pages/risk/inventory.py", "SYS-0001", "Save changes"),
        ("pages/risk/inventory.py", "SYS-0001", "Retire this system"),
    ],
)
def test_a_viewer_sees_save_disabled_and_why(monkeypatch, demo_db, page, record, button):
    """The store still refuses (tests/store/test_access_write_paths.py); the page says so first."""
    app = viewer_page(monkeypatch, demo_db, page, record)
    control = next(b for b in app.button if b.label == button)
    assert control.disabled
    assert control.help.startswith("Viewers can read and export; ask a compliance manager to")
    notes = " ".join(c.value for c in app.caption)
    assert "Viewers can read and export" in notes


def test_a_viewer_cannot_start_a_monitor_run(monkeypatch, demo_db):
    app = viewer_page(monkeypatch, demo_db, "pages/monitor/monitoring.py")
    assert app.button(key="mon-run").disabled
