"""Internal audits (ISO/IEC 42001 9.2): the yearly programme, audits and their findings."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from risk_model import internal_audit as rules
from risk_model.access import Actor
from risk_model.catalogue import annex_a_controls, assessable_clauses
from risk_model.internal_audit import AUDIT_FINDING, AUDIT_PROGRAMME, INTERNAL_AUDIT
from store import records
from store.connection import Store

LIST_COLUMNS = ("scope_clauses", "scope_controls", "scope_systems", "scope_units", "auditors")
DATE_COLUMNS = ("planned_start", "planned_end", "start_date", "end_date")
COUNTS_SQL = (
    "SELECT audit_id, count(*) FILTER (WHERE finding_class = 'major') AS findings_major,"
    " count(*) FILTER (WHERE finding_class = 'minor') AS findings_minor,"
    " count(*) FILTER (WHERE finding_class = 'observation') AS observations,"
    " count(*) FILTER (WHERE finding_class = 'opportunity') AS opportunities"
    " FROM audit_findings WHERE status <> 'retired' GROUP BY audit_id"
)


def _tidy(frame: pd.DataFrame, dates=DATE_COLUMNS, lists=LIST_COLUMNS) -> pd.DataFrame:
    frame = frame.astype(object).where(frame.notna(), None)
    for column in dates:
        if column in frame:
            frame[column] = frame[column].map(records.as_date)
    for column in lists:
        if column in frame:
            frame[column] = frame[column].map(lambda v: [] if v is None else list(v))
    return frame


# --- contract for the management review and the pre-audit checks -------------------------------


def last_completed_audit(db: Store) -> date | None:
    """End date of the latest completed internal audit."""
    with db.connect() as connection:
        row = connection.execute(
            "SELECT max(coalesce(end_date, start_date)) FROM internal_audits"
            " WHERE status = 'completed'"
        ).fetchone()
    return records.as_date(row[0]) if row else None


def audit_results(db: Store, since: date | None) -> pd.DataFrame:
    """Completed audits ending on or after ``since`` (all when None), with finding counts."""
    with db.connect() as connection:
        frame = connection.execute(
            "SELECT a.id, a.title, a.start_date, a.end_date,"
            " coalesce(c.findings_major, 0) AS findings_major,"
            " coalesce(c.findings_minor, 0) AS findings_minor,"
            " coalesce(c.observations, 0) AS observations,"
            " coalesce(c.opportunities, 0) AS opportunities"
            f" FROM internal_audits a LEFT JOIN ({COUNTS_SQL}) c ON c.audit_id = a.id"
            " WHERE a.status = 'completed' AND (?::DATE IS NULL OR a.end_date >= ?::DATE)"
            " ORDER BY a.end_date DESC, a.id",
            [since, since],
        ).df()
    frame = _tidy(frame)
    for column in ("findings_major", "findings_minor", "observations", "opportunities"):
        frame[column] = frame[column].astype(int)
    return frame


# --- programme ----------------------------------------------------------------------------------


def list_programmes(db: Store) -> pd.DataFrame:
    """Programmes by year, with the number of audits and how many are completed."""
    with db.connect() as connection:
        frame = connection.execute(
            "SELECT p.*, count(a.id) AS audits,"
            " count(a.id) FILTER (WHERE a.status = 'completed') AS completed"
            " FROM internal_audit_programmes p LEFT JOIN internal_audits a"
            " ON a.programme_year = p.year AND a.status <> 'retired'"
            " WHERE p.status <> 'retired' GROUP BY ALL ORDER BY p.year DESC"
        ).df()
    return _tidy(frame, dates=("approved_on",))


def save_programme(db: Store, values: dict, actor: Actor) -> str:
    """Create the programme of ``values['year']`` or update it; returns its id."""
    if not values.get("year"):
        raise ValueError("The programme needs a year.")
    with db.transaction() as connection:
        row = connection.execute(
            "SELECT id FROM internal_audit_programmes WHERE year = ?", [int(values["year"])]
        ).fetchone()
        if row:
            records.update(connection, AUDIT_PROGRAMME, row[0], values, actor)
            return row[0]
        return records.insert(connection, AUDIT_PROGRAMME, values, actor)


# --- audits -------------------------------------------------------------------------------------


def list_audits(db: Store, year: int | None = None, include_retired: bool = False) -> pd.DataFrame:
    """Audits (newest programme year first) with their finding counts."""
    where, params = ["1 = 1"], []
    if year is not None:
        where.append("a.programme_year = ?")
        params.append(int(year))
    if not include_retired:
        where.append("a.status <> 'retired'")
    with db.connect() as connection:
        frame = connection.execute(
            "SELECT a.*, coalesce(c.findings_major, 0) AS findings_major,"
            " coalesce(c.findings_minor, 0) AS findings_minor,"
            " coalesce(c.observations, 0) AS observations,"
            " coalesce(c.opportunities, 0) AS opportunities"
            f" FROM internal_audits a LEFT JOIN ({COUNTS_SQL}) c ON c.audit_id = a.id"
            f" WHERE {' AND '.join(where)}"
            " ORDER BY a.programme_year DESC, coalesce(a.start_date, a.planned_start), a.id",
            params,
        ).df()
    return _tidy(frame)


def get_audit(db: Store, audit_id: str) -> dict | None:
    with db.connect() as connection:
        row = records.fetch(connection, INTERNAL_AUDIT, audit_id)
    if row is None:
        return None
    return _tidy(pd.DataFrame([row])).to_dict("records")[0]


def _check_audit(values: dict) -> None:
    problems = rules.audit_problems(values)
    if problems:
        raise ValueError(" ".join(problems))


def add_audit(db: Store, values: dict, actor: Actor, at: datetime | None = None) -> str:
    values = {"status": "planned", **{k: v for k, v in values.items() if v not in (None, "")}}
    _check_audit(values)
    with db.transaction() as connection:
        return records.insert(connection, INTERNAL_AUDIT, values, actor, at)


def update_audit(db: Store, audit_id: str, values: dict, actor: Actor) -> dict:
    return records.change(
        db,
        INTERNAL_AUDIT,
        audit_id,
        values,
        actor,
        check=lambda current, values: _check_audit({**current, **values}),
    )


def retire_audit(db: Store, audit_id: str, actor: Actor) -> None:
    with db.transaction() as connection:
        records.retire(connection, INTERNAL_AUDIT, audit_id, actor)


# --- independence -------------------------------------------------------------------------------


def area_owners(db: Store) -> rules.AreaOwners:
    """Who owns which system, unit, SoA control and risk, for the independence check."""
    with db.connect() as connection:
        systems = connection.execute(
            "SELECT id, name, owner, business_unit FROM ai_systems WHERE status <> 'retired'"
        ).fetchall()
        controls = connection.execute(
            "SELECT id, owner, responsible, accountable FROM statement_of_applicability"
        ).fetchall()
        risks = connection.execute(
            "SELECT id, title, owner, system_ids, control_ids FROM risks"
            " WHERE status NOT IN ('retired', 'closed')"
        ).df()
    return rules.AreaOwners(
        system_owners={s[0]: s[2] for s in systems},
        system_units={s[0]: s[3] for s in systems},
        system_names={s[0]: s[1] for s in systems},
        control_people={c[0]: [p for p in c[1:] if p] for c in controls},
        risks=tuple(_tidy(risks, lists=("system_ids", "control_ids")).to_dict("records")),
    )


def independence(db: Store, audit: dict) -> list[rules.Conflict]:
    """The areas in the audit's scope that one of its auditors owns."""
    scope = rules.AuditScope(
        *(tuple(audit.get(k) or ()) for k in LIST_COLUMNS[:4])  # clauses, controls, ...
    )
    team = rules.audit_team(audit.get("lead_auditor"), audit.get("auditors"))
    return rules.independence_conflicts(team, scope, area_owners(db))


def scope_choices(db: Store) -> dict[str, dict[str, str]]:
    """Options for the scope pickers: value -> label, for clauses, controls, systems, units."""
    with db.connect() as connection:
        systems = connection.execute(
            "SELECT id, name, business_unit FROM ai_systems WHERE status <> 'retired' ORDER BY name"
        ).fetchall()
    return {
        "clauses": {c.id: f"{c.id} {c.title}" for c in assessable_clauses()},
        "controls": {c.id: f"{c.id} {c.title}" for c in annex_a_controls()},
        "systems": {s[0]: f"{s[1]} ({s[0]})" for s in systems},
        "units": {u: u for u in sorted({s[2] for s in systems if s[2]})},
    }


# --- findings -----------------------------------------------------------------------------------


def list_findings(db: Store, audit_id: str | None = None) -> pd.DataFrame:
    """Live findings, with the audit title, system name and the nonconformity raised, if any."""
    with db.connect() as connection:
        frame = connection.execute(
            "SELECT f.*, a.title AS audit_title, s.name AS system_name,"
            " (SELECT min(n.id) FROM nonconformities n WHERE n.source_ref = f.id"
            "  AND n.status <> 'retired') AS nonconformity_id"
            " FROM audit_findings f JOIN internal_audits a ON a.id = f.audit_id"
            " LEFT JOIN ai_systems s ON s.id = f.system_id"
            " WHERE f.status <> 'retired' AND (?::VARCHAR IS NULL OR f.audit_id = ?::VARCHAR)"
            " ORDER BY f.audit_id, f.id",
            [audit_id, audit_id],
        ).df()
    frame = _tidy(frame, dates=("raised_on",), lists=("evidence_ids",))
    frame["class_label"] = frame["finding_class"].map(rules.class_label)
    return frame


def get_finding(db: Store, finding_id: str) -> dict | None:
    with db.connect() as connection:
        return records.fetch(connection, AUDIT_FINDING, finding_id)


def add_finding(db: Store, values: dict, actor: Actor, at: datetime | None = None) -> str:
    """Record a finding (auditors may); the audit must exist and the class be known."""
    values = {k: v for k, v in values.items() if v not in (None, "")}
    for spec in AUDIT_FINDING.required_fields:
        if values.get(spec.name) in (None, ""):
            raise ValueError(f"{spec.label} is required.")
    if values["finding_class"] not in rules.FINDING_CLASSES:
        raise ValueError(f"Unknown finding class {values['finding_class']!r}.")
    values.setdefault("raised_by", actor.name)
    values.setdefault("raised_on", (at or datetime.now()).date())
    with db.transaction() as connection:
        if records.fetch(connection, INTERNAL_AUDIT, values["audit_id"]) is None:
            raise ValueError(f"There is no internal audit {values['audit_id']}.")
        return records.insert(connection, AUDIT_FINDING, values, actor, at)


def update_finding(db: Store, finding_id: str, values: dict, actor: Actor) -> dict:
    with db.transaction() as connection:
        return records.update(connection, AUDIT_FINDING, finding_id, values, actor)


def retire_finding(db: Store, finding_id: str, actor: Actor) -> None:
    with db.transaction() as connection:
        records.retire(connection, AUDIT_FINDING, finding_id, actor)


def history(db: Store, audit_id: str) -> pd.DataFrame:
    return records.history(db, INTERNAL_AUDIT, audit_id)
