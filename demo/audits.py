"""Demo internal audits and nonconformities: one completed audit about four months ago with
one major (still open), two minors (one closed after verification, one with an overdue
action), an observation and two opportunities; a planned audit in next year's programme; and
a fresh nonconformity raised from an open incident whose root-cause analysis has not started.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

from demo import organisation
from risk_model.access import SYSTEM
from risk_model.internal_audit import AUDIT_FINDING, AUDIT_PROGRAMME, INTERNAL_AUDIT
from risk_model.nonconformity import CORRECTIVE_ACTION, NONCONFORMITY
from store import incidents, records
from store.connection import Store


def _day(today: date, offset: object) -> date | None:
    """An offset in days from today, or ``next-MM-DD`` for a day in next year."""
    if offset is None:
        return None
    if isinstance(offset, str) and offset.startswith("next-"):
        month, day = map(int, offset.removeprefix("next-").split("-"))
        return date(today.year + 1, month, day)
    return today + timedelta(days=int(offset))


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9, 30))


def _audit_values(item: dict, today: date) -> dict:
    values = {k: item[k] for k in ("title", "criteria", "lead_auditor", "auditors", "status")}
    for key in ("planned_start", "planned_end", "start_date", "end_date"):
        values[key] = _day(today, item[key])
    values["programme_year"] = (values["start_date"] or values["planned_start"]).year
    values["scope_clauses"] = item["scope_clauses"]
    values["scope_controls"] = item["scope_controls"]
    values["scope_systems"] = [organisation.SYSTEM_IDS[k] for k in item["scope_systems"]]
    values["scope_units"] = item["scope_units"]
    values["report"] = item["report"]
    return values


def _nonconformity(connection, item: dict, finding: dict, finding_id: str, today: date) -> int:
    raised = finding["raised_on"]
    values = {
        "title": finding["title"],
        "description": finding["evidence"],
        "source": "internal audit",
        "source_ref": finding_id,
        "grade": finding["finding_class"],
        "reference": finding["reference"],
        "system_id": finding.get("system_id"),
        "owner": item["owner"],
        "raised_by": "Julia Novak",
        "raised_on": raised,
        "whys": item["whys"],
        "root_cause": item["root_cause"],
        "verified_by": item.get("verified_by"),
        "verified_on": _day(today, item.get("verified")),
        "verification_result": item.get("result"),
        "verification_notes": item.get("verification_notes"),
        "closed_on": _day(today, item.get("closed")),
        "status": item["status"],
    }
    nc_id = records.insert(connection, NONCONFORMITY, values, SYSTEM, _at(raised))
    for action in item["actions"]:
        values = {
            "nonconformity_id": nc_id,
            "action": action["action"],
            "owner": action["owner"],
            "deadline": _day(today, action["deadline"]),
            "done_on": _day(today, action.get("done")),
            "status": action["status"],
        }
        records.insert(connection, CORRECTIVE_ACTION, values, SYSTEM, _at(raised + timedelta(3)))
    return len(item["actions"])


def _from_incident(connection, db: Store, spec: dict, today: date) -> int:
    """A minor nonconformity from the latest open incident raised by a monitor breach."""
    frame = incidents.list_incidents(db, today, open_only=True)
    frame = frame[frame["breach_key"].notna()] if len(frame) else frame
    if frame.empty:
        return 0
    incident = frame.iloc[0]
    raised = _day(today, spec["raised"])
    values = {
        "title": incident["title"],
        "description": incident["description"],
        "source": "incident",
        "source_ref": incident["id"],
        "grade": spec["grade"],
        "reference": spec["reference"],
        "system_id": incident["system_id"],
        "owner": spec["owner"],
        "raised_by": "Julia Novak",
        "raised_on": raised,
        "status": "open",
    }
    records.insert(connection, NONCONFORMITY, values, SYSTEM, _at(raised))
    return 1


def seed(db: Store, today: date) -> dict[str, int]:
    from demo.files import demo_file

    data = json.loads(demo_file("audits.json").read_text(encoding="utf-8"))
    counts = {"internal audits": 0, "audit findings": 0, "nonconformities": 0}
    counts["corrective actions"] = 0
    with db.transaction() as connection:
        audit_ids, audit_values = {}, {}
        for item in data["audits"]:
            values = _audit_values(item, today)
            created = _at(values["planned_start"] - timedelta(days=30))
            audit_ids[item["key"]] = records.insert(
                connection, INTERNAL_AUDIT, values, SYSTEM, min(created, _at(today))
            )
            audit_values[item["key"]] = values
            counts["internal audits"] += 1
        years = {"audit": audit_values["first"]["programme_year"], "next": today.year + 1}
        for item in data["programmes"]:
            approved = _day(today, item["approved_days"])
            values = {k: item[k] for k in ("objectives", "owner", "approved_by")}
            values |= {"year": years[item["year"]], "approved_on": approved}
            records.insert(connection, AUDIT_PROGRAMME, values, SYSTEM, _at(today - timedelta(150)))
        findings = {}
        for item in data["findings"]:
            audit = audit_values[item["audit"]]
            values = {
                "audit_id": audit_ids[item["audit"]],
                "finding_class": item["class"],
                "title": item["title"],
                "reference": item["reference"],
                "system_id": organisation.SYSTEM_IDS.get(item["system"] or ""),
                "evidence": item["evidence"],
                "raised_by": audit["lead_auditor"],
                "raised_on": audit["end_date"],
            }
            finding_id = records.insert(
                connection, AUDIT_FINDING, values, SYSTEM, _at(audit["end_date"])
            )
            findings[item["key"]] = (finding_id, values)
            counts["audit findings"] += 1
        for item in data["nonconformities"]:
            finding_id, finding = findings[item["finding"]]
            counts["corrective actions"] += _nonconformity(
                connection, item, finding, finding_id, today
            )
            counts["nonconformities"] += 1
        counts["nonconformities"] += _from_incident(
            connection, db, data["incident_nonconformity"], today
        )
    return counts
