"""Issue 14 item 6: a monitored model's source reaches no file and no table beyond what it
declares, and a failure reason never echoes a file's contents."""

from __future__ import annotations

from datetime import date

import pytest

from monitors.jobs import run_monitor
from risk_model.access import SYSTEM
from store import inventory, monitored_models, monitoring
from store.source_access import SourceError, read_query

SECRET = "cookie_secret_5f0c1e9d"


@pytest.fixture()
def model(db, tmp_path):
    """A registered model whose sources are small Parquet files next to the store."""
    from demo.models import build_demo_models

    demo = build_demo_models(date(2026, 1, 31), days=3, seed=1)[0]
    demo.frame_reference.to_parquet(tmp_path / "reference.parquet")
    demo.batches[-1][1].to_parquet(tmp_path / "current.parquet")
    system = inventory.add_system(db, {"name": "Credit scoring", "owner": "Priya"}, SYSTEM)
    values = {
        "name": demo.name,
        "system_id": system,
        "reference_source": "reference.parquet",
        "current_source": "current.parquet",
        "target_column": demo.target,
        "prediction_column": demo.prediction,
        "probability_column": demo.probability,
        "features": demo.features,
        "sensitive_attributes": demo.sensitive,
    }
    return monitored_models.register_model(db, values, SYSTEM)


@pytest.fixture()
def secrets_file(tmp_path):
    folder = tmp_path / "elsewhere" / ".streamlit"
    folder.mkdir(parents=True)
    path = folder / "secrets.toml"
    path.write_text(f'[auth]\ncookie_secret = "{SECRET}"\n')
    return path


def _run_with_current(db, model_id, source: str):
    monitored_models.update_model(db, model_id, {"current_source": source}, SYSTEM)
    result = run_monitor(db, model_id, SYSTEM, with_report=False, evidence=False)
    stored = monitoring.get_run(db, result.run_id)
    return result, stored


@pytest.mark.parametrize(
    "query",
    [
        "SELECT content AS x FROM read_text('{path}')",
        "SELECT * FROM read_csv('{path}', header = false, sep = '|')",
        "SELECT * FROM '{path}'",
        "SELECT * FROM read_csv_auto('{path}')",
    ],
)
def test_a_query_source_cannot_read_a_file(db, model, secrets_file, query):
    source = "query:" + query.format(path=secrets_file)
    result, stored = _run_with_current(db, model, source)
    assert result.status == "failed"
    assert SECRET not in (result.failure_reason or "")
    assert SECRET not in str(stored["failure_reason"])
    assert SECRET not in str(dict(stored))


def test_the_sandbox_refuses_files_even_through_a_subquery(db, model, secrets_file):
    query = f"query:SELECT * FROM (SELECT * FROM read_text('{secrets_file}')) WHERE true"
    result, _ = _run_with_current(db, model, query)
    assert result.status == "failed"
    assert "table functions" in result.failure_reason
    assert SECRET not in result.failure_reason


@pytest.mark.parametrize("table", ["audit_trail", "app_settings", "monitored_models"])
def test_a_source_cannot_read_an_application_table(db, model, table):
    for source in (f"query:SELECT * FROM {table}", f"table:{table}"):
        result, _ = _run_with_current(db, model, source)
        assert result.status == "failed"
        assert "application table" in result.failure_reason


def test_a_query_source_reads_a_data_table(db, model, tmp_path):
    import pandas as pd

    current = pd.read_parquet(tmp_path / "current.parquet")
    with db.transaction() as connection:
        connection.register("frame", current)
        connection.execute("CREATE TABLE predictions AS SELECT * FROM frame")
    result, _ = _run_with_current(db, model, "query:SELECT * FROM predictions WHERE true")
    assert result.status in ("succeeded", "breached"), result.failure_reason
    assert monitoring.get_run(db, result.run_id)["rows_seen"] == len(current)


def test_a_file_source_outside_the_data_roots_is_refused(db, model, tmp_path, secrets_file):
    outside = tmp_path.parent / f"{tmp_path.name}-outside.parquet"
    (tmp_path / "current.parquet").rename(outside)
    try:
        result, _ = _run_with_current(db, model, str(outside))
        assert result.status == "failed"
        assert "outside the data folders" in result.failure_reason
    finally:
        outside.unlink()


def test_a_symlink_escaping_the_data_roots_is_refused(db, model, tmp_path, monkeypatch):
    outside = tmp_path.parent / f"{tmp_path.name}-secret.csv"
    outside.write_text(f"{SECRET},1\n2,3\n")
    link = tmp_path / "innocent.csv"
    link.symlink_to(outside)
    monkeypatch.setenv("AIMS_DATA_ROOTS", str(tmp_path))
    try:
        result, _ = _run_with_current(db, model, "innocent.csv")
        assert result.status == "failed"
        assert "outside the data folders" in result.failure_reason
        assert SECRET not in result.failure_reason
    finally:
        outside.unlink()


@pytest.mark.parametrize(
    "query",
    ["SELECT 1) UNION ALL (SELECT * FROM read_text('/etc/passwd')", "SELECT /* never closed"],
)
def test_an_unparsable_query_source_is_refused_by_name(query):
    """Before, DuckDB's own parser error escaped the source checks instead of a SourceError."""
    with pytest.raises(SourceError, match="a query source cannot be parsed: Parser Error"):
        read_query(None, query)
