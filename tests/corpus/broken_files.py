"""Malformed import files, each built in memory with the problem it must be rejected with.

A case's bytes are built only when ``data()`` is called, so the corpus can hold a 50 MB file
without keeping it in memory. ``row`` is the spreadsheet row the problem names (the header is
row 1; 0 means the file as a whole); ``field`` is the column or field it names, or None when it
names none; ``phrase`` is text the message must contain (compared case-insensitively).

Every table-shaped case is rendered twice, as CSV and as XLSX, because the two readers differ.
"""

from __future__ import annotations

import csv
import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

Grid = list[list[object]]


@dataclass(frozen=True)
class BrokenFile:
    case: str
    filename: str
    build: Callable[[], bytes]
    row: int
    field: str | None
    phrase: str
    mapping: dict | None = None

    def data(self) -> bytes:
        return self.build()

    @property
    def fmt(self) -> str:
        return self.filename.rsplit(".", 1)[-1]


def csv_bytes(
    rows: Grid, delimiter: str = ",", encoding: str = "utf-8", lineterminator: str = "\n"
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator)
    writer.writerows([["" if c is None else c for c in row] for row in rows])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: Grid) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append([None if c == "" else c for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class _GridCase:
    case: str
    rows: Grid
    row: int
    field: str | None
    phrase: str
    mapping: dict | None = None


GRID_CASES: tuple[_GridCase, ...] = (
    _GridCase(
        "missing_name_column",
        [["provider", "owner"], ["Acme", "Ann"], ["Initech", "Bo"]],
        0,
        "Name",
        "required field 'name'",
    ),
    _GridCase(
        "name_blank_on_a_row",
        [["name", "provider"], ["Chatbot", "Acme"], ["", "Initech"], ["Scorer", "Hooli"]],
        3,
        "name",
        "name is required",
    ),
    _GridCase(
        "name_whitespace_only",
        [["name", "provider"], ["Chatbot", "Acme"], ["Scorer", "Hooli"], ["   ", "Initech"]],
        4,
        "name",
        "name is required",
    ),
    _GridCase(
        "bool_maybe",
        [["name", "personal_data"], ["Chatbot", "yes"], ["Scorer", "maybe"]],
        3,
        "personal_data",
        "'maybe' is not yes or no",
    ),
    _GridCase(
        "bool_typo_by_label",
        [["Name", "Processes personal data"], ["Chatbot", "yse"]],
        2,
        "Processes personal data",
        "'yse' is not yes or no",
    ),
    _GridCase(
        "date_31_february",
        [["name", "last_review_date"], ["Chatbot", "2024-01-31"], ["Scorer", "31/02/2024"]],
        3,
        "last_review_date",
        "'31/02/2024' is not a date",
    ),
    _GridCase(
        "date_month_13",
        [["name", "last_review_date"], ["Chatbot", "2024-13-01"]],
        2,
        "last_review_date",
        "'2024-13-01' is not a date",
    ),
    _GridCase(
        "date_ambiguous_day_month",
        [["name", "next_review_date"], ["Chatbot", "2024-05-01"], ["Scorer", "03/04/2024"]],
        3,
        "next_review_date",
        "could be day/month or month/day",
    ),
    _GridCase(
        "date_30_february_iso",
        [["name", "next_review_date"], ["Chatbot", "2024-02-30"]],
        2,
        "next_review_date",
        "is not a date",
    ),
    _GridCase(
        "date_free_text",
        [["name", "last_review_date"], ["Chatbot", "next Tuesday"]],
        2,
        "last_review_date",
        "'next Tuesday' is not a date",
    ),
    _GridCase(
        "duplicate_external_ids",
        [["Use_Case_ID", "name"], ["E-1", "Chatbot"], ["E-1", "Scorer"], ["E-3", "Triage"]],
        3,
        "Use_Case_ID",
        "'E-1' is also the id of row 2",
        {"columns": {"Use_Case_ID": "external_id"}},
    ),
    _GridCase(
        "duplicate_ids",
        [["id", "name"], ["SYS-0001", "Chatbot"], ["SYS-0002", "Scorer"], ["SYS-0001", "Triage"]],
        4,
        "id",
        "is also the id of row 2",
    ),
    _GridCase(
        "duplicate_names_without_ids",
        [["name", "provider"], ["Chatbot", "Acme"], ["Scorer", "Hooli"], ["Chatbot", "Initech"]],
        4,
        "name",
        "rows 2 and 4 share the name 'Chatbot' and no id tells them apart; choose how rows",
    ),
    _GridCase(
        "duplicate_names_differing_in_case_and_spaces",
        [["name"], ["Fraud  Scorer"], ["fraud scorer"]],
        3,
        "name",
        "rows 2 and 3 share the name",
    ),
    _GridCase(
        "duplicate_header_names",
        [["name", "provider", "provider"], ["Chatbot", "Acme", "Initech"]],
        0,
        "provider",
        "columns 2 and 3 are all headed 'provider', and it maps to provider; choose one by its "
        'position in the mapping, e.g. "#2": "provider"',
    ),
    _GridCase(
        "duplicate_header_differing_in_case",
        [["Name", "owner", "NAME"], ["Chatbot", "Ann", "Chatbot"]],
        0,
        "Name",
        "columns 1 and 3 are all headed 'Name', and it maps to name",
    ),
    _GridCase(
        "header_with_empty_name",
        [["name", "", "provider"], ["Chatbot", "x", "Acme"]],
        1,
        "column 2",
        "has no name",
    ),
    _GridCase(
        "more_values_than_header",
        [["name", "provider"], ["Chatbot", "Acme"], ["Scorer", "Hooli", "surplus"]],
        3,
        "column 3",
        "3 values but the header names 2 columns",
    ),
    _GridCase(
        "two_columns_for_one_field",
        [["name", "provider", "Vendor or provider"], ["Chatbot", "Acme", "Acme"]],
        0,
        "Vendor or provider",
        "map to provider",
    ),
    _GridCase(
        "mapping_names_missing_column",
        [["name", "provider"], ["Chatbot", "Acme"]],
        0,
        "Vendor",
        "the file has no such column",
        {"columns": {"Vendor": "provider"}},
    ),
    _GridCase(
        "mapping_names_unknown_field",
        [["name", "Supplier"], ["Chatbot", "Acme"]],
        0,
        "Supplier",
        "which is not a field of the AI system inventory",
        {"columns": {"Supplier": "supplier_name"}},
    ),
    _GridCase(
        "mapping_with_extra_keys",
        [["name"], ["Chatbot"]],
        0,
        "mapping",
        "unknown keys: ['column', 'version']",
        {"column": {"Title": "name"}, "version": 2},
    ),
    _GridCase(
        "mapping_columns_not_an_object",
        [["name"], ["Chatbot"]],
        0,
        "mapping",
        "must be JSON objects",
        {"columns": ["name"]},
    ),
    _GridCase(
        "mapping_takes_the_name_column_away",
        [["name", "Ref"], ["Chatbot", "R-1"]],
        0,
        "Name",
        "required field 'name'",
        {"columns": {"name": "description", "Ref": "external_id"}},
    ),
)


def _png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def _pdf() -> bytes:
    stream = zlib.compress(b"BT /F1 12 Tf 72 712 Td (name,provider) Tj ET" + bytes(range(256)))
    return (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length "
        + str(len(stream)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + stream
        + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def _zip_of_text() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("inventory.csv", "name,provider\nChatbot,Acme\n")
    return buffer.getvalue()


def _ole_xls() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00" + b"\xff" * 488


def _binary_junk() -> bytes:
    return random.Random(42).randbytes(4096)


def _oversized_file() -> bytes:
    """Just over 50 MB of valid CSV: rejected for its size, not its content."""
    row = b"System,a perfectly ordinary description\n"
    count = 50 * 2**20 // len(row) + 2
    return b"name,description\n" + row * count


_UTF8_ROWS = "name,provider\nChatbot,M\u00fcller AG\nScorer,Soci\u00e9t\u00e9 G\u00e9n\u00e9rale\n"

BYTE_CASES: tuple[tuple[str, str, Callable[[], bytes], int, str | None, str], ...] = (
    ("empty_file", "x.csv", lambda: b"", 0, None, "the file is empty"),
    ("whitespace_only", "x.csv", lambda: b"  \r\n\t\n   \n", 0, None, "the file is empty"),
    ("utf8_bom_only", "x.csv", lambda: b"\xef\xbb\xbf\n", 0, None, "the file is empty"),
    ("nul_bytes_only", "x.csv", lambda: b"\x00" * 64, 0, None, "the file is empty"),
    ("delimiters_only", "x.csv", lambda: b",,,\n , ,\n,,\t\n", 0, None, "no header row"),
    (
        "unterminated_quote",
        "x.csv",
        lambda: b'name,description\r\nChatbot,fine\r\nScorer,"never closed\r\nTriage,x\r\n',
        3,
        "description",
        "cannot be parsed",
    ),
    (
        "stray_quote_inside_field",
        "x.csv",
        lambda: b'name,description\nChatbot,"quoted"then text\n',
        2,
        "description",
        "cannot be parsed",
    ),
    (
        "invalid_utf8_among_valid_utf8",
        "x.csv",
        lambda: _UTF8_ROWS.encode("utf-8") + b"Triage,Acme \xff Ltd\n",
        4,
        "provider",
        "cannot be read as UTF-8 or Windows-1252",
    ),
    (
        "truncated_utf8_sequence_in_first_column",
        "x.csv",
        lambda: _UTF8_ROWS.encode("utf-8") + b"Caf\xc3,Acme\n",
        4,
        "name",
        "byte 0xc3",
    ),
    (
        "byte_undefined_in_windows_1252",
        "x.csv",
        lambda: b"name,provider,owner\nChatbot,Acme,Ann\nScorer,Hooli,B\x81rbel\n",
        3,
        "owner",
        "byte 0x81",
    ),
    (
        "utf16_truncated",
        "x.csv",
        lambda: "name\tprovider\r\nChatbot\tAcme\r\n".encode("utf-16")[:-1],
        0,
        None,
        "bad UTF-16 text",
    ),
    (
        "utf16_without_bom",
        "x.csv",
        lambda: "name,provider\nChatbot,Acme\n".encode("utf-16-le"),
        0,
        None,
        "binary data",
    ),
    ("binary_junk", "x.csv", _binary_junk, 0, None, "binary data"),
    ("png_image", "inventory.csv", _png, 0, None, "binary data"),
    ("pdf_document", "inventory.pdf", _pdf, 0, None, "binary data"),
    ("zip_that_is_not_xlsx", "inventory.xlsx", _zip_of_text, 0, None, "not a readable XLSX"),
    ("zip_named_csv", "inventory.csv", _zip_of_text, 0, None, "not a readable XLSX"),
    ("old_xls_ole_header", "inventory.xls", _ole_xls, 0, None, "Excel 97-2003 (.xls)"),
    ("old_xls_named_xlsx", "inventory.xlsx", _ole_xls, 0, None, "Excel 97-2003 (.xls)"),
    (
        "csv_named_xlsx",
        "inventory.xlsx",
        lambda: b"name,provider\nChatbot,Acme\n",
        0,
        None,
        "named .xlsx but is not an Excel workbook",
    ),
    (
        "truncated_xlsx",
        "inventory.xlsx",
        lambda: (lambda b: b[: len(b) // 2])(xlsx_bytes([["name"], ["Chatbot"]])),
        0,
        None,
        "not a readable XLSX",
    ),
    (
        "huge_field_over_2_million_characters",
        "x.csv",
        lambda: b"name,description\nChatbot,short\nScorer," + b"x" * 2_000_001 + b"\n",
        3,
        "description",
        "2,000,001 characters; the limit is 2,000,000",
    ),
    (
        "field_beyond_the_csv_parser_limit",
        "x.csv",
        lambda: b"name,description\nChatbot," + b"y" * 8_000_001 + b"\n",
        2,
        "description",
        "field larger than field limit",
    ),
    ("file_over_50_mb", "big.csv", _oversized_file, 0, None, "the limit is 50 MB"),
)


def broken_files() -> Iterator[BrokenFile]:
    """Every malformed case: the table-shaped ones as CSV and XLSX, then the byte-level ones."""
    for grid in GRID_CASES:
        rows = grid.rows
        yield BrokenFile(
            f"csv-{grid.case}",
            "inventory.csv",
            lambda rows=rows: csv_bytes(rows),
            grid.row,
            grid.field,
            grid.phrase,
            grid.mapping,
        )
        yield BrokenFile(
            f"xlsx-{grid.case}",
            "inventory.xlsx",
            lambda rows=rows: xlsx_bytes(rows),
            grid.row,
            grid.field,
            grid.phrase,
            grid.mapping,
        )
    for case, filename, build, row, field, phrase in BYTE_CASES:
        yield BrokenFile(f"bytes-{case}", filename, build, row, field, phrase)


def _rewrite_xlsx(change: Callable[[str, bytes], bytes]) -> bytes:
    """A small valid workbook re-zipped (deflated), each member's bytes passed through ``change``."""
    source = xlsx_bytes([["name", "provider"], ["Chatbot", "Acme"]])
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source)) as original,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as rewritten,
    ):
        for name in original.namelist():
            rewritten.writestr(name, change(name, original.read(name)))
    return buffer.getvalue()


def _patch_central_directory(data: bytes, offset: int, value: bytes) -> bytes:
    """Overwrite ``value`` at ``offset`` inside every central-directory entry of a zip."""
    patched = bytearray(data)
    end = data.rfind(b"PK\x05\x06")
    count, start = (
        struct.unpack_from("<H", data, end + 10)[0],
        struct.unpack_from("<I", data, end + 16)[0],
    )
    position = start
    for _ in range(count):
        patched[position + offset : position + offset + len(value)] = value
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, position + 28)
        position += 46 + name_len + extra_len + comment_len
    return bytes(patched)


def _xlsx_with_corrupt_deflate_streams() -> bytes:
    data = bytearray(_rewrite_xlsx(lambda name, body: body))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        for info in archive.infolist():
            name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
            data[info.header_offset + 30 + name_len + extra_len] = 0xFF  # reserved block type
    return bytes(data)


def _xlsx_with_content_types_not_xml() -> bytes:
    return _rewrite_xlsx(lambda name, body: b"<not xml" if name == "[Content_Types].xml" else body)


def _xlsx_marked_encrypted() -> bytes:
    return _patch_central_directory(_rewrite_xlsx(lambda name, body: body), 8, b"\x01\x00")


def _xlsx_needing_zip_version_16() -> bytes:
    return _patch_central_directory(_rewrite_xlsx(lambda name, body: body), 6, b"\xa3\x00")


DAMAGED_XLSX: tuple[tuple[str, Callable[[], bytes]], ...] = (
    ("corrupt_deflate_stream", _xlsx_with_corrupt_deflate_streams),
    ("content_types_not_xml", _xlsx_with_content_types_not_xml),
    ("member_marked_encrypted", _xlsx_marked_encrypted),
    ("zip_version_too_new", _xlsx_needing_zip_version_16),
)
"""Damaged workbooks that openpyxl or zipfile fail on with errors other than BadZipFile."""
