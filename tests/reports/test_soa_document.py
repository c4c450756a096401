"""Statement of Applicability exports: open the written XLSX and PDF and check what they say."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import shutil
import subprocess
import zlib
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from reports import soa_document
from reports.soa_document import SoAVersion

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"
INJECTION = "=cmd|' /C calc'!A0"
STATUSES = ["not started", "planned", "partially implemented", "implemented", "not applicable"]


def reference_controls() -> list[dict[str, str]]:
    with (REFERENCE / "iso42001_annex_a.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.fixture
def frame() -> pd.DataFrame:
    rows = []
    for index, ref in enumerate(reference_controls()):
        applicable = index % 7 != 3
        rows.append(
            {
                "control_id": ref["id"],
                "domain": ref["domain"].split(" ", 1)[1],
                "title": ref["title"],
                "applicable": applicable,
                "justification": f"Justification for {ref['id']}: line one\nline two — ü",
                "implementation_status": STATUSES[index % 4] if applicable else "not applicable",
                "owner": f"Owner {index}",
                "responsible": "ML team",
                "accountable": "Head of AI",
                "consulted": "DPO" if index % 2 else "",
                "informed": None,
                "risks": "R-1 Data drift; R-7 Unfair outcomes" if index % 3 == 0 else "",
                "evidence": f"monitor run {index}",
                "evidence_current": index % 2 == 0,
                "flags": "evidence stale" if index % 2 else "",
            }
        )
    frame = pd.DataFrame(rows)
    frame.loc[frame["control_id"] == "A.6.2.6", "justification"] = INJECTION
    frame.loc[frame["control_id"] == "A.6.2.8", "owner"] = "@admin"
    frame.loc[frame["control_id"] == "A.7.4", "justification"] = "'=already quoted"
    frame.loc[frame["control_id"] == "A.5.4", "justification"] = "Zoë 中文 😀 — Ωmega"
    return frame


APPROVED = SoAVersion(
    3,
    "AIMS Statement of Applicability",
    "Acme Ltd",
    "Jane Doe",
    date(2025, 1, 2),
    date(2024, 12, 1),
)
DRAFT = SoAVersion(
    4, "AIMS Statement of Applicability", "Ærø Bank 株式会社", None, None, date(2025, 2, 3)
)


# --- XLSX ---------------------------------------------------------------------------------------


def open_sheet(data: bytes, name: str):
    return openpyxl.load_workbook(io.BytesIO(data))[name]


def test_xlsx_has_one_row_per_control_with_every_field(frame):
    sheet = open_sheet(soa_document.soa_xlsx(APPROVED, frame), "Statement of Applicability")
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert len(body) == 38
    assert header[0] == "Control" and "Justification" in header and "Evidence current" in header
    assert len(header) == 15
    assert [row[0] for row in body] == [ref["id"] for ref in reference_controls()]
    assert [row[2] for row in body] == [ref["title"] for ref in reference_controls()]
    column = {name: header.index(name) for name in header}
    first = body[0]
    assert first[column["Owner"]] == "Owner 0"
    assert first[column["Risks"]] == "R-1 Data drift; R-7 Unfair outcomes"
    assert first[column["Applicable"]] == "Yes"
    assert first[column["Accountable"]] == "Head of AI"
    not_applicable = [row for row in body if row[column["Applicable"]] == "No"]
    assert len(not_applicable) == int((~frame["applicable"]).sum())


def test_xlsx_neutralises_formula_text(frame):
    sheet = open_sheet(soa_document.soa_xlsx(APPROVED, frame), "Statement of Applicability")
    by_id = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    justification = by_id["A.6.2.6"][4]
    assert justification.value == "'" + INJECTION
    assert justification.data_type == "s"
    assert by_id["A.6.2.8"][6].value == "'@admin"
    formulas = [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_xlsx_layout_is_readable(frame):
    sheet = open_sheet(soa_document.soa_xlsx(APPROVED, frame), "Statement of Applicability")
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == "A1:O39"
    assert sheet["E2"].alignment.wrap_text
    assert sheet["A1"].font.b
    assert sheet.column_dimensions["E"].width >= 40


def test_xlsx_approval_sheet(frame):
    sheet = open_sheet(soa_document.soa_xlsx(APPROVED, frame), "Approval")
    fields = {label: value for label, value in sheet.iter_rows(values_only=True)}
    assert fields["Version"] == 3
    assert fields["Approved by"] == "Jane Doe"
    assert fields["Approved on"] == datetime(2025, 1, 2)
    assert fields["Organisation"] == "Acme Ltd"
    assert fields["Status"] == "Approved"
    draft = open_sheet(soa_document.soa_xlsx(DRAFT, frame), "Approval")
    assert {label: value for label, value in draft.iter_rows(values_only=True)}["Status"] == (
        "Draft — not approved"
    )


@pytest.mark.parametrize("version", [APPROVED, DRAFT])
def test_xlsx_round_trips(frame, version):
    read_version, read_frame = soa_document.read_soa_xlsx(soa_document.soa_xlsx(version, frame))
    assert read_version == dataclasses.asdict(version)
    expected = frame.copy()
    expected["informed"] = ""
    pd.testing.assert_frame_equal(read_frame, expected)
    assert read_frame.loc[read_frame["control_id"] == "A.6.2.6", "justification"].item() == (
        INJECTION
    )
    assert read_frame.loc[read_frame["control_id"] == "A.7.4", "justification"].item() == (
        "'=already quoted"
    )


def test_missing_column_is_an_error(frame):
    with pytest.raises(ValueError, match="owner"):
        soa_document.soa_xlsx(APPROVED, frame.drop(columns=["owner"]))


def test_control_characters_do_not_break_the_workbook(frame):
    frame.loc[0, "justification"] = "bell\x07 and null\x00 inside"
    _, read_frame = soa_document.read_soa_xlsx(soa_document.soa_xlsx(APPROVED, frame))
    assert read_frame.loc[0, "justification"] == "bell and null inside"


# --- PDF ----------------------------------------------------------------------------------------


def pdf_pages_text(data: bytes) -> list[str] | None:
    """Text per page via pypdf or poppler's pdftotext; None when neither is installed."""
    try:
        import pypdf
    except ImportError:
        pypdf = None
    if pypdf is not None:
        return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode("utf-8")
        return text.split("\f")[:-1]
    return None


def literal_pdf_strings(data: bytes) -> str:
    """The (...) Tj strings of a PDF drawn with core fonts, read without any PDF library."""
    content = b""
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            content += zlib.decompress(match.group(1)) + b"\n"
        except zlib.error:
            continue
    strings = re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", content)
    unescaped = [re.sub(rb"\\(.)", rb"\1", s).decode("latin-1") for s in strings]
    return "\n".join(unescaped)


def test_pdf_uses_a_unicode_font_shipped_by_a_python_package():
    path = soa_document.unicode_font_path()
    assert path is not None and path.is_file()
    assert path.name == "DejaVuSans.ttf"


def test_pdf_cover_and_every_control(frame):
    data = soa_document.soa_pdf(APPROVED, frame)
    assert data.startswith(b"%PDF")
    pages = pdf_pages_text(data)
    if pages is None:
        pytest.skip("needs pypdf (requirements-dev) or pdftotext (poppler-utils) to read the PDF")
    cover = pages[0]
    for expected in [
        "Statement of Applicability",
        "Acme Ltd",
        "ISO/IEC 42001:2023 Annex A",
        "Version 3",
        "Jane Doe",
        "2025-01-02",
    ]:
        assert expected in cover
    body = "\n".join(pages[1:])
    for ref in reference_controls():
        assert ref["id"] in body
    for domain in {ref["domain"] for ref in reference_controls()}:
        assert domain in body
    assert len(pages) >= 3  # the cover, then the domains one after another
    assert f"Page 1 of {len(pages)}" in cover
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    assert "Zoë" in body and "Ωmega" in body


def test_pdf_draft_with_non_latin_text(frame):
    pages = pdf_pages_text(soa_document.soa_pdf(DRAFT, frame))
    if pages is None:
        pytest.skip("needs pypdf (requirements-dev) or pdftotext (poppler-utils) to read the PDF")
    assert "Draft — not approved" in pages[0]
    assert "Ærø Bank" in pages[0]
    assert "Version 4" in pages[0]


def test_pdf_falls_back_to_a_core_font_without_crashing(frame, monkeypatch):
    monkeypatch.setattr(soa_document, "unicode_font_path", lambda: None)
    text = literal_pdf_strings(soa_document.soa_pdf(DRAFT, frame))
    assert "Statement of Applicability" in text
    assert "Draft - not approved" in text
    assert "Ærø Bank ????" in text  # Latin-1 kept, CJK replaced
    assert "Version 4" in text
    for ref in reference_controls():
        assert f"\n{ref['id']}\n" in f"\n{text}\n"
    approved = literal_pdf_strings(soa_document.soa_pdf(APPROVED, frame))
    assert "Approved by Jane Doe on 2025-01-02" in approved


def test_pdf_survives_text_longer_than_a_page(frame):
    huge = ("word 中文 😀 " * 2000) + "\n" * 300 + "x" * 5000
    for column in ["title", "justification", "implementation_status", "owner", "domain"]:
        frame[column] = huge
    data = soa_document.soa_pdf(APPROVED, frame)
    assert data.startswith(b"%PDF")
    pages = pdf_pages_text(data)
    if pages is not None:
        assert "[cut: full text in the XLSX]" in "\n".join(pages)


def test_pdf_carries_raci_risks_and_evidence_like_the_workbook(frame):
    """Issue 15 item 11: what the XLSX has, the PDF has, for every control."""
    pages = pdf_pages_text(soa_document.soa_pdf(APPROVED, frame))
    body = re.sub(r"\s+", " ", "\n".join(pages[1:]))
    for header in ("Owner and RACI", "Risks", "Evidence"):
        assert header in body
    assert body.count("R: ML team") == len(frame)
    assert body.count("A: Head of AI") == len(frame)
    assert body.count("C: DPO") == int((frame["consulted"] == "DPO").sum())
    assert body.count("R-1 Data drift; R-7 Unfair outcomes") == int((frame["risks"] != "").sum())
    for row in frame.itertuples():
        state = "current" if row.evidence_current else "NOT current"
        assert re.search(rf"monitor run {row.Index} \( ?{state} ?\)", body), row.control_id
    assert "True" not in body and "False" not in body


FOOTER_TOP_PT = 45  # the footer is drawn 12 mm (34 pt) above the bottom edge


def text_height(page) -> float:
    """From the highest to the lowest line of text on a PDF page above its footer, in points."""
    ys: list[float] = []
    page.extract_text(visitor_text=lambda text, cm, tm, *_: ys.append(tm[5]) if text else 0)
    body = [y for y in ys if y > FOOTER_TOP_PT]
    return max(body) - min(body)


def test_pdf_domains_flow_without_a_mostly_empty_page_each(frame):
    from pypdf import PdfReader

    data = soa_document.soa_pdf(APPROVED, frame)
    pages = pdf_pages_text(data)
    domains = {ref["domain"] for ref in reference_controls()}
    assert len(pages) - 1 < len(domains)  # fewer body pages than domains
    heights = [text_height(page) for page in PdfReader(io.BytesIO(data)).pages[1:-1]]
    page_height = float(PdfReader(io.BytesIO(data)).pages[0].mediabox.height)
    assert all(h > 0.6 * page_height for h in heights), heights  # each page filled
