"""Real-browser fixtures: a Streamlit server on a demo store, and Debian's Chromium.

The server runs once per test session on a free port (``app_url``); every test gets a fresh
browser context and page (``page``) whose full-page screenshot is saved to
``artifacts/screenshots/<test name>.png`` whether the test passed or not. Tests check the
screen against the server's own store file (``app_store``). ``AIMS_BROWSER_DEMO_DB=PATH``
copies a demo store built earlier instead of building one (about 45 s), to iterate faster.

Streamlit renders asynchronously over a websocket, so tests never sleep: they call
``wait_for_app`` to let a script run settle and then assert outcomes with Playwright's
auto-retrying ``expect``. Playwright only drives the installed Chromium; it never downloads one.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from commands.dashboard_command import dashboard_command
from store import Store

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"

SERVER_START_TIMEOUT_S = 60
DEMO_BUILD_TIMEOUT_S = 300  # about 45 s on an idle 2-core machine
VIEWPORT = {"width": 1400, "height": 1000}
DEFAULT_TIMEOUT_MS = 30_000
EXPECT_TIMEOUT_MS = 15_000  # a rerun can take seconds on a busy 2-core CI machine
expect.set_options(timeout=EXPECT_TIMEOUT_MS)

# Counts changes of Streamlit's script-run state, so that ``wait_for_app`` can ask for a
# quiet period after the last change instead of sleeping a fixed time.
_RUN_STATE_OBSERVER = """
(() => {
  window.__aimsLastRunStateChange = performance.now();
  new MutationObserver(() => { window.__aimsLastRunStateChange = performance.now(); })
    .observe(document, {subtree: true, attributes: true,
                        attributeFilter: ["data-test-script-state"]});
})();
"""

_APP_SETTLED = """
(quietMs) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return false;
  if (app.getAttribute("data-test-connection-state") !== "CONNECTED") return false;
  if (app.getAttribute("data-test-script-state") !== "notRunning") return false;
  if (document.querySelector('[data-testid="stStatusWidgetRunningIcon"],'
      + '[data-testid="stStatusWidgetRunningManIcon"],[data-testid="stAppSkeleton"]')) return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  const main = document.querySelector('[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"]');
  if (!main || main.children.length === 0) return false;
  return performance.now() - (window.__aimsLastRunStateChange || 0) >= quietMs;
}
"""


def wait_for_app(page, timeout_ms: int = DEFAULT_TIMEOUT_MS, quiet_ms: int = 300) -> None:
    """Wait until Streamlit is connected, no script run is in progress or pending, nothing on
    screen is stale, the main block has content, and the run state has been quiet for
    ``quiet_ms``. A rerun that an action has only just requested may not have started yet,
    so assert the action's outcome with ``expect`` as well."""
    page.wait_for_function(_APP_SETTLED, arg=quiet_ms, timeout=timeout_ms, polling=100)


def main_area(page):
    """The page's main block (not the sidebar)."""
    return page.locator('[data-testid="stMain"]')


def expand_sidebar_nav(page) -> None:
    """Show every page link: a long navigation is cut short behind a "View N more" button."""
    page.locator('[data-testid="stSidebarNav"]').wait_for()
    button = page.locator('[data-testid="stSidebarNavViewButton"]')
    if button.count() and "more" in button.inner_text():
        button.click()
        expect(button).to_have_text("View less")


def sidebar_link(page, label: str):
    """The sidebar navigation link labelled exactly ``label`` (expanding the list first)."""
    expand_sidebar_nav(page)
    return page.locator('[data-testid="stSidebarNav"] a[data-testid="stSidebarNavLink"]').filter(
        has=page.get_by_text(label, exact=True)
    )


def sidebar_links(page) -> list[tuple[str, str]]:
    """(label, href) of every page link in the sidebar navigation, in order."""
    expand_sidebar_nav(page)
    links = page.locator('[data-testid="stSidebarNav"] a[data-testid="stSidebarNavLink"]')
    links.first.wait_for()
    found = []
    for link in links.all():
        label = link.locator('[data-testid="stMarkdownContainer"]').inner_text().strip()
        found.append((label, link.get_attribute("href") or ""))
    return found


def save_screenshot(page, path: Path) -> None:
    """A screenshot of the whole page. Streamlit scrolls inside its main container, not the
    document, so the viewport is stretched to the content's height for the shot."""
    path.parent.mkdir(parents=True, exist_ok=True)
    height = page.evaluate(
        """() => Math.max(document.documentElement.scrollHeight, ...Array.from(
             document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"],'
               + ' [data-testid="stSidebarContent"]'), e => e.scrollHeight))"""
    )
    original = page.viewport_size or VIEWPORT
    page.set_viewport_size({"width": original["width"], "height": min(max(height, 1), 12_000)})
    try:
        page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
        page.screenshot(path=path, full_page=True)
    finally:
        page.set_viewport_size(original)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "page"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@dataclass(frozen=True)
class RunningApp:
    url: str
    db_path: Path
    """The store file the server uses; tests read it with the store API to check the screen."""


@pytest.fixture(scope="session")
def app_url(running_app: RunningApp) -> str:
    """Base URL of ``streamlit run app.py`` on a freshly created demo store."""
    return running_app.url


@pytest.fixture(scope="session")
def app_store(running_app: RunningApp) -> Store:
    """The server's store, opened in the test process (each store call opens and closes it)."""
    return Store(running_app.db_path)


@pytest.fixture(scope="session")
def running_app(request) -> Iterator[RunningApp]:
    """``streamlit run app.py`` on a freshly created demo store, on a free port."""
    workdir = Path(tempfile.mkdtemp(prefix="aims-browser-"))
    template = os.environ.get("AIMS_BROWSER_DEMO_DB")
    db_path = workdir / (Path(template).name if template else "demo.duckdb")
    env = {k: v for k, v in os.environ.items() if k != "AIMS_DB"}
    env["PYTHONUNBUFFERED"] = "1"
    if template:  # a demo store built earlier: copy it and its files (keeping its file name)
        shutil.copy(template, db_path)
        files = Path(template).with_name(Path(template).stem + ".files")
        if files.exists():
            shutil.copytree(files, db_path.with_name(db_path.stem + ".files"))
    demo = (
        None
        if template
        else subprocess.run(
            [sys.executable, "-m", "store", "demo", "--db", str(db_path)],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=DEMO_BUILD_TIMEOUT_S,
        )
    )
    if demo is not None and demo.returncode != 0:
        pytest.fail(f"creating the demo store failed:\n{demo.stdout}\n{demo.stderr}", pytrace=False)

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = workdir / "streamlit.log"
    command = dashboard_command(port, str(db_path))
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )

    def server_output() -> str:
        return log_path.read_text(encoding="utf-8", errors="replace")

    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while not _healthy(url):
        if process.poll() is not None or time.monotonic() > deadline:
            _stop(process)
            reason = (
                f"exited with code {process.returncode}"
                if process.poll() is not None
                else f"did not answer {url}/_stcore/health within {SERVER_START_TIMEOUT_S} s"
            )
            print(f"--- streamlit server output ---\n{server_output()}", file=sys.stderr)
            pytest.fail(f"streamlit server {reason}; output:\n{server_output()}", pytrace=False)
        time.sleep(0.2)

    failed_before = request.session.testsfailed
    try:
        yield RunningApp(url, db_path)
    finally:
        _stop(process)
        ARTIFACTS.mkdir(exist_ok=True)
        shutil.copy(log_path, ARTIFACTS / "streamlit-server.log")
        if request.session.testsfailed > failed_before:
            print(f"\n--- streamlit server output ---\n{server_output()}", file=sys.stderr)
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def page(browser, app_url, request):
    """A fresh context and page; a full-page screenshot is saved when the test ends."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, base_url=app_url)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.add_init_script(_RUN_STATE_OBSERVER)
    tab = context.new_page()
    try:
        yield tab
    finally:
        try:
            name = re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")
            save_screenshot(tab, SCREENSHOTS / f"{name}.png")
        except Exception as error:  # a crashed page must not hide the test's own failure
            print(f"screenshot of {request.node.name} failed: {error}", file=sys.stderr)
        context.close()
