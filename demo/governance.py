"""Demo AI policy and policies, acknowledgements, AI objectives, the RACI of AIMS
responsibilities and documented information (ISO/IEC 42001 5.2, 5.3, 6.2, 7.3, 7.5).

Deliberate gaps that the pre-audit checks find: five people in AIMS roles have not read the
current AI policy more than 30 days after its approval (POLICY-ACKNOWLEDGED); the information
security policy is past its review (POLICY-REVIEW); one objective has no plan and another is
behind its target at its due date (OBJECTIVE-PLAN, OBJECTIVE-TARGET); one responsibility has
nobody accountable (RACI-ACCOUNTABLE); one procedure is past its review date
(DOCUMENT-CONTROL).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from risk_model.access import SYSTEM
from risk_model.documents import DOCUMENT
from risk_model.objectives import MEASUREMENT
from risk_model.responsibilities import RESPONSIBILITY
from store import objectives, policies, records, training
from store.connection import Store

CEO = "Jonas Albrecht"
UNREAD = ("Priya Raman", "Elena Rossi", "Sean Murphy", "Lea Fischer", "Ravi Patel")
"""People in AIMS roles who have not read the current AI policy (the deliberate gap)."""

AI_POLICY_TEXT = (
    "Meridian Financial Group develops, procures and uses AI systems only where they serve "
    "customers fairly, safely and lawfully. Every AI system has a named owner, is assessed for "
    "risk and impact before use, is monitored in operation, and can be overridden by a person. "
    "We meet the EU AI Act and ISO/IEC 42001, and we improve this management system "
    "continually. Top management reviews this policy every year."
)


def _policies(db: Store, today: date) -> dict[str, str]:
    ids = {}
    ids["ai"] = policies.add_policy(
        db,
        {
            "name": "AI policy",
            "kind": "ai_policy",
            "version": "1.0",
            "text": AI_POLICY_TEXT,
            "file_ref": "Policies/AI policy v1.0 signed.pdf",
            "owner": "Sofia Marin",
            "approver": CEO,
            "approved_on": today - timedelta(days=420),
            "review_interval_months": 12,
            "next_review": today - timedelta(days=55),
            "aligned_with": [
                "Information security policy",
                "Data protection policy",
                "Code of conduct",
            ],
            "reference": "5.2; A.2.2",
            "external_id": "MFG-POL-AI",
        },
        SYSTEM,
    )
    ids["security"] = policies.add_policy(
        db,
        {
            "name": "Information security policy",
            "kind": "policy",
            "version": "4.2",
            "file_ref": "Policies/Information security policy v4.2.pdf",
            "owner": "Ahmed Nasser",
            "approver": "Claire Dubois",
            "approved_on": today - timedelta(days=400),
            "review_interval_months": 12,
            "reference": "A.2.3",
            "external_id": "MFG-POL-ISEC",
        },
        SYSTEM,
    )
    ids["privacy"] = policies.add_policy(
        db,
        {
            "name": "Data protection policy",
            "kind": "policy",
            "version": "3.0",
            "file_ref": "Policies/Data protection policy v3.0.pdf",
            "owner": "Miriam Koch",
            "approver": CEO,
            "approved_on": today - timedelta(days=150),
            "review_interval_months": 24,
            "aligned_with": ["AI policy"],
            "reference": "A.2.3; A.7.4",
            "external_id": "MFG-POL-DP",
        },
        SYSTEM,
    )
    return ids


def _acknowledgements(db: Store, ai_policy: str, today: date) -> int:
    people = training.list_people(db).to_dict("records")
    in_roles = [p for p in people if any(r != "all_staff" for r in p["aims_roles"])]
    for number, person in enumerate(in_roles):
        day = today - timedelta(days=400 - number)
        policies.acknowledge(db, ai_policy, person["id"], SYSTEM, day)
    policies.approve_version(db, ai_policy, "2.0", CEO, today - timedelta(days=45), SYSTEM)
    count = len(in_roles)
    for number, person in enumerate(in_roles):
        if person["name"] not in UNREAD:
            policies.acknowledge(
                db, ai_policy, person["id"], SYSTEM, today - timedelta(40 - number % 30)
            )
            count += 1
    return count


OBJECTIVES = (
    {
        "name": "Every high-risk AI system has a current impact assessment",
        "measure": "impact_assessment_coverage",
        "target": 1.0,
        "owner": "Sofia Marin",
        "due": 120,
        "plan_what": "Assess or reassess each high-risk system; schedule reassessment on change.",
        "plan_resources": "Compliance team, 0.5 FTE; system owners",
        "plan_when": "Quarterly review of the assessment schedule",
        "plan_evaluation": "Share of high-risk systems whose assessment is current, monthly",
        "reference": "6.2; 6.1.4; A.5.2",
    },
    {
        "name": "Monitor breaches are closed within two weeks",
        "measure": "breach_close_days",
        "target": 14.0,
        "owner": "Laura Chen",
        "due": 200,
        "plan_what": "Triage each breach within two days; agree a fix or a documented acceptance.",
        "plan_resources": "ML platform on-call rota",
        "plan_when": "Weekly monitoring stand-up",
        "plan_evaluation": "Median days from detection to closing, monthly",
        "reference": "6.2; 9.1; A.6.2.6",
    },
    {
        "name": "Everyone in an AIMS role is trained",
        "measure": "training_coverage",
        "target": 0.98,
        "owner": "Sofia Marin",
        "due": -15,
        "plan_what": "Assign the role courses; remind managers of overdue training.",
        "plan_resources": "Learning system; People & Culture",
        "plan_when": "Monthly reminders",
        "plan_evaluation": "Share of role requirements met, monthly",
        "reference": "6.2; 7.2",
    },
    {
        "name": "People in AIMS roles know the AI policy",
        "measure": "policy_acknowledgement",
        "target": 0.95,
        "owner": "Miriam Koch",
        "due": 60,
        "reference": "6.2; 7.3",
    },
)
"""The last has no plan (OBJECTIVE-PLAN); the training objective is due and behind its
target (OBJECTIVE-TARGET)."""


def _objectives(db: Store, today: date) -> tuple[int, int]:
    ids = []
    for number, item in enumerate(OBJECTIVES, start=1):
        values = {k: v for k, v in item.items() if k != "due"}
        values["due_date"] = today + timedelta(days=item["due"])
        values["external_id"] = f"MFG-OBJ-{number:02d}"
        ids.append(objectives.add_objective(db, values, SYSTEM))
    measured = 0
    for weeks_ago in (20, 16, 12, 8, 4, 0):
        day = today - timedelta(weeks=weeks_ago)
        at = datetime.combine(day, time(7, 0))
        values = objectives.measure_values(db, day)
        with db.transaction() as connection:
            for objective_id, item in zip(ids, OBJECTIVES, strict=True):
                row = {"objective_id": objective_id, "measured_on": day, "status": "active"}
                row["value"] = values[item["measure"]]
                records.insert(connection, MEASUREMENT, row, SYSTEM, at)
                measured += 1
    return len(ids), measured


RESPONSIBILITIES = (
    (
        "Approve and communicate the AI policy",
        "5.2",
        ["compliance_manager"],
        "executive",
        ["Miriam Koch"],
        ["all_staff"],
    ),
    (
        "Maintain the AI system inventory",
        "A.4.2",
        ["ai_system_owner"],
        "compliance_manager",
        ["ml_engineer"],
        ["executive"],
    ),
    (
        "Assess AI risks and impacts",
        "6.1.2; 6.1.4",
        ["ai_system_owner", "data_scientist"],
        "compliance_manager",
        ["Miriam Koch"],
        ["executive"],
    ),
    (
        "Monitor AI systems in operation",
        "9.1; A.6.2.6",
        ["ml_engineer"],
        "ai_system_owner",
        ["data_scientist"],
        ["compliance_manager"],
    ),
    (
        "Report serious incidents (EU AI Act Art. 73)",
        "A.8.4",
        ["compliance_manager"],
        "Marcus Feld",
        ["ai_system_owner"],
        ["executive"],
    ),
    (
        "Plan and run internal audits",
        "9.2",
        ["internal_auditor"],
        "Grace Holm",
        ["compliance_manager"],
        ["executive"],
    ),
    (
        "Run the management review",
        "9.3",
        ["compliance_manager"],
        CEO,
        ["internal_auditor"],
        ["all_staff"],
    ),
    (
        "Keep training and awareness current",
        "7.2; 7.3",
        ["compliance_manager"],
        "",
        ["ai_system_owner"],
        ["all_staff"],
    ),
)
"""The last has nobody accountable (RACI-ACCOUNTABLE)."""


DOCUMENTS = (
    (
        "AI risk and impact assessment procedure",
        "procedure",
        "2.1",
        "Sofia Marin",
        "Marcus Feld",
        200,
        ["6.1.2", "6.1.4", "8.2"],
        ["A.5.2"],
    ),
    (
        "AI system change management procedure",
        "procedure",
        "1.3",
        "Laura Chen",
        "Claire Dubois",
        -20,
        ["8.1"],
        ["A.6.2.5", "A.6.2.6"],
    ),
    ("Document control procedure", "procedure", "1.0", "Sofia Marin", CEO, 300, ["7.5"], []),
    (
        "AI incident response procedure",
        "procedure",
        "1.2",
        "Ahmed Nasser",
        "Marcus Feld",
        90,
        ["10.2"],
        ["A.8.4"],
    ),
    ("Internal audit programme", "plan", "2026", "Grace Holm", CEO, 250, ["9.2"], []),
    (
        "Model monitoring plan",
        "plan",
        "1.1",
        "Laura Chen",
        "Marcus Feld",
        150,
        ["9.1"],
        ["A.6.2.6"],
    ),
    ("Management review minutes", "record", "", "Sofia Marin", "", None, ["9.3"], []),
)
"""The change management procedure is past its review date (DOCUMENT-CONTROL)."""


def _raci_and_documents(db: Store, today: date) -> tuple[int, int]:
    for number, (name, ref, r, a, c, i) in enumerate(RESPONSIBILITIES, start=1):
        values = {
            "name": name,
            "reference": ref,
            "responsible": r,
            "accountable": a or None,
            "consulted": c,
            "informed": i,
            "assigned_by": CEO,
            "assigned_on": today - timedelta(days=380),
            "external_id": f"MFG-RES-{number:02d}",
        }
        records.add_record(db, RESPONSIBILITY, values, SYSTEM)
    for number, (name, kind, version, owner, approver, review, clauses, controls) in enumerate(
        DOCUMENTS, start=1
    ):
        values = {
            "name": name,
            "kind": kind,
            "version": version or None,
            "owner": owner,
            "approver": approver or None,
            "approved_on": today - timedelta(days=300) if approver else None,
            "next_review": None if review is None else today + timedelta(days=review),
            "distribution": ["AIMS team", "AI system owners"],
            "retention": "7 years after superseded",
            "location": f"AIMS/Documents/{name}.docx",
            "clauses": clauses,
            "controls": controls,
            "external_id": f"MFG-DI-{number:02d}",
        }
        records.add_record(db, DOCUMENT, values, SYSTEM)
    return len(RESPONSIBILITIES), len(DOCUMENTS)


def seed(db: Store, today: date) -> dict[str, int]:
    ids = _policies(db, today)
    acknowledged = _acknowledgements(db, ids["ai"], today)
    count, measured = _objectives(db, today)
    responsibilities, documents = _raci_and_documents(db, today)
    return {
        "policies": len(ids),
        "policy acknowledgements": acknowledged,
        "AI objectives": count,
        "objective measurements": measured,
        "AIMS responsibilities": responsibilities,
        "documented information": documents,
    }
