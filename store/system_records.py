"""Everything the records hold about one AI system, read once for the EU AI Act documents.

The bundle is plain data (dicts and lists of dicts) so that ``reports/`` can assemble the
documents without SQL: the inventory record, its latest classification, risks, impact
assessments, monitored models with their latest runs, incidents, the life-cycle changes from
the audit trail, the certification cycle and the applicable Annex A controls.
"""

from __future__ import annotations

import json
from datetime import date

import pandas as pd

from risk_model.inventory import AI_SYSTEM
from store import (
    certification,
    classification,
    incidents,
    inventory,
    monitored_models,
    records,
    risks,
)
from store.connection import Store


def _records(frame: pd.DataFrame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def system_records(db: Store, system_id: str, today: date) -> dict:
    """The bundle for ``system_id``; raises KeyError naming an unknown system."""
    with db.connect() as connection:
        system = records.existing(connection, AI_SYSTEM, system_id)
        latest = classification.classification_history(db, system_id)
        register = risks.list_risks(db, risks.RiskFilter(system_ids=(system_id,)), today=today)
        assessments = connection.execute(
            "SELECT * FROM impact_assessments WHERE system_id = ? AND status <> 'retired'"
            " ORDER BY assessed_on DESC NULLS LAST, id DESC",
            [system_id],
        ).df()
        models = monitored_models.list_models(db, system_id)
        runs = connection.execute(
            "SELECT model_id, count(*) AS runs, max(started_at) AS last_run,"
            " arg_max(status, started_at) AS last_status FROM monitor_runs"
            " WHERE system_id = ? AND status IN ('succeeded', 'breached') GROUP BY model_id",
            [system_id],
        ).df()
        found = incidents.list_incidents(db, today, system_id=system_id)
        changes = connection.execute(
            "SELECT recorded_at, actor, field, old_value, new_value FROM audit_trail"
            " WHERE entity = 'ai_systems' AND record_id = ? AND action = 'update'"
            " AND field IN ('lifecycle_stage', 'eu_ai_act_tier', 'description', 'data_inputs',"
            " 'integration_points', 'provider') ORDER BY recorded_at",
            [system_id],
        ).df()
        controls = connection.execute(
            "SELECT id, justification FROM statement_of_applicability WHERE applicable ORDER BY id"
        ).df()
        cycle = certification.get_cycle(db)
    by_model = {r["model_id"]: r for r in _records(runs)}
    for model in models:
        model["latest"] = by_model.get(model["id"])
        for key in ("features", "thresholds"):
            if isinstance(model.get(key), str):
                model[key] = json.loads(model[key])
    return {
        "today": today,
        "system": system,
        "classification": _records(latest.head(1))[0] if len(latest) else None,
        "risks": _records(register),
        "impact_assessments": _records(assessments),
        "monitored_models": models,
        "incidents": _records(found),
        "lifecycle_changes": _records(changes),
        "controls": _records(controls),
        "certification": {
            "body": cycle.certification_body,
            "scope": cycle.scope,
            "certificate_number": cycle.certificate_number,
            "certificate_date": cycle.certificate_date,
        },
    }


def high_risk_system_ids(db: Store) -> list[str]:
    frame = inventory.select_systems(
        db, ("id", "eu_ai_act_tier"), inventory.SystemFilter(tiers=("high",))
    )
    return frame["id"].tolist()
