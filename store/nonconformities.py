"""Nonconformities and corrective actions (ISO/IEC 42001 10.2), and the certification gate."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

import pandas as pd

from risk_model import nonconformity as rules
from risk_model.access import Actor
from risk_model.incidents import AI_INCIDENT
from risk_model.internal_audit import AUDIT_FINDING, NONCONFORMITY_CLASSES
from risk_model.nonconformity import CORRECTIVE_ACTION, NONCONFORMITY
from store import records
from store.connection import Store

NC_DATES = ("raised_on", "verified_on", "closed_on")
ACTION_DATES = ("deadline", "done_on")


def _tidy(frame: pd.DataFrame, dates: tuple[str, ...], lists: tuple[str, ...] = ()) -> pd.DataFrame:
    frame = frame.astype(object).where(frame.notna(), None)
    for column in dates:
        if column in frame:
            frame[column] = frame[column].map(records.as_date)
    for column in lists:
        if column in frame:
            frame[column] = frame[column].map(lambda v: [] if v is None else list(v))
    return frame


# --- reads --------------------------------------------------------------------------------------


def list_actions(db: Store, today: date, nonconformity_id: str | None = None) -> pd.DataFrame:
    """Live corrective actions with an ``overdue`` flag."""
    with db.connect() as connection:
        frame = connection.execute(
            "SELECT a.*, n.title AS nonconformity_title, n.grade FROM corrective_actions a"
            " JOIN nonconformities n ON n.id = a.nonconformity_id"
            " WHERE a.status <> 'retired' AND (?::VARCHAR IS NULL OR a.nonconformity_id = ?)"
            " ORDER BY a.deadline, a.id",
            [nonconformity_id, nonconformity_id],
        ).df()
    frame = _tidy(frame, ACTION_DATES)
    frame["overdue"] = [rules.action_overdue(r, today) for r in frame.to_dict("records")]
    return frame


def _actions_by_nc(actions: pd.DataFrame) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for row in actions.to_dict("records"):
        grouped.setdefault(row["nonconformity_id"], []).append(row)
    return grouped


def list_nonconformities(
    db: Store,
    today: date,
    statuses: tuple[str, ...] = (),
    grades: tuple[str, ...] = (),
    sources: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Live nonconformities (filtered) with actions, overdue actions and whether there is a plan."""
    with db.connect():
        frame = _with_actions(db, today, list_actions(db, today))
    return filter_nonconformities(frame, statuses, grades, sources)


def _with_actions(db: Store, today: date, actions: pd.DataFrame) -> pd.DataFrame:
    """Every live nonconformity with its action counts, from ``list_actions(db, today)``."""
    with db.connect() as connection:
        frame = connection.execute(
            "SELECT n.*, s.name AS system_name FROM nonconformities n"
            " LEFT JOIN ai_systems s ON s.id = n.system_id"
            " WHERE n.status <> 'retired' ORDER BY n.raised_on DESC, n.id DESC"
        ).df()
    frame = _tidy(frame, NC_DATES, ("whys",))
    grouped = _actions_by_nc(actions)
    mine = [grouped.get(i, []) for i in frame["id"]]
    frame["actions"] = [len(rules.live_actions(a)) for a in mine]
    frame["has_plan"] = [rules.has_plan(a) for a in mine]
    frame["overdue_actions"] = [sum(rules.action_overdue(x, today) for x in a) for a in mine]
    return frame


def filter_nonconformities(
    frame: pd.DataFrame,
    statuses: tuple[str, ...] = (),
    grades: tuple[str, ...] = (),
    sources: tuple[str, ...] = (),
) -> pd.DataFrame:
    """The rows of a ``list_nonconformities`` frame with the chosen status, grade and source."""
    for column, chosen in (("status", statuses), ("grade", grades), ("source", sources)):
        if chosen:
            frame = frame[frame[column].isin(chosen)]
    return frame.reset_index(drop=True)


@dataclass(frozen=True)
class NonconformityRegister:
    """Every live nonconformity and corrective action on one day, read in one connection;
    the page derives its lists from it (``filter_nonconformities``, ``actions_of`` ...)."""

    nonconformities: pd.DataFrame
    """``list_nonconformities(db, today)``."""
    actions: pd.DataFrame
    """``list_actions(db, today)``."""
    gate: dict
    """``certification_gate(db, today)``."""


def nonconformity_register(db: Store, today: date) -> NonconformityRegister:
    """What the Nonconformities page lists, from one connection and one read of the actions."""
    with db.connect():
        actions = list_actions(db, today)
        frame = _with_actions(db, today, actions)
    return NonconformityRegister(frame, actions, _gate(frame, actions))


def actions_of(actions: pd.DataFrame, nc_id: str) -> pd.DataFrame:
    """``list_actions(db, today, nc_id)`` from the frame of every action."""
    return actions[actions["nonconformity_id"] == nc_id].reset_index(drop=True)


def get_nonconformity(db: Store, nc_id: str) -> dict | None:
    with db.connect() as connection:
        row = records.fetch(connection, NONCONFORMITY, nc_id)
    return None if row is None else _tidy_nonconformity(row)


def _tidy_nonconformity(row: dict) -> dict:
    return _tidy(pd.DataFrame([row]), NC_DATES, ("whys",)).to_dict("records")[0]


def open_nonconformities(db: Store, today: date) -> pd.DataFrame:
    """Nonconformities not yet closed, with whether each has a plan and its overdue actions."""
    frame = list_nonconformities(db, today, statuses=rules.STATUSES[:3])
    columns = ["id", "title", "grade", "reference", "system_id", "source", "status"]
    out = frame[columns].copy()
    out["opened_on"] = frame["raised_on"]
    out["has_plan"] = frame["has_plan"].astype(bool)
    out["overdue_actions"] = frame["overdue_actions"].astype(int)
    return out


def certification_gate(db: Store, today: date) -> dict:
    """What must close before an external audit: every major closed, every minor with a plan."""
    with db.connect():
        actions = list_actions(db, today)
        frame = _with_actions(db, today, actions)
    return _gate(frame, actions)


def _gate(frame: pd.DataFrame, actions: pd.DataFrame) -> dict:
    grouped = _actions_by_nc(actions)
    return asdict(rules.certification_gate(frame.to_dict("records"), grouped))


def opportunities(db: Store, since: date | None) -> pd.DataFrame:
    """Audit findings classed opportunity for improvement, raised on or after ``since``."""
    with db.connect() as connection:
        frame = connection.execute(
            "SELECT id, title, reference, raised_on, audit_id FROM audit_findings"
            " WHERE finding_class = 'opportunity' AND status <> 'retired'"
            " AND (?::DATE IS NULL OR raised_on >= ?::DATE) ORDER BY raised_on DESC, id",
            [since, since],
        ).df()
    return _tidy(frame, ("raised_on",))


def overdue_actions(db: Store, today: date) -> pd.DataFrame:
    """Corrective actions past their deadline and not done."""
    return overdue_in(list_actions(db, today))


def overdue_in(actions: pd.DataFrame) -> pd.DataFrame:
    """The overdue rows of a ``list_actions`` frame, as ``overdue_actions`` lists them."""
    columns = ["id", "nonconformity_id", "action", "owner", "deadline"]
    return actions.loc[actions["overdue"], columns].reset_index(drop=True)


def closure_blockers(db: Store, nc_id: str, today: date) -> list[str]:
    """Why the nonconformity cannot close yet (empty when it can)."""
    with db.connect() as connection:
        nc = _tidy_nonconformity(records.existing(connection, NONCONFORMITY, nc_id))
        actions = list_actions(db, today, nc_id)
    return blockers_of(nc, actions, today)


def blockers_of(nc: dict, actions: pd.DataFrame, today: date) -> list[str]:
    """``closure_blockers`` from the nonconformity and its ``actions_of`` frame."""
    return rules.closure_blockers(nc, actions.to_dict("records"), today)


# --- writes -------------------------------------------------------------------------------------


def _refresh_status(connection, nc_id: str, actor: Actor, at: datetime) -> None:
    """Move the status to what the actions now support (never reopens a closed record)."""
    nc = records.fetch(connection, NONCONFORMITY, nc_id)
    actions = connection.execute(
        "SELECT id, owner, deadline, status, done_on FROM corrective_actions"
        " WHERE nonconformity_id = ?",
        [nc_id],
    ).df()
    status = rules.derived_status(nc, _tidy(actions, ACTION_DATES).to_dict("records"))
    if status != nc["status"]:
        records.update(connection, NONCONFORMITY, nc_id, {"status": status}, actor, at)


def raise_nonconformity(db: Store, values: dict, actor: Actor, at: datetime | None = None) -> str:
    """Open a nonconformity from any source (a surveillance audit finding, say)."""
    at = at or datetime.now()
    values = {k: v for k, v in values.items() if v not in (None, "", [])}
    values.setdefault("raised_on", at.date())
    values.setdefault("raised_by", actor.name)
    for spec in NONCONFORMITY.required_fields:
        if values.get(spec.name) in (None, ""):
            raise ValueError(f"{spec.label} is required.")
    if values["source"] not in rules.SOURCES:
        raise ValueError(f"Source must be one of: {', '.join(rules.SOURCES)}.")
    if values["grade"] not in rules.GRADES:
        raise ValueError("Grade must be major or minor.")
    values["status"] = "open"
    with db.transaction() as connection:
        ref = values.get("source_ref")
        if ref:
            row = connection.execute(
                "SELECT id FROM nonconformities WHERE source_ref = ? AND status <> 'retired'",
                [ref],
            ).fetchone()
            if row:
                raise ValueError(f"{ref} has already raised nonconformity {row[0]}.")
        return records.insert(connection, NONCONFORMITY, values, actor, at)


def raise_from_finding(db: Store, finding_id: str, actor: Actor, owner: str | None = None) -> str:
    """A major or minor audit finding becomes a nonconformity of the same grade."""
    with db.connect() as connection:
        finding = records.existing(connection, AUDIT_FINDING, finding_id)
    if finding["finding_class"] not in NONCONFORMITY_CLASSES:
        raise ValueError(
            "Only major and minor nonconformities enter corrective action; this finding is an"
            f" {finding['finding_class']}."
        )
    return raise_nonconformity(
        db,
        {
            "title": finding["title"],
            "description": finding.get("evidence"),
            "source": "internal audit",
            "source_ref": finding_id,
            "grade": finding["finding_class"],
            "reference": finding["reference"],
            "system_id": finding.get("system_id"),
            "owner": owner,
        },
        actor,
    )


def raise_from_incident(
    db: Store, incident_id: str, grade: str, reference: str, actor: Actor, owner: str | None = None
) -> str:
    with db.connect() as connection:
        incident = records.existing(connection, AI_INCIDENT, incident_id)
    values = {"title": incident["title"], "description": incident.get("description")}
    values |= {"source": "incident", "source_ref": incident_id, "grade": grade}
    values |= {"reference": reference, "system_id": incident["system_id"], "owner": owner}
    return raise_nonconformity(db, values, actor)


def raise_from_breach(
    db: Store, run_id: str, grade: str, reference: str, actor: Actor, owner: str | None = None
) -> str:
    """A monitor run that breached its thresholds becomes a nonconformity."""
    from store import monitoring

    run = monitoring.get_run(db, run_id)
    if run is None or run.get("status") != "breached":
        raise ValueError(f"{run_id} is not a monitor run that breached its thresholds.")
    breaches = run.get("breaches") or "[]"
    values = {"title": f"Monitor breach on {run['system_id']} ({run_id})", "description": breaches}
    values |= {"source": "monitor breach", "source_ref": run_id, "grade": grade}
    values |= {"reference": reference, "system_id": run["system_id"], "owner": owner}
    return raise_nonconformity(db, values, actor)


def save_root_cause(db: Store, nc_id: str, whys: list[str], root_cause: str, actor: Actor) -> dict:
    whys = rules.clean_whys(whys)
    if len(whys) > rules.MAX_WHYS:
        raise ValueError(f"The 5 Whys stop at {rules.MAX_WHYS}.")
    with db.transaction() as connection:
        values = {"whys": whys, "root_cause": (root_cause or "").strip() or None}
        return records.update(connection, NONCONFORMITY, nc_id, values, actor)


def add_action(db: Store, values: dict, actor: Actor, at: datetime | None = None) -> str:
    """Plan a corrective action; the nonconformity needs its 5 Whys and root cause first."""
    at = at or datetime.now()
    values = {"status": "planned", **{k: v for k, v in values.items() if v not in (None, "")}}
    for spec in CORRECTIVE_ACTION.required_fields:
        if values.get(spec.name) in (None, ""):
            raise ValueError(f"{spec.label} is required.")
    with db.transaction() as connection:
        nc = records.fetch(connection, NONCONFORMITY, values["nonconformity_id"])
        if nc is None:
            raise ValueError(f"There is no nonconformity {values['nonconformity_id']}.")
        if nc["status"] in ("closed", "retired"):
            raise ValueError(f"{nc['id']} is {nc['status']}.")
        problems = rules.root_cause_problems(nc.get("whys"), nc.get("root_cause"))
        if problems:
            raise ValueError("Finish the root-cause analysis first: " + " ".join(problems))
        action_id = records.insert(connection, CORRECTIVE_ACTION, values, actor, at)
        _refresh_status(connection, nc["id"], actor, at)
        return action_id


def update_action(db: Store, action_id: str, values: dict, actor: Actor, today: date) -> dict:
    """Change an action; marking it done sets its date (today unless given)."""
    at = datetime.now()
    values = dict(values)
    if values.get("status") == "done":
        values.setdefault("done_on", today)
    with db.transaction() as connection:
        nc_id = records.existing(connection, CORRECTIVE_ACTION, action_id)["nonconformity_id"]
        changes = records.update(connection, CORRECTIVE_ACTION, action_id, values, actor, at)
        _refresh_status(connection, nc_id, actor, at)
        return changes


def record_verification(
    db: Store,
    nc_id: str,
    verified_by: str,
    verified_on: date | None,
    result: str,
    notes: str | None,
    actor: Actor,
    today: date,
) -> dict:
    """Record the verification of effectiveness (who, when, result); it does not close."""
    with db.transaction() as connection:
        actions = connection.execute(
            "SELECT id, owner, status, done_on FROM corrective_actions WHERE nonconformity_id = ?",
            [nc_id],
        ).df()
        actions = _tidy(actions, ACTION_DATES).to_dict("records")
        problems = rules.verification_problems(verified_by, verified_on, result, actions, today)
        if problems:
            raise ValueError(" ".join(problems))
        values = {"verified_by": verified_by.strip(), "verified_on": verified_on}
        values |= {"verification_result": result, "verification_notes": notes or None}
        return records.update(connection, NONCONFORMITY, nc_id, values, actor)


def close_nonconformity(db: Store, nc_id: str, actor: Actor, today: date) -> None:
    """Close once every action is done and effectiveness is verified; else say what is missing."""
    with db.transaction() as connection:
        blockers = closure_blockers(db, nc_id, today)
        if blockers:
            raise ValueError(f"{nc_id} cannot close yet: " + " ".join(blockers))
        values = {"status": "closed", "closed_on": today}
        records.update(connection, NONCONFORMITY, nc_id, values, actor, action="close")


def history(db: Store, nc_id: str) -> pd.DataFrame:
    return records.history(db, NONCONFORMITY, nc_id)


def export_nonconformities(db: Store, today: date | None = None) -> pd.DataFrame:
    return nonconformities_export(list_nonconformities(db, today or date.today()))


def nonconformities_export(frame: pd.DataFrame) -> pd.DataFrame:
    """``export_nonconformities`` from a ``list_nonconformities`` frame (left unchanged)."""
    frame = frame.copy()
    frame["whys"] = frame["whys"].map(lambda v: " | ".join(v))
    keep = ["id", *NONCONFORMITY.field_names, "actions", "has_plan", "overdue_actions"]
    return frame[[c for c in keep if c in frame]]


def export_actions(db: Store, today: date | None = None) -> pd.DataFrame:
    return actions_export(list_actions(db, today or date.today()))


def actions_export(frame: pd.DataFrame) -> pd.DataFrame:
    """``export_actions`` from a ``list_actions`` frame."""
    return frame[["id", *CORRECTIVE_ACTION.field_names, "overdue"]]
