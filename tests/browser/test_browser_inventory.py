"""AI system inventory in a real browser: the demo register, its CSV export, adding a system."""

from __future__ import annotations

import csv
import io
import json

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import REPO_ROOT, main_area, sidebar_link, wait_for_app

pytestmark = pytest.mark.browser

PAGE_TITLE = "AI system inventory"
DEMO_SYSTEMS = json.loads((REPO_ROOT / "data" / "demo" / "ai_systems.json").read_text("utf-8"))[
    "systems"
]
DEMO_STATUS = {s["name"]: s.get("status", "active") for s in DEMO_SYSTEMS}


def open_inventory(page) -> None:
    page.goto("/")
    wait_for_app(page)
    sidebar_link(page, PAGE_TITLE).click()
    expect(main_area(page).locator("h1")).to_have_text(PAGE_TITLE)
    wait_for_app(page)


def metric(page, label: str):
    """The value element of the metric card labelled ``label``."""
    card = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=label)
    )
    return card.locator('[data-testid="stMetricValue"]')


def export_csv(page) -> list[dict[str, str]]:
    """Click the inventory's "Export CSV" button and read the downloaded file."""
    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").click()
    assert download.value.suggested_filename == "ai_system_inventory.csv"
    text = download.value.path().read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def grid_cells(page):
    """Cells of st.dataframe's accessible table (the canvas grid mirrors visible rows in DOM)."""
    return main_area(page).locator('[data-testid="stDataFrame"] table[role="grid"] td')


def search(page, text: str) -> None:
    box = page.get_by_label("Search name, description, provider, id")
    box.fill(text)
    box.press("Enter")


def test_inventory_lists_the_demo_systems(page):
    open_inventory(page)
    rows = export_csv(page)

    demo_rows = [r for r in rows if r["external_id"].startswith("MFG-AI-")]
    assert sorted(r["name"] for r in demo_rows) == sorted(DEMO_STATUS)
    assert len(demo_rows) == 26
    assert "Consumer credit scoring model" in {r["name"] for r in demo_rows}
    assert {r["name"]: r["status"] for r in demo_rows} == DEMO_STATUS

    active = sum(r["status"] == "active" for r in rows)
    expect(metric(page, "Systems shown")).to_have_text(str(active))
    grid = main_area(page).locator('[data-testid="stDataFrame"] table[role="grid"]')
    expect(grid).to_have_attribute("aria-rowcount", str(active + 1))  # + the header row

    search(page, "Consumer credit scoring")
    expect(metric(page, "Systems shown")).to_have_text("1")
    wait_for_app(page)
    expect(grid_cells(page).filter(has_text="Consumer credit scoring model")).to_have_count(1)


def test_add_a_system_through_the_form(page):
    name, owner = "Invoice anomaly detector", "Laura Chen"
    open_inventory(page)
    shown_before = int(metric(page, "Systems shown").inner_text())
    ids_before = {r["id"] for r in export_csv(page)}

    page.get_by_role("tab", name="Add a system").click()
    form = main_area(page).locator('[data-testid="stForm"]')
    form.get_by_label("Name *", exact=True).fill(name)
    form.get_by_label("Designated owner", exact=True).fill(owner)
    form.get_by_role("button", name="Add system").click()

    expect(metric(page, "Systems shown")).to_have_text(str(shown_before + 1))
    wait_for_app(page)
    added = [r for r in export_csv(page) if r["name"] == name]
    assert len(added) == 1, added
    assert added[0]["owner"] == owner
    assert added[0]["status"] == "active"
    assert added[0]["id"] and added[0]["id"] not in ids_before

    search(page, name)
    expect(metric(page, "Systems shown")).to_have_text("1")
    wait_for_app(page)
    expect(grid_cells(page).filter(has_text=name)).to_have_count(1)
