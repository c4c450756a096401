"""Issue 13: a register shaped like the 2024 federal AI use-case inventory imports as published.

The file (``tests/corpus/federal_2024.py``, kept in ``data/samples/``) has repeated headers, no
id column, repeated names and true twins, "N/A" in yes/no columns, trailing spaces and curly
quotes in headers, and Windows-1252 text. The tests drive the command line as the README does.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest

from commands.store_cli import main
from risk_model.access import SYSTEM
from risk_model.file_reading import FileRejected, read_table
from risk_model.inventory import AI_SYSTEM
from store import importer, registers
from store.records import CLASSIFIER_FIELDS
from tests.corpus import federal_2024

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "samples" / "federal_ai_inventory_2024_shaped.csv"
MAPPING = ROOT / "data" / "mappings" / "federal_ai_inventory_2024_shaped.json"
OTHER_COLUMNS = [6, 16, 27, 30, 41, 47, 50, 54]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def grid_csv(grid: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(grid)
    return out.getvalue().encode("utf-8")


def mapping() -> dict:
    return json.loads(MAPPING.read_text(encoding="utf-8"))


def test_the_sample_is_the_generators_output_and_has_the_real_files_traits():
    data = SAMPLE.read_bytes()
    assert data == federal_2024.file_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    table = read_table(data, SAMPLE.name)
    assert table.encoding == "windows-1252"
    assert len(table.columns) == 62
    assert [i + 1 for i, c in enumerate(table.columns) if c == federal_2024.OTHER] == OTHER_COLUMNS
    assert not any("id" in c.casefold().split() for c in table.columns)
    names = Counter(row[0] for row in table.rows)
    assert sum(1 for n in names.values() if n > 1) >= 90
    twins = Counter(tuple(row) for row in table.rows)
    assert sum(1 for n in twins.values() if n > 1) >= 5
    assert "Describe the AI system\u2019s outputs." in table.columns  # trailing space trimmed
    raw_header = data.split(b"\r\n", 1)[0].decode("cp1252")
    assert "Use Case Name ," in raw_header and "\u201cDevelopment Method\u201d" in raw_header
    yes_no = table.columns.index("Has an AI impact assessment been completed?")
    assert Counter(row[yes_no] for row in table.rows)["N/A"] > 40


def test_by_default_repeated_names_are_refused_listing_rows_and_choices(tmp_path, capsys):
    db = tmp_path / "aims.duckdb"
    code, out, err = run(capsys, "import", "inventory", SAMPLE, "--mapping", MAPPING, "--db", db)
    assert code == 2 and out == ""
    table = read_table(SAMPLE.read_bytes())
    rows_of = {}
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        rows_of.setdefault(row[0], []).append(number)
    repeated = {n: r for n, r in rows_of.items() if len(r) > 1}
    assert f"{len(repeated)} problem(s)" in err
    name, where = next(iter(repeated.items()))
    listed = ", ".join(map(str, where[:-1])) + f" and {where[-1]}"
    assert f"row {where[1]}, name: rows {listed} share the name {name!r}" in err
    assert "--match none (every row a new record)" in err
    assert "--match FIELD,name (no mapped field tells every row apart" in err
    assert "If Other" not in err  # the repeated, unmapped headers are no problem
    code, out, _ = run(capsys, "export", "inventory", "--db", db)
    assert out.count("\n") == 1  # nothing was written: the export is its header alone


def test_match_on_unit_and_name_leaves_only_the_true_twins(tmp_path, capsys):
    db = tmp_path / "aims.duckdb"
    code, _, err = run(
        capsys,
        "import",
        "inventory",
        SAMPLE,
        "--mapping",
        MAPPING,
        "--db",
        db,
        "--match",
        "business_unit,name",
    )
    assert code == 2
    table = read_table(SAMPLE.read_bytes())
    unit = table.columns.index("Agency")
    pairs = Counter((row[unit], row[0]) for row in table.rows)
    twins = {k for k, n in pairs.items() if n > 1}
    assert f"{len(twins)} problem(s)" in err
    for agency, name in twins:
        assert f"share the business unit and name '{agency} / {name}'" in err


def test_match_none_imports_every_row_then_the_export_reimports_unchanged(tmp_path, capsys):
    db = tmp_path / "aims.duckdb"
    code, out, err = run(
        capsys, "import", "inventory", SAMPLE, "--mapping", MAPPING, "--db", db, "--match", "none"
    )
    table = read_table(SAMPLE.read_bytes())
    assert (code, err) == (0, "")
    assert f"{len(table.rows)} created, 0 updated, 0 unchanged" in out
    assert (
        "note: ignored 8 columns headed 'If Other, please explain.' (columns "
        + ", ".join(map(str, OTHER_COLUMNS))
        + "): the header repeats and the mapping names none of them"
    ) in out
    assert "export the register (python -m store export inventory --output FILE)" in out

    exported = tmp_path / "inventory.csv"
    assert run(capsys, "export", "inventory", "--db", db, "--output", exported)[0] == 0
    frame = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8-sig"))))
    assert len(frame) == len(table.rows)
    pii = table.columns.index(
        "Does this AI use case involve personally identifiable information (PII) that is "
        "maintained by the agency?"
    )
    expected = Counter({"Yes": "yes", "No": "no", "N/A": ""}[row[pii]] for row in table.rows)
    assert Counter(r["personal_data"] for r in frame) == expected
    assert "" in {r["last_review_date"] for r in frame}  # "TBD" read as blank

    code, out, err = run(capsys, "import", "inventory", exported, "--db", db)
    assert (code, err) == (0, "")
    assert f"{len(table.rows)} rows into the AI system inventory: 0 created, 0 updated" in out
    again = tmp_path / "again.csv"
    run(capsys, "export", "inventory", "--db", db, "--output", again)
    assert again.read_bytes() == exported.read_bytes()


def test_without_the_blank_entry_na_in_a_yes_no_column_is_an_error(tmp_path):
    without = {k: v for k, v in mapping().items() if k != "blank"}
    without["match"] = "none"
    with pytest.raises(FileRejected) as refused:
        importer.check_file(SAMPLE.read_bytes(), SAMPLE.name, AI_SYSTEM, without)
    fields = Counter(p.field for p in refused.value.problems)
    assert "'N/A' is not yes or no" in {p.message for p in refused.value.problems}
    assert fields["Does the AI use case make or support decisions about individuals?"] > 40


def test_headers_and_mapping_keys_match_despite_spaces_nbsp_and_curly_quotes(db):
    data = "\ufeff Name\u00a0 ,\u201cVendor\u201d ,Agency\u2019s unit\nChatbot,Acme,Retail\n"
    plain = {
        "columns": {
            '"vendor"': "provider",
            "agency's   unit": "business_unit",
        }
    }
    summary = importer.import_file(db, AI_SYSTEM, data.encode(), "f.csv", SYSTEM, plain)
    assert summary.created == 1
    record = importer.export_frame(db, AI_SYSTEM).iloc[0]
    assert (record["name"], record["provider"], record["business_unit"]) == (
        "Chatbot",
        "Acme",
        "Retail",
    )


def test_a_mapped_repeated_header_is_an_error_until_chosen_by_position(db):
    data = b"name,note,note\nChatbot,first,second\n"
    by_name = {"columns": {"note": "description"}}
    with pytest.raises(FileRejected) as refused:
        importer.import_file(db, AI_SYSTEM, data, "f.csv", SYSTEM, by_name)
    assert [str(p) for p in refused.value.problems] == [
        "file, note: columns 2 and 3 are all headed 'note', and it maps to description; choose "
        'one by its position in the mapping, e.g. "#2": "description" (the others are then '
        "ignored)"
    ]
    summary = importer.import_file(
        db, AI_SYSTEM, data, "f.csv", SYSTEM, {"columns": {"#3": "description"}}
    )
    assert summary.created == 1
    assert importer.export_frame(db, AI_SYSTEM).iloc[0]["description"] == "second"


def importable() -> list[str]:
    return [n for n, io in registers.REGISTERS.items() if io.import_file is not None]


@pytest.mark.parametrize("name", importable())
def test_every_register_ignores_repeated_headers_reads_blanks_and_honours_match_none(demo_db, name):
    """Item 7: one reader for every register. A register's own export, with two unmapped
    repeated columns and "N/A" written into every empty cell, imports with ``match: none``
    as new records (ids left out) and names the ignored columns in its notes."""
    io_ = registers.get(name)
    frame = io_.export(demo_db).head(3)
    kept_out = ("id", "external_id", *CLASSIFIER_FIELDS.get(io_.register.table, ()))
    frame = frame.drop(columns=[c for c in kept_out if c in frame])
    grid = [[*frame.columns, "Comment", "Comment"]]
    for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False):
        cells = ["N/A" if v in (None, "") else str(v) for v in row]
        grid.append([*cells, "x", "y"])
    before = len(io_.export(demo_db))
    summary = io_.import_file(
        demo_db, grid_csv(grid), "f.csv", SYSTEM, {"blank": ["N/A"], "match": "none"}
    )
    assert (summary.created, summary.updated) == (3, 0)
    assert len(io_.export(demo_db)) == before + 3
    assert any("ignored 2 columns headed 'Comment'" in n for n in summary.notes)
    assert any("it carries each record's id" in n for n in summary.notes)
