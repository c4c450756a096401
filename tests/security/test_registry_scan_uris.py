"""The Discovery page reads only the MLflow tracking servers an administrator lists.

MLflow's client opens whatever URI it is given: ``sqlite:////any/path.db`` creates and migrates
a database file anywhere the server may write, ``file:`` reads a folder, ``http:`` reaches any
host. Before this rule the page took a typed URI from any user who may write the inventory."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from store import discovery
from tests.pages.test_discovery_page import APP

pytest.importorskip("mlflow")


def discovery_page(monkeypatch, db) -> AppTest:
    monkeypatch.setenv("AIMS_DB", str(db.path))
    app = AppTest.from_file(APP, default_timeout=120)
    app.run()
    app.switch_page("pages/risk/discovery.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_no_listed_registry_means_no_registry_scan_from_the_page(monkeypatch, db, tmp_path):
    monkeypatch.delenv("AIMS_MLFLOW_URIS", raising=False)
    app = discovery_page(monkeypatch, db)
    assert not [w for w in app.text_input if w.key == "dsc-uri"]
    assert not [w for w in app.selectbox if w.key == "dsc-uri"]
    assert any("AIMS_MLFLOW_URIS" in c.value for c in app.caption)
    with pytest.raises(ValueError, match="AIMS_MLFLOW_URIS"):
        discovery.scannable_registry(f"sqlite:///{tmp_path / 'planted.db'}")
    assert not (tmp_path / "planted.db").exists()


def test_the_page_offers_the_listed_servers_and_scans_one(monkeypatch, db, tmp_path):
    from mlflow.tracking import MlflowClient

    listed = f"sqlite:///{tmp_path / 'registry.db'}"
    client = MlflowClient(tracking_uri=listed, registry_uri=listed)
    run = client.create_run(client.create_experiment("fraud", str(tmp_path / "artifacts")))
    client.create_registered_model("fraud-screen", tags={"owner": "Lena Brandt"})
    client.create_model_version("fraud-screen", str(tmp_path / "model"), run.info.run_id)
    monkeypatch.setenv("AIMS_MLFLOW_URIS", f"{listed} http://mlflow.internal:5000")
    with pytest.raises(ValueError, match="not one of the registries"):
        discovery.scannable_registry(f"sqlite:///{tmp_path / 'other.db'}")
    app = discovery_page(monkeypatch, db)
    chooser = next(w for w in app.selectbox if w.key == "dsc-uri")
    assert list(chooser.options) == [listed, "http://mlflow.internal:5000"]
    chooser.set_value(listed).run()
    app.button(key="dsc-scan-mlflow").click().run()
    assert not app.exception and not app.error, [e.value for e in [*app.exception, *app.error]]
    assert not (tmp_path / "other.db").exists()
    assert set(discovery.list_candidates(db)["location"]) == {"fraud-screen"}
    assert list(discovery.list_scans(db)["source"]) == ["mlflow"]
