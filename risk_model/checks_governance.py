"""Pre-audit checks on the documented AIMS: the AI policy (5.2, 7.3, A.2.4), AI objectives
(6.2), roles and responsibilities (5.3) and documented information (7.5.3).

Reads from ``snapshot.extra`` (a key that is absent or None skips its checks):

- ``policies``: live policies (``risk_model.policies.POLICY`` fields and ``id``);
- ``aims_people`` and ``policy_acknowledgements``: the people and their acknowledgements;
- ``objectives``: live objectives with ``latest_value``, their measure's latest value;
- ``responsibilities``: the live RACI rows;
- ``documents``: live documented information.
"""

from __future__ import annotations

from risk_model import documents as document_rules
from risk_model import objectives as objective_rules
from risk_model import policies as policy_rules
from risk_model.findings import AimsSnapshot, CheckArea, Finding

AREA = CheckArea("policy, objectives, roles and documents")
check = AREA.check


def _rows(snapshot: AimsSnapshot, key: str) -> list[dict] | None:
    rows = snapshot.extra.get(key)
    return rows if isinstance(rows, list) else None


@check("POLICY-AI-APPROVED", "An AI policy is approved by top management")
def ai_policy_approved(snapshot: AimsSnapshot) -> list[Finding]:
    policies = _rows(snapshot, "policies")
    if policies is None or policy_rules.current_ai_policy(policies) is not None:
        return []
    return [
        Finding(
            "POLICY-AI-APPROVED",
            "5.2",
            "major",
            "policy",
            "ai-policy",
            "AI policy",
            "no AI policy is approved by top management",
            "pages/context/policies.py",
        )
    ]


@check("POLICY-REVIEW", "Policies are reviewed at their planned intervals")
def policy_review(snapshot: AimsSnapshot) -> list[Finding]:
    findings = []
    for policy in _rows(snapshot, "policies") or []:
        if policy.get("status") == "retired" or not policy_rules.review_overdue(
            policy, snapshot.today
        ):
            continue
        due = policy_rules.next_review(policy)
        findings.append(
            Finding(
                "POLICY-REVIEW",
                "A.2.4",
                "minor",
                "policy",
                policy["id"],
                policy["name"],
                f"review overdue since {due:%Y-%m-%d}",
                "pages/context/policies.py",
            )
        )
    return findings


@check("POLICY-ACKNOWLEDGED", "People in AIMS roles have read the current AI policy")
def policy_acknowledged(snapshot: AimsSnapshot) -> list[Finding]:
    policies, people = _rows(snapshot, "policies"), _rows(snapshot, "aims_people")
    acks = _rows(snapshot, "policy_acknowledgements")
    if policies is None or people is None or acks is None:
        return []
    policy = policy_rules.current_ai_policy(policies)
    if policy is None or not policy_rules.acknowledgement_late(policy, snapshot.today):
        return []
    rows = policy_rules.acknowledgement_status(policy, people, acks)
    unread = [r for r in rows if not r["acknowledged"]]
    if not unread:
        return []
    names = ", ".join(r["name"] for r in unread[:5]) + (" ..." if len(unread) > 5 else "")
    return [
        Finding(
            "POLICY-ACKNOWLEDGED",
            "7.3",
            "minor",
            "policy",
            policy["id"],
            policy["name"],
            f"{len(unread)} of {len(rows)} people in AIMS roles have not acknowledged version "
            f"{policy.get('version')} (approved {policy['approved_on']:%Y-%m-%d}, more than "
            f"{policy_rules.ACKNOWLEDGE_WITHIN_DAYS} days ago): {names}",
            "pages/context/policies.py",
        )
    ]


@check("OBJECTIVE-PLAN", "Every AI objective has a measure, a target and a plan")
def objective_plan(snapshot: AimsSnapshot) -> list[Finding]:
    findings = []
    for objective in _rows(snapshot, "objectives") or []:
        missing = objective_rules.gaps(objective)
        if objective.get("status") != "retired" and missing:
            findings.append(
                Finding(
                    "OBJECTIVE-PLAN",
                    "6.2",
                    "minor",
                    "objective",
                    objective["id"],
                    objective["name"],
                    "lacks " + "; ".join(missing),
                    "pages/context/objectives.py",
                )
            )
    return findings


@check("OBJECTIVE-TARGET", "No AI objective is behind its target at its due date")
def objective_target(snapshot: AimsSnapshot) -> list[Finding]:
    findings = []
    for objective in _rows(snapshot, "objectives") or []:
        value = objective.get("latest_value")
        if objective.get("status") == "retired" or not objective_rules.missed(
            objective, value, snapshot.today
        ):
            continue
        measure = objective["measure"]
        findings.append(
            Finding(
                "OBJECTIVE-TARGET",
                "6.2",
                "minor",
                "objective",
                objective["id"],
                objective["name"],
                f"due {objective['due_date']:%Y-%m-%d}: "
                f"{objective_rules.shown(measure, value)} against a target of "
                f"{objective_rules.shown(measure, objective['target'])}",
                "pages/context/objectives.py",
            )
        )
    return findings


@check("RACI-ACCOUNTABLE", "Every AIMS responsibility has someone accountable")
def raci_accountable(snapshot: AimsSnapshot) -> list[Finding]:
    return [
        Finding(
            "RACI-ACCOUNTABLE",
            "5.3",
            "minor",
            "responsibility",
            item["id"],
            item["name"],
            "nobody is accountable",
            "pages/context/responsibilities.py",
        )
        for item in _rows(snapshot, "responsibilities") or []
        if item.get("status") != "retired" and not str(item.get("accountable") or "").strip()
    ]


@check("DOCUMENT-CONTROL", "Procedures are approved and reviewed on time")
def document_control(snapshot: AimsSnapshot) -> list[Finding]:
    findings = []
    for document in _rows(snapshot, "documents") or []:
        gaps = document_rules.control_gaps(document, snapshot.today)
        if gaps:
            findings.append(
                Finding(
                    "DOCUMENT-CONTROL",
                    "7.5.3",
                    "minor",
                    "document",
                    document["id"],
                    document["name"],
                    "; ".join(gaps),
                    "pages/controls/documents.py",
                )
            )
    return findings
