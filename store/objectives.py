"""AI objectives (ISO/IEC 42001 6.2): their measures computed from the store, and recorded
over time so that a review sees the trend, not just today's value."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pandas as pd

from risk_model import objectives as rules
from risk_model.access import Actor
from risk_model.objectives import MEASUREMENT, OBJECTIVE
from risk_model.training import in_aims_role
from store import impact_assessments, policies, records, register_reads, training
from store.connection import Store


def _impact_assessment_coverage(db: Store, today: date) -> float | None:
    statuses = impact_assessments.system_statuses(db, today)
    high = statuses[statuses["eu_ai_act_tier"] == "high"]
    return float((high["assessment_status"] == "current").mean()) if len(high) else None


BREACH_CLOSE_DAYS_SQL = """
SELECT median(closed_on - detected_on) FROM ai_incidents
WHERE breach_key IS NOT NULL AND closed_on IS NOT NULL AND closed_on <= ?
"""
"""Days from detection to closing of the incidents that monitor breaches opened."""


def _breach_close_days(db: Store, today: date) -> float | None:
    with db.connect() as connection:
        value = connection.execute(BREACH_CLOSE_DAYS_SQL, [today]).fetchone()[0]
    return None if value is None else float(value)


def _training_coverage(db: Store, today: date) -> float | None:
    status = training.status_frame(db, today)
    status = status[status["aims_roles"].map(in_aims_role)]
    return float((~status["overdue"].astype(bool)).mean()) if len(status) else None


def _policy_acknowledgement(db: Store, today: date) -> float | None:
    return policies.acknowledgement_overview(db).share


MEASURE_FUNCTIONS: dict[str, Callable[[Store, date], float | None]] = {
    "impact_assessment_coverage": _impact_assessment_coverage,
    "breach_close_days": _breach_close_days,
    "training_coverage": _training_coverage,
    "policy_acknowledgement": _policy_acknowledgement,
}
"""How the store computes each measure declared in ``risk_model.objectives.MEASURES``."""


def measure_values(db: Store, today: date, measures=None) -> dict[str, float | None]:
    """Today's value of each measure asked for (all by default)."""
    with db.connect():
        return {m: MEASURE_FUNCTIONS[m](db, today) for m in (measures or MEASURE_FUNCTIONS)}


def list_objectives(db: Store, today: date, include_retired: bool = False) -> pd.DataFrame:
    """The objectives with today's value of their measure, and whether they are behind."""
    with db.connect():
        frame = register_reads.read(db, OBJECTIVE, include_retired)
        used = sorted({m for m in frame["measure"] if m in MEASURE_FUNCTIONS})
        values = measure_values(db, today, used) if used else {}
    items = frame.to_dict("records")
    frame["latest_value"] = [values.get(o["measure"]) for o in items]
    frame["behind"] = [
        rules.behind(o["measure"] or "", values.get(o["measure"]), o["target"]) for o in items
    ]
    frame["missed"] = [rules.missed(o, values.get(o["measure"]), today) for o in items]
    frame["gaps"] = ["; ".join(rules.gaps(o)) for o in items]
    return frame


def add_objective(db: Store, values: dict, actor: Actor) -> str:
    return records.add_record(db, OBJECTIVE, values, actor)


def record_measurements(
    db: Store, today: date, actor: Actor, at: datetime | None = None
) -> dict[str, float | None]:
    """Record today's value for every live objective with a measure; a second recording on
    the same day updates the first. Returns objective id -> value."""
    objectives = list_objectives(db, today)
    recorded = {}
    with db.transaction() as connection:
        for item in objectives.to_dict("records"):
            if item["measure"] not in MEASURE_FUNCTIONS:
                continue
            found = connection.execute(
                "SELECT id FROM objective_measurements WHERE objective_id = ? AND measured_on = ?"
                " AND status <> 'retired'",
                [item["id"], today],
            ).fetchone()
            values = {"objective_id": item["id"], "measured_on": today}
            values["value"] = item["latest_value"]
            if found:
                records.update(connection, MEASUREMENT, found[0], values, actor, at)
            else:
                records.insert(connection, MEASUREMENT, {**values, "status": "active"}, actor, at)
            recorded[item["id"]] = item["latest_value"]
    return recorded


def measurements(db: Store) -> pd.DataFrame:
    """Every recorded value, oldest first, with its objective's name and target."""
    with db.connect() as connection:
        frame = connection.execute(
            "SELECT m.objective_id, o.name, o.measure, o.target, m.measured_on, m.value"
            " FROM objective_measurements m JOIN objectives o ON o.id = m.objective_id"
            " WHERE m.status <> 'retired' AND o.status <> 'retired'"
            " ORDER BY m.objective_id, m.measured_on"
        ).df()
    frame["measured_on"] = frame["measured_on"].map(records.as_date)
    return frame


def checks_records(db: Store, today: date) -> dict:
    """``objectives`` (with ``latest_value``, today's value) for the pre-audit checks."""
    frame = list_objectives(db, today)
    return {"objectives": frame.drop(columns=["behind", "missed", "gaps"]).to_dict("records")}
