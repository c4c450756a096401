"""Statement of Applicability exports: an XLSX workbook (read back by ``read_soa_xlsx``) and a PDF.

Pure functions from data: a ``SoAVersion`` and a frame with one row per Annex A control
(``SOA_COLUMNS``). Text cells are neutralised against spreadsheet formula injection; the reader
undoes exactly that, so a Statement of Applicability round-trips through XLSX unchanged.
"""

from __future__ import annotations

import functools
import importlib.util
import io
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from reports.tabular import EXCEL_CELL_LIMIT, FORMULA_PREFIXES, neutralise_cell

if TYPE_CHECKING:
    from fpdf import FPDF

SOA_SHEET = "Statement of Applicability"
APPROVAL_SHEET = "Approval"
IMPLEMENTATION_STATUSES = (
    "not started",
    "planned",
    "partially implemented",
    "implemented",
    "not applicable",
)
BOOL_COLUMNS = ("applicable", "evidence_current")
# (column, header shown in the workbook, column width in characters)
SOA_LAYOUT = (
    ("control_id", "Control", 10),
    ("domain", "Domain", 24),
    ("title", "Title", 36),
    ("applicable", "Applicable", 11),
    ("justification", "Justification", 50),
    ("implementation_status", "Implementation status", 20),
    ("owner", "Owner", 16),
    ("responsible", "Responsible", 16),
    ("accountable", "Accountable", 16),
    ("consulted", "Consulted", 16),
    ("informed", "Informed", 16),
    ("risks", "Risks", 36),
    ("evidence", "Evidence", 36),
    ("evidence_current", "Evidence current", 11),
    ("flags", "Flags", 30),
)
SOA_COLUMNS = tuple(column for column, _, _ in SOA_LAYOUT)
NOT_APPROVED = "Draft — not approved"


@dataclass(frozen=True)
class SoAVersion:
    version: int
    title: str
    organisation: str
    approved_by: str | None
    approved_on: date | None
    created_on: date


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


def _as_text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


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
    ("Control", 9, 60),
    ("Title", 22, 400),
    ("Applicable", 8, 10),
    ("Status", 12, 200),
    ("Justification", 37, 1200),
    ("Owner", 12, 200),
)
"""A table row must fit on one page, so longer text is cut in the PDF (the XLSX keeps it all)."""
PDF_CELL_LINES = 12


def unicode_font_path() -> Path | None:
    """A DejaVu Sans TTF: from a pip package first (kaleido, matplotlib), then the system."""
    candidates = []
    for package, relative in (
        ("kaleido", "executable/xdg/fonts/truetype/dejavu"),
        ("matplotlib", "mpl-data/fonts/ttf"),
    ):
        spec = importlib.util.find_spec(package)
        if spec and spec.submodule_search_locations:
            candidates += [Path(p) / relative for p in spec.submodule_search_locations]
    candidates.append(Path("/usr/share/fonts/truetype/dejavu"))
    for folder in candidates:
        if (folder / "DejaVuSans.ttf").is_file() and (folder / "DejaVuSans-Bold.ttf").is_file():
            return folder / "DejaVuSans.ttf"
    return None


@functools.cache
def _pdf_class() -> type[FPDF]:
    """The SoA's PDF document class; fpdf is imported on the first export, not with the page."""
    from fpdf import FPDF

    class _SoAPdf(FPDF):
        def __init__(self, version: SoAVersion, font_path: Path | None) -> None:
            super().__init__(orientation="L", unit="mm", format="A4")
            self.soa_version = version
            if font_path is not None:
                self.add_font("DejaVu", "", str(font_path))
                self.add_font("DejaVu", "B", str(font_path.with_name("DejaVuSans-Bold.ttf")))
                self.font_name = "DejaVu"
                self._glyphs = set(self.fonts["dejavu"].cmap)
            else:
                self.font_name = "Helvetica"
                self._glyphs = None
            self.set_auto_page_break(auto=True, margin=15)
            self.alias_nb_pages()

        def text_for(self, value: object) -> str:
            """Text the current font can draw: missing glyphs become "?", never an exception."""
            text = _as_text(value)
            if self._glyphs is not None:
                return "".join(c if ord(c) in self._glyphs or c in "\n\t" else "?" for c in text)
            return _latin1(text)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(self.font_name, "", 8)
            left = f"Statement of Applicability — version {self.soa_version.version}"
            organisation = _fit_cell(self.soa_version.organisation, 80)
            self.cell(0, 6, self.text_for(f"{left} — {organisation}"), align="L")
            self.set_x(self.l_margin)
            self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="R")

    return _SoAPdf


def soa_pdf(version: SoAVersion, frame: pd.DataFrame) -> bytes:
    soa = normalise_soa_frame(frame)
    pdf = _pdf_class()(version, unicode_font_path())
    pdf.set_title(pdf.text_for(f"Statement of Applicability — {version.organisation}"))
    _cover_page(pdf, version, soa)
    domains = dict.fromkeys(soa["control_id"].map(_domain_of))
    for domain_id in domains:
        rows = soa[soa["control_id"].map(_domain_of) == domain_id]
        _domain_table(pdf, rows)
    return bytes(pdf.output())


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
    pdf.add_page()
    pdf.set_font(pdf.font_name, "B", 14)
    domain = _fit_cell(rows["domain"].iloc[0], 200)
    heading = f"{_domain_of(rows['control_id'].iloc[0])} {domain}".strip()
    pdf.multi_cell(0, 9, pdf.text_for(heading), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(pdf.font_name, "", 8.5)
    from fpdf.fonts import FontFace

    headings = FontFace(emphasis="BOLD", fill_color=(221, 228, 238))
    with pdf.table(
        col_widths=tuple(width for _, width, _ in PDF_TABLE),
        text_align="LEFT",
        v_align="TOP",
        line_height=4.2,
        headings_style=headings,
        padding=1.2,
    ) as table:
        table.row([header for header, _, _ in PDF_TABLE])
        for record in rows.itertuples(index=False):
            values = (
                record.control_id,
                record.title,
                "Yes" if record.applicable else "No",
                record.implementation_status,
                record.justification,
                record.owner,
            )
            limits = (limit for _, _, limit in PDF_TABLE)
            table.row([pdf.text_for(_fit_cell(v, n)) for v, n in zip(values, limits, strict=False)])


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


_LATIN1_SUBSTITUTES = str.maketrans(
    {"—": "-", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "•": "*", "≥": ">="}
)


def _latin1(text: str) -> str:
    """Core PDF fonts draw Latin-1 only: transliterate what we can, replace the rest with "?"."""
    text = text.translate(_LATIN1_SUBSTITUTES)
    out = []
    for char in text:
        if ord(char) < 256:
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
        out.append(base or "?")
    return "".join(out)
