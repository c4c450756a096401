"""Issue 14, item 9: a tiny XLSX that declares a huge sheet is refused quickly, not read.

``A1:XFD1048576`` declares 16,384 columns by 1,048,576 rows; a reader that trusts it pads
every row with empty cells and holds billions of them. The import reader, the monitors' file
reader and the Import page (which must check the role before it reads anything) are tested.
Each hostile read runs in a child process with a memory ceiling and a time limit, so that on
a reader without bounds the test fails instead of exhausting the machine.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from risk_model.file_reading import FileRejected, read_table
from risk_model.workbook_reading import SheetLimits, read_sheet_rows

ROOT = Path(__file__).resolve().parents[2]
MEMORY_CEILING = 1536 * 2**20
SECONDS = 60


def workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewritten(data: bytes, change) -> bytes:
    """The workbook with its first sheet's XML passed through ``change``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            body = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                body = change(body.decode()).encode()
            target.writestr(member.filename, body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def undeclared(data: bytes) -> bytes:
    """The workbook without its sheet's declared size, so only the cells read can bound it."""
    return rewritten(data, lambda xml: re.sub(r"<dimension [^>]*/>", "", xml))


LAST_CELL = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'


def declaring_the_whole_sheet() -> bytes:
    """Two real rows, a declared range of the whole sheet, and one cell in its last corner."""
    data = workbook([["name", "owner"], ["Chatbot", "Ana"]])

    def change(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD1048576"', xml)
        return xml.replace("</sheetData>", LAST_CELL + "</sheetData>")

    return rewritten(data, change)


def run_bounded(code: str, tmp_path: Path) -> tuple[subprocess.CompletedProcess, float]:
    """``code`` in a child Python with at most MEMORY_CEILING of address space."""
    script = tmp_path / "child.py"
    script.write_text(
        "import resource\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_CEILING}, {MEMORY_CEILING}))\n"
        + textwrap.dedent(code)
    )
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, str(script)],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=SECONDS,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the read did not finish within {SECONDS} s")
    return done, time.monotonic() - started


def test_the_hostile_workbook_is_small_and_declares_the_whole_sheet():
    data = declaring_the_whole_sheet()
    assert len(data) < 8_000
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b'ref="A1:XFD1048576"' in archive.read("xl/worksheets/sheet1.xml")


def test_the_import_reader_refuses_it_quickly_naming_the_range(tmp_path):
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(declaring_the_whole_sheet())
    done, seconds = run_bounded(
        f"""
        from pathlib import Path
        from risk_model.file_reading import FileRejected, read_table
        try:
            table = read_table(Path({str(path)!r}).read_bytes(), "hostile.xlsx")
            print("READ", len(table.rows), len(table.columns))
        except FileRejected as error:
            print("REFUSED", error.problems[0])
        """,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("REFUSED"), done.stdout
    assert "A1:XFD1048576" in done.stdout
    assert "1,048,576 rows by 16,384 columns" in done.stdout
    assert "200,000 rows" in done.stdout and "1,000 columns" in done.stdout
    assert seconds < 20


def test_the_monitors_reader_refuses_it_with_exit_2(tmp_path):
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(declaring_the_whole_sheet())
    done, seconds = run_bounded(
        f"""
        import sys
        from commands.monitors_cli import main
        sys.exit(main(["drift", "--reference", {str(path)!r}, "--current", {str(path)!r}]))
        """,
        tmp_path,
    )
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert "A1:XFD1048576" in done.stderr
    assert "hostile.xlsx" in done.stderr
    assert seconds < 20


def test_the_last_corner_without_a_declared_range_is_refused_by_its_rows():
    with pytest.raises(FileRejected) as refused:
        read_table(undeclared(declaring_the_whole_sheet()), "hostile.xlsx")
    assert "the sheet has more than 200,000 rows" in str(refused.value)


def test_a_value_far_to_the_right_is_refused_by_its_column():
    data = workbook([["name", *[None] * 2000, "x"], ["Chatbot"]])
    data = undeclared(data)
    with pytest.raises(FileRejected) as refused:
        read_table(data, "wide.xlsx")
    assert "row 1 has a value in column 2,002; the limit is 1,000 columns" in str(refused.value)


def test_rows_past_the_limit_are_refused_while_reading():
    rows = [["name"], *[[f"system {i}"] for i in range(60)]]
    with pytest.raises(FileRejected) as refused:
        read_sheet_rows(undeclared(workbook(rows)), SheetLimits(rows=50))
    assert "more than 50 rows" in str(refused.value)
    assert len(read_sheet_rows(workbook(rows), SheetLimits(rows=61))) == 61


def test_cells_past_the_limit_are_refused_while_reading():
    rows = [["a", "b", "c", "d"], *[[1, 2, 3, 4] for _ in range(30)]]
    with pytest.raises(FileRejected) as refused:
        read_sheet_rows(undeclared(workbook(rows)), SheetLimits(cells=100))
    assert "more than 100 cells (reached at row 26)" in str(refused.value)


def test_the_unzipped_size_is_checked_before_any_xml_is_parsed():
    padded = rewritten(workbook([["name"], ["Chatbot"]]), lambda xml: xml + " " * 3_000_000)
    assert len(padded) < 60_000
    with pytest.raises(FileRejected) as refused:
        read_sheet_rows(padded, SheetLimits(uncompressed_bytes=2 * 2**20))
    assert "the workbook unpacks to 3 MB; the limit is 2 MB" in str(refused.value)


def test_a_workbook_within_the_bounds_reads_as_before():
    table = read_table(workbook([["name", "owner"], ["Chatbot", "Ana"], [None, None]]), "ok.xlsx")
    assert table.columns == ["name", "owner"]
    assert table.rows == [["Chatbot", "Ana"]]


def test_the_import_page_checks_the_role_before_reading_any_file(monkeypatch, db):
    """A viewer gets no file uploader at all, so no workbook of theirs is ever read."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("AIMS_DB", str(db.path))
    monkeypatch.setenv("AIMS_LOCAL_MODE", "1")
    monkeypatch.setenv("AIMS_LOCAL_ROLES", "viewer")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.run()
    app.switch_page("pages/controls/data_import.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert len(app.file_uploader) == 0
    assert [i.value for i in app.info] == [
        "Your role (Viewer (executive)) may not change the AI system inventory, so it cannot "
        "import into it. Ask a compliance manager."
    ]
