"""Issue 17: delta:, iceberg: and postgres: sources, read through DuckDB's extensions from their
pip packages, with the sources' security rules: a table folder inside the data roots, a
PostgreSQL query reading that database's tables only, nothing downloaded. A monitor run
computes its drift in the tables themselves (the table is never read into pandas) and gives
the in-memory oracle's scores and verdicts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from monitors.drift import compute_drift
from monitors.jobs import run_monitor
from risk_model.access import SYSTEM
from store import inventory, lake_sources, monitored_models, monitoring
from store.source_access import SourceError


@pytest.fixture(scope="module")
def demo():
    from demo.models import build_demo_models

    return build_demo_models(date(2026, 1, 31), days=2, seed=5)[0]


def _register(db, demo, reference: str, current: str) -> str:
    system = inventory.add_system(db, {"name": "Credit scoring", "owner": "Priya"}, SYSTEM)
    values = {
        "name": demo.name,
        "system_id": system,
        "reference_source": reference,
        "current_source": current,
        "target_column": demo.target,
        "prediction_column": demo.prediction,
        "probability_column": demo.probability,
        "features": demo.features,
        "sensitive_attributes": demo.sensitive,
    }
    return monitored_models.register_model(db, values, SYSTEM)


def _scores_equal_the_oracle(db, run, demo) -> None:
    assert run.status in ("succeeded", "breached"), run.failure_reason
    metrics = monitoring.run_metrics(db, run.run_id)
    scores = metrics[metrics["metric"] == "drift_score"]
    expected = compute_drift(demo.frame_reference, demo.batches[-1][1], demo.features)
    assert set(scores["column_name"]) == set(demo.features)
    rows = zip(scores["column_name"], scores["value"], scores["breached"], strict=True)
    for column, score, breached in rows:
        assert score == pytest.approx(expected.columns[column].score, abs=1e-9), column
        assert bool(breached) == expected.columns[column].drifted, column
    share = metrics[metrics["metric"] == "drifted_share"]["value"].iloc[0]
    assert share == pytest.approx(expected.drifted_share, abs=1e-12)


@pytest.fixture
def never_in_pandas(monkeypatch):
    """Fail the run if a lake or warehouse table is read into pandas (the in-memory reader)."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"a table was read into memory: {args[1:]}")

    monkeypatch.setattr(lake_sources, "read", refuse)
    monkeypatch.setattr(monitored_models, "read_source", refuse)


def test_extensions_come_from_their_pip_packages():
    for kind in (*lake_sources.KINDS, "avro"):  # Iceberg's manifests need avro
        path = lake_sources.extension_file(kind)
        assert path.is_file() and path.suffix == ".duckdb_extension"
        assert f"v{duckdb.__version__}" in path.parts  # built for the pinned DuckDB


def test_a_delta_table_is_monitored_in_place(db, tmp_path, demo, request):
    from deltalake import write_deltalake

    write_deltalake(tmp_path / "lake" / "reference", demo.frame_reference)
    write_deltalake(tmp_path / "lake" / "current", demo.batches[-1][1])
    model_id = _register(db, demo, "delta:lake/reference", "delta:lake/current")
    read = monitored_models.read_source(db, "delta:lake/current")
    pd.testing.assert_frame_equal(
        read[list(demo.features)], demo.batches[-1][1][list(demo.features)], check_dtype=False
    )
    request.getfixturevalue("never_in_pandas")
    run = run_monitor(db, model_id, SYSTEM, with_report=False, evidence=False)
    _scores_equal_the_oracle(db, run, demo)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_a_file_beside_a_table_is_computed_in_place(db, tmp_path, demo, request, suffix):
    from deltalake import write_deltalake

    reference = tmp_path / f"reference{suffix}"
    if suffix == ".csv":
        demo.frame_reference.to_csv(reference, index=False)
    else:
        demo.frame_reference.to_parquet(reference)
    write_deltalake(tmp_path / "lake" / "current", demo.batches[-1][1])
    model_id = _register(db, demo, reference.name, "delta:lake/current")
    request.getfixturevalue("never_in_pandas")
    run = run_monitor(db, model_id, SYSTEM, with_report=False, evidence=False)
    _scores_equal_the_oracle(db, run, demo)


def test_a_file_beside_a_table_may_not_open_another_file(db, tmp_path, demo):
    """The sandbox opened for a table and a file opens that file only."""
    from deltalake import write_deltalake

    (tmp_path / "other.csv").write_text("s\ncookie_secret_5f0c1e9d\n", encoding="utf-8")
    demo.frame_reference.to_parquet(tmp_path / "reference.parquet")
    write_deltalake(tmp_path / "lake" / "current", demo.batches[-1][1])
    files = (tmp_path / "reference.parquet",)
    with lake_sources.open_tables(db, ["delta:lake/current"], files=files) as (connection, _):
        assert connection.execute(f"SELECT count(*) FROM '{files[0]}'").fetchone()[0] == len(
            demo.frame_reference
        )
        with pytest.raises(duckdb.PermissionException):
            connection.execute(f"SELECT * FROM read_text('{tmp_path / 'other.csv'}')")
        with pytest.raises(duckdb.Error):
            connection.execute("SET enable_external_access = true")


def _iceberg_table(warehouse, name: str, frame: pd.DataFrame) -> str:
    """Write ``frame`` as a real Iceberg table (pyiceberg, a SQLite catalog and a local file
    warehouse); return its current metadata file."""
    import pyarrow as pa
    from pyiceberg.catalog.sql import SqlCatalog

    warehouse.mkdir(exist_ok=True)
    catalog = SqlCatalog(
        "local", uri=f"sqlite:///{warehouse / 'catalog.db'}", warehouse=warehouse.as_uri()
    )
    catalog.create_namespace_if_not_exists("logs")
    rows = pa.Table.from_pandas(frame, preserve_index=False)
    table = catalog.create_table(f"logs.{name}", schema=rows.schema)
    table.append(rows)
    return table.metadata_location.removeprefix("file://")


def test_an_iceberg_table_is_monitored_in_place(db, tmp_path, demo, request):
    reference = _iceberg_table(tmp_path / "warehouse", "reference", demo.frame_reference)
    current = _iceberg_table(tmp_path / "warehouse", "current", demo.batches[-1][1])
    assert "/metadata/" in current and current.endswith(".metadata.json")
    read = monitored_models.read_source(db, f"iceberg:{current}")
    pd.testing.assert_frame_equal(read, demo.batches[-1][1], check_dtype=False)
    relative = Path(reference).relative_to(tmp_path)
    model_id = _register(db, demo, f"iceberg:{relative}", f"iceberg:{current}")
    request.getfixturevalue("never_in_pandas")
    run = run_monitor(db, model_id, SYSTEM, with_report=False, evidence=False)
    _scores_equal_the_oracle(db, run, demo)


def test_an_iceberg_table_outside_the_data_roots_is_refused(db, tmp_path, monkeypatch):
    secret = pd.DataFrame({"s": ["cookie_secret_5f0c1e9d"]})
    metadata = _iceberg_table(tmp_path / "outside", "secret", secret)
    (tmp_path / "store").mkdir()
    monkeypatch.setenv("AIMS_DATA_ROOTS", str(tmp_path / "store"))
    (tmp_path / "store" / "link").symlink_to(Path(metadata).parent.parent)
    for source in (f"iceberg:{metadata}", f"iceberg:{tmp_path}/store/link"):
        with pytest.raises(SourceError, match="outside the data folders") as refused:
            monitored_models.read_source(db, source)
        assert "cookie_secret" not in str(refused.value)
    monkeypatch.setenv("AIMS_DATA_ROOTS", str(tmp_path))
    assert monitored_models.read_source(db, f"iceberg:{metadata}")["s"].tolist() == [
        "cookie_secret_5f0c1e9d"
    ]


def test_an_iceberg_table_whose_data_lies_outside_its_folder_is_refused(db, tmp_path, monkeypatch):
    """The table's folder is inside the data roots but its metadata points at manifests and
    data files elsewhere: DuckDB may open only the table's folder, so the read fails."""
    import shutil

    metadata = Path(_iceberg_table(tmp_path / "outside", "t", pd.DataFrame({"s": ["x"]})))
    inside = tmp_path / "store" / "t"
    shutil.copytree(metadata.parent, inside / "metadata")  # metadata only, data left outside
    monkeypatch.setenv("AIMS_DATA_ROOTS", str(tmp_path / "store"))
    with pytest.raises(SourceError, match="cannot read iceberg.*Permission Error"):
        monitored_models.read_source(db, f"iceberg:{inside / 'metadata' / metadata.name}")


def test_a_lake_table_outside_the_data_roots_is_refused(db, tmp_path, monkeypatch):
    from deltalake import write_deltalake

    outside = tmp_path / "outside"
    write_deltalake(outside / "secret", pd.DataFrame({"s": ["cookie_secret_5f0c1e9d"]}))
    (tmp_path / "store").mkdir()
    monkeypatch.setenv("AIMS_DATA_ROOTS", str(tmp_path / "store"))
    (tmp_path / "store" / "link").symlink_to(outside / "secret")
    for source in (f"delta:{outside / 'secret'}", "delta:store/link", f"iceberg:{outside}"):
        with pytest.raises(SourceError, match="outside the data folders") as refused:
            monitored_models.read_source(db, source.replace("store/", f"{tmp_path}/store/"))
        assert "cookie_secret" not in str(refused.value)


def test_a_malformed_source_is_refused_naming_it():
    for source in ("delta:", "postgres:drop table x", "postgres:a.b.c.d"):
        with pytest.raises(SourceError):
            monitored_models.describe_source(source)


@pytest.fixture(scope="module")
def postgres():
    from tests.postgres_server import binaries, postgres_server

    if binaries() is None:
        pytest.skip("PostgreSQL is not installed (.ci/run installs postgresql)")
    with postgres_server() as dsn:
        yield dsn


def test_a_postgres_table_or_query_is_monitored_in_place(db, demo, postgres, monkeypatch, request):
    monkeypatch.setenv("AIMS_POSTGRES_DSN", postgres)
    writer = duckdb.connect()
    writer.execute(f"LOAD '{lake_sources.extension_file('postgres')}'")
    writer.execute(f"ATTACH '{postgres}' AS pg (TYPE postgres)")
    for name, frame in (("reference_log", demo.frame_reference), ("current_log", None)):
        frame = demo.batches[-1][1] if frame is None else frame
        writer.register("frame", frame)
        writer.execute(f"CREATE OR REPLACE TABLE pg.public.{name} AS SELECT * FROM frame")
        writer.unregister("frame")
    writer.close()
    model_id = _register(
        db, demo, "postgres:public.reference_log", "postgres:SELECT * FROM current_log;"
    )
    request.getfixturevalue("never_in_pandas")
    run = run_monitor(db, model_id, SYSTEM, with_report=False, evidence=False)
    _scores_equal_the_oracle(db, run, demo)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM postgres_query('source', 'SELECT pg_read_file(''/etc/passwd'')')",
        "SELECT 1; SELECT 2",
        "DELETE FROM current_log",
        "SELECT 1) UNION ALL (SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM current_log /*",
    ],
)
def test_a_postgres_query_reads_the_databases_tables_only(db, postgres, monkeypatch, query):
    monkeypatch.setenv("AIMS_POSTGRES_DSN", postgres)
    with pytest.raises(SourceError) as refused:  # not a parser error escaping the checks
        lake_sources.read(db, f"postgres:{query}")
    assert "root:" not in str(refused.value)


def test_postgres_without_a_connection_string_says_so(db, monkeypatch):
    monkeypatch.delenv("AIMS_POSTGRES_DSN", raising=False)
    with pytest.raises(SourceError, match="AIMS_POSTGRES_DSN"):
        monitored_models.read_source(db, "postgres:public.log")
