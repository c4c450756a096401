"""A script hidden in monitored data cannot reach the dashboard (issue 14 item 5).

Evidently's HTML embeds the data as raw JSON inside ``<script>``, so a categorical value
``</script><script>…`` becomes a script. The test builds a real Evidently snapshot whose
categorical column holds such a value, stores it as a run's snapshot on the server's store,
opens that run's report on the Monitoring page in Chromium, and checks that the hostile script
ran (inside its own frame) but could not change the dashboard's title, set a global on it, or
write its cookies. On the old page (``components.html``, a same-origin frame) it could.
"""

from __future__ import annotations

import time

import pandas as pd
import pytest
from playwright.sync_api import expect

from store import monitoring, report_cache
from tests.browser.conftest import main_area, wait_for_app

pytestmark = pytest.mark.browser

RAN = "HOSTILE-RAN"
HOSTILE = (
    "</script><script>document.title='" + RAN + "';"
    "for (const w of [window.parent, window.top, window.parent.parent]) {"
    " try { w.document.title = 'PWNED'; } catch (e) {}"
    " try { w.__aimsPwned = 1; } catch (e) {}"
    " try { w.document.cookie = 'aims_pwned=1'; } catch (e) {}"
    " try { w.document.body.setAttribute('data-pwned', '1'); } catch (e) {} }"
    "</script><script>"
)
PAGE_TIMEOUT_MS = 120_000  # a cold page on a busy 2-core machine
REPORT_TIMEOUT_S = 240  # the report job imports Evidently (4-7 s idle, far more when busy)


def hostile_snapshot() -> str:
    from monitors.evidently_report import build_snapshot

    reference = pd.DataFrame({"colour": ["White", "Black", HOSTILE] * 20, "age": range(60)})
    current = pd.DataFrame({"colour": [HOSTILE, "Black", "Black"] * 20, "age": range(20, 80)})
    return build_snapshot(reference, current, {"colour": "categorical", "age": "numerical"})


def hostile_frame_ran(page) -> bool:
    for frame in page.frames:
        try:
            if frame.evaluate("document.title") == RAN:
                return True
        except Exception:  # a frame that went away while we looked
            continue
    return False


def test_a_script_in_the_report_data_cannot_touch_the_dashboard(page, app_store):
    runs = monitoring.list_runs(app_store, model_id="MM-0001")
    run_id = runs[runs["status"].isin(["succeeded", "breached"])].iloc[0]["id"]
    monitoring.save_snapshot(app_store, run_id, hostile_snapshot())
    report_cache.report_file(app_store, run_id).unlink(missing_ok=True)

    page.goto("/")  # the app's navigation first, then the run's link (as from an incident)
    wait_for_app(page, timeout_ms=PAGE_TIMEOUT_MS)
    page.goto(f"/monitoring?run={run_id}")
    wait_for_app(page, timeout_ms=PAGE_TIMEOUT_MS)
    expect(main_area(page).locator("h1")).to_have_text("Monitoring")
    title = page.title()
    main_area(page).get_by_role("tab", name="Runs and Evidently report").click()
    button = main_area(page).get_by_role("button", name="Open Evidently report")
    expect(button).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    button.click()
    deadline = time.monotonic() + REPORT_TIMEOUT_S
    while not hostile_frame_ran(page) and time.monotonic() < deadline:
        time.sleep(1)
    assert hostile_frame_ran(page), "the report never ran its (hostile) script: no proof"
    time.sleep(1)  # let every injected script finish

    assert page.title() == title != "PWNED"
    assert page.evaluate("typeof window.__aimsPwned") == "undefined"
    assert "aims_pwned" not in page.evaluate("document.cookie")
    assert page.locator("body[data-pwned]").count() == 0
    for frame in page.frames:  # nor Streamlit's own (same-origin) frame around the report
        if frame.evaluate("document.title") != RAN:
            assert frame.evaluate("typeof window.__aimsPwned") == "undefined", frame.url
