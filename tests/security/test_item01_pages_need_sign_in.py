"""Issue 14.1: whatever URL a freshly started server is asked for first, the visitor must sign
in before any page content, and the navigation is always app.py's grouped one.

Before the fix, a first request straight to ``/overview`` (or any page) ran that page script
without ``app.py``, since a ``pages/`` folder exists: KPIs and findings for anyone, and a
sidebar of raw file names."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import (
    _RUN_STATE_OBSERVER,
    DEFAULT_TIMEOUT_MS,
    SCREENSHOTS,
    VIEWPORT,
    main_area,
    save_screenshot,
    sidebar_links,
    wait_for_app,
)
from tests.chromium import CHROMIUM
from tests.security.server import FAKE_AUTH, app_server, copy_store

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed")

ROOT = Path(__file__).resolve().parents[2]
PAGE_URLS = sorted(p.stem for p in (ROOT / "pages").rglob("*.py"))
SIGN_IN_SCREEN = {"AIMS · ISO/IEC 42001", "Sign in"}


def _open_first(browser, url: str, path: str, shot: str):
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.add_init_script(_RUN_STATE_OBSERVER)
    page = context.new_page()
    page.goto(f"{url}/{path}")
    wait_for_app(page, quiet_ms=1500)
    save_screenshot(page, SCREENSHOTS / f"security-first-{shot}.png")
    return context, page


def test_every_page_url_requested_first_shows_only_the_sign_in(browser, served_demo, tmp_path):
    db_path = copy_store(served_demo, tmp_path)
    shown = {}
    for path in PAGE_URLS:
        with app_server(db_path, FAKE_AUTH, tmp_path) as url:
            context, page = _open_first(browser, url, path, path)
            try:
                lines = {line.strip() for line in main_area(page).inner_text().splitlines()} - {""}
                links = page.locator('[data-testid="stSidebarNavLink"]').count()
                shown[path] = (lines, links)
            finally:
                context.close()
    leaked = {p: s for p, s in shown.items() if s[0] != SIGN_IN_SCREEN or s[1] != 0}
    assert not leaked, leaked


def test_a_page_url_requested_first_in_local_mode_gets_the_grouped_navigation(
    browser, served_demo, tmp_path
):
    db_path = copy_store(served_demo, tmp_path)
    with app_server(db_path, None, tmp_path, {"AIMS_LOCAL_MODE": "1"}) as url:
        context, page = _open_first(browser, url, "checks", "local-checks")
        try:
            assert page.get_by_role("heading", name="Pre-audit checks").first.is_visible()
            labels = [label for label, _ in sidebar_links(page)]
            sections = page.locator('[data-testid="stNavSectionHeader"]').all_inner_texts()
        finally:
            context.close()
    # the local user is a compliance manager and an administrator: their pages come first
    assert labels[:2] == ["AI risk register", "Impact assessments"], labels
    assert "Pre-audit checks" in labels and "checks" not in labels
    assert [s.strip() for s in sections] == [
        "Your pages",
        "Overview",
        "Context and leadership",
        "Inventory and risk",
        "Controls and support",
        "EU AI Act",
        "Monitor",
        "Audit",
    ]
