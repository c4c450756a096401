"""Schedules: cron slots, ``run --due`` claiming each due model once (also from two
processes at once), its exit codes, and the next-run / overdue view."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from commands.monitor_schedules import run_due
from risk_model.access import SYSTEM
from risk_model.schedules import check_schedule, last_slot, next_slot
from store import inventory, monitored_models, monitoring, schedules

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 20, 9, 30)


@pytest.fixture(scope="module")
def demo():
    from demo.models import build_demo_models

    return build_demo_models(date(2026, 1, 31), days=3, seed=1)[0]


def register(db, tmp_path, demo, schedule="0 6 * * *", current="current.parquet", at=None):
    demo.frame_reference.to_parquet(tmp_path / "reference.parquet")
    demo.batches[-1][1].to_parquet(tmp_path / "current.parquet")
    system = inventory.add_system(db, {"name": "Credit scoring", "owner": "Priya"}, SYSTEM)
    values = {
        "name": demo.name,
        "system_id": system,
        "reference_source": "reference.parquet",
        "current_source": current,
        "target_column": demo.target,
        "prediction_column": demo.prediction,
        "probability_column": demo.probability,
        "features": demo.features,
        "sensitive_attributes": demo.sensitive,
        "schedule": schedule,
    }
    return monitored_models.register_model(db, values, SYSTEM, at=at or NOW - timedelta(days=3))


def test_cron_slots():
    assert last_slot("0 6 * * *", NOW) == datetime(2026, 11, 20, 6, 0)
    assert next_slot("0 6 * * *", NOW) == datetime(2026, 11, 21, 6, 0)
    assert last_slot("30 9 * * *", NOW) == NOW
    assert next_slot("0 6 * * 1", NOW) == datetime(2026, 11, 23, 6, 0)  # next Monday
    with pytest.raises(ValueError, match="not a cron schedule"):
        check_schedule("every morning")


def test_an_unreadable_schedule_is_refused_naming_the_field(db, tmp_path, demo):
    with pytest.raises(monitored_models.InvalidField, match="not a cron schedule") as error:
        register(db, tmp_path, demo, schedule="61 * * * *")
    assert error.value.field == "schedule"


def test_a_due_slot_is_claimed_once(db, tmp_path, demo):
    model_id = register(db, tmp_path, demo)
    first = schedules.claim_due(db, NOW, "host-a:1")
    assert first == [schedules.Claim(model_id, datetime(2026, 11, 20, 6, 0))]
    assert schedules.claim_due(db, NOW, "host-b:2") == []
    assert schedules.claim_due(db, NOW + timedelta(hours=3), "host-b:2") == []
    tomorrow = schedules.claim_due(db, NOW + timedelta(days=1), "host-b:2")
    assert tomorrow == [schedules.Claim(model_id, datetime(2026, 11, 21, 6, 0))]


def test_a_model_registered_after_the_slot_is_not_due(db, tmp_path, demo):
    register(db, tmp_path, demo, at=datetime(2026, 11, 20, 7, 0))
    assert schedules.claim_due(db, NOW) == []


def test_overview_shows_next_run_and_overdue(db, tmp_path, demo):
    model_id = register(db, tmp_path, demo)
    overview = schedules.schedule_overview(db, NOW).set_index("model_id")
    assert overview.loc[model_id, "next_run"] == datetime(2026, 11, 21, 6, 0)
    assert overview.loc[model_id, "last_slot"] == datetime(2026, 11, 20, 6, 0)
    assert bool(overview.loc[model_id, "overdue"])  # 06:00 passed 3.5 hours ago, no run
    from monitors.jobs import run_monitor

    run_monitor(db, model_id, SYSTEM, as_of=NOW, with_report=False, evidence=False)
    overview = schedules.schedule_overview(db, NOW + timedelta(minutes=1)).set_index("model_id")
    assert not bool(overview.loc[model_id, "overdue"])


def test_run_due_runs_the_claimed_models_and_records_the_claim(db, tmp_path, demo):
    model_id = register(db, tmp_path, demo, schedule="0 * * * *", at=datetime(2026, 1, 1))
    results = run_due(db, SYSTEM, with_report=False)
    assert [r.model_id for r in results] == [model_id]
    runs = monitoring.list_runs(db, model_id)
    assert list(runs["id"]) == [results[0].run_id]
    assert run_due(db, SYSTEM, with_report=False) == []


def _run_due(db_path: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "monitors", "run", "--due", "--no-report"]
    return subprocess.Popen(
        [*command, "--db", str(db_path)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def test_two_processes_at_once_run_each_due_model_once(db, tmp_path, demo):
    model_id = register(db, tmp_path, demo, schedule="0 * * * *", at=datetime(2026, 1, 1))
    processes = [_run_due(db.path), _run_due(db.path)]
    codes = [p.wait(timeout=300) for p in processes]
    outputs = [p.stdout.read().decode() for p in processes]
    assert len(monitoring.list_runs(db, model_id)) == 1, outputs
    assert sum(model_id in out for out in outputs) == 1
    assert sorted(codes) in ([0, 1], [0, 0]), [p.stderr.read() for p in processes]


@pytest.mark.parametrize(
    "current, expected",
    [("current.parquet", 1), ("missing-{date}.parquet", 2)],
)
def test_run_due_exit_codes(db, tmp_path, demo, current, expected):
    register(db, tmp_path, demo, schedule="0 * * * *", current=current, at=datetime(2026, 1, 1))
    process = _run_due(db.path)
    assert process.wait(timeout=300) == expected, process.stderr.read()
    again = _run_due(db.path)
    assert again.wait(timeout=300) == 0  # nothing due any more


def test_the_monitoring_page_shows_next_runs_and_the_overdue_ones(db, tmp_path, demo, monkeypatch):
    """The page's schedule part: an overdue model is a warning naming it, and the table gives
    each scheduled model's next run as the store computes it."""
    from streamlit.testing.v1 import AppTest

    overdue_id = register(db, tmp_path, demo, schedule="0 6 * * *", at=datetime(2026, 1, 1))
    hourly = register(db, tmp_path, demo, schedule="*/10 * * * *", at=datetime.now())
    monitored_models.update_model(db, hourly, {"name": "Hourly <b>model</b>"}, SYSTEM)
    monkeypatch.setenv("AIMS_DB", str(db.path))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page("pages/monitor/monitoring.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    overview = schedules.schedule_overview(db, datetime.now()).set_index("model_id")
    assert bool(overview.loc[overdue_id, "overdue"]) and not overview.loc[hourly, "overdue"]
    warnings = [w.value for w in app.warning if "overdue" in w.value]
    assert len(warnings) == 1 and demo.name in warnings[0]
    table = next(t.value for t in app.dataframe if "Next run" in t.value.columns)
    assert list(table["Monitored model"]) == [demo.name, "Hourly <b>model</b>"]
    assert list(table["Overdue"]) == ["overdue", ""]
    shown = dict(zip(table["Monitored model"], table["Next run"], strict=True))
    assert shown[demo.name] == overview.loc[overdue_id, "next_run"]
    assert shown["Hourly <b>model</b>"] == overview.loc[hourly, "next_run"]
