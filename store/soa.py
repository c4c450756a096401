"""The Statement of Applicability (ISO/IEC 42001 6.1.3 f): one row per Annex A control.

The working version is edited row by row through the audit trail; approving it freezes every
row, with the risks and evidence behind it, as a numbered version (1, 2, ...) that stays
readable. A control with no row yet reads as applicable and not started. The risks a control
treats come from the risk register (each risk lists its controls); the evidence comes from
the evidence library.
"""

from __future__ import annotations

import json
from datetime import date, datetime

import pandas as pd

from risk_model import catalogue
from risk_model.access import Actor, require
from risk_model.soa import IMPLEMENTATION_STATUSES, SOA_COLUMNS, SOA_ENTRY, SoAVersion
from store import audit_trail, current_evidence, records
from store.connection import Store

EDITABLE = SOA_ENTRY.field_names
DEFAULT_TITLE = "Statement of Applicability — ISO/IEC 42001:2023 Annex A"
CLOSED_RISK_STATUSES = ("retired", "closed", "accepted")
"""Risks in these states need no treating control."""

NO_EVIDENCE = "applicable, no current evidence"
EXCLUDED_UNJUSTIFIED = "excluded without justification"
INCLUDED_UNJUSTIFIED = "included without justification"
NO_RISK = "linked to no risk"


def working_rows(db: Store) -> pd.DataFrame:
    """The editable fields of every Annex A control, in Annex order, defaults filled in."""
    with db.connect() as connection:
        cursor = connection.execute(f"SELECT id, {', '.join(EDITABLE)} FROM {SOA_ENTRY.table}")
        stored = {row[0]: dict(zip(EDITABLE, row[1:], strict=True)) for row in cursor.fetchall()}
    rows = []
    for control in catalogue.annex_a_controls():
        row = stored.get(control.id) or {"applicable": True, "implementation_status": "not started"}
        rows.append(
            {
                "control_id": control.id,
                "domain_id": control.domain_id,
                "domain": control.domain,
                "title": control.title,
                **{f: ("" if row.get(f) is None else row.get(f)) for f in EDITABLE},
            }
        )
    frame = pd.DataFrame(rows)
    frame["applicable"] = frame["applicable"].astype(bool)
    return frame


OPEN_RISKS = (
    "SELECT id, title, control_ids FROM risks WHERE status NOT IN ('retired', 'closed')"
    " AND NOT (status = 'accepted' AND regexp_matches(coalesce(accepted_by, ''), '\\S')"
    "   AND accepted_on IS NOT NULL AND accepted_on <= $today"
    "   AND (acceptance_expires IS NULL OR $today < acceptance_expires))"
)
"""Risks that still need treatment: closed and retired ones, and accepted ones whose acceptance
is valid on ``$today`` (``risk_assessment.effective_status``, the row-wise rule a test
compares), are left out."""


def treating_risks(db: Store, today: date) -> tuple[dict[str, list[str]], bool]:
    """Control id -> the open risks (by id) it treats, and whether any risk is open at all."""
    with db.connect() as connection:
        rows = connection.execute(
            f"WITH open AS ({OPEN_RISKS}) SELECT control_id, list(id ORDER BY id)"
            " FROM (SELECT id, unnest(control_ids) AS control_id FROM open) GROUP BY control_id",
            {"today": today},
        ).fetchall()
        any_open = connection.execute(
            f"SELECT EXISTS (SELECT 1 FROM ({OPEN_RISKS}))", {"today": today}
        ).fetchone()[0]
    return dict(rows), bool(any_open)


def untreated_risks(db: Store, today: date) -> pd.DataFrame:
    """id, title of the open risks that list no Annex A control."""
    with db.connect() as connection:
        return connection.execute(
            f"SELECT id, title FROM ({OPEN_RISKS}) WHERE len(coalesce(control_ids, [])) = 0"
            " ORDER BY id",
            {"today": today},
        ).df()


def control_flags(
    row: dict, risk_ids: list[str], evidence_ids: list[str], has_risks: bool
) -> list[str]:
    """The SoA flags of one control (6.1.3: every decision justified, every control evidenced)."""
    flags = []
    justified = bool(str(row.get("justification") or "").strip())
    if row["applicable"]:
        if not evidence_ids:
            flags.append(NO_EVIDENCE)
        if not justified:
            flags.append(INCLUDED_UNJUSTIFIED)
        if has_risks and not risk_ids:
            flags.append(NO_RISK)
    elif not justified:
        flags.append(EXCLUDED_UNJUSTIFIED)
    return flags


def soa_frame(db: Store, today: date) -> pd.DataFrame:
    """The working SoA with ``SOA_COLUMNS`` (plus ``domain_id``): risks, evidence and flags."""
    with db.connect():
        treats, any_open = treating_risks(db, today)
        frame = working_rows(db)
        linked = current_evidence.by_target(db, today, "control")
    evidence_ids = [[i for i, _, _ in linked.get(c, [])] for c in frame["control_id"]]
    evidence = [
        "; ".join(f"{i} v{v} {t}" for i, v, t in linked.get(c, [])) for c in frame["control_id"]
    ]
    frame["risks"] = ["; ".join(treats.get(c, [])) for c in frame["control_id"]]
    frame["evidence"] = evidence
    frame["evidence_current"] = [bool(ids) for ids in evidence_ids]
    frame["flags"] = [
        "; ".join(control_flags(row, treats.get(row["control_id"], []), ids, any_open))
        for row, ids in zip(frame.to_dict("records"), evidence_ids, strict=True)
    ]
    return frame[[*SOA_COLUMNS, "domain_id"]]


def flags(db: Store, today: date) -> pd.DataFrame:
    """Every SoA flag as (flag, record_id, message): per control, and risks with no control."""
    return working_soa(db, today)[1]


def working_soa(db: Store, today: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``soa_frame`` and ``flags`` together, in one connection."""
    with db.connect():
        soa = soa_frame(db, today)
        untreated = untreated_risks(db, today)
    rows = [
        {"flag": flag, "record_id": control_id, "message": f"{control_id} {title}: {flag}"}
        for control_id, title, text in soa[["control_id", "title", "flags"]].values
        for flag in filter(None, text.split("; "))
    ]
    rows += [
        {
            "flag": "risk treated by no control",
            "record_id": risk_id,
            "message": f"{risk_id} {title}: no Annex A control treats it",
        }
        for risk_id, title in zip(
            untreated["id"].tolist(), untreated["title"].tolist(), strict=False
        )
    ]
    return soa, pd.DataFrame(rows, columns=["flag", "record_id", "message"])


def working_state(
    db: Store, today: date
) -> tuple[pd.DataFrame, pd.DataFrame, SoAVersion, pd.DataFrame]:
    """What the SoA page shows first, in one connection: ``working_soa``, the draft's
    ``working_version`` and the approved ``list_versions``."""
    with db.connect():
        frame, flagged = working_soa(db, today)
        return frame, flagged, working_version(db, today), list_versions(db)


def _check(values: dict) -> dict:
    values = {k: v for k, v in values.items() if k in EDITABLE}
    unknown = values.get("implementation_status")
    if unknown is not None and unknown not in IMPLEMENTATION_STATUSES:
        raise ValueError(
            f"Implementation status must be one of: {', '.join(IMPLEMENTATION_STATUSES)}."
        )
    if "applicable" in values:
        values["applicable"] = bool(values["applicable"])
        status = values.get("implementation_status")
        if not values["applicable"]:
            values["implementation_status"] = "not applicable"
        elif status in (None, "not applicable"):
            values["implementation_status"] = "not started"
    return {k: (v.strip() or None) if isinstance(v, str) else v for k, v in values.items()}


def update_control(db: Store, control_id: str, values: dict, actor: Actor) -> dict:
    """Change one control's SoA entry; returns the changes recorded in the audit trail."""
    return update_controls(db, {control_id: values}, actor).get(control_id, {})


def update_controls(
    db: Store, changes: dict[str, dict], actor: Actor, at: datetime | None = None
) -> dict[str, dict]:
    """Change several controls in one transaction (all or nothing), e.g. from a data editor."""
    require(actor, "write", SOA_ENTRY.table)
    at = at or datetime.now()
    done = {}
    current = working_rows(db).set_index("control_id")
    with db.transaction() as connection:
        for control_id, values in changes.items():
            catalogue.control(control_id)
            base = current.loc[control_id, list(EDITABLE)].to_dict()
            values = _check({**{"applicable": base["applicable"]}, **base, **values})
            if records.fetch(connection, SOA_ENTRY, control_id) is None:
                records.insert(connection, SOA_ENTRY, values, actor, at, record_id=control_id)
                done[control_id] = {k: (None, v) for k, v in values.items() if v is not None}
            else:
                found = records.update(connection, SOA_ENTRY, control_id, values, actor, at)
                if found:
                    done[control_id] = found
    return done


def set_organisation_name(db: Store, name: str, actor: Actor) -> None:
    """The organisation named on the SoA's cover (kept in ``app_settings``)."""
    require(actor, "write", "app_settings")
    value = json.dumps(name.strip())
    with db.transaction() as connection:
        connection.execute(
            "INSERT OR REPLACE INTO app_settings (key, value, updated_at) VALUES ('organisation', ?, ?)",
            [value, datetime.now()],
        )
        audit_trail.append(
            connection,
            actor,
            "app_settings",
            "organisation",
            "update",
            {"value": (None, name.strip())},
        )


def organisation_name(db: Store) -> str:
    with db.connect() as connection:
        row = connection.execute(
            "SELECT value FROM app_settings WHERE key = 'organisation'"
        ).fetchone()
    return json.loads(row[0]) if row else "The organisation"


def approve_version(
    db: Store,
    approved_by: str,
    approved_on: date,
    actor: Actor,
    title: str = DEFAULT_TITLE,
    note: str = "",
    at: datetime | None = None,
) -> int:
    """Freeze the working SoA as the next version, approved by a named person on a date."""
    if not str(approved_by or "").strip():
        raise ValueError("An approval needs the approver's name.")
    if not isinstance(approved_on, date):
        raise ValueError("An approval needs the date it was given.")
    require(actor, "write", "soa_versions")
    at = at or datetime.now()
    with db.transaction() as connection:
        snapshot = soa_frame(db, approved_on)[list(SOA_COLUMNS)]
        number = connection.execute(
            "SELECT coalesce(max(version), 0) + 1 FROM soa_versions"
        ).fetchone()[0]
        organisation = organisation_name(db)
        connection.execute(
            "INSERT INTO soa_versions (version, title, organisation, approved_by, approved_on, note,"
            " snapshot, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                number,
                title,
                organisation,
                approved_by.strip(),
                approved_on,
                note or None,
                snapshot.to_json(orient="records", force_ascii=False),
                at,
                actor.name,
            ],
        )
        changes = {"approved_by": (None, approved_by.strip()), "approved_on": (None, approved_on)}
        audit_trail.append(connection, actor, "soa_versions", str(number), "approve", changes, at)
    return number


def list_versions(db: Store) -> pd.DataFrame:
    with db.connect() as connection:
        return connection.execute(
            "SELECT version, title, approved_by, approved_on, note, created_at, created_by,"
            " json_array_length(snapshot) AS controls FROM soa_versions ORDER BY version DESC"
        ).df()


def read_version(db: Store, version: int) -> tuple[SoAVersion, pd.DataFrame]:
    """An approved version exactly as it was frozen."""
    with db.connect() as connection:
        row = connection.execute(
            "SELECT version, title, organisation, approved_by, approved_on, created_at, snapshot"
            " FROM soa_versions WHERE version = ?",
            [int(version)],
        ).fetchone()
    if row is None:
        raise KeyError(f"there is no approved SoA version {version}")
    info = SoAVersion(row[0], row[1], row[2], row[3], row[4], row[5].date())
    frame = pd.DataFrame(json.loads(row[6]), columns=list(SOA_COLUMNS))
    return info, frame


def working_version(db: Store, today: date) -> SoAVersion:
    """The draft being edited: the next version number, not yet approved."""
    with db.connect() as connection:
        latest = connection.execute(
            "SELECT coalesce(max(version), 0) FROM soa_versions"
        ).fetchone()[0]
        organisation = organisation_name(db)
    return SoAVersion(latest + 1, DEFAULT_TITLE, organisation, None, None, today)
