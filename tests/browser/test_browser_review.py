"""Management review in a real browser (issue 6): build the review pack and open the PDF."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from store import management_review as reviews
from tests.browser.conftest import main_area, sidebar_link, wait_for_app

pytestmark = pytest.mark.browser

PAGE_TITLE = "Management review"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_build_and_download_the_review_pack(page, app_store):
    review_id = reviews.pack_review_id(app_store, date.today())
    if review_id is None:
        pytest.skip("the demo store has no management review")
    review = reviews.get_review(app_store, review_id)
    page.goto("/")
    wait_for_app(page)
    sidebar_link(page, PAGE_TITLE).click()
    expect(main_area(page).locator("h1")).to_have_text(PAGE_TITLE)
    wait_for_app(page)

    main_area(page).get_by_role("button", name="Build the review pack (PDF)").click()
    button = main_area(page).get_by_role("button", name="Download the review pack")
    expect(button).to_be_visible(timeout=60_000)
    with page.expect_download() as info:
        button.click()
    assert info.value.suggested_filename == f"management-review-{review_id}.pdf"
    reader = PdfReader(io.BytesIO(info.value.path().read_bytes()))
    assert len(reader.pages) >= 2
    text = squeeze(" ".join(p.extract_text() or "" for p in reader.pages))
    assert squeeze(review["title"]) in text
