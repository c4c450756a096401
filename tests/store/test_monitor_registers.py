"""Monitored models and the AI incident log round-trip through CSV/XLSX export and import, all or
nothing, with row/field problems (``python -m store import|export monitored-models|incidents``)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from reports.tabular import to_csv_bytes, to_xlsx_bytes
from risk_model.access import SYSTEM
from risk_model.file_reading import FileRejected
from risk_model.monitored_models import MONITORED_MODEL
from store import Store, incidents, inventory, monitored_models, records, registers

ROOT = Path(__file__).resolve().parents[2]
FEATURES = {"age": "numerical", "colour": "categorical"}


def _systems(db: Store, count: int = 2) -> list[str]:
    return [inventory.add_system(db, {"name": f"System {n}"}, SYSTEM) for n in range(count)]


def _models(db: Store, systems: list[str]) -> list[str]:
    return [
        monitored_models.register_model(
            db,
            {
                "name": f"model {n}",
                "system_id": system,
                "reference_source": "ref.parquet",
                "current_source": "batch-{date}.csv",
                "target_column": "y",
                "prediction_column": "p",
                "probability_column": "score",
                "features": FEATURES,
                "sensitive_attributes": ["colour", "sex"],
                "intersections": n == 1,
                "thresholds": {"fairness": {"four_fifths_ratio": 0.75 + n / 100}},
                "stale_after_days": 3 + n,
            },
            SYSTEM,
        )
        for n, system in enumerate(systems)
    ]


def _incidents(db: Store, systems: list[str]) -> list[str]:
    return [
        incidents.add_incident(
            db,
            {
                "title": "Selection-rate gap for Black applicants",
                "system_id": systems[0],
                "incident_type": "fairness",
                "severity": "high",
                "detected_on": date(2026, 3, 2),
                "occurred_on": date(2026, 2, 27),
                "affected_groups": ["colour=Black"],
                "owner": "Priya",
            },
            SYSTEM,
        ),
        incidents.add_incident(
            db,
            {
                "title": "Wrongful denial of benefits",
                "system_id": systems[1],
                "incident_type": "other",
                "severity": "critical",
                "status": "closed",
                "detected_on": date(2026, 1, 5),
                "closed_on": date(2026, 2, 1),
                "serious": True,
                "serious_consequences": ["fundamental_rights"],
            },
            SYSTEM,
        ),
    ]


def _frame(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")


@pytest.mark.parametrize("name", ["monitored-models", "incidents"])
@pytest.mark.parametrize("writer", [to_csv_bytes, to_xlsx_bytes])
def test_export_then_import_into_a_new_store_gives_the_same_table(tmp_path, name, writer):
    source = Store(tmp_path / "a.duckdb")
    systems = _systems(source)
    (_models if name == "monitored-models" else _incidents)(source, systems)
    io_ = registers.get(name)
    exported = io_.export(source)
    assert len(exported) == 2
    data = writer(exported)
    suffix = "csv" if writer is to_csv_bytes else "xlsx"

    again = io_.import_file(source, data, f"x.{suffix}", SYSTEM, None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)

    target = Store(tmp_path / "b.duckdb")
    assert _systems(target) == systems
    summary = io_.import_file(target, data, f"x.{suffix}", SYSTEM, None)
    assert (summary.created, summary.updated) == (2, 0)
    pd.testing.assert_frame_equal(
        io_.export(target).drop(columns="id"), exported.drop(columns="id"), check_dtype=False
    )


def test_imported_model_is_usable_by_monitor_jobs(tmp_path):
    source = Store(tmp_path / "a.duckdb")
    _models(source, _systems(source))
    data = to_csv_bytes(monitored_models.export_models(source))
    target = Store(tmp_path / "b.duckdb")
    _systems(target)
    monitored_models.import_models(target, data, "models.csv", SYSTEM)
    model = monitored_models.list_models(target)[1]
    assert model["features"] == FEATURES
    assert model["sensitive_attributes"] == ["colour", "sex"] and model["intersections"] is True
    assert model["thresholds"]["fairness"]["four_fifths_ratio"] == pytest.approx(0.76)
    assert model["thresholds"]["drift"]["drift_share"] == 0.5  # defaults merged in
    assert model["stale_after_days"] == 4


def test_a_changed_cell_updates_and_is_in_the_audit_trail(db):
    systems = _systems(db)
    ids = _models(db, systems)
    frame = monitored_models.export_models(db)
    frame.loc[frame["id"] == ids[0], "stale_after_days"] = 14
    summary = monitored_models.import_models(db, to_csv_bytes(frame), "m.csv", SYSTEM)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 1)
    assert monitored_models.get_model(db, ids[0])["stale_after_days"] == 14
    history = records.history(db, MONITORED_MODEL, ids[0])
    assert "stale_after_days" in set(history["field"])


def _problems(call) -> set[tuple[int, str]]:
    with pytest.raises(FileRejected) as caught:
        call()
    return {(p.row, p.field) for p in caught.value.problems}


def test_bad_model_rows_are_rejected_by_row_and_field_and_nothing_is_imported(db):
    systems = _systems(db)
    _models(db, systems)
    frame = _frame(to_csv_bytes(monitored_models.export_models(db)))
    frame["id"] = ""
    frame["name"] = ["new a", "new b"]
    bad = pd.concat([frame] * 3, ignore_index=True)
    bad["name"] = [f"new {n}" for n in range(6)]
    bad.loc[0, "features"] = "{not json"
    bad.loc[1, "features"] = json.dumps({"age": "ordinal"})
    bad.loc[2, "system_id"] = "SYS-9999"
    bad.loc[3, "thresholds"] = json.dumps({"latency": {"max_ms": 5}})
    bad.loc[4, "current_source"] = "batch.json"
    bad.loc[5, "status"] = "paused"
    before = monitored_models.export_models(db)
    found = _problems(
        lambda: monitored_models.import_models(db, to_csv_bytes(bad), "m.csv", SYSTEM)
    )
    # data rows start on file row 2 (row 1 is the header)
    assert found == {
        (2, "features"),
        (3, "features"),
        (4, "system_id"),
        (5, "thresholds"),
        (6, "current_source"),
        (7, "status"),
    }
    pd.testing.assert_frame_equal(monitored_models.export_models(db), before)


def test_bad_incident_rows_are_rejected_by_row_and_field_and_nothing_is_imported(db):
    systems = _systems(db)
    _incidents(db, systems)
    frame = _frame(to_csv_bytes(incidents.export_incidents(db)))
    frame["id"] = ""
    bad = pd.concat([frame] * 2, ignore_index=True)
    bad["title"] = [f"incident {n}" for n in range(4)]
    bad.loc[0, "severity"] = "catastrophic"
    bad.loc[1, "system_id"] = "SYS-0404"
    bad.loc[2, "occurred_on"] = "2026-03-09"  # after detection on 2026-03-02
    bad.loc[3, "serious_consequences"] = "lost a sock"
    before = len(incidents.list_incidents(db))
    found = _problems(lambda: incidents.import_incidents(db, to_csv_bytes(bad), "i.csv", SYSTEM))
    assert found == {
        (2, "severity"),
        (3, "system_id"),
        (4, "occurred_on"),
        (5, "serious_consequences"),
    }
    assert len(incidents.list_incidents(db)) == before


def test_a_file_without_a_status_column_keeps_every_status(db):
    systems = _systems(db)
    models = _models(db, systems)
    monitored_models.retire_model(db, models[1], SYSTEM)
    open_id, closed_id = _incidents(db, systems)
    incidents.update_incident(db, open_id, {"status": "investigating"}, SYSTEM)
    for export, load, ids in (
        (monitored_models.export_models, monitored_models.import_models, models),
        (incidents.export_incidents, incidents.import_incidents, [open_id, closed_id]),
    ):
        before = export(db).set_index("id")["status"].to_dict()
        assert set(before.values()) - {"active", "open"}  # not all at their default
        frame = _frame(to_csv_bytes(export(db))).drop(columns=["status"])
        frame["owner"] = "Dana Ruiz"  # a real change on each row
        summary = load(db, to_csv_bytes(frame), "no-status.csv", SYSTEM)
        assert (summary.created, summary.updated) == (0, len(ids))
        after = export(db).set_index("id")
        assert after["status"].to_dict() == before
        assert set(after["owner"]) == {"Dana Ruiz"}
    assert incidents.get_incident(db, closed_id)["closed_on"] == date(2026, 2, 1)


REQUIRED_INCIDENT_COLUMNS = {
    "incident_type": "data drift",
    "severity": "low",
    "detected_on": "2026-11-02",
}


def test_a_new_incident_without_a_status_column_takes_the_defaults(db):
    (system,) = _systems(db, 1)
    row = {"title": "Drift on income", "system_id": system, **REQUIRED_INCIDENT_COLUMNS}
    file = to_csv_bytes(pd.DataFrame([row]))
    assert incidents.import_incidents(db, file, "new.csv", SYSTEM).created == 1
    (row,) = incidents.list_incidents(db).to_dict("records")
    assert (row["status"], bool(row["serious"])) == ("open", False)


def test_an_incident_row_without_a_title_is_named_by_row_and_field(db):
    (system,) = _systems(db, 1)
    rows = [{"title": t, "system_id": system, **REQUIRED_INCIDENT_COLUMNS} for t in ("Fine", " ")]
    found = _problems(
        lambda: incidents.import_incidents(db, to_csv_bytes(pd.DataFrame(rows)), "t.csv", SYSTEM)
    )
    assert found == {(3, "title")}
    assert incidents.list_incidents(db).empty


def test_command_line_round_trip(db, tmp_path):
    _models(db, _systems(db))
    out = tmp_path / "models.csv"
    for args in (
        ["export", "monitored-models", "--output", str(out)],
        ["import", "monitored-models", str(out)],
    ):
        job = subprocess.run(
            [sys.executable, "-m", "store", *args, "--db", str(db.path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert job.returncode == 0, job.stderr
    assert "0 created, 0 updated, 2 unchanged" in job.stdout
    assert list(_frame(out.read_bytes())["name"]) == ["model 0", "model 1"]
