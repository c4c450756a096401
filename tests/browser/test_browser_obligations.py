"""Issue 19: the obligations page generates a high-risk system's EU AI Act documents in a real
browser; the downloaded DOCX is read back, and its version is in the store, to approve."""

from __future__ import annotations

import io
import re

import duckdb
import pytest
from docx import Document
from playwright.sync_api import expect

from reports.eu_ai_act_documents import ANNEX_IV_SECTIONS
from store import regulatory_documents
from tests.browser.conftest import main_area, save_screenshot, sidebar_link, wait_for_app
from tests.browser.widgets import choose

pytestmark = pytest.mark.browser

PAGE_TITLE = "EU AI Act obligations timeline"


def first_high_risk_system(store) -> tuple[str, str]:
    with duckdb.connect(str(store.path), read_only=True) as con:
        return con.execute(
            "SELECT id, name FROM ai_systems WHERE eu_ai_act_tier = 'high'"
            " AND status = 'active' ORDER BY id LIMIT 1"
        ).fetchone()


def test_generate_download_and_approve_the_technical_documentation(page, app_store, tmp_path):
    system_id, name = first_high_risk_system(app_store)
    page.goto("/")
    wait_for_app(page)
    sidebar_link(page, "EU AI Act obligations").click()
    expect(main_area(page).locator("h1")).to_have_text(PAGE_TITLE)
    wait_for_app(page)
    choose(page, "AI system", name)
    wait_for_app(page)
    box = main_area(page).locator(".st-key-doc-technical-documentation")
    expect(box).to_contain_text("Technical documentation (Art. 11, Annex IV)")
    try:
        box.get_by_role("button", name="Generate DOCX").click()
    finally:
        save_screenshot(page, tmp_path / "obligations-documents.png")
    wait_for_app(page)
    file_name = f"{system_id}-technical-documentation-v1.docx"
    download_button = box.get_by_role("button", name=f"Download {file_name}")
    expect(download_button).to_be_visible()
    with page.expect_download() as info:
        download_button.click()
    download = info.value
    assert download.suggested_filename == file_name

    doc = Document(io.BytesIO(download.path().read_bytes()))
    text = re.sub(r"\s+", " ", "\n".join(p.text for p in doc.paragraphs))
    assert f"{name} ({system_id})" in text
    assert "Version 1" in text and "not yet approved" in text
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == [f"{i}. {title}" for i, title in enumerate(ANNEX_IV_SECTIONS, 1)]

    (version,) = regulatory_documents.versions(app_store, system_id, "technical-documentation")[
        ["version", "approved_by"]
    ].itertuples(index=False)
    assert version.version == 1 and version.approved_by is None
    box.get_by_role("button", name="Approve version 1").click()
    wait_for_app(page)
    expect(box.get_by_role("button", name="Approve version 1")).to_have_count(0)
    approved = regulatory_documents.versions(app_store, system_id, "technical-documentation")
    assert approved["approved_by"].iloc[0]  # the local-mode actor's name
