"""Risk register CSV/XLSX export and all-or-nothing import, in the store and on the command line."""

from __future__ import annotations

import csv
import io

import duckdb
import pytest

from commands import store_cli as cli
from reports.tabular import to_csv_bytes, to_xlsx_bytes
from risk_model.access import SYSTEM
from risk_model.file_reading import FileRejected
from store import risk_files, risks
from tests.conftest import REFERENCE
from tests.store.test_risk_store import band_5x5

MIT_IDS = {
    row.split("\t")[0] for row in (REFERENCE / "mit_risk_domains.tsv").read_text().splitlines()[1:]
}


def rows_of(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_cli_csv_export_carries_ids_systems_subdomains_and_levels(demo_db, tmp_path):
    out = tmp_path / "risks.csv"
    assert (
        cli.main(
            ["export", "risks", "--format", "csv", "--output", str(out), "--db", str(demo_db.path)]
        )
        == 0
    )
    rows = rows_of(out.read_bytes())
    with duckdb.connect(str(demo_db.path), read_only=True) as con:
        stored = {
            r[0]: r[1:]
            for r in con.execute(
                "SELECT r.id, r.mit_subdomain, r.inherent_likelihood, r.inherent_severity,"
                " r.residual_likelihood, r.residual_severity, r.treatment, r.owner,"
                " (SELECT string_agg(s.name, ', ' ORDER BY list_position(r.system_ids, s.id))"
                "  FROM ai_systems s WHERE list_contains(r.system_ids, s.id))"
                " FROM risks r"
            ).fetchall()
        }
    assert {r["id"] for r in rows} == set(stored) and len(rows) >= 55
    for row in rows:
        mit, il, is_, rl, rs, treatment, owner, names = stored[row["id"]]
        assert row["mit_subdomain"] == mit and mit in MIT_IDS
        assert (row["inherent_likelihood"], row["inherent_severity"]) == (str(il), str(is_))
        assert row["inherent_level"] == band_5x5(il, is_)
        if rl is None:
            assert row["residual_level"] == "" and row["residual_likelihood"] == ""
        else:
            assert (row["residual_likelihood"], row["residual_severity"]) == (str(rl), str(rs))
            assert row["residual_level"] == band_5x5(rl, rs)
        assert (row["treatment"], row["owner"]) == (treatment or "", owner or "")
        assert row["systems"] == names
    assert any(r["mit_subdomain"] == "7.3" for r in rows)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_changes_nothing_then_updates_one(demo_db, fmt):
    frame = risk_files.export_frame(demo_db)
    data = to_csv_bytes(frame) if fmt == "csv" else to_xlsx_bytes(frame, "Risks")
    summary = risk_files.import_file(demo_db, data, f"risks.{fmt}", SYSTEM)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, len(frame))
    first = frame.index[frame["residual_likelihood"].notna()][0]
    frame.loc[first, "owner"] = "New Owner"
    data = to_csv_bytes(frame) if fmt == "csv" else to_xlsx_bytes(frame, "Risks")
    summary = risk_files.import_file(demo_db, data, f"risks.{fmt}", SYSTEM)
    assert (summary.updated, summary.unchanged) == (1, len(frame) - 1)
    assert risks.get_risk(demo_db, frame.loc[first, "id"])["owner"] == "New Owner"


def test_import_creates_new_risks_by_system_name(demo_db):
    text = (
        "title,system_ids,mit_subdomain,inherent_likelihood,inherent_severity\n"
        "Model inversion leaks training data,Consumer credit scoring model,2.1,2,4\n"
    )
    summary = risk_files.import_file(demo_db, text.encode(), "new.csv", SYSTEM)
    assert summary.created == 1
    found = risks.list_risks(demo_db)
    row = found[found["title"] == "Model inversion leaks training data"].iloc[0]
    assert row["systems"] == "Consumer credit scoring model" and row["inherent_level"] == band_5x5(
        2, 4
    )


def test_bad_rows_are_named_and_nothing_is_written(demo_db):
    before = len(risks.list_risks(demo_db))
    text = (
        "title,system_ids,mit_subdomain,inherent_likelihood,inherent_severity,"
        "residual_likelihood,residual_severity\n"
        "Fine risk,SYS-0001,1.1,3,3,2,2\n"
        "Worse after treatment,SYS-0001,7.3,2,2,4,4\n"
        "Ghost system,SYS-9999,7.3,2,2,,\n"
        "Off the scale,SYS-0001,9.9,7,2,,\n"
    )
    with pytest.raises(FileRejected) as caught:
        risk_files.import_file(demo_db, text.encode(), "bad.csv", SYSTEM)
    problems = caught.value.problems
    by_row = {}
    for p in problems:
        by_row.setdefault(p.row, []).append(str(p))
    assert set(by_row) == {3, 4, 5}
    assert any("Residual" in m and "worse than inherent" in m for m in by_row[3])
    assert any("SYS-9999" in m for m in by_row[4])
    assert any("9.9" in m for m in by_row[5]) and any("from 1 to 5" in m for m in by_row[5])
    assert str(problems[0]).startswith("row 3")
    assert len(risks.list_risks(demo_db)) == before
