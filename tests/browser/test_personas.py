"""Issue 15's persona suite: each role's path through the product in a real browser.

Every persona gets its own server (``tests/browser/servers.py``) in local mode with its
roles, on its own copy of the demo store, or on an empty store for the newcomer. Each path
checks what the screen says against the store, and keeps a full-page screenshot of every
step in ``artifacts/screenshots/persona-<name>-<step>.png``.
"""

from __future__ import annotations

import re
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from risk_model.getting_started import STEPS
from store import Store, audits, checks, inventory, nonconformities, risks
from tests.browser.conftest import (
    _RUN_STATE_OBSERVER,
    DEFAULT_TIMEOUT_MS,
    SCREENSHOTS,
    VIEWPORT,
    main_area,
    save_screenshot,
    wait_for_app,
)
from tests.browser.servers import copy_store, start_server
from tests.browser.widgets import choose, metric, widget

pytestmark = pytest.mark.browser

FIRST_LOAD_TIMEOUT_MS = 120_000  # a new server's first run on a busy 2-core machine
VIEWER_REASON = "Viewers can read and export; ask a compliance manager to"


@pytest.fixture(scope="module")
def demo_template(running_app) -> Path:
    """The demo store the main browser server was started on (built or copied once)."""
    return running_app.db_path


@pytest.fixture(scope="module")
def servers(demo_template):
    """Start a persona's server on first use; stop them all when the module ends."""
    workdir = Path(tempfile.mkdtemp(prefix="aims-personas-"))
    started = {}

    def server_for(roles: str, empty: bool = False):
        key = (roles, empty)
        if key not in started:
            name = f"{roles.replace(',', '-')}{'-empty' if empty else ''}.duckdb"
            db_path = workdir / name
            if not empty:
                copy_store(demo_template, db_path)
            started[key] = start_server(db_path, roles, workdir)
        return started[key]

    yield server_for
    for server in started.values():
        server.stop()


@pytest.fixture
def open_as(browser, servers, request):
    """``open_as(roles, path)`` -> (page, store): a browser tab on that persona's server."""
    contexts = []

    def opener(roles: str, path: str = "/", empty: bool = False):
        server = servers(roles, empty)
        context = browser.new_context(viewport=VIEWPORT, base_url=server.url)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.add_init_script(_RUN_STATE_OBSERVER)
        contexts.append(context)
        tab = context.new_page()
        tab.goto(path)
        wait_for_app(tab, timeout_ms=FIRST_LOAD_TIMEOUT_MS)
        return tab, Store(server.db_path)

    yield opener
    for number, context in enumerate(contexts):
        for tab in context.pages:  # the screen as the test left it, passed or failed
            name = re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")
            save_screenshot(tab, SCREENSHOTS / f"{name}-{number}.png")
        context.close()


def shot(page, persona: str, step: str) -> None:
    save_screenshot(page, SCREENSHOTS / f"persona-{persona}-{step}.png")


def heading(page):
    return main_area(page).locator("h1").first


def button(page, name: str):
    return main_area(page).get_by_role("button", name=name, exact=True)


def type_date_and_press_enter(page, label: str, day: date) -> None:
    """Type a date into a date field and press Enter, as a keyboard user does."""
    widget(page, "stDateInput", label).get_by_role("spinbutton").first.click()
    page.keyboard.type(day.strftime("%Y%m%d"))
    page.keyboard.press("Enter")
    wait_for_app(page)


def wait_until(condition, message: str, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(0.3)


def test_executive_reads_the_overview_and_each_tile_opens_what_it_counts(open_as):
    page, db = open_as("viewer")
    levels = risks.risk_levels(db, today=date.today())
    above = int(levels["above_appetite"].sum())
    systems = inventory.list_systems(db)
    high = int((systems["eu_ai_act_tier"] == "high").sum())
    expect(heading(page)).to_have_text("Executive overview")
    expect(metric(page, "Risks above appetite")).to_have_text(str(above))
    expect(metric(page, "High-risk systems")).to_have_text(str(high))
    shot(page, "executive", "1-overview")

    main_area(page).get_by_role("link", name="Open risks above appetite").click()
    expect(heading(page)).to_have_text("AI risk register")
    wait_for_app(page)
    expect(metric(page, "Risks shown")).to_have_text(str(above))
    expect(metric(page, "Above appetite")).to_have_text(str(above))
    shot(page, "executive", "2-risks-above-appetite")

    page.goto("/")
    wait_for_app(page)
    main_area(page).get_by_role("link", name="Open high-risk systems").click()
    expect(heading(page)).to_have_text("AI system inventory")
    wait_for_app(page)
    expect(metric(page, "Systems shown")).to_have_text(str(high))
    expect(metric(page, "High-risk")).to_have_text(str(high))
    shot(page, "executive", "3-high-risk-systems")

    page.goto("/")
    wait_for_app(page)
    as_of = "Show the heatmap and the ten highest risks as of"
    first = risks.first_recorded(db)
    type_date_and_press_enter(page, as_of, date(first.year - 1, 1, 15))
    heading_text = f"The ten highest risks on 15 January {first.year - 1}"
    expect(main_area(page).get_by_text(heading_text)).to_be_visible()
    expect(main_area(page).get_by_text("No risk had been recorded by")).to_be_visible()
    expect(main_area(page).get_by_text(f"history starts on {first:%d %B %Y}")).to_be_visible()
    expect(metric(page, "Risks above appetite")).to_have_text(str(above))  # tiles: today
    shot(page, "executive", "4-as-of-before-the-register")

    page.goto("/scope")
    wait_for_app(page)
    expect(button(page, "Save scope statement")).to_be_disabled()
    expect(button(page, "Save scope decisions")).to_be_disabled()
    expect(main_area(page).get_by_text(VIEWER_REASON).first).to_be_visible()
    shot(page, "executive", "5-scope-read-only")


def test_ml_owner_sees_what_they_may_change_and_why_not_the_rest(open_as):
    page, db = open_as("ml_owner", "/inventory?record=SYS-0001")
    record = inventory.get_system(db, "SYS-0001")
    expect(heading(page)).to_have_text("AI system inventory")
    expect(main_area(page).locator("h3").filter(has_text="SYS-0001").first).to_be_visible()
    expect(main_area(page).locator("h3").filter(has_text=record["name"]).first).to_be_visible()
    expect(button(page, "Save changes")).to_be_disabled()
    expect(main_area(page).get_by_text("ML owners can change").first).to_be_visible()
    shot(page, "ml-owner", "1-system-owned-by-someone-else")

    main_area(page).get_by_role("tab", name="Add a system").click()
    expect(button(page, "Add system")).to_be_enabled()
    page.goto("/roadmap")
    wait_for_app(page)
    main_area(page).get_by_role("tab", name="Plan dates").click()
    expect(button(page, "Save plan")).to_be_disabled()
    shot(page, "ml-owner", "2-roadmap-read-only")


def test_compliance_manager_follows_fix_links_to_the_record(open_as):
    page, db = open_as("compliance_manager", "/checks")
    expect(heading(page)).to_have_text("Pre-audit checks")
    found = checks.findings(db)
    nc = next(f for f in found if f.page == "pages/audit/nonconformities.py")
    system = next(f for f in found if f.page == "pages/risk/inventory.py")
    shot(page, "compliance-manager", "1-checks")

    page.goto(f"/nonconformities?record={nc.record_id}")
    wait_for_app(page)
    picked = nonconformities.get_nonconformity(db, nc.record_id)
    shown = main_area(page).locator("strong").filter(has_text=picked["title"])
    expect(shown.first).to_be_visible()  # the record's heading line, below its picker
    shot(page, "compliance-manager", "2-nonconformity")

    page.goto(f"/inventory?record={system.record_id}")
    wait_for_app(page)
    title = main_area(page).locator("h3").filter(has_text=system.record_id).first
    expect(title).to_be_visible()
    box = title.bounding_box()
    assert box and box["y"] < VIEWPORT["height"], f"the form starts {box} below the fold"
    shot(page, "compliance-manager", "3-inventory-form-in-view")

    statement = "Browser persona scope statement"
    page.goto("/scope")
    wait_for_app(page)
    main_area(page).locator("textarea").first.fill(statement)
    button(page, "Save scope statement").click()
    from store import context

    wait_until(
        lambda: (context.get_scope(db) or {}).get("statement") == statement,
        "the scope statement was not saved",
    )
    shot(page, "compliance-manager", "4-scope-saved")


def test_auditor_records_a_finding_but_cannot_change_the_audit(open_as):
    page, db = open_as("auditor", "/audits")
    expect(heading(page)).to_have_text("Internal audits")
    listed = audits.list_audits(db)
    audit_id = listed["id"].iloc[0]
    choose(page, "Audit", f"{audit_id} · {listed['title'].iloc[0]}")
    wait_for_app(page)
    expect(button(page, "Save audit")).to_be_disabled()
    expect(button(page, "Add finding")).to_be_enabled()
    before = len(audits.list_findings(db, audit_id))
    main_area(page).get_by_label("Finding", exact=True).fill("Persona: no owner for A.6.2.6")
    button(page, "Add finding").click()
    wait_until(
        lambda: len(audits.list_findings(db, audit_id)) == before + 1, "the finding was not added"
    )
    titles = set(audits.list_findings(db, audit_id)["title"])
    assert "Persona: no owner for A.6.2.6" in titles
    shot(page, "auditor", "1-finding-recorded")


def test_newcomer_on_an_empty_store_gets_the_iso_42001_path(open_as):
    page, db = open_as("compliance_manager", empty=True)
    expect(heading(page)).to_have_text("Executive overview")
    expect(main_area(page).get_by_text("Getting started: the ISO/IEC 42001 path")).to_be_visible()
    expect(main_area(page).get_by_text(f"0 of {len(STEPS)} steps done")).to_be_visible()
    for number, step in enumerate(STEPS, start=1):
        expect(main_area(page).get_by_text(f"{number}. {step.title}")).to_be_visible()
    assert main_area(page).locator('[data-testid="stPlotlyChart"]').count() == 0
    assert inventory.list_systems(db).empty
    shot(page, "newcomer", "1-getting-started")

    main_area(page).get_by_role("link", name=re.compile("Start here")).click()
    expect(heading(page)).to_have_text("Readiness assessment")
    shot(page, "newcomer", "2-first-step")
