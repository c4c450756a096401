"""Statement of Applicability in a real browser (issue 4): edit a justification in the data
editor, save it, download the SoA as XLSX and PDF, and find the edit in both files."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from reports.soa_document import SOA_SHEET
from store import soa
from tests.browser.conftest import main_area, sidebar_link, wait_for_app

pytestmark = pytest.mark.browser

PAGE_TITLE = "Statement of Applicability"
JUSTIFICATION = "Kept: board minute 2026-114 requires it for every lending model"
ROW_HEIGHT = 35  # st.data_editor's default row (and header) height in pixels
JUSTIFICATION_COLUMN = 4  # Control, Domain, Title, Applicable, Justification


def edit_first_justification(page, text: str) -> str:
    """Type ``text`` into the Justification cell of the editor's first row; return its control."""
    editor = main_area(page).locator('[data-testid="stDataFrame"]').first
    editor.scroll_into_view_if_needed()
    control = editor.locator('table[role="grid"] tr').nth(1).locator("td").first.inner_text()
    box = editor.bounding_box()
    page.mouse.click(box["x"] + 30, box["y"] + ROW_HEIGHT * 1.5)  # the first row's Control cell
    for _ in range(JUSTIFICATION_COLUMN):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")  # open the cell editor on the current text
    cell_editor = page.locator("textarea.gdg-input")  # glide-data-grid's overlay editor
    expect(cell_editor).to_be_visible()  # typing before it opens would go to the grid
    cell_editor.fill(text)
    page.keyboard.press("Enter")
    expect(cell_editor).to_be_hidden()
    return control.strip()


def download(page, label: str):
    button = main_area(page).get_by_role("button", name=label).first
    with page.expect_download() as info:
        button.click()
    return info.value


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_edit_the_soa_and_download_it(page, app_store):
    today = date.today()
    page.goto("/")
    wait_for_app(page)
    sidebar_link(page, PAGE_TITLE).click()
    expect(main_area(page).locator("h1")).to_have_text(PAGE_TITLE)
    wait_for_app(page)

    control = edit_first_justification(page, JUSTIFICATION)
    assert control == soa.soa_frame(app_store, today)["control_id"].iloc[0]
    expect(main_area(page).get_by_text("1 control(s) changed and not yet saved.")).to_be_visible()
    main_area(page).get_by_role("button", name="Save SoA changes").click()
    expect(main_area(page).get_by_text("No unsaved changes.")).to_be_visible()
    wait_for_app(page)

    saved = soa.soa_frame(app_store, today).set_index("control_id")
    assert saved.loc[control, "justification"] == JUSTIFICATION
    stem = f"statement_of_applicability_v{soa.working_version(app_store, today).version}"

    xlsx = download(page, "Download SoA (XLSX)")
    assert xlsx.suggested_filename == f"{stem}.xlsx"
    sheet = load_workbook(io.BytesIO(xlsx.path().read_bytes()), read_only=True)[SOA_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    by_control = {row[header.index("Control")]: row for row in rows[1:]}
    assert len(by_control) == len(saved) == 38
    assert by_control[control][header.index("Justification")] == JUSTIFICATION
    other = saved.index[1]
    assert by_control[other][header.index("Justification")] == saved.loc[other, "justification"]

    pdf = download(page, "Download SoA (PDF)")
    assert pdf.suggested_filename == f"{stem}.pdf"
    reader = PdfReader(io.BytesIO(pdf.path().read_bytes()))
    text = squeeze(" ".join(p.extract_text() or "" for p in reader.pages))
    assert squeeze(JUSTIFICATION) in text
    assert squeeze(control) in text
