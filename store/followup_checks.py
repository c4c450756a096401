"""The records the EU AI Act classification and follow-up checks read
(``risk_model.checks_eu_ai_act``, ``risk_model.checks_followup``)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from risk_model.checks_followup import CYCLE_YEARS, SIGNIFICANT_SYSTEM_FIELDS
from store import classification, incidents, nonconformities, records
from store.connection import Store


def _plain(frame: pd.DataFrame, dates: tuple[str, ...] = ()) -> list[dict]:
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    for row in rows:
        for name in dates:
            row[name] = records.as_date(row.get(name))
    return rows


def classification_records(db: Store, today: date) -> dict:
    latest = classification.latest_classifications(db)
    frame = incidents.list_incidents(db, today)
    serious = frame.loc[frame["serious"].astype(bool)] if not frame.empty else frame
    columns = ["id", "title", "system_id", "report_deadline", "reported_on", "status"]
    return {
        "classifications": _plain(latest[["system_id", "tier"]]),
        "serious_incidents": _plain(serious[columns], ("report_deadline", "reported_on")),
    }


REASSESSMENT_SQL = """
WITH assessed AS (
    SELECT risk_id, max(valid_from) AS last_assessed FROM risk_versions GROUP BY risk_id
), changed AS (
    SELECT record_id AS system_id, max(recorded_at) AS changed_at FROM audit_trail
    WHERE entity = 'ai_systems' AND action = 'update'
        AND list_contains(?::VARCHAR[], field)
    GROUP BY record_id
)
SELECT r.id, r.title, a.last_assessed,
    (SELECT max(c.changed_at) FROM changed c WHERE list_contains(r.system_ids, c.system_id))
        AS system_changed
FROM risks r JOIN assessed a ON a.risk_id = r.id
WHERE coalesce(r.status, 'open') NOT IN ('closed', 'retired')
ORDER BY r.id
"""
"""Each live risk's latest version and the latest significant change of one of its systems."""


def followup_records(db: Store, today: date) -> dict:
    with db.connect() as connection:
        risks = connection.execute(REASSESSMENT_SQL, [list(SIGNIFICANT_SYSTEM_FIELDS)]).df()
        first = today.year - CYCLE_YEARS + 1
        years = [
            row[0]
            for row in connection.execute(
                "SELECT year FROM internal_audit_programmes WHERE status <> 'retired'"
                " AND year BETWEEN ? AND ? UNION SELECT programme_year FROM internal_audits"
                " WHERE status NOT IN ('cancelled', 'retired') AND programme_year BETWEEN ? AND ?",
                [first, today.year, first, today.year],
            ).fetchall()
        ]
        audits = connection.execute(
            "SELECT id, scope_clauses, scope_controls FROM internal_audits"
            " WHERE status NOT IN ('cancelled', 'retired') AND programme_year BETWEEN ? AND ?",
            [first, today.year],
        ).df()
        actions = nonconformities.list_actions(db, today)
    overdue = actions.loc[actions["overdue"].astype(bool)] if not actions.empty else actions
    audit_rows = [
        {
            "id": row["id"],
            "scope_clauses": [] if row["scope_clauses"] is None else list(row["scope_clauses"]),
            "scope_controls": [] if row["scope_controls"] is None else list(row["scope_controls"]),
        }
        for row in audits.astype(object).where(audits.notna(), None).to_dict("records")
    ]
    return {
        "overdue_actions": _plain(
            overdue[["id", "nonconformity_id", "action", "deadline", "grade"]], ("deadline",)
        ),
        "risk_reassessment": _plain(risks),
        "audit_programme": {"years": sorted(years), "audits": audit_rows},
    }
