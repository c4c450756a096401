"""The EU AI Act deliverables of one AI system, assembled from ``store.system_records``.

Each builder returns a document as plain data: a title and numbered sections, each with
label/value items, paragraphs and an optional table. Whatever the records cannot fill reads
``TO_COMPLETE``, so a reviewer sees what is left. ``reports.document_files`` renders them as
DOCX and PDF; the registration data is also JSON.

- Annex IV technical documentation (Art. 11), sections 1-9 in Annex IV's order;
- the post-market monitoring plan (Art. 72);
- the fundamental rights impact assessment (Art. 27), reusing the ISO/IEC 42001 6.1.4 AI
  system impact assessment where they overlap;
- the registration data (Art. 49, Annex VIII Sections A, B and C).
"""

from __future__ import annotations

import json
from datetime import date, datetime

TO_COMPLETE = "to complete"

ANNEX_IV_SECTIONS = (
    "General description of the AI system",
    "Detailed description of the elements of the AI system and of the process for its development",
    "Monitoring, functioning and control of the AI system",
    "Appropriateness of the performance metrics",
    "Risk management system (Art. 9)",
    "Relevant changes made through the life cycle",
    "Harmonised standards applied",
    "EU declaration of conformity (Art. 47)",
    "Post-market monitoring plan (Art. 72)",
)
MONITORING_PLAN_SECTIONS = (
    "The system and the monitored models",
    "Metrics and thresholds",
    "Schedules",
    "Data sources",
    "Incident links and serious-incident reporting (Art. 73)",
    "Who reviews",
)
FRIA_SECTIONS = (
    "Applicability (Art. 27(1))",
    "The deployer's processes and the intended purpose (Art. 27(1)(a))",
    "Period and frequency of use (Art. 27(1)(b))",
    "Categories of natural persons and groups affected (Art. 27(1)(c))",
    "Specific risks of harm (Art. 27(1)(d))",
    "Human oversight measures (Art. 27(1)(e))",
    "Measures if the risks materialise (Art. 27(1)(f))",
)
REGISTRATION_SECTIONS = {
    "A": "Annex VIII Section A: providers of high-risk AI systems (Art. 49(1))",
    "B": "Annex VIII Section B: Annex III systems not high-risk under Art. 6(3) (Art. 49(2))",
    "C": "Annex VIII Section C: deployers that are public authorities (Art. 49(3))",
}
TITLES = {
    "technical-documentation": "Technical documentation (EU AI Act Art. 11, Annex IV)",
    "monitoring-plan": "Post-market monitoring plan (EU AI Act Art. 72)",
    "fria": "Fundamental rights impact assessment (EU AI Act Art. 27)",
    "registration": "Registration data (EU AI Act Art. 49, Annex VIII)",
}
IMPACT_AREAS = ("fairness", "privacy", "safety", "human_rights", "environment")


def _text(value: object) -> str:
    """A record's value as text, or ``TO_COMPLETE`` when it is empty."""
    if value is None or (isinstance(value, float) and value != value):
        return TO_COMPLETE
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value) if len(value) else TO_COMPLETE
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    text = str(value).strip()
    return text or TO_COMPLETE


def _section(number: str, title: str, items=(), paragraphs=(), table=None) -> dict:
    return {
        "number": number,
        "title": title,
        "items": [[label, _text(value)] for label, value in items],
        "paragraphs": list(paragraphs),
        "table": table,
    }


def _table(headers: list[str], rows: list[list[object]]) -> dict:
    return {"headers": headers, "rows": [[_text(v) for v in row] for row in rows]}


def _document(kind: str, bundle: dict, sections: list[dict]) -> dict:
    system = bundle["system"]
    return {
        "kind": kind,
        "title": TITLES[kind],
        "system_id": system["id"],
        "system_name": system["name"],
        "generated_on": bundle["today"].isoformat(),
        "sections": sections,
    }


def count_to_complete(document: dict) -> int:
    """How many parts of the document the records could not fill."""
    return json.dumps(document).count(f'"{TO_COMPLETE}"')


def _latest_assessment(bundle: dict) -> dict:
    found = bundle["impact_assessments"]
    return found[0] if found else {}


def _provider(bundle: dict) -> str:
    system = bundle["system"]
    roles = system.get("ai_roles") or []
    if "producer" in roles or "provider" in roles:
        return f"The organisation ({system.get('business_unit') or TO_COMPLETE})"
    return _text(system.get("provider"))


def _classification_items(bundle: dict) -> list[tuple[str, object]]:
    system, found = bundle["system"], bundle["classification"] or {}
    return [
        ("EU AI Act tier", system.get("eu_ai_act_tier")),
        ("Classification basis", system.get("eu_ai_act_basis")),
        ("Classification rationale", found.get("rationale")),
        ("Classified on", found.get("classified_at")),
    ]


def _model_rows(bundle: dict) -> list[list[object]]:
    rows = []
    for model in bundle["monitored_models"]:
        for family, values in (model.get("thresholds") or {}).items():
            for metric, limit in (values or {}).items():
                if limit is not None:
                    rows.append([model["name"], family, metric, limit])
    return rows


def _risk_rows(bundle: dict) -> list[list[object]]:
    return [
        [
            r["id"],
            r.get("title"),
            r.get("current_level"),
            r.get("treatment"),
            r.get("effective_status") or r.get("status"),
            r.get("owner"),
        ]
        for r in bundle["risks"]
    ]


def monitoring_sections(bundle: dict) -> list[dict]:
    models, found = bundle["monitored_models"], bundle["incidents"]
    titles = MONITORING_PLAN_SECTIONS
    system = bundle["system"]
    none = ["No monitored model is registered for this system: " + TO_COMPLETE]
    return [
        _section(
            "1",
            titles[0],
            [
                ("AI system", f"{system['name']} ({system['id']})"),
                ("Monitored models", [m["name"] for m in models]),
            ],
            [] if models else none,
        ),
        _section(
            "2",
            titles[1],
            table=_table(["Model", "Metric family", "Metric", "Threshold"], _model_rows(bundle))
            if models
            else None,
            paragraphs=[] if models else [TO_COMPLETE],
        ),
        _section(
            "3",
            titles[2],
            table=_table(
                [
                    "Model",
                    "Run at least every (days)",
                    "Finished runs",
                    "Latest run",
                    "Latest status",
                ],
                [
                    [
                        m["name"],
                        m.get("stale_after_days"),
                        (m.get("latest") or {}).get("runs", 0),
                        (m.get("latest") or {}).get("last_run"),
                        (m.get("latest") or {}).get("last_status"),
                    ]
                    for m in models
                ],
            )
            if models
            else None,
            paragraphs=[] if models else [TO_COMPLETE],
        ),
        _section(
            "4",
            titles[3],
            table=_table(
                ["Model", "Reference data", "Current data", "Sensitive attributes"],
                [
                    [
                        m["name"],
                        m.get("reference_source"),
                        m.get("current_source"),
                        m.get("sensitive_attributes"),
                    ]
                    for m in models
                ],
            )
            if models
            else None,
            paragraphs=[] if models else [TO_COMPLETE],
        ),
        _section(
            "5",
            titles[4],
            paragraphs=[
                "A threshold breach opens or updates an incident in the AI incident log "
                "(ISO/IEC 42001 A.8.4). A serious incident (Art. 3(49)) is reported within 15 days of "
                "awareness of the causal link, 10 days on a death, 2 days for a widespread "
                "infringement or critical infrastructure (Art. 73).",
            ],
            table=_table(
                ["Incident", "Title", "Status", "Detected", "Art. 73 clock"],
                [
                    [
                        i["id"],
                        i.get("title"),
                        i.get("status"),
                        i.get("detected_on"),
                        i.get("art73_clock") or "not serious",
                    ]
                    for i in found
                ],
            ),
        ),
        _section(
            "6",
            titles[5],
            [
                ("System owner", system.get("owner")),
                *[
                    (f"Model owner: {m['name']}", m.get("owner") or system.get("owner"))
                    for m in models
                ],
                ("Management review", "ISO/IEC 42001 9.3: monitor trends are an input (9.3.2 d.2)"),
            ],
        ),
    ]


def technical_documentation(bundle: dict) -> dict:
    system, assessment = bundle["system"], _latest_assessment(bundle)
    t = ANNEX_IV_SECTIONS
    changes = bundle["lifecycle_changes"]
    cert = bundle["certification"]
    models = bundle["monitored_models"]
    plan = monitoring_sections(bundle)
    sections = [
        _section(
            "1",
            t[0],
            [
                ("Name", system["name"]),
                ("Intended purpose (1(a))", assessment.get("purpose") or system.get("description")),
                ("Provider (1(a))", _provider(bundle)),
                ("Version (1(a))", None),
                (
                    "Interaction with other hardware or software (1(b))",
                    system.get("integration_points"),
                ),
                ("Business function", system.get("business_function")),
                ("Forms in which it is placed on the market (1(d))", None),
                ("Hardware on which it runs (1(e))", None),
                ("Instructions for use (1(h))", None),
                *_classification_items(bundle),
            ],
        ),
        _section(
            "2",
            t[1],
            [
                ("Development methods (2(a))", system.get("sourcing")),
                ("Design specifications and key choices (2(b))", None),
                ("System architecture and computational resources (2(c))", None),
                ("Data requirements and datasets (2(d), Art. 10)", system.get("data_inputs")),
                ("Personal data processed", system.get("personal_data")),
                (
                    "Training and reference data of monitored models",
                    [m.get("reference_source") for m in models],
                ),
                (
                    "Human oversight measures assessed (2(e), Art. 14)",
                    assessment.get("human_oversight"),
                ),
                (
                    "Validation and testing procedures and metrics (2(g))",
                    [f"{row[0]}: {row[2]} {row[3]}" for row in _model_rows(bundle)],
                ),
                ("Cybersecurity measures (2(h))", None),
            ],
        ),
        _section(
            "3",
            t[2],
            [
                ("Capabilities and limitations in performance", assessment.get("intended_use")),
                (
                    "Foreseeable unintended outcomes and risks",
                    [
                        f"{a}: {assessment.get(f'{a}_impact')}"
                        for a in IMPACT_AREAS
                        if assessment.get(f"{a}_impact")
                    ],
                ),
                ("Human oversight measures (Art. 14)", assessment.get("human_oversight")),
                ("Specifications on input data", system.get("data_inputs")),
                ("Persons affected", assessment.get("affected_individuals")),
            ],
        ),
        _section(
            "4",
            t[3],
            [
                (
                    "Monitored metrics and thresholds",
                    [f"{r[0]} {r[1]} {r[2]} {r[3]}" for r in _model_rows(bundle)],
                ),
                ("Why these metrics are appropriate", None),
            ],
        ),
        _section(
            "5",
            t[4],
            [("Risks recorded", len(bundle["risks"]))],
            table=_table(
                ["Risk", "Title", "Current level", "Treatment", "Status", "Owner"],
                _risk_rows(bundle),
            ),
        ),
        _section(
            "6",
            t[5],
            [("Changes recorded", len(changes))],
            table=_table(
                ["When", "By", "Field", "From", "To"],
                [
                    [c["recorded_at"], c["actor"], c["field"], c["old_value"], c["new_value"]]
                    for c in changes
                ],
            ),
            paragraphs=[] if changes else [TO_COMPLETE],
        ),
        _section(
            "7",
            t[6],
            [
                ("Harmonised standards applied (OJ references)", None),
                (
                    "Other standards and specifications",
                    "ISO/IEC 42001:2023 AI management system (not a harmonised standard under the Act)",
                ),
                (
                    "AIMS certification",
                    f"{cert['body']} {cert['certificate_number']}"
                    if cert.get("certificate_number")
                    else None,
                ),
            ],
        ),
        _section(
            "8",
            t[7],
            [
                ("AI system", f"{system['name']} ({system['id']})"),
                ("Provider", _provider(bundle)),
                ("Conformity assessment procedure (Art. 43)", None),
                ("Declaration of conformity reference and date (Annex V)", None),
            ],
        ),
        _section(
            "9",
            t[8],
            [
                ("Monitored models", [m["name"] for m in models]),
                (
                    "Plan",
                    "The post-market monitoring plan generated from the same records "
                    "(python -m store export monitoring-plan)",
                ),
            ],
            table=plan[1]["table"],
        ),
    ]
    return _document("technical-documentation", bundle, sections)


def monitoring_plan(bundle: dict) -> dict:
    return _document("monitoring-plan", bundle, monitoring_sections(bundle))


def fria_applicability(bundle: dict) -> str:
    basis = bundle["system"].get("eu_ai_act_basis") or ""
    points = [p for p in ("5(b)", "5(c)") if f"Annex III {p}" in basis]
    if points:
        return f"Required: Annex III {' and '.join(points)} system (Art. 27(1))."
    return (
        "Required if the deployer is a body governed by public law or a private entity "
        f"providing public services (Art. 27(1)): {TO_COMPLETE}."
    )


def fria(bundle: dict) -> dict:
    system, a = bundle["system"], _latest_assessment(bundle)
    t = FRIA_SECTIONS
    harms = [
        [
            area.replace("_", " "),
            a.get(f"{area}_impact"),
            a.get(f"{area}_likelihood"),
            a.get(f"{area}_severity"),
        ]
        for area in IMPACT_AREAS
    ]
    sections = [
        _section(
            "1",
            t[0],
            [
                ("AI system", f"{system['name']} ({system['id']})"),
                ("Classification basis", system.get("eu_ai_act_basis")),
                ("Applicability", fria_applicability(bundle)),
                ("ISO/IEC 42001 6.1.4 impact assessment reused", a.get("id")),
                ("Assessed on", a.get("assessed_on")),
            ],
        ),
        _section(
            "2",
            t[1],
            [
                ("Purpose", a.get("purpose")),
                ("Intended use", a.get("intended_use")),
                ("Business function", system.get("business_function")),
            ],
        ),
        _section(
            "3",
            t[2],
            [
                ("Period of use", None),
                ("Frequency of use", None),
                ("Next review of this assessment", a.get("review_due")),
            ],
        ),
        _section(
            "4",
            t[3],
            [
                ("Individuals", a.get("affected_individuals")),
                ("Groups", a.get("affected_groups")),
                ("Society", a.get("affected_society")),
            ],
        ),
        _section("5", t[4], table=_table(["Area", "Harm", "Likelihood", "Severity"], harms)),
        _section(
            "6",
            t[5],
            [("Human oversight", a.get("human_oversight")), ("Reviewers", a.get("reviewers"))],
        ),
        _section(
            "7",
            t[6],
            [
                ("Mitigations", a.get("mitigations")),
                ("Internal governance and complaint mechanisms", None),
                (
                    "Incident handling",
                    "The AI incident log (ISO/IEC 42001 A.8.4) and Art. 73 "
                    f"reporting; {len(bundle['incidents'])} incident(s) recorded for this system",
                ),
                ("Notification of the market surveillance authority (Art. 27(3))", None),
            ],
        ),
    ]
    return _document("fria", bundle, sections)


def registration(bundle: dict) -> dict:
    system, a = bundle["system"], _latest_assessment(bundle)
    roles = system.get("ai_roles") or []
    basis = system.get("eu_ai_act_basis") or ""
    cert = bundle["certification"]
    sections = []
    if system.get("eu_ai_act_tier") == "high" and ({"producer", "provider"} & set(roles)):
        sections.append(
            _section(
                "A",
                REGISTRATION_SECTIONS["A"],
                [
                    ("1. Provider name, address and contact", _provider(bundle)),
                    ("2. Person submitting on the provider's behalf", None),
                    ("3. Authorised representative (if any)", None),
                    (
                        "4. Trade name and unambiguous reference",
                        f"{system['name']} ({system['id']})",
                    ),
                    (
                        "5. Intended purpose, components and functions",
                        a.get("purpose") or system.get("description"),
                    ),
                    ("6. Data and inputs used, and operating logic", system.get("data_inputs")),
                    ("7. Status", system.get("lifecycle_stage")),
                    ("8. Notified body certificate (type, number, expiry)", None),
                    ("9. Copy of the certificate", None),
                    ("10. Member States where placed on the market", None),
                    ("11. Copy of the EU declaration of conformity", None),
                    ("12. Electronic instructions for use", None),
                    ("AIMS certificate (ISO/IEC 42001)", cert.get("certificate_number")),
                ],
            )
        )
    if "Art. 6(3)" in basis:
        sections.append(
            _section(
                "B",
                REGISTRATION_SECTIONS["B"],
                [
                    ("1. Provider name, address and contact", _provider(bundle)),
                    ("4. Trade name and reference", f"{system['name']} ({system['id']})"),
                    ("5. Intended purpose", a.get("purpose") or system.get("description")),
                    ("6. Art. 6(3) condition(s) and why the system is not high-risk", basis),
                    (
                        "7. Summary of the Art. 6(4) assessment",
                        (bundle["classification"] or {}).get("rationale"),
                    ),
                    ("8. Status", system.get("lifecycle_stage")),
                    ("9. Member States", None),
                ],
            )
        )
    if system.get("eu_ai_act_tier") == "high" and "customer" in roles:
        sections.append(
            _section(
                "C",
                REGISTRATION_SECTIONS["C"],
                [
                    ("Applies when the deployer is a public authority", TO_COMPLETE),
                    ("1. Deployer name, address and contact", system.get("business_unit")),
                    ("2. Person submitting on the deployer's behalf", system.get("owner")),
                    ("3. Provider's EU database entry (URL)", None),
                    (
                        "4. Summary of the fundamental rights impact assessment (Art. 27)",
                        "; ".join(
                            f"{k}: {a.get(f'{k}_impact')}"
                            for k in IMPACT_AREAS
                            if a.get(f"{k}_impact")
                        )
                        or None,
                    ),
                    ("5. Summary of the data protection impact assessment", None),
                    ("Provider of the system", system.get("provider")),
                ],
            )
        )
    if not sections:
        sections.append(
            _section(
                "-",
                "No registration duty found in the records",
                [("Tier", system.get("eu_ai_act_tier")), ("Roles", roles)],
            )
        )
    return _document("registration", bundle, sections)


BUILDERS = {
    "technical-documentation": technical_documentation,
    "monitoring-plan": monitoring_plan,
    "fria": fria,
    "registration": registration,
}
