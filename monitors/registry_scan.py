"""Discovery in a model registry: every registered model of an MLflow tracking server.

Read with MLflow's own client (mlflow-skinny), never by scraping. Each model version is a
finding (its stage, aliases, run and creator are the evidence), so a version promoted or
added since the last scan is news. The registered model is the likely system; its tags may
name the owner (``owner``), the data inputs (``data_inputs``, comma-separated) and the
provider (``provider``) that a new inventory record is pre-filled with.
"""

from __future__ import annotations

import os

from risk_model.discovery import Finding, ScanResult

STAGES = {
    "Production": "operation and monitoring",
    "Staging": "verification and validation",
    "Archived": "retirement",
}
"""MLflow's model stages as the ISO/IEC 22989 life cycle stages of the inventory."""

RETRIES, TIMEOUT_SECONDS = "0", "10"


def _client(tracking_uri: str):
    os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", RETRIES)
    os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", TIMEOUT_SECONDS)
    from mlflow.tracking import MlflowClient

    return MlflowClient(tracking_uri=tracking_uri, registry_uri=tracking_uri)


def _all(search, **kwargs) -> list:
    found, token = [], None
    while True:
        page = search(max_results=200, page_token=token, **kwargs)
        found += list(page)
        token = getattr(page, "token", None)
        if not token:
            return found


def scan_mlflow(tracking_uri: str) -> ScanResult:
    """Every registered model and version at ``tracking_uri``; an unreachable or unusable
    registry is a ``ValueError`` that names the URI."""
    from mlflow.exceptions import MlflowException

    result = ScanResult("mlflow", tracking_uri)
    try:
        client = _client(tracking_uri)
        models = _all(client.search_registered_models)
        versions = {
            m.name: _all(
                client.search_model_versions,
                filter_string="name = '{}'".format(m.name.replace("'", "\\'")),
            )
            for m in models
        }
    except (MlflowException, OSError) as error:
        raise ValueError(
            f"the MLflow tracking server at {tracking_uri} could not be read: "
            f"{' '.join(str(error).split())[:300]}"
        ) from None
    except Exception as error:  # the client's transport errors (requests, sqlalchemy) vary
        raise ValueError(
            f"the MLflow tracking server at {tracking_uri} could not be reached "
            f"({type(error).__name__}: {' '.join(str(error).split())[:300]})"
        ) from None
    for model in models:
        tags = dict(model.tags or {})
        aliases = {}
        for alias, version in (model.aliases or {}).items():
            aliases.setdefault(str(version), []).append(alias)
        for version in sorted(versions[model.name], key=lambda v: int(v.version)):
            stage = version.current_stage or "None"
            owner = tags.get("owner") or version.user_id or None
            inputs = [x.strip() for x in tags.get("data_inputs", "").split(",") if x.strip()]
            details = {
                "name": model.name,
                "owner": owner,
                "data_inputs": inputs,
                "sourcing": tags.get("sourcing") or "in-house",
                "lifecycle_stage": STAGES.get(stage),
            }
            evidence = f"version {version.version}, stage {stage}"
            if aliases.get(str(version.version)):
                evidence += ", aliases " + ", ".join(sorted(aliases[str(version.version)]))
            if version.run_id:
                evidence += f", run {version.run_id}"
            result.findings.append(
                Finding(
                    "mlflow",
                    model.name,
                    f"registered model {model.name}, version {version.version}",
                    None,
                    "mlflow-model-version",
                    tags.get("provider") or "In-house",
                    "MLflow registered model",
                    "model library",
                    evidence,
                    {k: v for k, v in details.items() if v},
                )
            )
        result.files_scanned += 1
    return result
