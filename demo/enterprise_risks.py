"""Enterprise-scale risks with their version history, and impact assessments.

Every generated risk copies one of the demo's risks (data/demo/risks.json) onto a generated
AI system and lives one of five paths: no treatment decided; treatment planned; treatment in
progress (2 versions); treatment done (3 versions); accepted (2 versions). All versions of
all risks are built as rows of one temporary table, from which ``risk_versions`` (the JSON
snapshots) and ``risks`` (each risk's latest version) are filled.
"""

from __future__ import annotations

import json
from datetime import date, datetime

import pandas as pd

from demo.enterprise_scale import Scale, max_number, row_count, temp_table
from store.risks import VERSION_FIELDS

RISK_COLUMNS = (
    "id",
    "external_id",
    "title",
    "description",
    "system_ids",
    "stakeholders",
    "lifecycle_stage",
    "mit_subdomain",
    "causal_entity",
    "causal_intent",
    "causal_timing",
    "annex_c_source",
    "annex_c_objective",
    "inherent_likelihood",
    "inherent_severity",
    "residual_likelihood",
    "residual_severity",
    "treatment",
    "treatment_plan",
    "owner",
    "treatment_due",
    "treatment_status",
    "control_ids",
    "accepted_by",
    "accepted_on",
    "acceptance_expires",
    "status",
    "created_at",
    "updated_at",
)

_COMMON = """id, NULL::VARCHAR AS external_id, title || ' (' || system_name || ')' AS title,
    description, [system_id] AS system_ids, stakeholders, lifecycle_stage, mit_subdomain,
    causal_entity, causal_intent, causal_timing, annex_c_source, annex_c_objective,
    il AS inherent_likelihood, isv AS inherent_severity"""

_STATES = {
    1: """NULL::INTEGER, NULL::INTEGER,
        CASE WHEN path IN ('none', 'accepted') THEN NULL ELSE treat END,
        CASE WHEN path IN ('none', 'accepted') THEN NULL ELSE plan END, owner,
        CASE WHEN path IN ('none', 'accepted') THEN NULL ELSE due END,
        CASE WHEN path IN ('none', 'accepted') THEN NULL ELSE 'planned' END,
        []::VARCHAR[], NULL::VARCHAR, NULL::DATE, NULL::DATE, 'open', created_at, created_at""",
    2: """CASE WHEN path = 'accepted' THEN rl ELSE pl END,
        CASE WHEN path = 'accepted' THEN rs ELSE ps END,
        CASE WHEN path = 'accepted' THEN 'accept' ELSE treat END, plan, owner,
        CASE WHEN path = 'accepted' THEN NULL ELSE due END,
        CASE WHEN path = 'accepted' THEN 'done' ELSE 'in_progress' END, controls,
        CASE WHEN path = 'accepted' THEN 'Chief Risk Officer' END,
        CASE WHEN path = 'accepted' THEN t2::DATE END,
        CASE WHEN path = 'accepted' THEN t2::DATE + 365 END,
        CASE WHEN path = 'accepted' THEN 'accepted' ELSE 'in_treatment' END, created_at, t2""",
    3: """rl, rs, treat, plan, owner, due, 'done', controls, NULL::VARCHAR, NULL::DATE,
        NULL::DATE, CASE WHEN treat = 'avoid' THEN 'closed' ELSE 'open' END, created_at, t3""",
}
_PATHS = {1: "TRUE", 2: "path IN ('in_progress', 'done', 'accepted')", 3: "path = 'done'"}
_STATE_COLUMNS = RISK_COLUMNS[15:]


def _templates() -> pd.DataFrame:
    from demo.files import demo_file

    items = json.loads(demo_file("risks.json").read_text(encoding="utf-8"))["risks"]
    rows = [
        {
            "title": i["title"],
            "description": i["desc"],
            "stakeholders": i["who"],
            "lifecycle_stage": i["stage"],
            "mit_subdomain": i["mit"],
            "causal_entity": i["cause"][0],
            "causal_intent": i["cause"][1],
            "causal_timing": i["cause"][2],
            "annex_c_source": i["src"],
            "annex_c_objective": i["obj"],
            "treat": i["treat"] if i["treat"] not in (None, "accept") else "mitigate",
            "plan": i["plan"] or "Add controls and test them before the next release.",
            "controls": i["controls"] or ["A.6.2.4"],
        }
        for i in items
    ]
    return pd.DataFrame(rows).reset_index().rename(columns={"index": "k"})


def _plan(connection, today: date, scale: Scale) -> int:
    temp_table(connection, "ent_risk_templates", _templates())
    connection.execute(
        """CREATE OR REPLACE TEMP TABLE ent_sys AS SELECT row_number() OVER (ORDER BY id) - 1 AS k,
           id, name, owner FROM ai_systems WHERE status = 'active'"""
    )
    add = max(0, scale.risks - row_count(connection, "risks"))
    connection.execute(
        """
        CREATE OR REPLACE TEMP TABLE ent_risk_plan AS
        WITH base AS (
            SELECT n, printf('RSK-%04d', $start + n + 1) AS id, upto(n, 'cat', 100) AS cat,
                   1 + upto(n, 'il', 5) AS il, 1 + upto(n, 'is', 5) AS isv,
                   30 + upto(n, 'age', 500) AS age,
                   upto(n, 'template', $templates) AS tk, upto(n, 'system', $systems) AS sk
            FROM range($add) t(n)
        ), dated AS (
            SELECT *, $now - to_days(age) AS created_at,
                   greatest(1, il - 1 - upto(n, 'rl', 2)) AS rl,
                   greatest(1, isv - upto(n, 'rs', 2)) AS rs
            FROM base
        )
        SELECT d.*, t.*, s.id AS system_id, s.name AS system_name,
               coalesce(s.owner, 'Sofia Marin') AS owner,
               CASE WHEN cat < 15 THEN 'none' WHEN cat < 35 THEN 'planned'
                    WHEN cat < 60 THEN 'in_progress' WHEN cat < 90 THEN 'done'
                    ELSE 'accepted' END AS path,
               greatest(rl, il - 1) AS pl, greatest(rs, isv - 1) AS ps,
               created_at + to_days((age * 2 // 5)::INTEGER) AS t2,
               created_at + to_days((age * 4 // 5)::INTEGER) AS t3,
               created_at::DATE + 120 AS due
        FROM dated d JOIN ent_risk_templates t ON t.k = d.tk JOIN ent_sys s ON s.k = d.sk
        """,
        {
            "start": max_number(connection, "risks", "RSK"),
            "add": add,
            "templates": row_count(connection, "ent_risk_templates"),
            "systems": row_count(connection, "ent_sys"),
            "now": datetime.combine(today, datetime.min.time()).replace(hour=10),
        },
    )
    return add


def _versions(connection, sizes: tuple[int, int]) -> None:
    selects = [
        f"SELECT {version} AS version, {_COMMON}, "
        + ", ".join(
            f"{expr} AS {name}"
            for expr, name in zip(_split(_STATES[version]), _STATE_COLUMNS, strict=True)
        )
        + f" FROM ent_risk_plan WHERE {_PATHS[version]}"
        for version in (1, 2, 3)
    ]
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE ent_risk_states AS " + " UNION ALL ".join(selects)
    )
    record = ", ".join(f"{c} := {c}" for c in RISK_COLUMNS)
    typed = ", ".join(VERSION_FIELDS)
    connection.execute(
        f"""
        INSERT INTO risk_versions (risk_id, version, valid_from, valid_to, record, changed_by,
                                   {typed}, likelihood_size, severity_size)
        SELECT id, version, updated_at,
               lead(updated_at) OVER (PARTITION BY id ORDER BY version),
               to_json(struct_pack({record}, _scale := [{sizes[0]}, {sizes[1]}])), 'system',
               {typed}, {sizes[0]}, {sizes[1]}
        FROM ent_risk_states
        """
    )
    columns = ", ".join(RISK_COLUMNS)
    connection.execute(
        f"""INSERT INTO risks ({columns}) SELECT {columns} FROM ent_risk_states
            QUALIFY version = max(version) OVER (PARTITION BY id)"""
    )


def _split(expressions: str) -> list[str]:
    """Split a comma-separated SQL expression list at top-level commas."""
    parts, depth, current = [], 0, ""
    for char in expressions:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return parts


def _impact_assessments(connection, today: date) -> int:
    """One assessment per generated high-risk system that has none."""
    before = row_count(connection, "impact_assessments")
    connection.execute(
        """
        INSERT INTO impact_assessments (id, system_id, title, purpose, intended_use,
            affected_individuals, affected_groups, affected_society, fairness_impact,
            fairness_likelihood, fairness_severity, privacy_impact, privacy_likelihood,
            privacy_severity, safety_impact, safety_likelihood, safety_severity,
            human_rights_impact, human_rights_likelihood, human_rights_severity,
            environment_impact, environment_likelihood, environment_severity, mitigations,
            human_oversight, reviewers, assessed_on, review_due, status, created_at, updated_at)
        SELECT printf('AIIA-%04d', $start + row_number() OVER (ORDER BY s.id)), s.id,
               'AI system impact assessment', s.description, s.business_function,
               'Customers and applicants of ' || s.business_unit, 'Protected groups',
               'Trust in automated financial decisions', 'Unequal outcomes across groups',
               2 + upto(h, 'fl', 3), 3 + upto(h, 'fs', 3), 'Personal data processed at scale',
               2 + upto(h, 'pl', 3), 3, 'No physical harm expected', 1, 2,
               'Access to credit and insurance', 2, 3 + upto(h, 'hs', 3),
               'Training and serving energy use', 1, 1,
               'Fairness testing before release; human review of declines.',
               'A trained reviewer can override every automated decision.',
               ['Sofia Marin', s.owner], $today - upto(h, 'assessed', 300),
               $today - upto(h, 'assessed', 300) + 365, 'active', $now, $now
        FROM (SELECT *, hash(id) AS h FROM ai_systems) s
        WHERE s.eu_ai_act_tier = 'high' AND s.status = 'active'
          AND NOT EXISTS (SELECT 1 FROM impact_assessments a WHERE a.system_id = s.id)
        """,
        {
            "start": max_number(connection, "impact_assessments", "AIIA"),
            "today": today,
            "now": datetime.combine(today, datetime.min.time()),
        },
    )
    return row_count(connection, "impact_assessments") - before


def seed(connection, today: date, scale: Scale) -> dict[str, int]:
    from store.risks import get_settings_in

    settings = get_settings_in(connection)
    sizes = (settings.matrix.likelihood.size, settings.matrix.severity.size)
    versions_before = row_count(connection, "risk_versions")
    added = _plan(connection, today, scale)
    _versions(connection, sizes)
    return {
        "risks": added,
        "risk versions": row_count(connection, "risk_versions") - versions_before,
        "impact assessments": _impact_assessments(connection, today),
    }
