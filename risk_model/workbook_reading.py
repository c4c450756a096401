"""Read the first sheet of an XLSX workbook within fixed bounds, or refuse it saying why.

An XLSX file is a zip of XML parts, so a file of a few kilobytes can unpack to gigabytes, or
declare a sheet of ``A1:XFD1048576`` (16,384 columns by 1,048,576 rows) that a reader pads
with empty cells. Both the import reader and the monitors' file reader read workbooks here,
so the same bounds hold for both: the uncompressed size is checked before any XML is parsed,
the sheet's declared size before any row is read, and the rows, columns and cells actually
read while reading.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from risk_model.import_problems import FileRejected, Problem


@dataclass(frozen=True)
class SheetLimits:
    """The most a workbook may hold to be read; larger data belongs in a CSV or Parquet file."""

    rows: int = 200_000
    """Rows of the first sheet, the header row included."""
    columns: int = 1_000
    """Columns of the first sheet (Excel allows 16,384)."""
    cells: int = 2_000_000
    """Rows times columns: what the reader holds in memory at once."""
    uncompressed_bytes: int = 200 * 1024 * 1024
    """The size of every part of the workbook once unzipped."""


LIMITS = SheetLimits()
_ADVICE = "delete the unused rows and columns, or save the sheet as CSV"


def read_sheet_rows(data: bytes, limits: SheetLimits = LIMITS) -> list[tuple]:
    """The first sheet's rows as tuples of cell values (None for an empty cell)."""
    from openpyxl import load_workbook

    _check_unzipped_size(data, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a damaged zip raises zlib, XML, zip and openpyxl errors alike
        raise FileRejected([Problem(0, "", f"not a readable XLSX workbook ({error})")]) from None
    try:
        sheet = workbook.worksheets[0]
        _check_declared_size(sheet, limits)
        sheet.reset_dimensions()  # read the cells that are there, not the declared rectangle
        return list(_bounded_rows(sheet.iter_rows(values_only=True), limits))
    except FileRejected:
        raise
    except Exception as error:  # openpyxl raises many types for damaged parts
        raise FileRejected([Problem(0, "", f"the XLSX workbook is damaged ({error})")]) from None
    finally:
        workbook.close()


def _refuse(message: str) -> FileRejected:
    return FileRejected([Problem(0, "", message)])


def _check_unzipped_size(data: bytes, limits: SheetLimits) -> None:
    """Zip members never unpack past their declared size, so the declared sizes bound it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(member.file_size for member in archive.infolist())
    except Exception as error:  # a damaged zip raises BadZipFile, NotImplementedError, ValueError
        raise _refuse(f"not a readable XLSX workbook ({error})") from None
    if total > limits.uncompressed_bytes:
        raise _refuse(
            f"the workbook unpacks to {total / 2**20:,.0f} MB; the limit is "
            f"{limits.uncompressed_bytes / 2**20:,.0f} MB; save the sheet as CSV"
        )


def _check_declared_size(sheet, limits: SheetLimits) -> None:
    rows, columns = sheet.max_row, sheet.max_column
    if not rows or not columns:
        return  # no dimension declared: the bounds are checked while reading
    if rows > limits.rows or columns > limits.columns or rows * columns > limits.cells:
        raise _refuse(
            f"the sheet declares the range {sheet.calculate_dimension()} ({rows:,} rows by "
            f"{columns:,} columns); the limits are {limits.rows:,} rows, {limits.columns:,} "
            f"columns and {limits.cells:,} cells; {_ADVICE}"
        )


def _bounded_rows(rows: Iterator[tuple], limits: SheetLimits) -> Iterator[tuple]:
    cells = 0
    for number, row in enumerate(rows, start=1):
        width = len(row)
        while width and row[width - 1] is None:
            width -= 1
        if number > limits.rows:
            raise _refuse(f"the sheet has more than {limits.rows:,} rows; {_ADVICE}")
        if width > limits.columns:
            raise _refuse(
                f"row {number} has a value in column {width:,}; the limit is "
                f"{limits.columns:,} columns; {_ADVICE}"
            )
        cells += width
        if cells > limits.cells:
            raise _refuse(
                f"the sheet has more than {limits.cells:,} cells (reached at row {number}); "
                f"{_ADVICE}"
            )
        yield row[:width]
