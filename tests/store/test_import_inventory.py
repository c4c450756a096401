"""Importing the AI system inventory: what real exports look like must import, and stay verbatim.

Expected values come from the tables the tests write (and from parsing the exported bytes with
``csv`` and ``openpyxl``), never from the importer's own output.
"""

from __future__ import annotations

import csv
import io
import itertools
import uuid
from datetime import date, datetime

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.tabular import to_csv_bytes, to_xlsx_bytes
from risk_model.access import SYSTEM
from risk_model.file_reading import FileRejected
from risk_model.inventory import AI_SYSTEM, LIFECYCLE_STAGES
from store import Store, audit_trail, importer, inventory
from tests.corpus.broken_files import csv_bytes, xlsx_bytes

REF = {"columns": {"Ref": "external_id"}}
"""Files here carry their own ids in a "Ref" column (a column headed external_id is not
mapped explicitly so the tests do not depend on header recognition)."""


def systems(db: Store) -> list[dict]:
    """Every stored record, full, in id order."""
    with db.connect():  # one open for all the reads
        ids = importer.export_frame(db, AI_SYSTEM)["id"].tolist()
        return [inventory.get_system(db, i) for i in ids]


def by_name(db: Store) -> dict[str, dict]:
    return {r["name"]: r for r in systems(db)}


# --- what must NOT be an error -----------------------------------------------------------------

REFERENCE = [
    ["name", "provider", "ai_roles", "personal_data", "owner"],
    ["Müller credit scoring", "Société Générale – €", "Provider; Customer", "yes", "Zoë"],
    ["Chatbot", "Acme", "customer", "no", "Ann"],
]


def _with_trailing_empty_columns(rows, fill=""):
    return [[*row, fill, fill] for row in rows]


def _with_blank_lines(data: bytes) -> bytes:
    header, rest = data.split(b"\n", 1)
    return b"\n\n".join([header, *rest.split(b"\n")]) + b"\n\n"


DIALECTS = {
    "windows-1252": (lambda: csv_bytes(REFERENCE, encoding="cp1252"), "windows-1252"),
    "windows-1252-semicolon-crlf": (
        lambda: csv_bytes(REFERENCE, ";", "cp1252", "\r\n"),
        "windows-1252",
    ),
    "utf-8-bom": (lambda: csv_bytes(REFERENCE, encoding="utf-8-sig"), "utf-8"),
    "utf-16-le-bom-tab-crlf": (lambda: csv_bytes(REFERENCE, "\t", "utf-16", "\r\n"), "utf-16"),
    "utf-16-be-bom": (
        lambda: b"\xfe\xff" + csv_bytes(REFERENCE, encoding="utf-16-be"),
        "utf-16",
    ),
    "semicolon": (lambda: csv_bytes(REFERENCE, ";"), "utf-8"),
    "tab": (lambda: csv_bytes(REFERENCE, "\t"), "utf-8"),
    "pipe": (lambda: csv_bytes(REFERENCE, "|"), "utf-8"),
    "crlf": (lambda: csv_bytes(REFERENCE, lineterminator="\r\n"), "utf-8"),
    "trailing-empty-columns": (
        lambda: csv_bytes(_with_trailing_empty_columns(REFERENCE)),
        "utf-8",
    ),
    "blank-lines": (lambda: _with_blank_lines(csv_bytes(REFERENCE)), "utf-8"),
    "xlsx": (lambda: xlsx_bytes(REFERENCE), ""),
    "xlsx-trailing-empty-columns": (
        lambda: xlsx_bytes(_with_trailing_empty_columns(REFERENCE, " ")),
        "",
    ),
}


@pytest.mark.parametrize("dialect", DIALECTS)
def test_real_world_encodings_and_dialects_import(db, dialect):
    build, encoding = DIALECTS[dialect]
    filename = "inventory.xlsx" if dialect.startswith("xlsx") else "inventory.csv"
    summary = importer.import_file(db, AI_SYSTEM, build(), filename, SYSTEM)
    assert (summary.created, summary.updated, summary.encoding) == (2, 0, encoding)
    stored = by_name(db)
    assert sorted(stored) == sorted(row[0] for row in REFERENCE[1:])
    muller, chatbot = stored[REFERENCE[1][0]], stored["Chatbot"]
    assert muller["provider"] == "Société Générale – €"
    assert muller["owner"] == "Zoë"
    assert list(muller["ai_roles"]) == ["provider", "customer"]
    assert (muller["personal_data"], chatbot["personal_data"]) == (True, False)
    assert list(chatbot["ai_roles"]) == ["customer"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_file_with_only_a_header_imports_zero_rows_without_error(db, fmt):
    header = [["name", "provider", "owner"]]
    data = csv_bytes(header) if fmt == "csv" else xlsx_bytes(header)
    summary = importer.import_file(db, AI_SYSTEM, data, f"f.{fmt}", SYSTEM)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 0)
    assert systems(db) == []


def test_xlsx_date_cells_booleans_and_numbers_import_as_values(db):
    rows = [
        ["Ref", "name", "last_review_date", "next_review_date", "personal_data", "description"],
        [101, "Chatbot", date(2024, 3, 4), datetime(2025, 3, 4, 0, 0), True, 2.5],
        [102.0, "Scorer", datetime(2024, 12, 31, 16, 45), "2025-06-30", False, 7],
    ]
    importer.import_file(db, AI_SYSTEM, xlsx_bytes(rows), "f.xlsx", SYSTEM, REF)
    stored = by_name(db)
    chatbot, scorer = stored["Chatbot"], stored["Scorer"]
    assert (chatbot["external_id"], scorer["external_id"]) == ("101", "102")
    assert (chatbot["last_review_date"], chatbot["next_review_date"]) == (
        date(2024, 3, 4),
        date(2025, 3, 4),
    )
    assert (scorer["last_review_date"], scorer["next_review_date"]) == (
        date(2024, 12, 31),
        date(2025, 6, 30),
    )
    assert (chatbot["personal_data"], scorer["personal_data"]) == (True, False)
    assert (chatbot["description"], scorer["description"]) == ("2.5", "7")


def test_unambiguous_date_spellings_are_read(db):
    spellings = {
        "2024-03-04": date(2024, 3, 4),
        "2024/03/05": date(2024, 3, 5),
        "06.03.2024": date(2024, 3, 6),
        "7 March 2024": date(2024, 3, 7),
        "Mar 8, 2024": date(2024, 3, 8),
        "13/03/2024": date(2024, 3, 13),
        "03/14/2024": date(2024, 3, 14),
        "04/04/2024": date(2024, 4, 4),
        "2024-03-15T10:30:00": date(2024, 3, 15),
    }
    rows = [["name", "last_review_date"]] + [[f"S {t}", t] for t in spellings]
    importer.import_file(db, AI_SYSTEM, csv_bytes(rows), "f.csv", SYSTEM)
    stored = by_name(db)
    assert {t: stored[f"S {t}"]["last_review_date"] for t in spellings} == spellings


YES_NO = {
    "yes": True,
    "Yes": True,
    " YES ": True,
    "y": True,
    "Y": True,
    "true": True,
    "TRUE": True,
    "t": True,
    "1": True,
    "x": True,
    "ja": True,
    "oui": True,
    "no": False,
    "No": False,
    "n": False,
    "N": False,
    "false": False,
    "False": False,
    "f": False,
    "0": False,
    "nein": False,
    "non": False,
    "": None,
}


def test_yes_no_variants(db):
    rows = [["name", "makes_decisions_about_people"]]
    rows += [[f"System {i}", text] for i, text in enumerate(YES_NO)]
    importer.import_file(db, AI_SYSTEM, csv_bytes(rows), "f.csv", SYSTEM)
    stored = by_name(db)
    got = {
        text: stored[f"System {i}"]["makes_decisions_about_people"] for i, text in enumerate(YES_NO)
    }
    assert got == YES_NO


ROLE_SPELLINGS = {
    "Provider; Customer": ["provider", "customer"],
    "provider, customer": ["provider", "customer"],
    "AI provider / AI customer": ["provider", "customer"],
    "Producer and Partner": ["producer", "partner"],
    "customer|provider": ["customer", "provider"],
    "Provider + Provider": ["provider"],
    "PARTNER": ["partner"],
    "Provider\nCustomer": ["provider", "customer"],
}


def test_multi_valued_ai_roles(db):
    rows = [["name", "Organisation's AI roles"]]
    rows += [[f"System {i}", text] for i, text in enumerate(ROLE_SPELLINGS)]
    importer.import_file(db, AI_SYSTEM, csv_bytes(rows), "f.csv", SYSTEM)
    stored = by_name(db)
    for i, (text, roles) in enumerate(ROLE_SPELLINGS.items()):
        record = stored[f"System {i}"]
        assert list(record["ai_roles"]) == roles, text
        assert importer.source_values(record) == {}


def test_unknown_enum_spellings_import_as_unknown_keeping_the_original_text(db):
    rows = [
        ["name", "lifecycle_stage", "sourcing", "ai_roles", "status"],
        ["Odd one", " Live-ish ", "Outsourced", "Provider; Seller", "active"],
        ["Plain", "Deployment", "Built in-house", "AI customer", ""],
    ]
    importer.import_file(db, AI_SYSTEM, csv_bytes(rows), "f.csv", SYSTEM)
    stored = by_name(db)
    odd = inventory.get_system(db, stored["Odd one"]["id"])
    assert (odd["lifecycle_stage"], odd["sourcing"]) == ("unknown",) * 2
    assert list(odd["ai_roles"]) == ["provider"]
    assert importer.source_values(odd) == {
        "lifecycle_stage": "Live-ish",
        "sourcing": "Outsourced",
        "ai_roles": "Provider; Seller",
    }
    plain = stored["Plain"]
    assert (plain["lifecycle_stage"], plain["sourcing"], plain["eu_ai_act_tier"]) == (
        "deployment",
        "in-house",
        "unclassified",
    )
    assert list(plain["ai_roles"]) == ["customer"]
    assert importer.source_values(plain) == {}
    assert plain["status"] == "active"


def test_enum_spellings_map_through_the_mapping_values(db):
    mapping = {
        "columns": {"Stage": "lifecycle_stage", "Build": "sourcing", "Roles": "ai_roles"},
        "values": {
            "lifecycle_stage": {"Live": "operation and monitoring", "POC": "inception"},
            "sourcing": {"Bought": "procured"},
            "ai_roles": {"Seller": "provider", "User": "customer"},
        },
    }
    rows = [
        ["name", "Stage", "Build", "Roles"],
        ["A", "Live", "Bought", "Seller; User"],
        ["B", "POC", "hybrid", "User"],
        ["C", "Retired-ish", "Bought", "Seller, Reseller"],
    ]
    importer.import_file(db, AI_SYSTEM, csv_bytes(rows), "f.csv", SYSTEM, mapping)
    stored = by_name(db)
    assert [stored[n]["lifecycle_stage"] for n in "ABC"] == [
        "operation and monitoring",
        "inception",
        "unknown",
    ]
    assert [stored[n]["sourcing"] for n in "ABC"] == ["procured", "hybrid", "procured"]
    assert [list(stored[n]["ai_roles"]) for n in "ABC"] == [
        ["provider", "customer"],
        ["customer"],
        ["provider"],
    ]
    assert [importer.source_values(stored[n]) for n in "AB"] == [{}, {}]
    assert importer.source_values(stored["C"]) == {
        "lifecycle_stage": "Retired-ish",
        "ai_roles": "Seller, Reseller",
    }
    assert set(LIFECYCLE_STAGES) >= {stored[n]["lifecycle_stage"] for n in "AB"}


# --- re-import: no duplicates, changes updated and audited -------------------------------------

FULL = [
    [
        "Ref",
        "name",
        "description",
        "provider",
        "sourcing",
        "business_function",
        "business_unit",
        "data_inputs",
        "personal_data",
        "makes_decisions_about_people",
        "eu_ai_act_tier",
        "eu_ai_act_basis",
        "owner",
        "integration_points",
        "lifecycle_stage",
        "ai_roles",
        "last_review_date",
        "next_review_date",
        "status",
    ],
    [
        "R-1",
        "Loan triage",
        "Ranks loan applications",
        "Acme",
        "procured",
        "Lending",
        "Retail",
        "credit file; income",
        "yes",
        "yes",
        "",
        "",
        "Ann",
        "CRM; core banking",
        "deployment",
        "customer",
        "2024-01-31",
        "2025-01-31",
        "active",
    ],
    [
        "R-2",
        "Chatbot",
        "Answers questions",
        "",
        "in-house",
        "Service",
        "Retail",
        "",
        "no",
        "",
        "",
        "",
        "Bo",
        "",
        "operation and monitoring",
        "producer; provider",
        "",
        "",
        "active",
    ],
    [
        "R-3",
        "Old scorer",
        "",
        "Initech",
        "hybrid",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "retirement",
        "",
        "2020-05-05",
        "",
        "retired",
    ],
]


@pytest.mark.parametrize("with_ids", [True, False], ids=["by-external-id", "by-name"])
def test_importing_the_same_file_twice_creates_no_duplicates(db, with_ids):
    rows = FULL if with_ids else [row[1:] for row in FULL]
    mapping = REF if with_ids else None
    first = importer.import_file(db, AI_SYSTEM, csv_bytes(rows), "f.csv", SYSTEM, mapping)
    before = systems(db)
    second = importer.import_file(db, AI_SYSTEM, csv_bytes(rows), "f.csv", SYSTEM, mapping)
    assert (first.created, second.created, second.updated, second.unchanged) == (3, 0, 0, 3)
    assert systems(db) == before


def test_a_changed_value_updates_the_record_and_is_audited(db):
    importer.import_file(db, AI_SYSTEM, csv_bytes(FULL), "f.csv", SYSTEM, REF)
    changed = [row[:] for row in FULL]
    changed[1][3] = "Acme Europe GmbH"  # provider of R-1
    changed[2][1] = "Chatbot v2"  # renamed: still the same record, matched by its id
    summary = importer.import_file(db, AI_SYSTEM, csv_bytes(changed), "f.csv", SYSTEM, REF)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 2, 1)
    stored = {r["external_id"]: r for r in systems(db)}
    assert len(stored) == 3
    assert stored["R-1"]["provider"] == "Acme Europe GmbH"
    assert stored["R-2"]["name"] == "Chatbot v2"
    with db.connect() as connection:
        trail = audit_trail.history(connection, "ai_systems", stored["R-1"]["id"])
    updates = [e for e in trail if e["action"] == "update"]
    assert [(e["field"], e["old_value"], e["new_value"]) for e in updates] == [
        ("provider", "Acme", "Acme Europe GmbH")
    ]
    assert updates[0]["actor"] == SYSTEM.name


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_round_trips_with_nothing_created_or_changed(db, fmt):
    importer.import_file(db, AI_SYSTEM, csv_bytes(FULL), "f.csv", SYSTEM, REF)
    frame = importer.export_frame(db, AI_SYSTEM)
    data = to_csv_bytes(frame) if fmt == "csv" else to_xlsx_bytes(frame, "inventory")
    before = systems(db)
    summary = importer.import_file(db, AI_SYSTEM, data, f"export.{fmt}", SYSTEM)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 3)
    assert systems(db) == before
    assert importer.export_frame(db, AI_SYSTEM).equals(frame)


# --- hostile text is stored verbatim and neutralised in exports --------------------------------

FORMULAS = ["=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)"]
HOSTILE = [
    "Robert'); DROP TABLE ai_systems;--",
    *FORMULAS,
    "\u202eexe.tnemucod",
    "a\u200db\u200dc",
    "🤖 model 👩🏽‍💻",
    "信用评分系统",
    "e\u0301te\u0301 Zoe\u0308",
    '"quoted", with comma; and semicolon',
    "line one\nline two",
]
BIG = "1 MB of text " + "ä" * (2**20)


@pytest.fixture
def hostile_db(db) -> Store:
    rows = [["Ref", "name", "description"]]
    rows += [[f"H-{i}", text, text] for i, text in enumerate(HOSTILE)]
    rows.append(["H-big", "Big", BIG])
    importer.import_file(db, AI_SYSTEM, csv_bytes(rows), "f.csv", SYSTEM, REF)
    return db


def test_hostile_strings_are_stored_verbatim(hostile_db):
    stored = {r["external_id"]: r for r in systems(hostile_db)}
    assert len(stored) == len(HOSTILE) + 1
    for i, text in enumerate(HOSTILE):
        assert (stored[f"H-{i}"]["name"], stored[f"H-{i}"]["description"]) == (text, text)
    assert stored["H-big"]["description"] == BIG


def _expected_in_export(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def test_hostile_strings_are_neutralised_in_the_csv_export(hostile_db):
    data = to_csv_bytes(importer.export_frame(hostile_db, AI_SYSTEM))
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    stored = {r["external_id"]: r for r in rows}
    for i, text in enumerate(HOSTILE):
        assert stored[f"H-{i}"]["name"] == _expected_in_export(text)
        assert stored[f"H-{i}"]["description"] == _expected_in_export(text)
    assert stored["H-big"]["description"] == BIG
    formulas = [v for row in rows for v in row.values() if v[:1] in ("=", "+", "-", "@")]
    assert formulas == []


def test_hostile_strings_are_neutralised_in_the_xlsx_export(hostile_db):
    data = to_xlsx_bytes(importer.export_frame(hostile_db, AI_SYSTEM), "inventory")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header, *body = [list(r) for r in sheet.iter_rows(values_only=True)]
    stored = {row[header.index("external_id")]: dict(zip(header, row, strict=True)) for row in body}
    for i, text in enumerate(HOSTILE):
        assert stored[f"H-{i}"]["name"] == _expected_in_export(text)
        assert stored[f"H-{i}"]["description"] == _expected_in_export(text)
    big = stored["H-big"]["description"]
    assert len(big) <= 32_767 and BIG.startswith(big[:32_000])
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "no cell is a formula"


# --- property-based: random text tables import and read back verbatim --------------------------


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory) -> Store:
    return Store(tmp_path_factory.mktemp("hypothesis") / "t.duckdb")


def _latin1_letters(c: str) -> bool:
    """cp1252 characters whose bytes can never form a UTF-8 sequence (ASCII or 0xC0-0xFF)."""
    return ord(c) < 0x80 or c.encode("cp1252")[0] >= 0xC0


ALPHABETS = {
    "utf-8": st.characters(codec="utf-8", exclude_characters="\x00"),
    "cp1252": st.characters(codec="cp1252", exclude_characters="\x00").filter(_latin1_letters),
}
_counter = itertools.count()


def _table(alphabet):
    text = st.text(alphabet, max_size=30)
    name = text.filter(lambda s: s.strip())
    return st.lists(st.tuples(name, text, text), min_size=1, max_size=4)


def _assert_round_trip(db: Store, rows, encoding: str) -> None:
    prefix = f"P{next(_counter)}-{uuid.uuid4().hex[:6]}-"
    table = [["Ref", "name", "description", "provider"]]
    table += [[f"{prefix}{i}", *row] for i, row in enumerate(rows)]
    data = csv_bytes(table, encoding=encoding, lineterminator="\r\n")  # quotes \r and \n
    summary = importer.import_file(db, AI_SYSTEM, data, "f.csv", SYSTEM, REF)
    assert summary.created == len(rows)
    frame = importer.export_frame(db, AI_SYSTEM)
    frame = frame[frame["external_id"].fillna("").str.startswith(prefix)]
    got = {r["external_id"]: r for r in frame.to_dict("records")}
    for i, (name, description, provider) in enumerate(rows):
        record = got[f"{prefix}{i}"]
        assert record["name"] == name.strip()
        assert (record["description"] or "") == description.strip()
        assert (record["provider"] or "") == provider.strip()


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=_table(ALPHABETS["utf-8"]))
def test_random_utf8_tables_read_back_verbatim(shared_db, rows):
    _assert_round_trip(shared_db, rows, "utf-8")


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=_table(ALPHABETS["cp1252"]))
def test_random_windows_1252_tables_read_back_verbatim(shared_db, rows):
    _assert_round_trip(shared_db, rows, "cp1252")


# --- fixed bugs, kept as regression tests ----------------------------------------------------


@pytest.mark.parametrize("text", ["“Café”", "Résumé’s", "Café…", "Zoë–Renée"])
def test_windows_1252_punctuation_after_an_accented_letter_imports(db, text):
    data = csv_bytes([["name", "description"], ["Chatbot", text]], encoding="cp1252")
    importer.import_file(db, AI_SYSTEM, data, "f.csv", SYSTEM)
    assert by_name(db)["Chatbot"]["description"] == text


def test_rows_with_blank_ids_sharing_a_name_are_not_merged_silently(db):
    rows = [
        ["Ref", "name", "provider"],
        ["R1", "Chatbot", "Acme"],
        ["", "Scorer", "Hooli"],
        ["", "Scorer", "Initech"],
    ]
    # Chosen behaviour: the file is rejected, listing the rows and the ways out. Importing
    # both by name would leave two records that the next import could not tell apart either.
    with pytest.raises(FileRejected) as rejected:
        importer.import_file(db, AI_SYSTEM, csv_bytes(rows), "f.csv", SYSTEM, REF)
    assert [(p.row, p.field) for p in rejected.value.problems] == [(4, "name")]
    assert rejected.value.problems[0].message == (
        "rows 3 and 4 share the name 'Scorer' and no id tells them apart; choose how rows match "
        "records: --match provider,name (which tells every row apart), --match none (every row "
        "a new record), or give each row an external id"
    )
    assert systems(db) == []


def test_a_row_without_an_id_may_share_a_name_with_a_row_that_has_one(db):
    rows = [["Ref", "name", "provider"], ["R1", "Chatbot", "Acme"], ["", "Chatbot", "Hooli"]]
    summary = importer.import_file(db, AI_SYSTEM, csv_bytes(rows), "f.csv", SYSTEM, REF)
    assert summary.created == 2
    assert sorted((r["external_id"] or "", r["provider"]) for r in systems(db)) == [
        ("", "Hooli"),
        ("R1", "Acme"),
    ]


def test_round_trip_keeps_the_original_text_of_unknown_spellings(db):
    rows = [["name", "lifecycle_stage"], ["Odd one", "Live-ish"]]
    importer.import_file(db, AI_SYSTEM, csv_bytes(rows), "f.csv", SYSTEM)
    data = to_csv_bytes(importer.export_frame(db, AI_SYSTEM))
    importer.import_file(db, AI_SYSTEM, data, "export.csv", SYSTEM)
    record = by_name(db)["Odd one"]
    assert importer.source_values(record) == {"lifecycle_stage": "Live-ish"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_of_neutralised_text_is_verbatim(db, fmt):
    rows = [["name", "description"]] + [[f"S{i}", text] for i, text in enumerate(FORMULAS)]
    importer.import_file(db, AI_SYSTEM, csv_bytes(rows), "f.csv", SYSTEM)
    frame = importer.export_frame(db, AI_SYSTEM)
    data = to_csv_bytes(frame) if fmt == "csv" else to_xlsx_bytes(frame)
    summary = importer.import_file(db, AI_SYSTEM, data, f"export.{fmt}", SYSTEM)
    assert summary.updated == 0
    assert [by_name(db)[f"S{i}"]["description"] for i in range(len(FORMULAS))] == FORMULAS


def test_round_trip_of_a_partial_file_changes_nothing(db):
    importer.import_file(db, AI_SYSTEM, b"name,provider\nChatbot,Acme\n", "f.csv", SYSTEM)
    data = to_csv_bytes(importer.export_frame(db, AI_SYSTEM))
    summary = importer.import_file(db, AI_SYSTEM, data, "export.csv", SYSTEM)
    assert (summary.updated, summary.unchanged) == (0, 1)


def test_xlsx_export_survives_control_characters(db):
    rows = [["name", "description"], ["Terminal \x1b[31mred\x1b[0m", "bell\x07"]]
    importer.import_file(db, AI_SYSTEM, csv_bytes(rows), "f.csv", SYSTEM)
    data = to_xlsx_bytes(importer.export_frame(db, AI_SYSTEM))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.max_row == 2


def test_csv_export_of_a_bare_carriage_return_reads_back(db):
    rows = [["name", "description"], ["Chatbot", "first\rsecond"]]
    importer.import_file(db, AI_SYSTEM, csv_bytes(rows, lineterminator="\r\n"), "f.csv", SYSTEM)
    assert by_name(db)["Chatbot"]["description"] == "first\rsecond"
    data = to_csv_bytes(importer.export_frame(db, AI_SYSTEM))
    exported = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [r["description"] for r in exported] == ["first\rsecond"]


def test_xlsx_export_marks_text_cut_at_the_excel_cell_limit(db):
    rows = [["name", "description"], ["Big", BIG]]
    importer.import_file(db, AI_SYSTEM, csv_bytes(rows), "f.csv", SYSTEM)
    data = to_xlsx_bytes(importer.export_frame(db, AI_SYSTEM), "inventory")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("description") + 1).value
    assert len(cell) == 32_767
    assert cell.endswith("[truncated: full text in the CSV export]")
