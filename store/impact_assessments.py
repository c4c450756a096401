"""AI system impact assessments (ISO/IEC 42001 6.1.4, 8.4, A.5) and which systems lack one."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from risk_model.access import Actor
from risk_model.impact_assessment import (
    impact_assessment_required,
    impact_assessment_status,
)
from risk_model.risk_register import IMPACT_ASSESSMENT
from store import records
from store.connection import Store

MATERIAL_SYSTEM_FIELDS = (
    "description",
    "provider",
    "business_function",
    "data_inputs",
    "integration_points",
    "lifecycle_stage",
    "makes_decisions_about_people",
    "personal_data",
)
"""A change to one of these after the assessment makes the assessment outdated."""


def _cleaned(values: dict) -> dict:
    """Scores as whole numbers from 1 to 5 (or empty); text from a form may hold them."""
    out = dict(values)
    for spec in IMPACT_ASSESSMENT.fields:
        if spec.kind != "int" or spec.name not in out:
            continue
        raw = out[spec.name]
        if raw is None or str(raw).strip() == "" or raw != raw:
            out[spec.name] = None
            continue
        try:
            number = int(str(raw).strip().split(".")[0]) if isinstance(raw, str) else int(raw)
        except ValueError:
            raise ValueError(f"{spec.label} must be a whole number from 1 to 5.") from None
        if not 1 <= number <= 5:
            raise ValueError(f"{spec.label} must be from 1 to 5, not {number}.")
        out[spec.name] = number
    return out


def _checked(connection, values: dict) -> None:
    if not str(values.get("title") or "").strip():
        raise ValueError("An impact assessment needs a title.")
    system_id = values.get("system_id")
    found = connection.execute("SELECT 1 FROM ai_systems WHERE id = ?", [system_id]).fetchone()
    if not found:
        raise ValueError(f"No AI system {system_id!r}; an impact assessment assesses one system.")
    assessed, due = values.get("assessed_on"), values.get("review_due")
    if assessed and due and records.as_date(due) < records.as_date(assessed):
        raise ValueError("The next review cannot be due before the assessment date.")


def add_assessment(db: Store, values: dict, actor: Actor, at: datetime | None = None) -> str:
    values = _cleaned(values)
    with db.transaction() as connection:
        _checked(connection, values)
        return records.insert(
            connection, IMPACT_ASSESSMENT, {"status": "active", **values}, actor, at
        )


def update_assessment(
    db: Store, assessment_id: str, values: dict, actor: Actor, at: datetime | None = None
) -> dict:
    values = _cleaned(values)
    with db.transaction() as connection:
        return records.update(
            connection,
            IMPACT_ASSESSMENT,
            assessment_id,
            values,
            actor,
            at,
            check=lambda current, values: _checked(connection, {**current, **values}),
        )


def retire_assessment(db: Store, assessment_id: str, actor: Actor) -> None:
    with db.transaction() as connection:
        records.retire(connection, IMPACT_ASSESSMENT, assessment_id, actor)


def get_assessment(db: Store, assessment_id: str) -> dict | None:
    with db.connect() as connection:
        return records.fetch(connection, IMPACT_ASSESSMENT, assessment_id)


def list_assessments(db: Store, include_retired: bool = False) -> pd.DataFrame:
    where = "" if include_retired else "WHERE a.status <> 'retired'"
    with db.connect() as connection:
        return connection.execute(
            "SELECT a.*, s.name AS system_name FROM impact_assessments a"
            f" LEFT JOIN ai_systems s ON s.id = a.system_id {where}"
            " ORDER BY s.name, a.assessed_on DESC NULLS LAST, a.id"
        ).df()


def system_statuses(db: Store, today: date) -> pd.DataFrame:
    """Per active system: required, the latest assessment, and its status (``not required``,
    ``missing``, ``outdated`` or ``current``)."""
    with db.connect() as connection:
        frame = connection.execute(
            "SELECT s.id AS system_id, s.name, s.business_unit, s.owner, s.eu_ai_act_tier,"
            " s.makes_decisions_about_people, s.in_scope, a.id AS assessment_id,"
            " a.assessed_on, a.review_due, c.changed_at"
            " FROM ai_systems s"
            " LEFT JOIN (SELECT * FROM impact_assessments WHERE status <> 'retired'"
            "   QUALIFY row_number() OVER (PARTITION BY system_id"
            "   ORDER BY assessed_on DESC NULLS LAST, id DESC) = 1) a ON a.system_id = s.id"
            " LEFT JOIN (SELECT record_id, max(recorded_at) AS changed_at FROM audit_trail"
            "   WHERE entity = 'ai_systems' AND action = 'update'"
            "   AND field IN (SELECT unnest(?::VARCHAR[])) GROUP BY record_id) c"
            "   ON c.record_id = s.id"
            " WHERE s.status <> 'retired' ORDER BY s.name",
            [list(MATERIAL_SYSTEM_FIELDS)],
        ).df()
    frame = frame.astype(object).where(frame.notna(), None)
    tiers = [t if t != "unknown" else "unclassified" for t in frame["eu_ai_act_tier"]]
    people = frame["makes_decisions_about_people"]
    required = [impact_assessment_required(t, bool(p)) for t, p in zip(tiers, people, strict=True)]
    dates = [frame[c].map(records.as_date) for c in ("assessed_on", "review_due", "changed_at")]
    frame["required"] = required
    frame["assessment_status"] = [
        impact_assessment_status(needed, assessed, due, changed, today)
        for needed, assessed, due, changed in zip(required, *dates, strict=True)
    ]
    return frame
