"""The AI policy in a real browser (ISO/IEC 42001 5.2, 7.3): a person in an AIMS role, signed
in as themselves with no write role, reads the current version, acknowledges it, and sees the
share of people in AIMS roles who read it move; checked against ``store.policies``."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from store import Store, policies, records
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
from tests.browser.widgets import metric

pytestmark = pytest.mark.browser

PERSON = "Priya Raman"  # an AI system owner whom the demo leaves without the current version
READ = "Read by people in AIMS roles"


def test_a_system_owner_acknowledges_the_ai_policy_and_coverage_moves(
    browser, running_app, monkeypatch
):
    workdir = Path(tempfile.mkdtemp(prefix="aims-policy-"))
    db_path = copy_store(running_app.db_path, workdir / "policy.duckdb")
    monkeypatch.setenv("AIMS_LOCAL_USER", PERSON)
    server = start_server(db_path, "ml_owner", workdir)
    context = browser.new_context(viewport=VIEWPORT, base_url=server.url)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.add_init_script(_RUN_STATE_OBSERVER)
    page = context.new_page()
    try:
        store = Store(db_path)
        before = policies.acknowledgement_overview(store)
        version = before.policy["version"]
        page.goto("/policies")
        wait_for_app(page, timeout_ms=120_000)
        expect(main_area(page).locator("h1").first).to_have_text("AI policy and policies")
        expect(metric(page, READ)).to_have_text(f"{before.share:.0%}")
        save_screenshot(page, SCREENSHOTS / "policy-acknowledgement-1-before.png")

        main_area(page).get_by_role(
            "button", name=f"I have read version {version} of the AI policy"
        ).click()
        wait_for_app(page)
        expect(main_area(page).get_by_text(f"You acknowledged version {version}")).to_be_visible()
        after = policies.acknowledgement_overview(store)
        people = len(after.status)
        assert after.share == pytest.approx(before.share + 1 / people)
        expect(metric(page, READ)).to_have_text(f"{after.share:.0%}")
        mine = after.status.set_index("name").loc[PERSON]
        assert bool(mine["acknowledged"])
        acks = policies.list_acknowledgements(store)
        (ack_id,) = acks[(acks["person_id"] == mine["person_id"]) & (acks["version"] == version)][
            "id"
        ]
        trail = records.history(store, policies.ACKNOWLEDGEMENT, ack_id)
        assert set(trail["actor"]) == {f"system for {PERSON}"}
        owners = after.by_role.set_index("role").loc["AI system owner"]
        was = before.by_role.set_index("role").loc["AI system owner"]
        assert owners["acknowledged"] == was["acknowledged"] + 1
        save_screenshot(page, SCREENSHOTS / "policy-acknowledgement-2-after.png")
    finally:
        context.close()
        server.stop()
