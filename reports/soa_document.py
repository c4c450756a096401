"""Statement of Applicability exports: an XLSX workbook (read back by ``read_soa_xlsx``) and a PDF.

Pure functions from data: a ``SoAVersion`` and a frame with one row per Annex A control
(``SOA_COLUMNS``). Text cells are neutralised against spreadsheet formula injection; the reader
undoes exactly that, so a Statement of Applicability round-trips through XLSX unchanged.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import TYPE_CHECKING

import pandas as pd

from reports.pdf_text import as_text as _as_text
from reports.pdf_text import unicode_font_path
from reports.tabular import EXCEL_CELL_LIMIT, FORMULA_PREFIXES, neutralise_cell
from risk_model.soa import SOA_COLUMNS, SOA_LAYOUT, SoAVersion

if TYPE_CHECKING:
    from fpdf import FPDF

SOA_SHEET = "Statement of Applicability"
APPROVAL_SHEET = "Approval"
BOOL_COLUMNS = ("applicable", "evidence_current")
NOT_APPROVED = "Draft — not approved"


def normalise_soa_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The SoA columns in order: booleans as bool, missing text as ""."""
    missing = [column for column in SOA_COLUMNS if column not in frame.columns]
    if missing:
        raise ValueError(f"Statement of Applicability frame lacks columns {missing}")
    out = frame.loc[:, list(SOA_COLUMNS)].reset_index(drop=True).copy()
    for column in SOA_COLUMNS:
        if column in BOOL_COLUMNS:
            out[column] = [_as_bool(value) for value in out[column]]
        else:
            out[column] = [_as_text(value) for value in out[column]]
    return out.astype({column: bool for column in BOOL_COLUMNS})


# --- XLSX ---------------------------------------------------------------------------------------


def soa_xlsx(version: SoAVersion, frame: pd.DataFrame) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SOA_SHEET
    sheet.append([header for _, header, _ in SOA_LAYOUT])
    for record in normalise_soa_frame(frame).itertuples(index=False):
        sheet.append(
            [_xlsx_cell(column, value) for column, value in zip(SOA_COLUMNS, record, strict=False)]
        )
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    for index, (_, _, width) in enumerate(SOA_LAYOUT, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        cell.alignment = wrap
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions

    approval = workbook.create_sheet(APPROVAL_SHEET)
    for label, value in _approval_rows(version):
        approval.append([label, _xlsx_cell("", value)])
        if isinstance(value, date):
            approval.cell(row=approval.max_row, column=2).number_format = "yyyy-mm-dd"
    approval.column_dimensions["A"].width = 16
    approval.column_dimensions["B"].width = 48
    for cell in approval["A"]:
        cell.font = Font(bold=True)
    workbook.properties.title = f"{version.title} (version {version.version})"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_soa_xlsx(data: bytes) -> tuple[dict, pd.DataFrame]:
    """The version fields (``SoAVersion`` keyword arguments) and the SoA frame of a workbook."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True)
    rows = list(workbook[SOA_SHEET].iter_rows(values_only=True))
    by_header = {header: column for column, header, _ in SOA_LAYOUT}
    columns = [by_header.get(str(header), str(header)) for header in rows[0]]
    records = [
        dict(zip(columns, (_read_cell(v) for v in row), strict=False))
        for row in rows[1:]
        if any(row)
    ]
    frame = normalise_soa_frame(pd.DataFrame(records, columns=columns))

    fields = {label: value for label, value in workbook[APPROVAL_SHEET].iter_rows(values_only=True)}
    workbook.close()
    version = {
        "version": int(fields["Version"]),
        "title": _as_text(_read_cell(fields["Title"])),
        "organisation": _as_text(_read_cell(fields["Organisation"])),
        "approved_by": _read_cell(fields["Approved by"]) or None,
        "approved_on": _as_date(fields["Approved on"]),
        "created_on": _as_date(fields["Created on"]),
    }
    return version, frame


def _approval_rows(version: SoAVersion) -> list[tuple[str, object]]:
    approved = bool(version.approved_by and version.approved_on)
    return [
        ("Title", version.title),
        ("Organisation", version.organisation),
        ("Standard", "ISO/IEC 42001:2023 Annex A"),
        ("Version", version.version),
        ("Status", "Approved" if approved else NOT_APPROVED),
        ("Approved by", version.approved_by),
        ("Approved on", version.approved_on),
        ("Created on", version.created_on),
    ]


def _xlsx_cell(column: str, value: object) -> object:
    if column in BOOL_COLUMNS:
        return "Yes" if value else "No"
    if not isinstance(value, str):
        return value
    if value == "":
        return None
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    value = neutralise_cell(value)
    if len(value) > EXCEL_CELL_LIMIT:
        marker = " [truncated at the Excel cell limit]"
        value = value[: EXCEL_CELL_LIMIT - len(marker)] + marker
    return value


def _read_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith("'"):
        if value.lstrip("'").startswith(FORMULA_PREFIXES):
            return value[1:]
    return value


def _as_bool(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("yes", "true", "y", "1")
    return bool(value) if value is not None and not pd.isna(value) else False


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        return date.fromisoformat(value.strip())
    return None


# --- PDF ----------------------------------------------------------------------------------------

PDF_TABLE = (  # (header, share of the page width, most characters shown)
    ("Control", 7, 60),
    ("Title", 14, 400),
    ("Appl.", 5, 10),
    ("Status", 9, 200),
    ("Justification", 23, 1200),
    ("Owner and RACI", 15, 600),
    ("Risks", 12, 600),
    ("Evidence", 15, 600),
)
"""A table row must fit on one page, so longer text is cut in the PDF (the XLSX keeps it all).
The PDF carries what the workbook carries: RACI, risks and evidence (with its currency)."""
PDF_CELL_LINES = 12


def soa_pdf(version: SoAVersion, frame: pd.DataFrame) -> bytes:
    """The cover with the approval, then the domains one after another: a domain starts a new
    page only when too little of the current one is left, never one mostly empty page each."""
    from reports.pdf_tables import PackPdf  # fpdf is imported on the first export

    soa = normalise_soa_frame(frame)
    footer = f"Statement of Applicability — version {version.version} — "
    pdf = PackPdf(footer + _fit_cell(version.organisation, 80), unicode_font_path())
    pdf.set_title(pdf.text_for(f"Statement of Applicability — {version.organisation}"))
    _cover_page(pdf, version, soa)
    pdf.add_page()
    domains = dict.fromkeys(soa["control_id"].map(_domain_of))
    for domain_id in domains:
        rows = soa[soa["control_id"].map(_domain_of) == domain_id]
        _domain_table(pdf, rows)
    return bytes(pdf.output())


def _raci(record) -> str:
    parts = [
        ("Owner", record.owner),
        ("R", record.responsible),
        ("A", record.accountable),
        ("C", record.consulted),
        ("I", record.informed),
    ]
    return "\n".join(f"{label}: {value}" for label, value in parts if value)


def _evidence(record) -> str:
    if not record.evidence:
        return "none recorded"
    state = "current" if record.evidence_current else "NOT current"
    flags = f"\n{record.flags}" if record.flags else ""
    return f"{record.evidence} ({state}){flags}"


def _cover_page(pdf: FPDF, version: SoAVersion, soa: pd.DataFrame) -> None:
    pdf.add_page()
    pdf.set_y(45)
    pdf.set_font(pdf.font_name, "B", 28)
    pdf.cell(0, 14, "Statement of Applicability", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.font_name, "", 16)
    for line in (version.organisation, "ISO/IEC 42001:2023 Annex A", version.title):
        pdf.multi_cell(0, 9, pdf.text_for(line), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font(pdf.font_name, "", 12)
    if version.approved_by and version.approved_on:
        approval = f"Approved by {version.approved_by} on {version.approved_on:%Y-%m-%d}"
    else:
        approval = NOT_APPROVED
    applicable = int(soa["applicable"].sum())
    implemented = int((soa["implementation_status"] == "implemented").sum())
    lines = [
        f"Version {version.version}",
        approval,
        f"Created on {version.created_on:%Y-%m-%d}",
        f"{applicable} of {len(soa)} controls applicable; {implemented} implemented",
    ]
    for line in lines:
        pdf.multi_cell(0, 8, pdf.text_for(line), align="C", new_x="LMARGIN", new_y="NEXT")


def _domain_table(pdf: FPDF, rows: pd.DataFrame) -> None:
    domain = _fit_cell(rows["domain"].iloc[0], 200)
    heading = f"{_domain_of(rows['control_id'].iloc[0])} {domain}".strip()
    if pdf.get_y() > pdf.h - 60:  # a heading with no room for a row under it goes over
        pdf.add_page()
    pdf.set_font(pdf.font_name, "B", 13)
    pdf.multi_cell(0, 8, pdf.text_for(heading), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    table_rows = []
    for record in rows.itertuples(index=False):
        values = (
            record.control_id,
            record.title,
            "Yes" if record.applicable else "No",
            record.implementation_status,
            record.justification,
            _raci(record),
            record.risks or "none linked",
            _evidence(record),
        )
        limits = (limit for _, _, limit in PDF_TABLE)
        table_rows.append([_fit_cell(v, n) for v, n in zip(values, limits, strict=False)])
    headers = [header for header, _, _ in PDF_TABLE]
    widths = [width for _, width, _ in PDF_TABLE]
    pdf.table(headers, table_rows, widths, cell_limit=2 * max(n for _, _, n in PDF_TABLE))
    pdf.ln(2)


def _fit_cell(text: str, limit: int) -> str:
    lines = text.splitlines()
    if len(lines) > PDF_CELL_LINES:
        text = "\n".join(lines[:PDF_CELL_LINES]) + " " + " ".join(lines[PDF_CELL_LINES:])
    if len(text) > limit:
        text = text[:limit] + " … [cut: full text in the XLSX]"
    return text


def _domain_of(control_id: str) -> str:
    """ "A.6.2.4" -> "A.6"."""
    return ".".join(control_id.split(".")[:2])
