"""Monitoring in a real browser (issue 5): run a monitor from the page and see its trend and run
list grow, checked against ``store.monitoring`` on the server's store file."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from store import monitored_models, monitoring
from tests.browser.conftest import main_area, sidebar_link, wait_for_app

pytestmark = pytest.mark.browser

RUN_TIMEOUT_S = 150  # a demo run takes ~15 s idle, ~35 s on a busy 2-core machine
REDRAW_GRACE_S = 8  # the page polls running jobs every 2 s
# Markers drawn by the first trace of the "Share of drifted features" chart.
DRAWN_POINTS = "gd => gd.querySelectorAll('.scatterlayer .trace:first-child .points path').length"


def drift_share_chart(page):
    """The "Share of drifted features" chart (the drift tab ranks the features first)."""
    return (
        main_area(page)
        .locator(".js-plotly-plot")
        .filter(has_text="Share of drifted features")
        .first
    )


def drift_share_points(db, model_id: str) -> int:
    history = monitoring.metric_history(db, model_id)
    return int((history["metric"] == "drifted_share").sum())


def wait_for_new_run(db, model_id: str, known: set[str]) -> dict:
    """The run started after ``known``, once it has finished (polling the store)."""
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while time.monotonic() < deadline:
        runs = monitoring.list_runs(db, model_id=model_id)
        new = runs[~runs["id"].isin(known)]
        if len(new) and (new["effective_status"] != "running").all():
            assert len(new) == 1, new
            return new.iloc[0].to_dict()
        time.sleep(1)
    pytest.fail(f"no finished monitor run of {model_id} within {RUN_TIMEOUT_S} s")


def test_run_a_monitor_and_see_its_trend_grow(page, app_store):
    model = monitored_models.list_models(app_store)[0]  # the page's default choice
    runs_before = monitoring.list_runs(app_store, model_id=model["id"])
    points_before = drift_share_points(app_store, model["id"])
    page.goto("/")
    wait_for_app(page)
    sidebar_link(page, "Monitoring").click()
    expect(main_area(page).locator("h1")).to_have_text("Monitoring")
    wait_for_app(page)
    drift_chart = drift_share_chart(page)
    assert drift_chart.evaluate(DRAWN_POINTS) == points_before

    main_area(page).get_by_role("button", name="Run monitor now").click()
    run = wait_for_new_run(app_store, model["id"], set(runs_before["id"]))
    assert run["effective_status"] in ("succeeded", "breached"), run
    points_after = drift_share_points(app_store, model["id"])
    assert points_after == points_before + 1

    deadline = time.monotonic() + REDRAW_GRACE_S
    while time.monotonic() < deadline:  # the page redraws by itself once the job has ended
        wait_for_app(page)
        drift_chart = drift_share_chart(page)
        if drift_chart.evaluate(DRAWN_POINTS) == points_after:
            break
        time.sleep(0.5)
    assert drift_chart.evaluate(DRAWN_POINTS) == points_after, "the page did not redraw"

    page.reload()
    wait_for_app(page)
    drift_chart = drift_share_chart(page)
    drift_chart.wait_for()
    assert drift_chart.evaluate(DRAWN_POINTS) == points_after
    tiles = main_area(page).locator('[data-testid="stMetric"]')
    expect(tiles.filter(has_text=model["name"]).first).to_contain_text(run["effective_status"])
    expect(main_area(page).get_by_text(run["id"], exact=False).first).to_be_visible()

    page.get_by_role("tab", name="Runs and Evidently report").click()
    runs_table = (
        main_area(page)
        .locator('[data-testid="stDataFrame"]')
        .filter(has=page.locator("td", has_text=run["id"]))
    )
    expect(runs_table.locator('table[role="grid"]')).to_have_attribute(
        "aria-rowcount",
        str(len(runs_before) + 2),  # the new run and the header row
    )
