"""CSV and XLSX writing that is safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel and LibreOffice as a formula ("CSV injection", OWASP). Exports prefix such text
with a single quote, which spreadsheets show but do not evaluate. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXCEL_CELL_LIMIT = 32_767


def neutralise_cell(value: object) -> object:
    """Return ``value`` unchanged unless it is text a spreadsheet would run as a formula.

    Text that already starts with quotes before such a prefix (``'=x``) gets one more, so
    that the import, which removes one (``cell_values.restore_neutralised``), gives it back
    verbatim."""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise_cell)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a BOM, so that Excel opens accented text correctly."""
    buffer = io.StringIO()
    neutralise_frame(frame).to_csv(
        buffer, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n"
    )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx_bytes(
    sheets: dict[str, pd.DataFrame] | pd.DataFrame, sheet_name: str = "Sheet1"
) -> bytes:
    """One workbook with a sheet per frame; long text is cut at Excel's cell limit, with a marker."""
    if isinstance(sheets, pd.DataFrame):
        sheets = {sheet_name: sheets}
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            safe = neutralise_frame(frame)
            for column in safe.columns:
                if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
                    safe[column] = safe[column].map(_fit_excel_cell).astype(object)
            safe.to_excel(writer, sheet_name=name[:31], index=False)
            _autosize(writer.sheets[name[:31]], safe.columns)
    return buffer.getvalue()


def _fit_excel_cell(value: object) -> object:
    """Drop the control characters XLSX cannot hold, and cut text at Excel's cell limit."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, str) and len(value) > EXCEL_CELL_LIMIT:
        marker = " [truncated: full text in the CSV export]"
        return value[: EXCEL_CELL_LIMIT - len(marker)] + marker
    return value


def _autosize(worksheet, columns: Iterable[str]) -> None:
    from openpyxl.utils import get_column_letter

    for index, column in enumerate(columns, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = min(
            max(len(str(column)) + 2, 12), 60
        )
    worksheet.freeze_panes = "A2"
