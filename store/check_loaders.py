"""The records each area adds to ``AimsSnapshot.extra`` for the pre-audit checks.

Each loader returns ``{key: records}``. An area whose store module (or table) is not there yet
returns ``{key: None}``, and the checks of that area are skipped rather than firing on
data they were not given.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date, datetime

import duckdb
import pandas as pd

from store.connection import Store

DATASET_DRIFT = "drifted_share"
"""The drift metric whose breach is a dataset-drift breach (``monitors.jobs.drift_metrics``)."""
MISSING_AREA = (ImportError, AttributeError, NotImplementedError, duckdb.CatalogException)


def records_of(frame: pd.DataFrame) -> list[dict]:
    """Plain dicts with dates as ``date`` and missing values as None, for the pure checks."""
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    for row in rows:
        for key, value in row.items():
            if isinstance(value, datetime) and value.time() == datetime.min.time():
                row[key] = value.date()
    return rows


def _area(module: str, keys: tuple[str, ...], read: Callable) -> Callable[[Store, date], dict]:
    """A loader reading ``store.<module>`` with ``read(module, db, today)``, or Nones."""

    def load(db: Store, today: date) -> dict:
        try:
            return read(importlib.import_module(f"store.{module}"), db, today)
        except MISSING_AREA:
            return dict.fromkeys(keys)

    load.__name__ = f"load_{module}"
    return load


def _impact_assessments(module, db: Store, today: date) -> dict:
    return {"impact_assessments": records_of(module.system_statuses(db, today))}


def _risks(module, db: Store, today: date) -> dict:
    return {"risks": records_of(module.list_risks(db, today=today))}


def _soa(module, db: Store, today: date) -> dict:
    frame = module.soa_frame(db, today)
    columns = ["control_id", "title", "applicable", "justification", "evidence_current"]
    return {"soa": records_of(frame[columns])}


def _monitoring(module, db: Store, today: date) -> dict:
    from store import incidents

    models = records_of(module.latest_runs(db, today))
    for model in models:
        model["breached_families"] = []
        if model.get("status") == "breached" and model.get("run_id"):
            metrics = module.run_metrics(db, model["run_id"])
            breached = metrics[metrics["breached"].fillna(False).astype(bool)]
            # a drifted column alone is no breach: dataset drift is (its drifted_share row)
            breached = breached[
                (breached["family"] != "drift") | (breached["metric"] == DATASET_DRIFT)
            ]
            model["breached_families"] = sorted(set(breached["family"]))
    open_incidents = incidents.list_incidents(db, today, open_only=True)
    columns = ["id", "system_id", "incident_type"]
    return {"monitored_models": models, "open_incidents": records_of(open_incidents[columns])}


def _internal_audit(module, db: Store, today: date) -> dict:
    return {"internal_audit": {"last_completed": module.last_completed_audit(db)}}


def _nonconformities(module, db: Store, today: date) -> dict:
    return {"nonconformities": records_of(module.open_nonconformities(db, today))}


def _management_review(module, db: Store, today: date) -> dict:
    return {"management_review": {"last_review": module.last_review_date(db, today)}}


def _training(module, db: Store, today: date) -> dict:
    return module.checks_records(db, today)


LOADERS: list[Callable[[Store, date], dict]] = [
    _area("impact_assessments", ("impact_assessments",), _impact_assessments),
    _area("risks", ("risks",), _risks),
    _area("soa", ("soa",), _soa),
    _area("monitoring", ("monitored_models", "open_incidents"), _monitoring),
    _area("audits", ("internal_audit",), _internal_audit),
    _area("nonconformities", ("nonconformities",), _nonconformities),
    _area("management_review", ("management_review",), _management_review),
    _area("training", ("training_overdue",), _training),
]
