"""Demo monitoring: three models on real offline data, with ~90 days of history from the real jobs.

The demo trains scikit-learn models on public datasets that ship inside scikit-lego (no
download) and uses them as stand-ins for Meridian's production data:

- Toronto arrests 1997-2002 (release with a summons) stands in for the credit-scoring
  decisions: a yes/no decision about people with protected attributes (colour, sex);
  its cautious cut-off breaches the four-fifths rule on colour.
- Abalone measurements stand in for the vehicle-damage grading inputs: physical measurements
  graded by a model; from mid-window a recalibrated scale and a different catch make it drift.
- Cleveland heart-disease records stand in for the medical triage pilot; stable, but its
  batches stop 9 days ago, so it shows as stale.

Batches are written the three ways a registration can read them: Parquet files, CSV files and
a DuckDB table in the store. Then ``monitors.jobs.run_monitor`` runs once per batch date.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd

from demo import organisation
from risk_model.access import SYSTEM
from store import incidents, monitored_models
from store.connection import Store
from store.source_access import FILES_PLACEHOLDER, write_data_table

DAYS = 90
PENDING_LABEL_DAYS = 7
"""Outcomes of the last week's decisions are partly unknown yet (rows seen > rows used)."""
TRIAGE_GAP_DAYS = 9

SOURCE_NOTES = {
    "arrests-release": "Stand-in data: Toronto arrests 1997-2002 (scikit-lego load_arrests), "
    "replayed in time order as daily decision batches; Parquet files.",
    "abalone-maturity": "Stand-in data: UCI abalone measurements (scikit-lego load_abalone), "
    "shifted from mid-window; a DuckDB table in the store.",
    "heart-disease-triage": "Stand-in data: Cleveland heart-disease records (scikit-lego "
    "load_hearts), resampled every 3 days; CSV files.",
}
SYSTEM_KEYS = {
    "arrests-release": "credit",
    "abalone-maturity": "damage",
    "heart-disease-triage": "triage",
}
SENSITIVE = {"heart-disease-triage": ["sex"]}
"""Age is a triage feature itself, so only sex is checked for the triage model."""
PERFORMANCE = {
    "arrests-release": {"min_roc_auc": 0.6},
    "abalone-maturity": {"min_accuracy": 0.7},
    "heart-disease-triage": {"min_recall": 0.6},
}


def _hide_pending_labels(frame: pd.DataFrame, day: date, today: date, target: str, rng):
    age = (today - day).days
    if age >= PENDING_LABEL_DAYS:
        return frame
    frame = frame.copy()
    frame[target] = frame[target].astype("float64")
    pending = rng.random(len(frame)) < 0.6 * (1 - age / PENDING_LABEL_DAYS)
    frame.loc[pending, target] = np.nan
    return frame


def _write_sources(db: Store, model, today: date, rng) -> tuple[str, str, list[date]]:
    """Write the reference and the batches; return (reference, current source, batch dates).
    Sources name the store's files folder as ``{files}``, so a copied store finds them."""
    folder = db.files_dir / "monitoring" / model.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    relative = f"{FILES_PLACEHOLDER}/monitoring/{model.name}"  # the store's own folder
    model.frame_reference.to_parquet(folder / "reference.parquet", index=False)
    reference = f"{relative}/reference.parquet"
    batches = [
        (day, _hide_pending_labels(frame, day, today, model.target, rng))
        for day, frame in model.batches
    ]
    if model.name == "heart-disease-triage":
        batches = [(d, f) for d, f in batches if (today - d).days >= TRIAGE_GAP_DAYS]
    if model.name == "abalone-maturity":
        table = "demo_abalone_batches"
        frames = [f.assign(batch_date=day) for day, f in batches]
        write_data_table(db, table, pd.concat(frames, ignore_index=True))
        current = f"query:SELECT * EXCLUDE (batch_date) FROM {table} WHERE batch_date = '{{date}}'"
    elif model.name == "heart-disease-triage":
        for day, frame in batches:
            frame.to_csv(folder / f"batch-{day.isoformat()}.csv", index=False)
        current = f"{relative}/batch-{{date}}.csv"
    else:
        for day, frame in batches:
            frame.to_parquet(folder / f"batch-{day.isoformat()}.parquet", index=False)
        current = f"{relative}/batch-{{date}}.parquet"
    return reference, current, [day for day, _ in batches]


def seed(db: Store, today: date) -> dict[str, int]:
    from demo.models import build_demo_models
    from monitors.jobs import run_monitor

    rng = np.random.default_rng(42)
    runs = 0
    created = datetime.combine(today - timedelta(days=DAYS + 5), time(9, 0))
    for model in build_demo_models(today, DAYS, seed=0):
        system_id = organisation.SYSTEM_IDS[SYSTEM_KEYS[model.name]]
        reference, current, dates = _write_sources(db, model, today, rng)
        model_id = monitored_models.register_model(
            db,
            {
                "name": model.name,
                "system_id": system_id,
                "owner": None,
                "reference_source": reference,
                "current_source": current,
                "source_note": SOURCE_NOTES[model.name],
                "target_column": model.target,
                "prediction_column": model.prediction,
                "probability_column": model.probability,
                "positive_label": "1",
                "features": model.features,
                "sensitive_attributes": SENSITIVE.get(model.name, model.sensitive),
                "intersections": model.name == "arrests-release",
                "thresholds": {"performance": PERFORMANCE[model.name]},
                "stale_after_days": 7,
                "keep_snapshots": 5,
            },
            SYSTEM,
            at=created,
        )
        for day in dates:
            at = datetime.combine(day, time(6, 0))
            run_monitor(
                db, model_id, SYSTEM, as_of=at, with_report=False, evidence=day == dates[-1]
            )
            runs += 1
    _serious_incident(db, today)
    return {"monitored models": 3, "monitor runs": runs}


def _serious_incident(db: Store, today: date) -> None:
    """One incident logged by hand, serious under the EU AI Act, to show the Art. 73 clock."""
    incidents.add_incident(
        db,
        {
            "title": "Chest-pain patient routed to routine care; admitted to A&E two days later",
            "system_id": organisation.SYSTEM_IDS["triage"],
            "incident_type": "safety",
            "severity": "critical",
            "status": "investigating",
            "detected_on": today - timedelta(days=6),
            "occurred_on": today - timedelta(days=8),
            "description": "A pilot user with exertional chest pain got a 'routine' triage outcome."
            " The clinical safety officer suspects the missing ECG field lowered the score.",
            "affected_groups": ["sex=female", "age_band=45-59"],
            "actions": "Pilot paused for chest-pain presentations; clinical review of the last "
            "30 days of routine outcomes; vendor asked for a root-cause analysis.",
            "owner": "Dr. Hannah Weiss",
            "serious": True,
            "serious_consequences": ["serious_harm_to_health"],
        },
        SYSTEM,
        at=datetime.combine(today - timedelta(days=6), time(14, 30)),
    )
