"""An enterprise-scale Meridian for the benchmark: ``python -m store demo --scale enterprise``.

On top of the normal demo it grows the organisation to 5,000 AI systems, 50,000 risks with
their version history, and 500 monitored models with a year of daily runs (about 7 million
metric rows), plus matching classifications, impact assessments, evidence, people and
training, remediation actions and, where those tables exist, the audit cycle.

Everything is written with set-based SQL (``range`` and ``INSERT ... SELECT``) in one
transaction, so it takes minutes, not hours. Pseudo-random choices come from ``hash(n, salt)``
and are therefore the same on every run. The bulk rows are not written one by one to the
audit trail; one summary entry records the generation, so the chain still verifies.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime

import pandas as pd

from demo import (
    clear,
    create_demo,
    enterprise_assurance,
    enterprise_monitoring,
    enterprise_risks,
)
from demo.enterprise_scale import ENTERPRISE, Scale, max_number, row_count, temp_table
from risk_model.access import SYSTEM
from store import audit_trail
from store.connection import Store

MACROS = (
    "CREATE OR REPLACE TEMP MACRO pick(l, n, salt) AS l[1 + (hash(n, salt) % len(l))::INTEGER]",
    "CREATE OR REPLACE TEMP MACRO unit(n, salt) AS (hash(n, salt) % 1000000)::DOUBLE / 1000000",
    "CREATE OR REPLACE TEMP MACRO upto(n, salt, k) AS (hash(n, salt) % k)::INTEGER",
)
"""``pick`` a list element, a ``unit`` draw in [0, 1) and an integer ``upto`` k, each fixed by
the row number ``n`` and a salt naming the attribute."""

PURPOSES = [
    ("Credit limit optimisation model", "Credit risk", "Retail Lending", True, True),
    ("Mortgage affordability scoring", "Credit risk", "Retail Lending", True, True),
    ("Collections contact strategy", "Collections", "Retail Lending", True, True),
    ("Claims triage classifier", "Claims", "Property & Casualty", True, False),
    ("Underwriting risk score", "Underwriting", "Property & Casualty", True, True),
    ("Catastrophe loss model", "Reinsurance", "Finance & Risk", False, False),
    ("Claims fraud detection", "Fraud", "Financial Crime", True, True),
    ("Transaction monitoring (AML) model", "Anti-money laundering", "Financial Crime", True, True),
    ("Customer churn prediction", "Retention", "Marketing", True, False),
    ("Next-best-action recommender", "Marketing", "Marketing", True, False),
    ("Call summarisation assistant", "Contact centre", "Customer Operations", True, False),
    ("Complaint classification model", "Complaints", "Customer Operations", True, False),
    ("Document extraction (OCR and NLP)", "Back office", "Operations", True, False),
    ("Invoice matching model", "Accounts payable", "Finance & Risk", False, False),
    ("Liquidity forecasting model", "Treasury", "Finance & Risk", False, False),
    ("Health claims coding assistant", "Claims", "Health Insurance", True, False),
    ("Candidate screening assistant", "Recruitment", "People & Culture", True, True),
    ("Workforce planning forecast", "Workforce planning", "People & Culture", True, False),
    ("Code assistant (LLM)", "Software engineering", "Technology", False, False),
    ("IT incident routing model", "IT operations", "Technology", False, False),
]
"""(purpose, business function, business unit, personal data, decides about people)."""

REGIONS = ["UK", "Germany", "Netherlands", "Ireland", "Poland", "Spain", "Italy", "France"]
FIRST_NAMES = [
    "Anna",
    "Ben",
    "Chloe",
    "David",
    "Eva",
    "Farid",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Kira",
    "Liam",
    "Maya",
    "Noah",
    "Olga",
    "Pavel",
    "Quinn",
    "Rosa",
    "Samir",
    "Tara",
    "Umar",
    "Vera",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
]
LAST_NAMES = [
    "Adler",
    "Brennan",
    "Costa",
    "Dvorak",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Hansen",
    "Ivanova",
    "Jansen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nowak",
    "O'Connor",
    "Petrov",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Urbina",
    "Visser",
    "Walsh",
    "Young",
    "Zielinski",
]


def _people(connection, today: date, scale: Scale) -> int:
    """People with AIMS roles, numbered after the demo's; the first few hundred own systems."""
    start = max_number(connection, "people", "PER")
    add = max(0, scale.people - row_count(connection, "people"))
    connection.execute(
        """
        INSERT INTO people (id, external_id, name, email, unit, job_title, aims_roles, status,
                            created_at, updated_at)
        SELECT printf('PER-%04d', $start + n + 1), printf('E%06d', 200000 + n),
               pick($first, n, 'fn') || ' ' || pick($last, n, 'ln') || ' (' || (n + 1) || ')',
               lower(pick($first, n, 'fn') || '.' || replace(pick($last, n, 'ln'), '''', ''))
                   || (n + 1) || '@meridian-fg.example',
               pick($units, n, 'unit'),
               CASE WHEN n % 10 < 3 THEN 'AI product owner' WHEN n % 10 < 6 THEN 'Data scientist'
                    WHEN n % 10 < 8 THEN 'ML engineer' ELSE 'Analyst' END,
               CASE WHEN n % 10 < 3 THEN ['all_staff', 'ai_system_owner']
                    WHEN n % 10 < 6 THEN ['all_staff', 'data_scientist']
                    WHEN n % 10 < 8 THEN ['all_staff', 'ml_engineer']
                    WHEN n % 100 = 98 THEN ['all_staff', 'internal_auditor']
                    WHEN n % 100 = 99 THEN ['all_staff', 'compliance_manager']
                    ELSE ['all_staff'] END,
               'active', $at, $at
        FROM range($add) t(n)
        """,
        {
            "start": start,
            "add": add,
            "first": FIRST_NAMES,
            "last": LAST_NAMES,
            "units": sorted({p[2] for p in PURPOSES}),
            "at": datetime.combine(today.replace(day=1), datetime.min.time()),
        },
    )
    return add


def _training(connection, today: date) -> int:
    """Completions for the required courses of the generated people: most current, some
    expired (taken too long ago) and a few not effective; about one in eight never done."""
    from risk_model.training import COURSES, ROLE_COURSES

    frame = pd.DataFrame(
        [
            (role, course, COURSES[course].validity_months)
            for role, courses in ROLE_COURSES.items()
            for course in courses
        ],
        columns=["role", "course", "months"],
    )
    temp_table(connection, "ent_role_courses", frame)
    before = row_count(connection, "training_completions")
    start = max_number(connection, "training_completions", "TRN")
    connection.execute(
        """
        INSERT INTO training_completions (id, external_id, person_id, course, completed_on, score,
            assessment, evaluated_by, reference, status, created_at, updated_at)
        WITH due AS (
            SELECT p.id AS person_id, rc.course, rc.months,
                   row_number() OVER (ORDER BY p.id, rc.course) AS n
            FROM people p JOIN ent_role_courses rc ON list_contains(p.aims_roles, rc.role)
            WHERE p.email LIKE '%@meridian-fg.example' AND p.external_id LIKE 'E2%'
        )
        SELECT printf('TRN-%05d', $start + row_number() OVER (ORDER BY n)), NULL, person_id,
               course, $today - (upto(n, 'age', months * 31 + 60))::INTEGER,
               60 + upto(n, 'score', 41), CASE WHEN upto(n, 'eff', 20) = 0 THEN 'not effective'
               WHEN upto(n, 'eff', 20) < 4 THEN 'partly effective' ELSE 'effective' END,
               'Learning system', printf('LMS-%07d', n), 'active', $now, $now
        FROM due WHERE upto(n, 'done', 8) > 0
        """,
        {"start": start, "today": today, "now": datetime.combine(today, datetime.min.time())},
    )
    return row_count(connection, "training_completions") - before


def _systems(connection, today: date, scale: Scale) -> int:
    from demo.enterprise_classes import classification_classes

    temp_table(connection, "ent_classes", classification_classes())
    temp_table(
        connection,
        "ent_purposes",
        pd.DataFrame(PURPOSES, columns=["purpose", "function", "unit", "personal", "decides"])
        .reset_index()
        .rename(columns={"index": "k"}),
    )
    start = max_number(connection, "ai_systems", "SYS")
    add = max(0, scale.systems - row_count(connection, "ai_systems"))
    connection.execute(
        """
        CREATE OR REPLACE TEMP TABLE ent_owners AS
        SELECT row_number() OVER (ORDER BY id) - 1 AS k, name FROM people
        WHERE list_contains(aims_roles, 'ai_system_owner')
        """
    )
    owners = max(1, row_count(connection, "ent_owners"))
    classes = row_count(connection, "ent_classes")
    connection.execute(
        """
        INSERT INTO ai_systems (id, external_id, name, description, provider, sourcing,
            business_function, business_unit, data_inputs, personal_data,
            makes_decisions_about_people, eu_ai_act_tier, eu_ai_act_basis, owner,
            integration_points, lifecycle_stage, ai_roles, last_review_date, next_review_date,
            status, in_scope, scope_justification, created_at, updated_at)
        SELECT printf('SYS-%04d', $start + n + 1), printf('MFG-AI-%05d', $start + n + 1),
               p.purpose || ' - ' || pick($regions, n, 'region') || ' ' || (n + 1),
               p.purpose || ' for ' || p.unit || ' (' || pick($regions, n, 'region') || ').',
               CASE WHEN n % 5 = 0 THEN pick($vendors, n, 'vendor') ELSE 'Meridian Data Science'
                    END,
               CASE WHEN n % 5 = 0 THEN 'procured' WHEN n % 11 = 0 THEN 'hybrid'
                    ELSE 'in-house' END,
               p.function, p.unit, ['Customer records', 'Transaction history'], p.personal,
               p.decides, c.tier, c.basis, o.name, ['Data warehouse'],
               pick($stages, n, 'stage'), ['producer', 'provider'],
               $today - upto(n, 'reviewed', 330), $today + (upto(n, 'next', 400) - 40),
               CASE WHEN n % 97 = 0 THEN 'retired' ELSE 'active' END,
               CASE WHEN n % 23 = 0 THEN NULL ELSE n % 13 <> 0 END,
               CASE WHEN n % 23 = 0 THEN NULL WHEN n % 13 = 0
                    THEN 'Internal analytics only; no decisions about people.'
                    ELSE 'Used in a regulated business process.' END,
               $created, $created
        FROM range($add) t(n)
        JOIN ent_purposes p ON p.k = upto(n, 'purpose', $purposes)
        JOIN ent_classes c ON c.k = upto(n, 'class', $classes)
        JOIN ent_owners o ON o.k = upto(n, 'owner', $owners)
        """,
        {
            "start": start,
            "add": add,
            "regions": REGIONS,
            "purposes": len(PURPOSES),
            "classes": classes,
            "owners": owners,
            "today": today,
            "vendors": ["Medivise GmbH", "ClaimVision Ltd", "Lexa AI", "NorthStar Analytics"],
            "stages": ["operation and monitoring"] * 5
            + [
                "design and development",
                "verification and validation",
                "deployment",
                "re-evaluation",
            ],
            "created": datetime.combine(today, datetime.min.time()).replace(year=today.year - 1),
        },
    )
    connection.execute(
        """
        INSERT INTO system_classifications (id, system_id, answers, tier, basis, label,
            rationale, notes, classified_at, classified_by)
        SELECT printf('CLS-%06d', $count + row_number() OVER (ORDER BY s.id)), s.id, c.answers,
               c.tier, c.basis, c.label, c.rationale, c.notes, s.created_at + INTERVAL 30 DAY,
               'system'
        FROM ai_systems s JOIN (SELECT DISTINCT answers, tier, basis, label, rationale, notes
                                FROM ent_classes WHERE basis IS NOT NULL) c
             ON c.basis = s.eu_ai_act_basis
        WHERE TRY_CAST(substr(s.id, 5) AS INTEGER) > $start
        """,
        {"count": row_count(connection, "system_classifications"), "start": start},
    )
    return add


def create_enterprise(
    db: Store,
    today: date | None = None,
    scale: Scale = ENTERPRISE,
    base_demo: bool = True,
    wiped: dict[str, int] | None = None,
) -> dict[str, int]:
    """Write the normal demo (unless ``base_demo`` is false: an empty store), then grow it to
    ``scale``. Returns the record counts of the main tables afterwards."""
    today = today or date.today()
    if base_demo:
        create_demo(db, today, wiped)
    else:
        clear(db)
    with db.transaction() as connection:
        connection.execute("SET enable_progress_bar = false")
        for macro in MACROS:
            connection.execute(macro)
        added = {"people": _people(connection, today, scale)}
        added["training completions"] = _training(connection, today)
        added["AI systems"] = _systems(connection, today, scale)
        added.update(enterprise_risks.seed(connection, today, scale))
        added.update(enterprise_monitoring.seed(connection, today, scale))
        added.update(enterprise_assurance.seed(connection, today, scale))
        summary = {name: (None, count) for name, count in added.items()}
        summary["scale"] = (None, asdict(scale))
        audit_trail.append(connection, SYSTEM, "enterprise_demo", "generated", "create", summary)
    return counts(db)


COUNTED = (
    "ai_systems",
    "system_classifications",
    "impact_assessments",
    "risks",
    "risk_versions",
    "monitored_models",
    "monitor_runs",
    "monitor_metrics",
    "ai_incidents",
    "evidence_items",
    "evidence_versions",
    "evidence_links",
    "people",
    "training_completions",
    "remediation_actions",
    "internal_audits",
    "audit_findings",
    "nonconformities",
    "corrective_actions",
    "management_reviews",
)


def counts(db: Store) -> dict[str, int]:
    with db.connect() as connection:
        present = {
            r[0]
            for r in connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        }
        return {t: row_count(connection, t) for t in COUNTED if t in present}
