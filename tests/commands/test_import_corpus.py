"""Malformed import files: each is rejected with its row and column, and nothing is written.

The corpus is ``tests/corpus/broken_files.py``; the other registers, evidence uploads and
monitor inputs have theirs in ``tests/store/test_import_registers.py`` and its neighbours.
"""

from __future__ import annotations

import functools
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from commands import store_cli as cli
from reports.tabular import to_csv_bytes
from risk_model.access import SYSTEM, AccessDenied, Actor
from risk_model.file_reading import FileRejected, Problem, read_table
from risk_model.inventory import AI_SYSTEM
from store import Store, audit_trail, importer, records
from tests.corpus.broken_files import (
    DAMAGED_XLSX,
    GRID_CASES,
    BrokenFile,
    broken_files,
    csv_bytes,
    xlsx_bytes,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
CASES = list(broken_files())
SEED_ROWS = [
    ["Ref", "name", "provider", "owner", "personal_data", "last_review_date"],
    ["R-1", "Chatbot", "Acme", "Ann", "yes", "2024-01-31"],
    ["R-2", "Scorer", "Hooli", "Bo", "no", "2024-02-29"],
    ["R-3", "Triage", "Initech", "Ann", "", ""],
]


def seed(db: Store) -> Store:
    importer.import_file(
        db, AI_SYSTEM, csv_bytes(SEED_ROWS), "seed.csv", SYSTEM, {"columns": {"Ref": "external_id"}}
    )
    from store import inventory

    inventory.add_system(db, {"name": "Fraud scorer", "owner": "Cy"}, SYSTEM)
    return db


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Store:
    """Four systems (three with external ids); failed imports must leave them as they are."""
    return seed(Store(tmp_path_factory.mktemp("corpus") / "seeded.duckdb"))


@pytest.fixture(scope="module")
def baseline(seeded) -> tuple[int, bytes, int]:
    return snapshot(seeded)


def snapshot(db: Store) -> tuple[int, bytes, int]:
    """(record count, the full CSV export, audit trail length)."""
    with db.connect() as connection:
        frame = importer.export_frame(db, AI_SYSTEM)
        trail = audit_trail.verify(connection)
    assert trail.ok
    return len(frame), to_csv_bytes(frame), trail.rows


def file_digest(path: Path) -> str:
    """The store file's bytes: equal digests mean nothing at all was written."""
    assert not path.with_name(path.name + ".wal").exists()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def matches(problem: Problem, case: BrokenFile) -> bool:
    return (
        problem.row == case.row
        and problem.field == (case.field or "")
        and case.phrase.casefold() in problem.message.casefold()
    )


def assert_names_the_problem(error: FileRejected, case: BrokenFile) -> None:
    found = [str(p) for p in error.problems]
    assert any(matches(p, case) for p in error.problems), (
        f"expected row {case.row}, {case.field!r}, {case.phrase!r}; got {found}"
    )


def test_the_corpus_covers_csv_and_xlsx_with_distinct_cases():
    names = [c.case for c in CASES]
    assert len(names) == len(set(names))
    assert len(CASES) >= 50
    assert sum(c.fmt == "xlsx" for c in CASES) >= len(GRID_CASES)
    assert sum(c.row > 0 for c in CASES) >= 20, "most problems must name a row"
    assert all(c.field for c in CASES if c.row > 0), "a problem on a row names its column"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.case)
def test_malformed_file_is_rejected_and_nothing_is_written(seeded, baseline, case):
    with pytest.raises(FileRejected) as rejected:
        importer.import_file(seeded, AI_SYSTEM, case.data(), case.filename, SYSTEM, case.mapping)
    assert_names_the_problem(rejected.value, case)
    problem = next(p for p in rejected.value.problems if matches(p, case))
    where = f"row {case.row}" if case.row else "file"
    assert str(problem).startswith(f"{where}, {case.field}:" if case.field else f"{where}:")
    assert snapshot(seeded) == baseline


def test_every_problem_of_a_file_is_reported_at_once():
    rows = [
        ["name", "personal_data", "last_review_date"],
        ["Chatbot", "maybe", "2024-01-01"],
        ["", "yes", "31/02/2024"],
        ["Scorer", "no", "03/04/2024"],
    ]
    for data, filename in ((csv_bytes(rows), "f.csv"), (xlsx_bytes(rows), "f.xlsx")):
        with pytest.raises(FileRejected) as rejected:
            importer.check_file(data, filename, AI_SYSTEM)
        assert sorted((p.row, p.field) for p in rejected.value.problems) == [
            (2, "personal_data"),
            (3, "last_review_date"),
            (3, "name"),
            (4, "last_review_date"),
        ]


def test_file_over_the_limit_is_refused_before_it_is_parsed():
    case = next(c for c in CASES if c.case == "bytes-file_over_50_mb")
    data = case.data()
    assert len(data) > 50 * 2**20
    with pytest.raises(FileRejected) as rejected:
        read_table(data, case.filename)
    assert [p.row for p in rejected.value.problems] == [0]


# --- the command line -------------------------------------------------------------------------


def _cli_args(case: BrokenFile, folder: Path, db_path: Path) -> list[str]:
    import json

    path = folder / case.filename
    path.write_bytes(case.data())
    args = ["import", "inventory", str(path), "--db", str(db_path)]
    if case.mapping is not None:
        mapping = folder / "mapping.json"
        mapping.write_text(json.dumps(case.mapping), encoding="utf-8")
        args += ["--mapping", str(mapping)]
    return args


LARGE = {
    "bytes-huge_field_over_2_million_characters",
    "bytes-field_beyond_the_csv_parser_limit",
    "bytes-file_over_50_mb",
}


@pytest.mark.parametrize("case", [c for c in CASES if c.case not in LARGE], ids=lambda c: c.case)
def test_cli_exits_2_naming_row_and_column_and_writes_nothing(seeded, case, tmp_path, capsys):
    before = file_digest(seeded.path)
    status = cli.main(_cli_args(case, tmp_path, seeded.path))
    captured = capsys.readouterr()
    assert status == 2
    assert "nothing was changed" in captured.err
    where = f"row {case.row}" if case.row else "file"
    assert (f"{where}, {case.field}:" if case.field else f"{where}:") in captured.err
    assert case.phrase.casefold() in captured.err.casefold()
    assert captured.out == ""
    assert file_digest(seeded.path) == before


def test_cli_process_exits_2_and_does_not_even_create_the_store(tmp_path):
    case = next(c for c in CASES if c.case == "csv-bool_maybe")
    fresh = tmp_path / "never-created.duckdb"
    result = subprocess.run(
        [sys.executable, "-m", "store", *_cli_args(case, tmp_path, fresh)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert "row 3, personal_data: 'maybe' is not yes or no" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not fresh.exists()


# --- failures after validation roll the whole import back -------------------------------------


def test_access_denied_on_a_later_row_rolls_back_the_earlier_ones(tmp_path):
    db = seed(Store(tmp_path / "t.duckdb"))
    before = snapshot(db)
    ann = Actor("Ann", ("ml_owner",))
    rows = [
        ["name", "owner", "provider"],
        ["Chatbot", "Ann", "Changed"],  # Ann owns it: an update she may make
        ["New system by Ann", "Ann", "Acme"],  # a create she may make
        ["Someone else's", "Bob", "Acme"],  # refused: not hers
    ]
    with pytest.raises(AccessDenied):
        importer.import_file(db, AI_SYSTEM, csv_bytes(rows), "f.csv", ann)
    assert snapshot(db) == before


def test_a_store_error_midway_rolls_back_the_whole_file(tmp_path, monkeypatch):
    db = seed(Store(tmp_path / "t.duckdb"))
    before = snapshot(db)
    real_insert, calls = records.insert, []

    def failing_insert(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk full")
        return real_insert(*args, **kwargs)

    monkeypatch.setattr(records, "insert", failing_insert)
    rows = [["name", "provider"], ["Chatbot", "Changed"]] + [[f"New {i}", "Acme"] for i in range(5)]
    with pytest.raises(OSError, match="disk full"):
        importer.import_file(db, AI_SYSTEM, csv_bytes(rows), "f.csv", SYSTEM)
    assert len(calls) == 3
    assert snapshot(db) == before


# --- property-based: any bytes are imported or rejected, never a crash ------------------------

TOKENS = st.sampled_from(
    [
        b",",
        b";",
        b"\t",
        b"|",
        b'"',
        b"\n",
        b"\r\n",
        b" ",
        b"name",
        b"provider",
        b"external_id",
        b"personal_data",
        b"last_review_date",
        b"ai_roles",
        b"lifecycle_stage",
        b"yes",
        b"maybe",
        b"2024-01-02",
        b"03/04/2024",
        b"Provider; Customer",
        b"Chatbot",
        b"\xc3\xa9",
        b"\xe9",
        b"\x93",
        b"\xff",
        b"\x00",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"PK\x03\x04",
    ]
)


def _check_or_reject(data: bytes, filename: str) -> None:
    try:
        checked = importer.check_file(data, filename, AI_SYSTEM)
    except FileRejected as error:
        assert error.problems and all(isinstance(p, Problem) for p in error.problems)
    else:
        assert len(checked.rows) == len(checked.row_numbers)
        assert all(str(row.get("name") or "").strip() for row in checked.rows)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=300), filename=st.sampled_from(["f.csv", "f.xlsx", "f.txt"]))
def test_random_bytes_are_rejected_or_read_never_a_crash(data, filename):
    try:
        table = read_table(data, filename)
    except FileRejected as error:
        assert error.problems
    else:
        assert all(len(row) == len(table.columns) for row in table.rows)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.lists(TOKENS, max_size=40).map(b"".join))
def test_random_csv_like_bytes_are_validated_or_rejected_never_a_crash(data):
    _check_or_reject(b"name,provider\n" + data, "f.csv")
    _check_or_reject(data, "f.csv")
    _check_or_reject(data, "f.xlsx")


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.lists(TOKENS, max_size=30).map(b"".join))
def test_random_csv_like_imports_write_all_rows_or_nothing(seeded, data):
    before = snapshot(seeded)
    try:
        summary = importer.import_file(
            seeded, AI_SYSTEM, b"name,provider\n" + data, "f.csv", SYSTEM
        )
    except FileRejected:
        assert snapshot(seeded) == before
    else:
        assert snapshot(seeded)[0] == before[0] + summary.created


# --- fixed bugs, kept as regression tests ----------------------------------------------------


@pytest.mark.parametrize("name, build", DAMAGED_XLSX, ids=[n for n, _ in DAMAGED_XLSX])
def test_damaged_xlsx_is_rejected_not_a_crash(name, build):
    with pytest.raises(FileRejected):
        read_table(build(), "inventory.xlsx")


@functools.cache
def _small_workbook() -> bytes:
    return xlsx_bytes([["name", "provider"], ["Chatbot", "Acme"], ["Scorer", "Hooli"]])


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    phases=(Phase.explicit, Phase.generate),
)
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=4))
def test_mutated_xlsx_is_rejected_or_read_never_a_crash(flips):
    data = bytearray(_small_workbook())
    for position, value in flips:
        data[position % len(data)] = value
    try:
        read_table(bytes(data), "inventory.xlsx")
    except FileRejected:
        pass


def test_mapping_with_values_that_are_not_objects_is_rejected():
    with pytest.raises(FileRejected) as rejected:
        importer.check_file(
            b"name\nChatbot\n", "f.csv", AI_SYSTEM, {"values": {"lifecycle_stage": "x"}}
        )
    assert rejected.value.problems[0].field == "mapping"


@pytest.mark.parametrize(
    "data, filename",
    [
        (b"\r\n\r\nname,personal_data\r\nChatbot,yes\r\nScorer,maybe\r\n", "f.csv"),
        (None, "f.xlsx"),
    ],
    ids=["csv", "xlsx"],
)
def test_row_numbers_count_blank_rows_above_the_header(data, filename):
    if data is None:
        data = xlsx_bytes(
            [[""], [""], ["name", "personal_data"], ["Chatbot", "yes"], ["Scorer", "maybe"]]
        )
    with pytest.raises(FileRejected) as rejected:
        importer.check_file(data, filename, AI_SYSTEM)
    assert [(p.row, p.field) for p in rejected.value.problems] == [(5, "personal_data")]


def test_undecodable_byte_after_a_quoted_comma_names_its_column():
    data = 'name,description,provider\nM\u00fcller,"chat, and more",'.encode() + b"\xff\n"
    with pytest.raises(FileRejected) as rejected:
        importer.check_file(data, "f.csv", AI_SYSTEM)
    assert [(p.row, p.field) for p in rejected.value.problems] == [(2, "provider")]


def test_undecodable_byte_after_a_multiline_cell_names_its_spreadsheet_row():
    data = 'name,description,provider\nM\u00fcller,"two\nlines",Acme\nScorer,x,'.encode()
    with pytest.raises(FileRejected) as rejected:
        importer.check_file(data + b"\xff\n", "f.csv", AI_SYSTEM)
    assert [(p.row, p.field) for p in rejected.value.problems] == [(3, "provider")]


def test_duplicate_ids_in_a_column_headed_external_id_are_rejected():
    rows = [["external_id", "name"], ["E-1", "Chatbot"], ["E-1", "Scorer"]]
    with pytest.raises(FileRejected) as rejected:
        importer.check_file(csv_bytes(rows), "f.csv", AI_SYSTEM)
    assert [(p.row, p.field) for p in rejected.value.problems] == [(3, "external_id")]
