"""Discovery in a real MLflow model registry: a tracking store in a temporary folder (SQLite
backend) with models registered by the test, read through MLflow's own client."""

from __future__ import annotations

import socket
import warnings

import pytest

from commands.store_cli import main
from monitors.registry_scan import scan_mlflow
from risk_model.access import SYSTEM
from store import discovery, inventory

pytest.importorskip("mlflow")


@pytest.fixture(scope="module")
def registry(tmp_path_factory) -> tuple[str, object]:
    from mlflow.tracking import MlflowClient

    folder = tmp_path_factory.mktemp("mlflow")
    uri = f"sqlite:///{folder / 'mlflow.db'}"
    client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    experiment = client.create_experiment("claims", artifact_location=str(folder / "artifacts"))
    run = client.create_run(experiment)
    client.create_registered_model(
        "claims-severity",
        tags={"owner": "Daniel Okafor", "data_inputs": "claim forms, repair estimates"},
    )
    for _ in range(2):
        client.create_model_version("claims-severity", str(folder / "m"), run.info.run_id)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client.transition_model_version_stage("claims-severity", "2", "Production")
    client.set_registered_model_alias("claims-severity", "champion", "2")
    client.create_registered_model("churn-v2", tags={"provider": "Meridian Data Science"})
    client.create_model_version("churn-v2", str(folder / "c"), run.info.run_id)
    return uri, client


def test_registered_models_and_versions_are_found(registry):
    uri, _ = registry
    result = scan_mlflow(uri)
    assert sorted((f.location, f.file) for f in result.findings) == [
        ("churn-v2", "registered model churn-v2, version 1"),
        ("claims-severity", "registered model claims-severity, version 1"),
        ("claims-severity", "registered model claims-severity, version 2"),
    ]
    by_file = {f.file: f for f in result.findings}
    production = by_file["registered model claims-severity, version 2"]
    assert production.evidence.startswith("version 2, stage Production, aliases champion, run ")
    assert production.details["lifecycle_stage"] == "operation and monitoring"
    assert by_file["registered model churn-v2, version 1"].provider == "Meridian Data Science"


def test_a_new_record_is_prefilled_from_the_registry_and_rescans_show_news(registry, db):
    uri, client = registry
    summary = discovery.record_scan(db, scan_mlflow(uri), SYSTEM)
    assert (summary.findings, summary.new, summary.candidates_new) == (3, 3, 2)
    rows = {r["location"]: r for r in discovery.list_candidates(db).to_dict("records")}
    created = discovery.create_from_candidate(db, rows["claims-severity"]["id"], SYSTEM)
    record = inventory.get_system(db, created)
    assert record["name"] == "claims-severity"
    assert record["owner"] == "Daniel Okafor"
    assert list(record["data_inputs"]) == ["claim forms", "repair estimates"]
    assert record["sourcing"] == "in-house"
    assert record["provider"] == "In-house"

    assert discovery.record_scan(db, scan_mlflow(uri), SYSTEM).new == 0
    client.create_model_version("claims-severity", "/tmp/none", None)
    again = discovery.record_scan(db, scan_mlflow(uri), SYSTEM)
    assert (again.new, again.reopened, again.candidates_new) == (1, 0, 0)
    news = discovery.latest_changes(db)
    assert news["file"].tolist() == ["registered model claims-severity, version 3"]
    assert discovery.list_candidates(db).set_index("location").loc["claims-severity", "status"] == (
        "created"
    )


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_tracking_uri_is_a_clear_error(tmp_path, capsys):
    uri = f"http://127.0.0.1:{_closed_port()}"
    with pytest.raises(ValueError, match=f"the MLflow tracking server at {uri} could not be"):
        scan_mlflow(uri)
    store_file = str(tmp_path / "s.duckdb")
    assert main(["discover", "mlflow", "--tracking-uri", uri, "--db", store_file]) == 2
    assert f"error: the MLflow tracking server at {uri}" in capsys.readouterr().err


def test_command_line_reads_the_registry(registry, tmp_path, capsys):
    uri, _ = registry
    assert (
        main(["discover", "mlflow", "--tracking-uri", uri, "--db", str(tmp_path / "s.duckdb")]) == 0
    )
    assert "findings" in capsys.readouterr().out
