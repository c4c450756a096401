"""Driving Streamlit widgets and reading Plotly charts the way a user does, in a real browser.

Values are read from what is drawn (the heatmap's SVG labels, positioned on their cells),
not from the figure's JSON, so a label drawn on the wrong cell or not drawn at all fails.
"""

from __future__ import annotations

from datetime import date

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import main_area

Cell = tuple[int, int]
"""(likelihood, severity)."""

# Each heatmap label's centre, in the data coordinates of the subplot it is drawn in.
_HEATMAP_LABELS = """
gd => {
  const found = [];
  const labels = Array.from(gd.querySelectorAll('text')).filter(
    t => t.classList.contains('heatmap-label') || t.closest('.heatmap-label'));
  for (const sub of Object.keys(gd._fullLayout._plots)) {
    const rect = gd.querySelector(`.nsewdrag[data-subplot="${sub}"]`).getBoundingClientRect();
    const plot = gd._fullLayout._plots[sub];
    const [x0, x1] = plot.xaxis.range, [y0, y1] = plot.yaxis.range;
    for (const label of labels) {
      const box = label.getBoundingClientRect();
      const cx = box.left + box.width / 2, cy = box.top + box.height / 2;
      if (cx < rect.left || cx > rect.right || cy < rect.top || cy > rect.bottom) continue;
      found.push({subplot: sub, text: label.textContent,
                  x: x0 + (cx - rect.left) / rect.width * (x1 - x0),
                  y: y0 + (rect.bottom - cy) / rect.height * (y1 - y0)});
    }
  }
  return found;
}
"""

_DATA_TO_SCREEN = """
(gd, [sub, x, y]) => {
  const rect = gd.querySelector(`.nsewdrag[data-subplot="${sub}"]`).getBoundingClientRect();
  const plot = gd._fullLayout._plots[sub];
  const [x0, x1] = plot.xaxis.range, [y0, y1] = plot.yaxis.range;
  return {x: rect.left + (x - x0) / (x1 - x0) * rect.width,
          y: rect.bottom - (y - y0) / (y1 - y0) * rect.height};
}
"""


def widget(page, testid: str, label: str):
    """The Streamlit widget of kind ``testid`` (e.g. "stSelectbox") labelled exactly ``label``."""
    return (
        main_area(page)
        .locator(f'[data-testid="{testid}"]')
        .filter(has=page.locator('[data-testid="stWidgetLabel"]').get_by_text(label, exact=True))
    )


def choose(page, label: str, option: str, testid: str = "stSelectbox") -> None:
    """Pick ``option`` (its full text) in a selectbox or multiselect, typing to filter."""
    choice = page.locator('[role="option"]').filter(has_text=option).first
    for _ in range(3):
        widget(page, testid, label).click()
        page.keyboard.type(option[:40])
        try:
            choice.click(timeout=10_000)
            break
        except PlaywrightTimeout:  # the list closed before it was shown (a rerun): again
            page.keyboard.press("Escape")
    else:
        raise AssertionError(f"{label}: the option {option!r} never appeared")
    if testid == "stMultiSelect":
        page.keyboard.press("Escape")


def set_date(page, label: str, day: date) -> None:
    """Type a date into a ``st.date_input`` (year, month and day fields), then leave it."""
    field = widget(page, "stDateInput", label)
    field.get_by_role("spinbutton").first.click()
    page.keyboard.type(day.strftime("%Y%m%d"))
    main_area(page).locator("h1").first.click()  # the value is sent when the field loses focus


def metric(page, label: str):
    """The value element of the metric card labelled ``label``."""
    card = (
        main_area(page)
        .locator('[data-testid="stMetric"]')
        .filter(has=page.locator('[data-testid="stMetricLabel"]', has_text=label))
    )
    return card.locator('[data-testid="stMetricValue"]')


def heatmap_counts(plot) -> dict[str, dict[Cell, int]]:
    """subplot ("xy", "x2y2") -> {(likelihood, severity): count} read from the drawn labels;
    an empty cell has no label. Severity is on x and likelihood on y."""
    counts: dict[str, dict[Cell, int]] = {}
    for label in plot.evaluate(_HEATMAP_LABELS):
        if not label["text"].strip():
            continue
        cell = (round(label["y"]), round(label["x"]))
        assert abs(label["y"] - cell[0]) < 0.25 and abs(label["x"] - cell[1]) < 0.25, label
        counts.setdefault(label["subplot"], {})[cell] = int(label["text"])
    return counts


def click_cell(page, plot, subplot: str, likelihood: int, severity: int) -> None:
    """Click the centre of a heatmap cell, as a user does."""
    plot.scroll_into_view_if_needed()
    point = plot.evaluate(_DATA_TO_SCREEN, [subplot, severity, likelihood])
    page.mouse.move(point["x"], point["y"])
    page.mouse.click(point["x"], point["y"])
