"""Enterprise-scale evidence, remediation actions and audit cycle.

Every generated system gets a model card in the evidence library (a registered link, one or
two versions, linked to the system and to an Annex A control; some past their review date).
Remediation actions are spread over the readiness gaps. The audit cycle tables (internal
audits, findings, nonconformities, corrective actions, management reviews) are filled with a
few hundred rows when the schema has them, and skipped otherwise.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from demo.enterprise_scale import Scale, max_number, row_count, table_columns

MODEL_CARD_CONTROLS = ["A.6.2.3", "A.6.2.5", "A.6.2.7", "A.8.2", "A.6.2.6"]
UNITS = [
    "Retail Lending",
    "Property & Casualty",
    "Health Insurance",
    "Financial Crime",
    "Customer Operations",
    "Technology",
]
REFERENCES = ["6.1.2", "7.5.3", "8.2", "9.1", "A.6.2.6", "A.7.4", "A.5.4", "A.6.2.4", "A.8.4"]


def _evidence(connection, today: date) -> dict[str, int]:
    items, versions = (
        row_count(connection, "evidence_items"),
        row_count(connection, "evidence_versions"),
    )
    links = row_count(connection, "evidence_links")
    connection.execute(
        """
        CREATE OR REPLACE TEMP TABLE ent_cards AS
        SELECT printf('EV-%04d', $start + row_number() OVER (ORDER BY s.id)) AS item_id,
               s.id AS system_id, s.name, coalesce(s.owner, 'Sofia Marin') AS owner,
               hash(s.id) AS h
        FROM ai_systems s
        WHERE NOT EXISTS (SELECT 1 FROM evidence_links l
                          WHERE l.target_kind = 'ai_system' AND l.target_id = s.id)
        """,
        {"start": max_number(connection, "evidence_items", "EV")},
    )
    now = datetime.combine(today, datetime.min.time())
    connection.execute(
        """
        INSERT INTO evidence_items (id, title, kind, description, labels, owner, status,
                                    created_at, updated_at)
        SELECT item_id, 'Model card: ' || name, 'model card',
               'Intended use, training data, evaluation and limitations of ' || name || '.',
               ['model card'], owner, 'active', $now, $now
        FROM ent_cards
        """,
        {"now": now},
    )
    connection.execute(
        """
        INSERT INTO evidence_versions (item_id, version, author, change_note, approved_by,
            approved_on, review_due, url, recorded_at, recorded_by)
        SELECT item_id, v, owner, CASE WHEN v = 1 THEN 'First issue' ELSE 'Annual update' END,
               'Sofia Marin', $today - (400 - 200 * v + upto(h, 'age', 100))::INTEGER,
               $today - (400 - 200 * v + upto(h, 'age', 100))::INTEGER + 365,
               'https://wiki.meridian-fg.example/model-cards/' || system_id || '/v' || v,
               $now, 'system'
        FROM ent_cards, range(1, 3) t(v)
        WHERE v = 1 OR h % 3 = 0
        """,
        {"today": today, "now": now},
    )
    connection.execute(
        """
        INSERT INTO evidence_links (item_id, target_kind, target_id, created_at)
        SELECT item_id, 'ai_system', system_id, $now FROM ent_cards
        UNION ALL
        SELECT item_id, 'control', pick($controls, h, 'control'), $now FROM ent_cards
        """,
        {"now": now, "controls": MODEL_CARD_CONTROLS},
    )
    return {
        "evidence items": row_count(connection, "evidence_items") - items,
        "evidence versions": row_count(connection, "evidence_versions") - versions,
        "evidence links": row_count(connection, "evidence_links") - links,
    }


def _remediation(connection, today: date, scale: Scale) -> int:
    before = row_count(connection, "remediation_actions")
    add = max(0, scale.remediation_actions - before)
    connection.execute(
        """
        INSERT INTO remediation_actions (id, title, item_id, owner, priority, start_date,
            due_date, completed_on, status, created_at, updated_at)
        SELECT printf('RA-%04d', $start + n + 1),
               'Close the gap in ' || i.id || ' for business unit ' || (n % 10 + 1),
               i.id, 'Sofia Marin', pick(['high', 'medium', 'low'], n, 'priority'),
               $today - upto(n, 'start', 200), $today - upto(n, 'start', 200) + 120,
               CASE WHEN n % 3 = 0 THEN $today - upto(n, 'done', 30) END,
               CASE WHEN n % 3 = 0 THEN 'done' WHEN n % 3 = 1 THEN 'in progress'
                    ELSE 'planned' END, $now, $now
        FROM range($add) t(n)
        JOIN (SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM readiness_items) i
          ON i.k = n % greatest(1, (SELECT count(*) FROM readiness_items))
        """,
        {
            "start": max_number(connection, "remediation_actions", "RA"),
            "add": add,
            "today": today,
            "now": datetime.combine(today, datetime.min.time()),
        },
    )
    return row_count(connection, "remediation_actions") - before


AUDIT_CYCLE = {
    "internal_audits": """
        SELECT printf('IA-%04d', $start + n + 1), 'Internal audit of ' || pick($units, n, 'u')
               || ' AI systems, wave ' || (n + 1), year($today - 12 * n),
               [pick($refs, n, 'c')], [], [], [pick($units, n, 'u')],
               'ISO/IEC 42001:2023 clauses 4-10 and Annex A', $today - 12 * n - 5,
               $today - 12 * n, $today - 12 * n - 5, $today - 12 * n, 'Grace Holm',
               ['Grace Holm'], 'Findings recorded in the audit register.',
               CASE WHEN n = 0 THEN 'in progress' ELSE 'completed' END, $now, $now
        FROM (SELECT range::INTEGER AS n FROM range($add))""",
    "audit_findings": """
        SELECT printf('AF-%04d', $start + n + 1), printf('IA-%04d', $audit_start + n // 5 + 1),
               pick(['major', 'minor', 'minor', 'observation', 'opportunity'], n, 'class'),
               'Finding ' || (n + 1) || ': records incomplete for ' || pick($refs, n, 'r'),
               pick($refs, n, 'r'), NULL, [], 'Sampled records lacked sign-off.', 'Grace Holm',
               $today - 12 * (n // 5), 'active', $now, $now
        FROM (SELECT range::INTEGER AS n FROM range($add))""",
    "nonconformities": """
        SELECT printf('NC-%04d', $start + n + 1), 'Nonconformity ' || (n + 1) || ' against '
               || pick($refs, n, 'r'), 'Raised from an internal audit finding.',
               'internal audit', printf('AF-%04d', $finding_start + 2 * n + 1),
               CASE WHEN n % 7 = 0 THEN 'major' ELSE 'minor' END, pick($refs, n, 'r'), NULL,
               'Sofia Marin', 'Grace Holm', $today - 3 * n, [], NULL, NULL, NULL, NULL, NULL,
               NULL, CASE WHEN n % 2 = 0 THEN 'action planned' ELSE 'open' END, $now, $now
        FROM (SELECT range::INTEGER AS n FROM range($add))""",
    "corrective_actions": """
        SELECT printf('CA-%04d', $start + n + 1), printf('NC-%04d', $nc_start + n // 2 + 1),
               'Corrective action ' || (n + 1), 'Sofia Marin', $today + 30 - 2 * n, NULL, NULL,
               CASE WHEN n % 4 = 0 THEN 'in progress' ELSE 'planned' END, $now, $now
        FROM (SELECT range::INTEGER AS n FROM range($add))""",
    "management_reviews": """
        SELECT printf('MR-%04d', $start + n + 1), 'Management review ' || (n + 1),
               $today - 91 * n, 'Dr. Katrin Vogel', ['Sofia Marin', 'Grace Holm'],
               $today - 91 * n - 91, $today - 91 * n, 'held', 'Minutes recorded.',
               'Decisions recorded.', $now, $now
        FROM (SELECT range::INTEGER AS n FROM range($add))""",
}
AUDIT_COLUMNS = {
    "internal_audits": "id, title, programme_year, scope_clauses, scope_controls, scope_systems,"
    " scope_units, criteria, planned_start, planned_end, start_date, end_date, lead_auditor,"
    " auditors, report, status, created_at, updated_at",
    "audit_findings": "id, audit_id, finding_class, title, reference, system_id, evidence_ids,"
    " evidence, raised_by, raised_on, status, created_at, updated_at",
    "nonconformities": "id, title, description, source, source_ref, grade, reference,"
    " system_id, owner, raised_by, raised_on, whys, root_cause, verified_by, verified_on,"
    " verification_result, verification_notes, closed_on, status, created_at, updated_at",
    "corrective_actions": "id, nonconformity_id, action, owner, deadline, done_on, notes, status,"
    " created_at, updated_at",
    "management_reviews": "id, title, review_date, chair, attendees, period_start, period_end,"
    " status, minutes, decisions, created_at, updated_at",
}
AUDIT_ROWS = {
    "internal_audits": 1,
    "audit_findings": 5,
    "nonconformities": 2,
    "corrective_actions": 4,
    "management_reviews": 0,
}
"""Rows per generated audit; management reviews are a fixed eight (two years, quarterly)."""
PREFIX = {
    "internal_audits": "IA",
    "audit_findings": "AF",
    "nonconformities": "NC",
    "corrective_actions": "CA",
    "management_reviews": "MR",
}


def _audit_cycle(connection, today: date, scale: Scale) -> dict[str, int]:
    """Rows in the audit-cycle tables whose schema matches; a table that is missing or
    different is skipped (its owner's migrations may still be changing)."""
    starts = {}
    added = {}
    for table, sql in AUDIT_CYCLE.items():
        columns = [c.strip() for c in AUDIT_COLUMNS[table].split(",")]
        if not set(columns) <= table_columns(connection, table):
            continue
        starts[table] = max_number(connection, table, PREFIX[table])
        add = scale.audits * AUDIT_ROWS[table] or 8
        values = {
            "start": starts[table],
            "add": add,
            "today": today,
            "refs": REFERENCES,
            "now": datetime.combine(today, datetime.min.time()),
            "units": UNITS,
            "audit_start": starts.get("internal_audits", 0),
            "finding_start": starts.get("audit_findings", 0),
            "nc_start": starts.get("nonconformities", 0),
        }
        used = set(re.findall(r"\$(\w+)", sql))
        connection.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) {sql}",
            {k: v for k, v in values.items() if k in used},
        )
        added[table.replace("_", " ")] = add
    return added


def seed(connection, today: date, scale: Scale) -> dict[str, int]:
    counts = _evidence(connection, today)
    counts["remediation actions"] = _remediation(connection, today, scale)
    counts.update(_audit_cycle(connection, today, scale))
    return counts
