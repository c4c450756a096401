"""The pages in section folders in a real browser (issue 16, step 4).

- The first request after a server start, straight to a page in a folder under ``pages/``
  (``/monitoring`` is ``pages/monitor/monitoring.py``), opens that page. With a ``pages/``
  folder beside ``app.py``, Streamlit used to run that first request through its older
  pages-folder navigation, which knows only ``pages/*.py``: it showed "Page not found".
- Each role's sidebar starts with its own pages and still lists every page.

Each test starts its own server, so its first request is the server's first."""

from __future__ import annotations

import shutil
import tempfile
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
from tests.browser.servers import copy_store, start_server
from tests.browser.test_browser_pages import declared_pages

pytestmark = pytest.mark.browser

FIRST_LOAD_TIMEOUT_MS = 120_000  # a new server's first run on a busy 2-core machine


@pytest.fixture
def fresh_server(running_app):
    """``fresh_server(roles)``: a new server on a copy of the demo store, not yet visited."""
    workdir = Path(tempfile.mkdtemp(prefix="aims-navigation-"))
    started = []

    def start(roles: str):
        db_path = copy_store(running_app.db_path, workdir / f"{roles.replace(',', '-')}.duckdb")
        started.append(start_server(db_path, roles, workdir))
        return started[-1]

    yield start
    for server in started:
        server.stop()
    shutil.rmtree(workdir, ignore_errors=True)


def _first_visit(browser, url: str, shot: str):
    context = browser.new_context(viewport=VIEWPORT, base_url=url)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.add_init_script(_RUN_STATE_OBSERVER)
    return context, context.new_page()


@pytest.mark.parametrize(
    ("roles", "path", "title"),
    [
        ("ml_owner", "/monitoring", "Monitoring"),
        ("viewer", "/readiness", "Readiness assessment"),
    ],
)
def test_a_first_request_for_a_page_in_a_folder_opens_it(browser, fresh_server, roles, path, title):
    server = fresh_server(roles)
    context, tab = _first_visit(browser, server.url, roles)
    try:
        tab.goto(path)
        wait_for_app(tab, timeout_ms=FIRST_LOAD_TIMEOUT_MS, quiet_ms=1500)
        save_screenshot(tab, SCREENSHOTS / f"navigation-first-{roles}{path.replace('/', '-')}.png")
        assert "Page not found" not in tab.locator("body").inner_text()
        assert main_area(tab).locator("h1").first.inner_text() == title
        assert tab.url == f"{server.url}{path}"
    finally:
        context.close()


OWN_LABELS = {
    "viewer": ["Executive overview", "Risk heatmap", "Readiness assessment", "Management review"],
    "auditor": [
        "Pre-audit checks",
        "Evidence library",
        "Internal audits",
        "Statement of Applicability",
    ],
}


@pytest.mark.parametrize("roles", list(OWN_LABELS))
def test_a_roles_sidebar_starts_with_its_own_pages_and_lists_every_page(
    browser, fresh_server, roles
):
    server = fresh_server(roles)
    context, tab = _first_visit(browser, server.url, roles)
    try:
        tab.goto("/")
        wait_for_app(tab, timeout_ms=FIRST_LOAD_TIMEOUT_MS)
        links = sidebar_links(tab)
        save_screenshot(tab, SCREENSHOTS / f"navigation-sidebar-{roles}.png")
        labels = [label for label, _ in links]
        own = OWN_LABELS[roles]
        assert labels[: len(own)] == own
        assert sorted(labels) == sorted(p.nav_title for p in declared_pages())
        headers = tab.locator('[data-testid="stNavSectionHeader"]').all_inner_texts()
        assert headers and headers[0].strip() == "Your pages"
    finally:
        context.close()
