"""R1 for every register ``python -m store import`` takes: a planted fault is named by its row and
column, and a rejected file writes nothing (record counts, exports and audit trail unchanged).

The corpus is built from each register's field declarations (``tests/corpus/register_files.py``),
so a register added to ``store.registers.REGISTERS`` is covered without editing this file.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from risk_model.access import SYSTEM
from risk_model.file_reading import FileRejected, Problem
from store import Store, audit_trail
from store.registers import REGISTERS
from tests.corpus.broken_files import csv_bytes, xlsx_bytes
from tests.corpus.register_files import PlantedFault, planted_faults, valid_rows

IMPORTABLE = {name: io for name, io in REGISTERS.items() if io.import_file is not None}
SEED_SYSTEMS = [["external_id", "name"], ["S-1", "Credit scorer"], ["S-2", "Chatbot"]]
SEED_PEOPLE = [
    ["external_id", "name", "email"],
    ["P-1", "Ann Lee", "ann@example.com"],
    ["P-2", "Bo Chan", "bo@example.com"],
]


def _refs_of(db: Store) -> dict[str, list[str]]:
    systems = REGISTERS["inventory"].export(db)
    people = REGISTERS["people"].export(db)
    return {
        "systems": sorted(systems.loc[systems["external_id"].isin(["S-1", "S-2"]), "id"]),
        "people": sorted(people.loc[people["external_id"].isin(["P-1", "P-2"]), "id"]),
    }


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> tuple[Store, dict[str, list[str]]]:
    """Two systems, two people, and every register's valid file imported once."""
    db = Store(tmp_path_factory.mktemp("registers") / "r.duckdb")
    REGISTERS["inventory"].import_file(db, csv_bytes(SEED_SYSTEMS), "s.csv", SYSTEM, None)
    REGISTERS["people"].import_file(db, csv_bytes(SEED_PEOPLE), "p.csv", SYSTEM, None)
    refs = _refs_of(db)
    for name, io in IMPORTABLE.items():
        io.import_file(db, csv_bytes(valid_rows(io.register, refs)), f"{name}.csv", SYSTEM, None)
    return db, refs


def snapshot(db: Store) -> dict[str, int]:
    """Per register table its row count and last change; and the audit trail's length.

    Every write to a register appends to the audit trail in the same transaction, so an
    unchanged trail length with unchanged counts means nothing was written.
    """
    state: dict[str, object] = {}
    with db.connect() as connection:
        for io in IMPORTABLE.values():
            table = io.register.table  # a code constant, not input
            state[table] = connection.execute(
                f"SELECT count(*), max(updated_at) FROM {table}"
            ).fetchone()
        trail = audit_trail.verify(connection)
    assert trail.ok
    state["audit_trail"] = trail.rows
    return state


def _refs_for_collection() -> dict[str, list[str]]:
    """The ids the fixture's first two systems and people get (checked by a test below)."""
    prefixes = {
        k: REGISTERS[r].register.id_prefix
        for k, r in (("systems", "inventory"), ("people", "people"))
    }
    return {k: [f"{p}-0001", f"{p}-0002"] for k, p in prefixes.items()}


FAULTS = [
    fault
    for name, io in IMPORTABLE.items()
    for fault in planted_faults(name, io.register, _refs_for_collection())
]


def assert_named(error: FileRejected, row: int, field: str | None, phrase: str) -> Problem:
    found = [
        p
        for p in error.problems
        if p.row == row and p.field == (field or "") and phrase.casefold() in p.message.casefold()
    ]
    assert found, (
        f"expected row {row}, {field!r}, {phrase!r}; got {[str(p) for p in error.problems]}"
    )
    assert all(p.row == 0 or p.field for p in error.problems), "a row's problem names its column"
    return found[0]


def reject(db: Store, register: str, data: bytes, filename: str) -> FileRejected:
    before = snapshot(db)
    with pytest.raises(FileRejected) as rejected:
        IMPORTABLE[register].import_file(db, data, filename, SYSTEM, None)
    assert snapshot(db) == before, "a rejected file must write nothing"
    return rejected.value


def test_the_fixture_ids_match_the_collection_placeholders(seeded):
    db, refs = seeded
    assert refs == _refs_for_collection()


def test_every_importable_register_has_planted_faults():
    assert {f.register for f in FAULTS} == set(IMPORTABLE)
    assert {
        "inventory",
        "context-issues",
        "interested-parties",
        "risks",
        "people",
        "training",
    } <= set(IMPORTABLE)
    assert len(FAULTS) * 2 >= 50


@pytest.mark.parametrize("name", sorted(IMPORTABLE))
def test_a_valid_file_imports_once_and_then_changes_nothing(seeded, name):
    db, refs = seeded
    data = csv_bytes(valid_rows(IMPORTABLE[name].register, refs, prefix="again-"))
    first = IMPORTABLE[name].import_file(db, data, "f.csv", SYSTEM, None)
    second = IMPORTABLE[name].import_file(db, data, "f.csv", SYSTEM, None)
    # training matches a completion by person, course and date too, so it may update instead
    assert first.created + first.updated == 3
    assert (second.created, second.updated, second.unchanged) == (0, 0, 3)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f"{f.register}-{f.case}")
def test_planted_fault_is_named_and_nothing_is_written(seeded, fault: PlantedFault, fmt):
    db, _ = seeded
    data = csv_bytes(fault.rows) if fmt == "csv" else xlsx_bytes(fault.rows)
    error = reject(db, fault.register, data, f"{fault.register}.{fmt}")
    assert_named(error, fault.row, fault.field, fault.phrase)


# --- faults only a CSV file can have: bytes, quotes and sizes ----------------------------------


def _text_field(name: str) -> str:
    """A free-text field that is not the title, for a cell that spans lines."""
    register = IMPORTABLE[name].register
    return next(
        f.name
        for f in register.fields
        if f.kind in ("text", "long_text")
        and f.name != register.title_field
        and f.name
        not in (
            "features",
            "thresholds",
            "reference_source",
            "current_source",
            "system_id",
            "person_id",
        )
    )


def _csv_with_raw_title(name: str, refs, raw: bytes) -> bytes:
    """The valid file with Müller's multi-line, comma-holding cell on row 2 and ``raw`` as
    row 3's title (written byte for byte, after a quoted comma on the same row)."""
    register = IMPORTABLE[name].register
    rows = valid_rows(register, refs)
    header = rows[0]
    rows[1][header.index(_text_field(name))] = "Müller's cell\nspans two lines, with a comma"
    rows[2][header.index(_text_field(name))] = "quoted, with a comma"
    rows[2][header.index(register.title_field)] = "@@TITLE@@"
    return csv_bytes(rows).replace(b"@@TITLE@@", raw)


@pytest.mark.parametrize("name", sorted(IMPORTABLE))
def test_undecodable_byte_is_named_by_spreadsheet_row_and_column(seeded, name):
    db, refs = seeded
    error = reject(db, name, _csv_with_raw_title(name, refs, b"Caf\xff"), f"{name}.csv")
    title = IMPORTABLE[name].register.title_field
    assert [(p.row, p.field) for p in error.problems] == [(3, title)]
    assert_named(error, 3, title, "byte 0xff cannot be read")


@pytest.mark.parametrize("name", sorted(IMPORTABLE))
def test_unclosed_quote_is_named_by_row_and_column(seeded, name):
    db, refs = seeded
    data = _csv_with_raw_title(name, refs, b'"never closed')
    error = reject(db, name, data, f"{name}.csv")
    assert_named(error, 3, IMPORTABLE[name].register.title_field, "cannot be parsed")


@pytest.mark.parametrize("name", sorted(IMPORTABLE))
def test_huge_cell_is_named_and_refused(seeded, name):
    db, refs = seeded
    data = _csv_with_raw_title(name, refs, b"x" * 2_000_001)
    error = reject(db, name, data, f"{name}.csv")
    assert_named(error, 3, IMPORTABLE[name].register.title_field, "2,000,001 characters")


# --- faults only one register can have ---------------------------------------------------------


def _values(case) -> tuple:
    return tuple(case.values) if hasattr(case, "values") else case


SPECIFIC = [
    ("risks", "system_ids", "SYS-9999", "no AI system 'SYS-9999'"),
    ("risks", "inherent_likelihood", "9", "9"),
    ("training", "person_id", "Nobody Known", "no person 'Nobody Known'"),
    ("training", "score", "150", "150 is outside 0-100"),
    ("monitored-models", "features", "not json", "is not JSON"),
    ("monitored-models", "system_id", "SYS-9999", "no AI system"),
    ("monitored-models", "reference_source", "data.xls", "unsupported data source"),
    ("incidents", "system_id", "SYS-9999", "no AI system"),
    ("incidents", "occurred_on", "2030-01-01", "is after detection"),
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "name, field, value, phrase",
    [s for s in SPECIFIC if _values(s)[0] in IMPORTABLE],
    ids=[f"{_values(s)[0]}-{_values(s)[1]}" for s in SPECIFIC if _values(s)[0] in IMPORTABLE],
)
def test_register_specific_fault_is_named(seeded, name, field, value, phrase, fmt):
    db, refs = seeded
    rows = valid_rows(IMPORTABLE[name].register, refs)
    rows[2][rows[0].index(field)] = value
    data = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)
    error = reject(db, name, data, f"{name}.{fmt}")
    assert_named(error, 3, field, phrase)


# --- what spreadsheets write is read, not rejected ---------------------------------------------

SPREADSHEET_TEXT = "Müller – “Café” résumé"


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-16"])
@pytest.mark.parametrize("name", sorted(IMPORTABLE))
def test_windows_1252_bom_and_utf16_exports_import_verbatim(seeded, name, encoding):
    db, refs = seeded
    register = IMPORTABLE[name].register
    rows = valid_rows(register, refs, prefix=f"enc-{encoding}-")
    column = rows[0].index(register.title_field)
    for number, row in enumerate(rows[1:], start=1):
        row[column] = f"{SPREADSHEET_TEXT} {encoding} {number}"
    data = csv_bytes(
        rows,
        delimiter=";" if encoding == "cp1252" else ",",
        encoding=encoding,
        lineterminator="\r\n",
    )
    summary = IMPORTABLE[name].import_file(db, data, f"{name}.csv", SYSTEM, None)
    assert summary.created + summary.updated == 3
    titles = set(IMPORTABLE[name].export(db)[register.title_field])
    assert {f"{SPREADSHEET_TEXT} {encoding} {n}" for n in (1, 2, 3)} <= titles


# --- property-based: a corrupted valid file imports cleanly or is rejected, never half --------

CORRUPTIONS = st.lists(
    st.tuples(
        st.sampled_from(["truncate", "flip", "insert", "delete"]),
        st.floats(0, 1, exclude_max=True),
        st.sampled_from(
            [
                b",",
                b'"',
                b"\n",
                b"\r",
                b";",
                b"\t",
                b"\xff",
                b"\x00",
                b"\xe9",
                b"'",
                b"=",
                b"\xc3",
                b"x",
                b"9",
                b" ",
            ]
        ),
    ),
    min_size=1,
    max_size=3,
)


def corrupt(data: bytes, corruptions) -> bytes:
    for operation, where, byte in corruptions:
        at = int(where * len(data))
        if operation == "truncate":
            data = data[:at]
        elif operation == "flip":
            data = data[:at] + byte + data[at + 1 :]
        elif operation == "insert":
            data = data[:at] + byte + data[at:]
        else:
            data = data[:at] + data[at + 1 :]
    return data


def test_empty_status_cell_on_a_known_row_changes_nothing(seeded):
    """The generic import leaves an empty status as it was (fixed in store/importer.py)."""
    db, refs = seeded
    for name, io in IMPORTABLE.items():
        rows = valid_rows(io.register, refs)
        if "status" not in rows[0]:
            continue
        rows[3][rows[0].index("status")] = ""
        summary = io.import_file(db, csv_bytes(rows), f"{name}.csv", SYSTEM, None)
        assert summary.created == 0, name


@pytest.mark.parametrize("name", sorted(IMPORTABLE))
@settings(
    max_examples=12,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(corruptions=CORRUPTIONS)
def test_corrupted_file_imports_cleanly_or_is_rejected_whole(seeded, name, corruptions):
    db, refs = seeded
    data = corrupt(csv_bytes(valid_rows(IMPORTABLE[name].register, refs)), corruptions)
    before = snapshot(db)
    try:
        summary = IMPORTABLE[name].import_file(db, data, f"{name}.csv", SYSTEM, None)
    except FileRejected as error:
        assert error.problems and all(str(p).strip() for p in error.problems)
        assert all(p.row == 0 or p.field for p in error.problems), [str(p) for p in error.problems]
        assert snapshot(db) == before
        return
    after = snapshot(db)
    table = IMPORTABLE[name].register.table
    assert after[table][0] == before[table][0] + summary.created
    others = [k for k in before if k not in (table, "audit_trail")]
    assert {k: after[k] for k in others} == {k: before[k] for k in others}
