"""The records each area adds to ``AimsSnapshot.extra`` for the pre-audit checks.

Each loader returns ``{key: records}`` and reads its area through the store module that owns
it, imported here by name: a missing or misnamed function is an error, never a skipped area.
(The checks themselves skip a key that is absent or None, for snapshots built by hand.)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pandas as pd
from pandas.api.types import infer_dtype

from risk_model import catalogue
from risk_model.risk_derivation import derive_frame
from store import (
    audits,
    discovery,
    followup_checks,
    impact_assessments,
    incidents,
    management_review,
    monitoring,
    nonconformities,
    objectives,
    policies,
    responsibilities,
    risks,
    supporting_registers,
    training,
)
from store.connection import Store

DATASET_DRIFT = "drifted_share"
"""The drift metric whose breach is a dataset-drift breach (``monitors.jobs.drift_metrics``)."""


NO_DATETIMES = {
    "string",
    "empty",
    "integer",
    "floating",
    "boolean",
    "decimal",
    "bytes",
    "mixed-integer-float",
    "integer-na",
    "categorical",
}
"""Inferred kinds of an object column that cannot hold a ``datetime`` (nothing to convert)."""


def records_of(frame: pd.DataFrame) -> list[dict]:
    """Plain dicts with dates as ``date`` and missing values as None, for the pure checks.

    A datetime at midnight is a day: it becomes a ``date`` (column by column, vectorised)."""
    columns = []
    for name in frame.columns:
        series = frame[name]
        values = series.astype(object).where(series.notna(), None).tolist()
        if pd.api.types.is_datetime64_any_dtype(series):
            midnight = (series == series.dt.normalize()).tolist()
            days = series.dt.date.tolist()
            values = [d if m else v for v, d, m in zip(values, days, midnight, strict=True)]
        elif series.dtype == object and infer_dtype(series, skipna=True) not in NO_DATETIMES:
            values = [_day_if_midnight(v) for v in values]
        columns.append(values)
    names = list(frame.columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _day_if_midnight(value: object) -> object:
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return value


def _impact_assessments(db: Store, today: date) -> dict:
    return {"impact_assessments": records_of(impact_assessments.system_statuses(db, today))}


RISK_COLUMNS = (
    "id",
    "title",
    "treatment",
    "inherent_likelihood",
    "inherent_severity",
    "residual_likelihood",
    "residual_severity",
    "status",
    "accepted_by",
    "accepted_on",
    "acceptance_expires",
    "treatment_due",
    "treatment_status",
)
"""What the risk checks read and ``derive_frame`` (without the assessment's flags) needs."""


RISK_CHECKED = (
    "id",
    "title",
    "status",
    "effective_status",
    "current_level",
    "above_appetite",
    "treatment",
    "treatment_overdue",
    "treatment_due",
    "acceptance",
    "acceptance_expires",
    "accepted_by",
)
"""The columns ``risk_model.checks_risk`` reads."""


RISK_CANDIDATES = (
    "treatment IS NULL OR NOT regexp_matches(treatment, '[[:alnum:]]')"
    " OR (treatment_due < ? AND treatment_status IS DISTINCT FROM 'done')"
    " OR status = 'accepted'"
)
"""A superset of the risks some risk check flags (untreated: a treatment without a letter
or digit, judged blank or not in Python; a treatment due before today and not done; an
acceptance), so that the rest of the register is never read."""


def _risks(db: Store, today: date) -> dict:
    """The live risks a risk check may flag, with the flags of ``list_risks``.

    Only the columns the checks read are selected, closed and retired risks are dropped in
    SQL, and only the rows that meet a check's condition are handed on: the checks then
    give the same findings as on the whole register, in a fraction of the time."""
    settings = risks.get_settings(db)
    with db.connect() as connection:
        rows = connection.execute(
            f"SELECT {', '.join(RISK_COLUMNS)} FROM risks"
            " WHERE coalesce(status, 'open') NOT IN ('closed', 'retired') AND ("
            + RISK_CANDIDATES
            + ") ORDER BY id",
            [today],
        ).df()
    frame = derive_frame(rows, settings.matrix, settings.appetite_index, today, flags=False)
    if frame.empty:
        return {"risks": []}
    untreated = frame["treatment"].astype(object).fillna("").astype(str).str.strip() == ""
    flagged = (
        (frame["above_appetite"] & untreated)
        | frame["treatment_overdue"]
        | (frame["acceptance"] == "expired")
    )
    return {"risks": records_of(frame.loc[flagged.astype(bool), list(RISK_CHECKED)])}


EVIDENCED_CONTROLS_SQL = """
SELECT DISTINCT l.target_id
FROM evidence_links l
JOIN evidence_items i ON i.id = l.item_id
JOIN evidence_versions v ON v.item_id = i.id
    AND v.version = (SELECT max(version) FROM evidence_versions w WHERE w.item_id = i.id)
WHERE l.target_kind = 'control' AND i.status <> 'retired'
    AND (v.review_due IS NULL OR v.review_due >= ?)
"""
"""Controls linked to an evidence item whose current version has not expired
(``evidence_register.evidence_state`` is "current" or "review due")."""


def _soa(db: Store, today: date) -> dict:
    """The SoA columns the checks read, as ``soa.working_rows`` fills them in (a control
    not yet decided is applicable); evidence is current as in ``soa.soa_frame``."""
    with db.connect() as connection:
        stored = {
            control_id: (applicable, justification)
            for control_id, applicable, justification in connection.execute(
                "SELECT id, applicable, justification FROM statement_of_applicability"
            ).fetchall()
        }
        evidenced = {r[0] for r in connection.execute(EVIDENCED_CONTROLS_SQL, [today]).fetchall()}
    rows = []
    for control in catalogue.annex_a_controls():
        applicable, justification = stored.get(control.id, (True, None))
        rows.append(
            {
                "control_id": control.id,
                "title": control.title,
                "applicable": bool("" if applicable is None else applicable),
                "justification": "" if justification is None else justification,
                "evidence_current": control.id in evidenced,
            }
        )
    return {"soa": rows}


BREACHED_FAMILIES_SQL = """
SELECT run_id, list(DISTINCT family ORDER BY family)
FROM monitor_metrics
WHERE run_id IN (SELECT unnest(?::VARCHAR[])) AND breached
    AND (family <> 'drift' OR metric = ?)
GROUP BY run_id
"""
"""The metric families each run breached; a drifted column alone is no breach, dataset drift
is (its ``DATASET_DRIFT`` row)."""


def _monitoring(db: Store, today: date) -> dict:
    with db.connect() as connection:
        models = records_of(monitoring.latest_runs(db, today))
        runs = [m["run_id"] for m in models if m.get("status") == "breached" and m.get("run_id")]
        families = {}
        if runs:
            rows = connection.execute(BREACHED_FAMILIES_SQL, [runs, DATASET_DRIFT]).fetchall()
            families = {run_id: list(found) for run_id, found in rows}
        open_incidents = incidents.list_incidents(db, today, open_only=True)
    for model in models:
        model["breached_families"] = []
        if model.get("status") == "breached" and model.get("run_id"):
            model["breached_families"] = families.get(model["run_id"], [])
    columns = ["id", "system_id", "incident_type"]
    return {"monitored_models": models, "open_incidents": records_of(open_incidents[columns])}


def _internal_audit(db: Store, today: date) -> dict:
    return {"internal_audit": {"last_completed": audits.last_completed_audit(db)}}


def _nonconformities(db: Store, today: date) -> dict:
    return {"nonconformities": records_of(nonconformities.open_nonconformities(db, today))}


def _management_review(db: Store, today: date) -> dict:
    return {"management_review": {"last_review": management_review.last_review_date(db, today)}}


def _training(db: Store, today: date) -> dict:
    return training.checks_records(db, today)


def _governance(db: Store, today: date) -> dict:
    return {
        **policies.checks_records(db, today),
        **objectives.checks_records(db, today),
        **responsibilities.checks_records(db, today),
    }


def _discovery(db: Store, today: date) -> dict:
    return discovery.checks_records(db, today)


LOADERS: list[Callable[[Store, date], dict]] = [
    _impact_assessments,
    _risks,
    _soa,
    _monitoring,
    _internal_audit,
    _nonconformities,
    _management_review,
    _training,
    _governance,
]
"""One loader per area of checks; ``tests/store/test_checks_areas.py`` runs each on a real store."""


def _suppliers_data_lifecycle(db: Store, today: date) -> dict:
    return supporting_registers.checks_records(db, today)


LOADERS += [
    _suppliers_data_lifecycle,
    followup_checks.classification_records,
    followup_checks.followup_records,
    _discovery,
]
