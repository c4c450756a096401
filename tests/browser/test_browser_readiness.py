"""Issue 6 in a real browser: overview -> a failing pre-audit check -> fix its record -> the
readiness score on the overview changes to the value the store computes."""

from __future__ import annotations

import time
from datetime import date

import pytest
from playwright.sync_api import expect

from store import checks, inventory, readiness_score
from tests.browser.conftest import main_area, sidebar_link, wait_for_app
from tests.browser.widgets import metric

pytestmark = pytest.mark.browser

NEW_OWNER = "Browser Test Owner"


def shown_score(app_store) -> str:
    return f"{readiness_score.current_score(app_store, date.today()).score:.1f} / 100"


def test_fixing_a_failing_check_moves_the_readiness_score(page, app_store):
    ownerless = [f for f in checks.findings(app_store) if f.check_id == "INVENTORY-OWNER"]
    if not ownerless:
        pytest.skip("the demo store has no system without an owner")
    record = ownerless[0].record_id
    before = shown_score(app_store)

    page.goto("/")
    wait_for_app(page)
    expect(metric(page, "Readiness score")).to_have_text(before)

    main_area(page).get_by_role("link", name="Open pre-audit findings").click()
    expect(main_area(page).locator("h1")).to_have_text("Pre-audit checks")
    wait_for_app(page)
    link = main_area(page).locator(f'a[href="inventory?record={record}"]').first
    if not link.is_visible():  # the check's expander may be closed
        main_area(page).get_by_text("Every AI system has a designated owner").first.click()
    link.click()

    expect(main_area(page).locator("h1")).to_have_text("AI system inventory")
    wait_for_app(page)
    expect(main_area(page).locator("h3").filter(has_text=record).first).to_be_visible()
    main_area(page).locator('input[aria-label="Designated owner"]:visible').fill(NEW_OWNER)
    main_area(page).get_by_role("button", name="Save changes").click()
    wait_for_app(page)
    deadline = time.monotonic() + 15
    while inventory.get_system(app_store, record)["owner"] != NEW_OWNER:
        assert time.monotonic() < deadline, "the owner was not saved"
        time.sleep(0.3)
    assert inventory.get_system(app_store, record)["owner"] == NEW_OWNER

    after = shown_score(app_store)
    assert after != before
    sidebar_link(page, "Executive overview").click()
    wait_for_app(page)
    expect(metric(page, "Readiness score")).to_have_text(after)
    remaining = sum(1 for f in checks.findings(app_store) if f.check_id == "INVENTORY-OWNER")
    assert remaining == len(ownerless) - 1
