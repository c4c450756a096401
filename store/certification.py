"""The certification cycle record and the events derived from it."""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date, datetime

from risk_model.access import Actor, require
from risk_model.certification import (
    RECERTIFICATION_LEAD_MONTHS,
    CertificationCycle,
    CycleEvent,
    cycle_events,
    next_event,
)
from store import audit_trail, records
from store.connection import Store

CYCLE_FIELDS = tuple(f.name for f in fields(CertificationCycle))
DATE_FIELDS = (
    "target_date",
    "readiness_start",
    "stage1_date",
    "stage2_date",
    "certificate_date",
    "recertification_decision_date",
)


def get_cycle(db: Store) -> CertificationCycle:
    """The stored cycle, or an empty one before anything is planned."""
    with db.connect() as connection:
        cursor = connection.execute(
            f"SELECT {', '.join(CYCLE_FIELDS)} FROM certification_cycle WHERE id = 1"
        )
        row = cursor.fetchone()
    if row is None:
        return CertificationCycle()
    values = dict(zip(CYCLE_FIELDS, row, strict=True))
    for name in DATE_FIELDS:
        values[name] = records.as_date(values[name])
    if values["recertification_lead_months"] is None:
        values["recertification_lead_months"] = RECERTIFICATION_LEAD_MONTHS
    return CertificationCycle(**values)


def save_cycle(db: Store, values: dict, actor: Actor, at: datetime | None = None) -> dict:
    """Change the given fields of the cycle; returns the changes written to the audit trail."""
    require(actor, "write", "certification_cycle")
    unknown = set(values) - set(CYCLE_FIELDS)
    if unknown:
        raise KeyError(f"the certification cycle has no field {sorted(unknown)[0]!r}")
    new = {**asdict(get_cycle(db)), **values}
    for name in DATE_FIELDS:
        new[name] = records.as_date(new[name])
    for name in ("certification_body", "scope", "certificate_number"):
        new[name] = (str(new[name]).strip() or None) if new[name] is not None else None
    if new["stage1_date"] and new["stage2_date"] and new["stage2_date"] < new["stage1_date"]:
        raise ValueError("Stage 2 cannot come before Stage 1.")
    if (
        new["certificate_date"]
        and new["stage2_date"]
        and new["certificate_date"] < new["stage2_date"]
    ):
        raise ValueError("The certificate cannot be issued before the Stage 2 audit.")
    if not 0 <= int(new["stage_lead_weeks"]) <= 52:
        raise ValueError("The Stage 1/2 lead time must be from 0 to 52 weeks.")
    if not 0 <= int(new["recertification_lead_months"]) <= 24:
        raise ValueError("The recertification lead time must be from 0 to 24 months.")
    at = at or datetime.now()
    with db.transaction() as connection:
        old = asdict(get_cycle(db))
        changes = {k: (old[k], v) for k, v in new.items() if old[k] != v}
        if not changes:
            return {}
        connection.execute(
            f"INSERT OR REPLACE INTO certification_cycle (id, {', '.join(CYCLE_FIELDS)},"
            f" updated_at, updated_by) VALUES (1, {', '.join('?' for _ in CYCLE_FIELDS)}, ?, ?)",
            [*(new[k] for k in CYCLE_FIELDS), at, actor.name],
        )
        audit_trail.append(connection, actor, "certification_cycle", "1", "update", changes, at)
    return changes


def certification_events(db: Store) -> list[CycleEvent]:
    return cycle_events(get_cycle(db))


def next_certification_event(db: Store, today: date) -> tuple[str, date, int] | None:
    """(name, date, days left) of the next certification event, for the executive overview.

    Events projected from the target date (no certificate yet) are named "(planned)".
    """
    event = next_event(certification_events(db), today)
    if event is None:
        return None
    name = f"{event.name} (planned)" if event.projected else event.name
    return name, event.day, event.days_left(today)
