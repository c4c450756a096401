"""Where in a CSV file a problem is, counted as a spreadsheet counts: row and column name.

A spreadsheet row is a CSV record, not a physical line: a quoted cell may span lines and hold
delimiters. Both matter when a bad byte or a broken quote must be named by row and column.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import sys

DELIMITERS = ",;\t|"
CSV_FIELD_LIMIT = 8_000_000
"""Cells longer than this stop the CSV parser itself (the reader rejects 2 million and up)."""


def locate_byte(data: bytes, position: int, encoding: str) -> tuple[int, str]:
    """The spreadsheet row and column of the undecodable byte at ``position``.

    The file is parsed as CSV with each bad byte kept as a stand-in character, so quoted
    delimiters and cells spanning lines count as a spreadsheet counts them. A file that does
    not parse falls back to the physical line and a plain count of delimiters.
    """
    text = data.decode(encoding, errors="surrogateescape")
    csv.field_size_limit(CSV_FIELD_LIMIT)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text)))
    except csv.Error:
        records = []
    header: list[str] | None = None
    for number, record in enumerate(records, start=1):
        if header is None and any(c.strip() for c in record):
            header = record
        for index, cell in enumerate(record):
            if _BAD_BYTE.search(cell):
                named = record is not header and header is not None and index < len(header)
                return number, header[index].strip() if named else f"column {index + 1}"
    line = data.count(b"\n", 0, position) + 1
    line_start = data.rfind(b"\n", 0, position) + 1
    return line, _column_at(data, line_start, position)


_BAD_BYTE = re.compile("[\udc80-\udcff]")


def _column_at(data: bytes, line_start: int, position: int) -> str:
    header_end = data.find(b"\n")
    header = data[: header_end if header_end >= 0 else len(data)].decode("utf-8", "replace")
    delimiter = max(DELIMITERS, key=header.count)
    names = [n.strip().strip('"') for n in header.split(delimiter)]
    index = data[line_start:position].count(delimiter.encode())
    return names[index] if index < len(names) else f"column {index + 1}"


def sniff_delimiter(text: str) -> str:
    try:
        return csv.Sniffer().sniff(text[:65536].split("\n", 1)[0], delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def failing_column(text: str, delimiter: str, records: list[list[str]], row: int) -> str:
    """The column of the cell in which a strict parse of record ``row`` failed."""
    header = next((r for r in records if any(c.strip() for c in r)), None)
    index = _quote_error_cell(_record_text(text, delimiter, row), delimiter)
    if index is None:  # not a quoting error (e.g. a cell over the parser's size limit)
        index = len(_lenient_record(text, delimiter, row)) - 1
    if index < 0 or header is None:
        return f"column {max(index, 0) + 1}"
    return header[index].strip() if index < len(header) else f"column {index + 1}"


def _record_text(text: str, delimiter: str, row: int, limit: int = 1_000_000) -> str:
    """The text from the start of record ``row`` (records before it parse), at most ``limit``."""
    lines = io.StringIO(text, newline="")
    reader = csv.reader(lines, delimiter=delimiter)
    for _ in range(row - 1):
        next(reader, None)
    return text[lines.tell() if row > 1 else 0 :][:limit]


def _quote_error_cell(text: str, delimiter: str) -> int | None:
    """The 0-based cell of the first record in ``text`` where quoting breaks the CSV rules."""
    cell, state = 0, "start"
    for char in text:
        if state == "quoted":
            state = "quote" if char == '"' else "quoted"
        elif state == "quote":  # a quote inside a quoted cell: doubled, or the cell's end
            if char == '"':
                state = "quoted"
            elif char == delimiter:
                cell, state = cell + 1, "start"
            elif char in "\r\n":
                return None
            else:
                return cell
        elif char == delimiter:
            cell, state = cell + 1, "start"
        elif char in "\r\n":
            return None
        else:
            state = "quoted" if char == '"' and state == "start" else "plain"
    return cell if state == "quoted" else None


def _lenient_record(text: str, delimiter: str, row: int) -> list[str]:
    limit = csv.field_size_limit(sys.maxsize)
    try:
        lenient = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return next(itertools.islice(lenient, row - 1, None), [])
    except csv.Error:
        return []
    finally:
        csv.field_size_limit(limit)
