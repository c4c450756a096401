"""R1 for monitor inputs: ``python -m monitors drift|fairness`` reads CSV/XLSX reference and
current data; a malformed file exits 2 with one line naming the file, and the row and column
where there is one. Run in-process through ``commands.monitors_cli.main`` (the exit code it returns).
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from commands import monitors_cli as cli

GOOD = "income,region,y,p\n" + "".join(
    f"{1000 + 10 * i},{'north' if i % 3 else 'south'},{i % 2},{(i // 2) % 2}\n" for i in range(40)
)
GOOD_ROWS = GOOD.splitlines(keepends=True)


def with_row(number: int, line: str) -> str:
    """GOOD with spreadsheet row ``number`` replaced by ``line`` (the header is row 1)."""
    rows = list(GOOD_ROWS)
    rows[number - 1] = line
    return "".join(rows)


def xlsx(text: str) -> bytes:
    frame = pd.read_csv(io.StringIO(text), dtype=str)
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    return buffer.getvalue()


# (case, current file name, its bytes, fragments the one error line must hold)
BAD_CURRENT = [
    ("empty_file", "c.csv", b"", ["the file is empty"]),
    ("whitespace_only", "c.csv", b" \r\n\n", ["the file is empty"]),
    ("bom_only", "c.csv", b"\xef\xbb\xbf", ["the file is empty"]),
    ("header_only", "c.csv", b"income,region,y,p\n", ["empty (0 rows)"]),
    (
        "text_in_numeric_feature",
        "c.csv",
        with_row(7, "1060,north,0,abc\n").replace("1060,north,0,abc", "lots,north,0,1").encode(),
        ["row 7, column 'income'", "'lots'"],
    ),
    (
        "text_in_numeric_feature_xlsx",
        "c.xlsx",
        xlsx(with_row(12, "n/a?,north,1,0\n")),
        ["row 12, column 'income'", "'n/a?'"],
    ),
    (
        "undecodable_byte",
        "c.csv",
        with_row(5, "1030,Zürich,1,0\n").encode() + b"1400,Gen\xe8ve,0,1\n",
        ["row 42, region", "byte 0xe8"],
    ),
    ("utf16_without_bom", "c.csv", GOOD.encode("utf-16-le"), ["binary data"]),
    (
        "ragged_row",
        "c.csv",
        with_row(9, "1080,north,1,0,extra\n").encode(),
        ["row 9, column 5", "5 values but the header names 4"],
    ),
    (
        "unclosed_quote",
        "c.csv",
        with_row(4, '1020,"north,1,0\n').encode(),
        ["row 4, region", "cannot be parsed"],
    ),
    (
        "blank_column_name",
        "c.csv",
        GOOD.replace("region", "", 1).encode(),
        ["row 1, column 2", "no name"],
    ),
    (
        "duplicate_column_name",
        "c.csv",
        GOOD.replace("y,p", "y,income", 1).encode(),
        ["row 1, column 'income'", "appears twice"],
    ),
    ("truncated_xlsx", "c.xlsx", xlsx(GOOD)[:300], ["cannot read"]),
    ("csv_named_xlsx", "c.xlsx", GOOD.encode(), ["cannot read"]),
    ("old_xls", "c.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 60, ["unsupported file type '.xls'"]),
    (
        "binary_junk",
        "c.csv",
        np.random.default_rng(1).bytes(600).replace(b"\x00", b"\x01") + b"\x00",
        ["c.csv"],
    ),
    (
        "missing_feature_column",
        "c.csv",
        GOOD.replace("region", "area", 1).encode(),
        ["column 'region' is missing"],
    ),
]


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = cli.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def reference(tmp_path) -> Path:
    path = tmp_path / "reference.csv"
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "case, name, data, fragments", BAD_CURRENT, ids=[c[0] for c in BAD_CURRENT]
)
def test_bad_current_data_exits_2_naming_file_row_and_column(
    capsys, tmp_path, reference, case, name, data, fragments
):
    current = tmp_path / name
    current.write_bytes(data)
    status, out, err = run(
        capsys,
        "drift",
        "--reference",
        str(reference),
        "--current",
        str(current),
        "--columns",
        "income,region",
    )
    assert status == cli.EXIT_BAD_INPUT, err
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert str(current) in err
    for fragment in fragments:
        assert fragment in err, err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "case, name, data, fragments", BAD_CURRENT[:12], ids=[c[0] for c in BAD_CURRENT[:12]]
)
def test_bad_fairness_data_exits_2_naming_file_row_and_column(
    capsys, tmp_path, case, name, data, fragments
):
    path = tmp_path / name
    path.write_bytes(data)
    status, out, err = run(
        capsys,
        "fairness",
        "--data",
        str(path),
        "--target",
        "y",
        "--prediction",
        "p",
        "--sensitive",
        "region",
    )
    assert status == cli.EXIT_BAD_INPUT, err
    assert str(path) in err and len(err.strip().splitlines()) == 1
    assert all(f in err for f in fragments if "empty (0 rows)" not in f), err


def test_reference_and_current_without_shared_columns_name_the_files(capsys, tmp_path, reference):
    current = tmp_path / "current.csv"
    current.write_text(GOOD.replace("income,region,y,p", "salary,area,label,pred", 1))
    status, _, err = run(capsys, "drift", "--reference", str(reference), "--current", str(current))
    assert status == cli.EXIT_BAD_INPUT
    assert str(current) in err and "income" in err


def test_mismatched_columns_name_the_file_missing_one(capsys, tmp_path, reference):
    current = tmp_path / "current.csv"
    current.write_text(GOOD.replace(",region", ",area", 1).replace("\n", "\n", 1))
    status, _, err = run(
        capsys,
        "drift",
        "--reference",
        str(reference),
        "--current",
        str(current),
        "--columns",
        "income,region",
    )
    assert status == cli.EXIT_BAD_INPUT
    assert f"{current}: column 'region' is missing" in err


@pytest.mark.parametrize(
    "encoding, prefix", [("utf-8-sig", b""), ("cp1252", b""), ("utf-8", b"\xef\xbb\xbf")]
)
def test_spreadsheet_encodings_are_read_not_rejected(tmp_path, encoding, prefix):
    text = GOOD.replace("north", "Zürich “N”")
    path = tmp_path / "data.csv"
    path.write_bytes(prefix + text.encode(encoding))
    frame = cli.read_table(str(path))
    expected = pd.read_csv(io.StringIO(text))
    assert list(frame.columns) == ["income", "region", "y", "p"]
    pd.testing.assert_frame_equal(frame, expected)


def test_xlsx_reads_like_the_csv(tmp_path):
    path = tmp_path / "data.xlsx"
    pd.read_csv(io.StringIO(GOOD)).to_excel(path, index=False)
    pd.testing.assert_frame_equal(cli.read_table(str(path)), pd.read_csv(io.StringIO(GOOD)))
