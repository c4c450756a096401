"""Read an uploaded CSV or XLSX file into a table of text cells, or say exactly what is wrong.

Spreadsheet exports are read as they come: UTF-8 with or without a BOM, UTF-16 with a BOM,
and Windows-1252 (Excel's "CSV" on Windows); comma, semicolon, tab or pipe delimited.
Row numbers are the spreadsheet's: the header is row 1, the first record row 2.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from risk_model.file_positions import (
    CSV_FIELD_LIMIT,
    failing_column,
    locate_byte,
    sniff_delimiter,
)
from risk_model.import_problems import FileRejected, Problem
from risk_model.workbook_reading import read_sheet_rows

__all__ = ["FileRejected", "Problem", "Table", "decode_text", "read_table"]

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_CELL_CHARS = 2_000_000
UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
"""A complete multi-byte UTF-8 character; Windows-1252 text rarely forms one by chance."""


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    encoding: str = ""


def read_table(data: bytes, filename: str = "upload") -> Table:
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise FileRejected([Problem(0, "", "the file is empty")])
    if len(data) > MAX_FILE_BYTES:
        raise FileRejected(
            [
                Problem(
                    0,
                    "",
                    f"the file is {len(data) / 2**20:.0f} MB; the limit is "
                    f"{MAX_FILE_BYTES // 2**20} MB",
                )
            ]
        )
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRejected(
            [
                Problem(
                    0,
                    "",
                    "this is an old Excel 97-2003 (.xls) file; save it as "
                    ".xlsx or .csv and import that",
                )
            ]
        )
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise FileRejected([Problem(0, "", "the file is named .xlsx but is not an Excel workbook")])
    text, encoding = decode_text(data)
    table = _read_csv(text)
    table.encoding = encoding
    return table


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of a spreadsheet's text export, or FileRejected naming the byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise FileRejected([Problem(0, "", f"bad UTF-16 text: {error.reason}")]) from None
    if b"\x00" in data:
        raise FileRejected(
            [Problem(0, "", "this is not a CSV or XLSX file (it holds binary data)")]
        )
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as error:
        first_bad = error.start
    # Valid multi-byte UTF-8 elsewhere means a damaged UTF-8 file, not a Windows-1252 one.
    has_utf8 = re.search(UTF8_MULTIBYTE, data) is not None
    if not has_utf8:
        try:
            return data.decode("cp1252"), "windows-1252"
        except UnicodeDecodeError as error:
            first_bad = error.start
    row, column = locate_byte(data, first_bad, "utf-8" if has_utf8 else "cp1252")
    raise FileRejected(
        [
            Problem(
                row,
                column,
                f"byte 0x{data[first_bad]:02x} cannot be read as "
                "UTF-8 or Windows-1252 text; save the file as UTF-8",
            )
        ]
    )


def _read_csv(text: str) -> Table:
    csv.field_size_limit(CSV_FIELD_LIMIT)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    try:
        records.extend(reader)
    except csv.Error as error:
        row = len(records) + 1
        column = failing_column(text, delimiter, records, row)
        raise FileRejected([Problem(row, column, f"the CSV cannot be parsed: {error}")]) from None
    return _to_table(records)


def _read_xlsx(data: bytes) -> Table:
    return _to_table([[_cell_text(v) for v in row] for row in read_sheet_rows(data)])


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text
    return str(value)


def _to_table(records: list[list[str]]) -> Table:
    skipped = 0  # blank rows above the header still count in the spreadsheet's numbering
    while records and not any(c.strip() for c in records[0]):
        records.pop(0)
        skipped += 1
    if not records:
        raise FileRejected([Problem(0, "", "the file has no header row")])
    header = [c.strip().lstrip("\ufeff") for c in records[0]]
    while header and not header[-1]:
        header.pop()
    problems = []  # a repeated header is resolved by the mapping (column_mapping)
    for index, name in enumerate(header):
        if not name:
            problems.append(Problem(skipped + 1, f"column {index + 1}", "the column has no name"))
    table = Table(columns=header)
    for number, record in enumerate(records[1:], start=skipped + 2):
        if not any(c.strip() for c in record):
            continue
        extra = [c for c in record[len(header) :] if c.strip()]
        if extra:
            first_extra = next(i for i, c in enumerate(record) if i >= len(header) and c.strip())
            problems.append(
                Problem(
                    number,
                    f"column {first_extra + 1}",
                    f"the row has {len(header) + len(extra)} values "
                    f"but the header names {len(header)} columns",
                )
            )
            continue
        cells = (record + [""] * len(header))[: len(header)]
        for name, cell in zip(header, cells, strict=True):
            if len(cell) > MAX_CELL_CHARS:
                problems.append(
                    Problem(
                        number,
                        name,
                        f"the value has {len(cell):,} characters; the limit is {MAX_CELL_CHARS:,}",
                    )
                )
        table.rows.append(cells)
        table.row_numbers.append(number)
    if problems:
        raise FileRejected(problems)
    return table
