"""Issue 14.2: a present but broken sign-in configuration stops the app with a clear error,
and without sign-in the app runs only in explicit local mode; it never fails open.

Before the fix, any error reading ``secrets.toml`` made every visitor "Local user ·
Compliance manager, Administrator"."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.browser.conftest import (
    _RUN_STATE_OBSERVER,
    DEFAULT_TIMEOUT_MS,
    SCREENSHOTS,
    VIEWPORT,
    main_area,
    save_screenshot,
    wait_for_app,
)
from tests.chromium import CHROMIUM
from tests.pages.test_access_pages import APP
from tests.security.server import FAKE_AUTH, app_server, copy_store
from ui.sign_in import auth_problems

TOML_TYPO = FAKE_AUTH.replace('client_id = "aims-test"', 'client_id = "aims-test')
MISSING_SECRET = FAKE_AUTH.replace('client_secret = "not-a-real-secret"\n', "")


def _screen(browser, url: str, shot: str) -> tuple[str, str, int]:
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.add_init_script(_RUN_STATE_OBSERVER)
    page = context.new_page()
    try:
        page.goto(f"{url}/risks")
        wait_for_app(page, quiet_ms=1500)
        save_screenshot(page, SCREENSHOTS / f"security-{shot}.png")
        sidebar = page.locator('[data-testid="stSidebar"]')
        side_text = sidebar.inner_text() if sidebar.count() else ""
        links = page.locator('[data-testid="stSidebarNavLink"]').count()
        return main_area(page).inner_text(), side_text, links
    finally:
        context.close()


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed")
@pytest.mark.parametrize(
    ("secrets", "named"),
    [(TOML_TYPO, "secrets file cannot be read"), (MISSING_SECRET, "no client_secret")],
    ids=["toml-typo", "missing-key"],
)
def test_a_broken_sign_in_configuration_stops_the_app(
    browser, served_demo, tmp_path, secrets, named
):
    db_path = copy_store(served_demo, tmp_path)
    with app_server(db_path, secrets, tmp_path, {"AIMS_LOCAL_MODE": "1"}) as url:
        main, side, links = _screen(browser, url, named.replace(" ", "-"))
    assert "The sign-in configuration is broken, so the app will not start" in main
    assert named in main
    assert "AI risk register" not in main
    assert "Local user" not in main + side and links == 0


def test_without_sign_in_the_app_refuses_unless_local_mode_is_asked_for(monkeypatch, demo_db):
    monkeypatch.delenv("AIMS_LOCAL_MODE", raising=False)
    monkeypatch.setenv("AIMS_DB", str(demo_db.path))  # not the default store
    app = AppTest.from_file(APP, default_timeout=90).run()
    assert not app.exception
    assert [e.value for e in app.error] and "Sign-in is not configured" in app.error[0].value
    assert not app.metric and not app.dataframe  # no page content
    assert "Local user" not in " ".join(str(getattr(e, "value", "")) for e in app.sidebar)

    monkeypatch.setenv("AIMS_LOCAL_MODE", "1")
    app = AppTest.from_file(APP, default_timeout=90).run()
    assert not app.error and app.metric  # the overview
    sidebar = " ".join(str(getattr(e, "value", "")) for e in app.sidebar)
    assert "local single-user mode" in sidebar


def test_auth_problems_name_what_is_missing():
    assert auth_problems({}) == [
        "[auth] has no redirect_uri",
        "[auth] has no cookie_secret",
        "[auth] names no identity provider (client_id, client_secret, server_metadata_url)",
    ]
    section = {
        "redirect_uri": "https://aims.example/oauth2callback",
        "cookie_secret": "s",
        "google": {"client_id": "i", "client_secret": "", "server_metadata_url": "u"},
    }
    assert auth_problems(section) == ["[auth.google] has no client_secret"]
    section["google"]["client_secret"] = "c"
    assert auth_problems(section) == []
