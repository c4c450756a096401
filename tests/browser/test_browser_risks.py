"""Risk register and heatmap in a real browser (issue 3): add a risk and find it counted in its
heatmap cell; change the as-of date and see the earlier register; select a cell.

Every number read off the screen is compared with ``store.risks.list_risks`` on the server's
own store file, counted here per cell from the register's columns.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pandas as pd
import pytest
from playwright.sync_api import expect

from store import inventory, risks
from tests.browser.conftest import main_area, sidebar_link, wait_for_app
from tests.browser.widgets import choose, click_cell, heatmap_counts, metric, set_date

pytestmark = pytest.mark.browser

INHERENT, RESIDUAL = "xy", "x2y2"  # the heatmap's subplots: inherent left, residual right
NEW_RISK = "Invoice detector flags every supplier from one region"
SYSTEM_NAME = "Consumer credit scoring model"
CELL = (5, 1)  # Almost certain × Negligible: empty in the demo
AS_OF = date.today() - timedelta(days=120)


def open_page(page, title: str) -> None:
    sidebar_link(page, title).click()
    expect(main_area(page).locator("h1")).to_have_text(title)
    wait_for_app(page)


def expected_counts(frame: pd.DataFrame) -> dict[str, dict[tuple[int, int], int]]:
    """Risks per (likelihood, severity), inherent and residual; a risk without a residual
    assessment counts at its inherent cell (the heatmap's documented rule). Closed and retired
    risks are not plotted."""
    frame = frame[~frame["effective_status"].isin(["closed", "retired"])]
    inherent = Counter(zip(frame["inherent_likelihood"], frame["inherent_severity"], strict=True))
    residual = Counter()
    for row in frame.itertuples():
        assessed = pd.notna(row.residual_likelihood) and pd.notna(row.residual_severity)
        lik, sev = (
            (row.residual_likelihood, row.residual_severity)
            if assessed
            else (row.inherent_likelihood, row.inherent_severity)
        )
        residual[(int(lik), int(sev))] += 1
    as_int = lambda c: {(int(k[0]), int(k[1])): n for k, n in c.items()}  # noqa: E731
    return {INHERENT: as_int(inherent), RESIDUAL: as_int(residual)}


def heatmap(page):
    plot = main_area(page).locator(".js-plotly-plot").first
    plot.wait_for()
    return plot


def add_risk(page, system_name: str) -> None:
    open_page(page, "AI risk register")
    page.get_by_role("tab", name="Add a risk").click()
    form = main_area(page).locator('[data-testid="stForm"]')
    form.get_by_label("Risk *", exact=True).fill(NEW_RISK)
    choose(page, "AI systems *", system_name, testid="stMultiSelect")
    choose(page, "Inherent likelihood *", "5 Almost certain")
    choose(page, "Inherent severity *", "1 Negligible")
    form.get_by_label("Risk owner", exact=True).fill("Laura Chen")
    form.get_by_role("button", name="Add risk").click()


def test_added_risk_is_counted_in_its_cell_and_absent_as_of_an_earlier_day(page, app_store):
    before = risks.list_risks(app_store)
    assert not (before["title"] == NEW_RISK).any()
    names = inventory.system_names(app_store)
    system = next(i for i, name in names.items() if name == SYSTEM_NAME)
    page.goto("/")
    wait_for_app(page)

    add_risk(page, SYSTEM_NAME)
    expect(metric(page, "Risks shown")).to_have_text(str(len(before) + 1))
    after = risks.list_risks(app_store)
    added = after[after["title"] == NEW_RISK]
    assert len(added) == 1
    assert list(added.iloc[0]["system_ids"]) == [system]
    assert (added.iloc[0]["inherent_likelihood"], added.iloc[0]["inherent_severity"]) == CELL

    open_page(page, "Risk heatmap")
    expect(main_area(page).locator("h3").first).to_have_text(
        f"{len(after)} risks as of {date.today():%d %B %Y}"
    )
    shown, expected = heatmap_counts(heatmap(page)), expected_counts(after)
    assert shown == expected
    assert shown[INHERENT][CELL] == expected_counts(before)[INHERENT].get(CELL, 0) + 1

    # The cell picker lists the cell's risks in the table under the chart.
    lik, sev = CELL
    choose(
        page, "Or choose a cell", f"Inherent: Almost certain × Negligible ({shown[INHERENT][CELL]})"
    )
    expect(main_area(page).locator("h3").nth(1)).to_have_text(
        "Inherent risk · Almost certain × Negligible · "
        + risks.get_settings(app_store).matrix.level(lik, sev).name
    )
    table = main_area(page).locator('[data-testid="stDataFrame"] table[role="grid"]').last
    expect(table).to_have_attribute("aria-rowcount", str(shown[INHERENT][CELL] + 1))
    expect(table.locator("td").filter(has_text=added.iloc[0]["id"])).to_have_count(1)

    set_date(page, "As of", AS_OF)
    earlier = risks.list_risks(app_store, as_of=AS_OF)
    assert 0 < len(earlier) < len(after)
    expect(main_area(page).locator("h3").first).to_have_text(
        f"{len(earlier)} risks as of {AS_OF:%d %B %Y}"
    )
    wait_for_app(page)
    assert heatmap_counts(heatmap(page)) == expected_counts(earlier)
    assert NEW_RISK not in set(earlier["title"])


def test_clicking_a_heatmap_cell_lists_its_risks(page, app_store):
    frame = risks.list_risks(app_store)
    cell, count = max(expected_counts(frame)[INHERENT].items(), key=lambda item: item[1])
    page.goto("/")
    wait_for_app(page)
    open_page(page, "Risk heatmap")

    click_cell(page, heatmap(page), INHERENT, *cell)

    matrix = risks.get_settings(app_store).matrix
    heading = (
        f"Inherent risk · {matrix.likelihood.label(cell[0])} × "
        f"{matrix.severity.label(cell[1])} · {matrix.level(*cell).name}"
    )
    expect(main_area(page).locator("h3").filter(has_text=heading)).to_have_count(1, timeout=8000)
    table = main_area(page).locator('[data-testid="stDataFrame"] table[role="grid"]').last
    expect(table).to_have_attribute("aria-rowcount", str(count + 1))
