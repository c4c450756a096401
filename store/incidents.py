"""The AI incident log (ISO/IEC 42001 A.8.4), fed by people and by monitor breaches.

A breach opens an incident for its system and ``breach_key`` (e.g. ``fairness:colour``) or, while
one is still open, updates it: the count, the last breach time, the affected groups and a
link to the run. Closing an incident is a person's decision; the next breach after that opens
a new one.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from risk_model.access import Actor, require
from risk_model.file_reading import FileRejected, Problem
from risk_model.incidents import (
    AI_INCIDENT,
    OPEN_STATUSES,
    Breach,
    aware_on,
    clock_text,
    is_serious,
    reporting_clock,
    severity_for_breach,
)
from store import audit_trail, importer, records
from store.connection import Store
from store.monitored_models import (
    InvalidField,
    imported_values,
    rows_to_import,
    unknown_choice_problems,
)

ENTITY = AI_INCIDENT.table


def _check(values: dict) -> dict:
    """The incident as it would be stored; raises ``InvalidField`` naming the field."""
    values = dict(values)
    if not str(values.get("title") or "").strip():
        raise InvalidField("title", "An incident needs a title.")
    if not values.get("system_id"):
        raise InvalidField("system_id", "An incident needs the AI system it concerns.")
    if values.get("serious_consequences") is not None:
        try:  # validates the consequences
            reporting_clock(date.today(), values["serious_consequences"])
        except ValueError as error:
            raise InvalidField("serious_consequences", str(error)) from None
    causal, detected = values.get("causal_link_on"), values.get("detected_on")
    if causal and detected and records.as_date(causal) < records.as_date(detected):
        raise InvalidField(
            "causal_link_on", f"the causal link ({causal}) cannot precede detection ({detected})"
        )
    if values.get("status") == "closed" and not values.get("closed_on"):
        values["closed_on"] = date.today()
    return values


def add_incident(db: Store, values: dict, actor: Actor, at: datetime | None = None) -> str:
    values = _check({**AI_INCIDENT.defaults, **values})
    with db.transaction() as connection:
        return records.insert(connection, AI_INCIDENT, values, actor, at)


def update_incident(db: Store, incident_id: str, values: dict, actor: Actor) -> dict:
    def checked(current: dict, values: dict) -> dict:
        whole = _check({**current, **values})
        return {k: whole[k] for k in values}

    return records.change(db, AI_INCIDENT, incident_id, values, actor, check=checked)


def export_incidents(db: Store) -> pd.DataFrame:
    """The incident log as a table (closed incidents too), ready for CSV/XLSX."""
    return importer.export_frame(db, AI_INCIDENT)


def import_incidents(
    db: Store, data: bytes, filename: str, actor: Actor, mapping: dict | None = None
) -> importer.ImportSummary:
    """All or nothing: every row must name an AI system of the inventory and known types,
    severities and consequences; a row updates the incident with its id or external id."""
    checked = importer.check_file(data, filename, AI_INCIDENT, mapping)
    with db.connect() as connection:
        systems = {r[0] for r in connection.execute("SELECT id FROM ai_systems").fetchall()}
    rows, problems = [], unknown_choice_problems(checked, AI_INCIDENT)
    for row, number, current in rows_to_import(db, AI_INCIDENT, checked):
        whole = {**(current or {}), **row}
        if whole.get("system_id") not in systems:
            problems.append(Problem(number, "system_id", f"no AI system {row.get('system_id')!r}"))
        occurred, detected = whole.get("occurred_on"), whole.get("detected_on")
        if occurred and detected and occurred > detected:
            problems.append(
                Problem(number, "occurred_on", f"{occurred} is after detection ({detected})")
            )
        try:
            rows.append(imported_values(AI_INCIDENT, row, current, _check))
        except InvalidField as error:
            problems.append(Problem(number, error.field, str(error)))
    if problems:
        raise FileRejected(problems)
    return importer.import_rows(db, AI_INCIDENT, rows, actor, checked)


def record_breaches(
    db: Store, system_id: str, run_id: str, breaches: list[Breach], actor: Actor, at: datetime
) -> list[str]:
    """Open or update one incident per breach key; runs inside the caller's transaction."""
    touched: list[str] = []
    by_key: dict[str, list[Breach]] = {}
    for breach in breaches:
        by_key.setdefault(breach.key, []).append(breach)
    with db.transaction() as connection:
        for key, found in by_key.items():
            groups = sorted({g for b in found for g in b.affected_groups})
            message = "; ".join(b.message for b in found)
            row = connection.execute(
                "SELECT id, breach_count, affected_groups FROM ai_incidents WHERE system_id = ?"
                " AND breach_key = ? AND status IN (SELECT unnest(?::VARCHAR[]))"
                " ORDER BY detected_on DESC LIMIT 1",
                [system_id, key, list(OPEN_STATUSES)],
            ).fetchone()
            if row is None:
                incident_id = _open_from_breach(
                    connection, system_id, key, found[0].kind, message, groups, actor, at
                )
            else:
                incident_id, count, known = row[0], row[1], list(row[2] or [])
                merged = sorted(set(known) | set(groups))
                require(actor, "write", ENTITY)
                connection.execute(
                    "UPDATE ai_incidents SET breach_count = ?, last_breach_at = ?,"
                    " affected_groups = ?, updated_at = ? WHERE id = ?",
                    [count + 1, at, merged, at, incident_id],
                )
                changes = {"breach_count": (count, count + 1), "last_run": (None, run_id)}
                if merged != known:
                    changes["affected_groups"] = (known, merged)
                audit_trail.append(connection, actor, ENTITY, incident_id, "update", changes, at)
            connection.execute(
                "INSERT OR IGNORE INTO incident_runs VALUES (?, ?, ?)", [incident_id, run_id, at]
            )
            touched.append(incident_id)
    return touched


def _open_from_breach(connection, system_id, key, kind, message, groups, actor, at) -> str:
    system = connection.execute(
        "SELECT name, owner, makes_decisions_about_people FROM ai_systems WHERE id = ?",
        [system_id],
    ).fetchone()
    name, owner, about_people = system if system else (system_id, None, False)
    values = {
        "title": f"{kind.capitalize()} threshold breached: {key.split(':', 1)[-1]} ({name})",
        "system_id": system_id,
        "incident_type": kind,
        "severity": severity_for_breach(kind, bool(about_people)),
        "status": "open",
        "detected_on": at.date(),
        "occurred_on": at.date(),
        "description": f"Opened by a monitor run: {message}",
        "affected_groups": groups,
        "owner": owner,
        "serious": False,
    }
    incident_id = records.insert(connection, AI_INCIDENT, values, actor, at)
    connection.execute(
        "UPDATE ai_incidents SET breach_key = ?, breach_count = 1, last_breach_at = ? WHERE id = ?",
        [key, at, incident_id],
    )
    return incident_id


def list_incidents(
    db: Store, today: date | None = None, system_id: str | None = None, open_only: bool = False
) -> pd.DataFrame:
    """Incidents newest first, with the system name, run count and the Art. 73 clock."""
    today = today or date.today()
    clauses, params = ["1 = 1"], []
    if system_id:
        clauses.append("i.system_id = ?")
        params.append(system_id)
    if open_only:
        clauses.append("i.status IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(OPEN_STATUSES))
    with db.connect() as connection:
        frame = connection.execute(
            "SELECT i.*, s.name AS system_name,"
            " (SELECT count(*) FROM incident_runs r WHERE r.incident_id = i.id) AS run_count"
            " FROM ai_incidents i LEFT JOIN ai_systems s ON s.id = i.system_id"
            f" WHERE {' AND '.join(clauses)} ORDER BY i.detected_on DESC, i.id DESC",
            params,
        ).df()
    deadlines, clocks, serious = [], [], []
    for row in frame.itertuples():
        consequences = [] if _missing(row.serious_consequences) else list(row.serious_consequences)
        serious.append(is_serious(row.serious, consequences))
        if not serious[-1]:
            deadlines.append(None)
            clocks.append("")
            continue
        causal = None if _missing(row.causal_link_on) else records.as_date(row.causal_link_on)
        clock = reporting_clock(aware_on(records.as_date(row.detected_on), causal), consequences)
        reported = None if _missing(row.reported_on) else records.as_date(row.reported_on)
        deadlines.append(clock.deadline)
        clocks.append(f"{clock_text(clock, today, reported)} · {clock.basis}")
    frame["serious"] = pd.Series(serious, index=frame.index, dtype=bool)
    frame["report_deadline"] = deadlines
    frame["art73_clock"] = clocks
    return frame


def _missing(value: object) -> bool:
    return value is None or (pd.api.types.is_scalar(value) and pd.isna(value))


def get_incident(db: Store, incident_id: str) -> dict | None:
    with db.connect() as connection:
        return records.fetch(connection, AI_INCIDENT, incident_id)


def incident_runs(db: Store, incident_id: str) -> list[str]:
    with db.connect() as connection:
        rows = connection.execute(
            "SELECT run_id FROM incident_runs WHERE incident_id = ? ORDER BY run_id",
            [incident_id],
        ).fetchall()
    return [r[0] for r in rows]


def history(db: Store, incident_id: str) -> pd.DataFrame:
    return records.history(db, AI_INCIDENT, incident_id)
