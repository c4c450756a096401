"""Discovery in a real browser: scan a repository from the page, triage three candidates (link
one, create one, dismiss one), re-scan, and see only the new finding."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from store import discovery, inventory
from tests.browser.conftest import main_area, sidebar_link, wait_for_app
from tests.browser.widgets import choose, metric

pytestmark = pytest.mark.browser

ROOT = Path(tempfile.mkdtemp(prefix="aims-discovery-roots-"))
os.environ["AIMS_DISCOVERY_ROOTS"] = str(ROOT)
"""Set before the session's server starts (at collection), so the page may scan ``ROOT``."""
REPO = ROOT / "web-shop"


def write_repository() -> None:
    (REPO / "shop").mkdir(parents=True, exist_ok=True)
    (REPO / "shop" / "answers.py").write_text("from openai import OpenAI\n\nclient = OpenAI()\n")
    (REPO / "shop" / "ranking.py").write_text("import numpy\nfrom sklearn import tree\n")
    (REPO / "package.json").write_text('{"dependencies": {"@anthropic-ai/sdk": "^0.27.0"}}\n')
    (REPO / "shop" / "openai_helpers.py").write_text("def retry(call):\n    return call()\n")


def open_discovery(page) -> None:
    page.goto("/")
    wait_for_app(page)
    sidebar_link(page, "Discovery").click()
    expect(main_area(page).locator("h1")).to_have_text("Discovery")
    wait_for_app(page)


def tab(page, name: str) -> None:
    main_area(page).get_by_role("tab", name=name).click()
    wait_for_app(page)


def scan(page, expected: str) -> None:
    tab(page, "Scan a source")
    box = main_area(page).get_by_label("Repository folder")
    box.fill(str(REPO))
    box.press("Enter")
    wait_for_app(page)
    main_area(page).get_by_role("button", name="Scan the repository").click()
    wait_for_app(page)
    tab(page, "Scan a source")
    expect(main_area(page).get_by_text(expected)).to_be_visible()


def pick(page, label: str) -> None:
    tab(page, "Candidates")
    choose(page, "Candidate to triage", label)
    wait_for_app(page)


def triage(page, how: str) -> None:
    main_area(page).get_by_text(how, exact=True).click()
    wait_for_app(page)


def test_triage_three_candidates_then_rescan(page, app_store):
    write_repository()
    open_discovery(page)
    scan(page, "3 findings, 3 new, 0 moved; 3 new candidates")
    ids = {
        r["provider"]: r["id"]
        for r in discovery.list_candidates(app_store).to_dict("records")
        if r["location"] == "web-shop"
    }
    assert set(ids) == {"OpenAI", "scikit-learn", "Anthropic"}  # not the hand-written helpers
    chatbot = (
        inventory.list_systems(app_store).set_index("name").loc["Ask Meridian customer chatbot"]
    )

    pick(page, f"{ids['OpenAI']} · web-shop · OpenAI")
    triage(page, "Link to an inventory record")
    choose(page, "AI system", "Ask Meridian customer chatbot")
    main_area(page).get_by_role("button", name="Link").click()
    wait_for_app(page)

    pick(page, f"{ids['Anthropic']} · web-shop · Anthropic")
    triage(page, "Create a new inventory record")
    name = main_area(page).get_by_label("Name", exact=True)
    expect(name).to_have_value("web-shop")  # pre-filled from the repository
    name.fill("Web shop assistant")
    main_area(page).get_by_role("button", name="Create record").click()
    wait_for_app(page)

    pick(page, f"{ids['scikit-learn']} · web-shop · scikit-learn")
    triage(page, "Dismiss")
    main_area(page).get_by_label("Why is this not an AI system to catalogue?").fill("Notebook only")
    main_area(page).get_by_role("button", name="Dismiss").click()
    wait_for_app(page)

    rows = discovery.list_candidates(app_store).set_index("id")
    assert rows.loc[ids["OpenAI"], "status"] == "linked"
    assert rows.loc[ids["OpenAI"], "system_id"] == chatbot["id"]
    assert rows.loc[ids["Anthropic"], "status"] == "created"
    created = inventory.get_system(app_store, rows.loc[ids["Anthropic"], "system_id"])
    assert (created["name"], created["provider"], created["sourcing"]) == (
        "Web shop assistant",
        "Anthropic",
        "procured",
    )
    assert rows.loc[ids["scikit-learn"], "status"] == "dismissed"
    assert rows.loc[ids["scikit-learn"], "dismissed_reason"] == "Notebook only"

    (REPO / "shop" / "boost.py").write_text("import xgboost\n")
    scan(page, "4 findings, 1 new, 0 moved; 1 new candidates, 0 re-opened")
    tab(page, "New since the last scan")
    news = main_area(page).locator('[role="tabpanel"]:visible [data-testid="stDataFrame"]')
    cells = news.locator('table[role="grid"] td')
    expect(cells.filter(has_text="shop/boost.py")).to_have_count(1)
    expect(cells.filter(has_text="shop/")).to_have_count(1)  # nothing seen before
    tab(page, "Candidates")
    headings = main_area(page).locator('[data-testid="stMarkdownContainer"] strong')
    expect(headings.filter(has_text="web-shop")).to_have_count(1)
    web_shop = discovery.list_candidates(app_store).query("location == 'web-shop'")
    still_open = web_shop[web_shop["status"] == "open"]
    assert still_open["provider"].tolist() == ["XGBoost"]
    expect(metric(page, "Open candidates")).to_have_text(
        str(len(discovery.open_candidates(app_store)))
    )
