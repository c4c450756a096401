"""Demo risks with about six months of history, EU AI Act classifications and impact assessments.

Each risk is written as it evolved: identified at its ``created`` day with no residual
assessment, then (for treatments under way) a partly lowered residual while in treatment,
and the final residual when the treatment was done, so the as-of view of three months ago
shows a visibly riskier register than today's.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

from demo.organisation import SYSTEM_IDS
from risk_model.access import SYSTEM
from risk_model.eu_ai_act import ClassificationAnswers
from store import classification, impact_assessments
from store.connection import Store
from store.risks import change_risk, insert_risk

ANSWERS: dict[str, dict] = {
    "credit": {"annex_iii_points": ["5(b)"], "profiling": True},
    "cv": {"annex_iii_points": ["4(a)"], "profiling": True},
    "chatbot": {"transparency_50": ["50(1)"]},
    "triage": {"annex_iii_points": ["5(d)"], "transparency_50": ["50(1)"]},
    "pricing": {"annex_iii_points": ["5(c)"], "profiling": True},
    "workpulse": {"annex_iii_points": ["4(b)"], "profiling": True},
    "speech": {"annex_iii_points": ["1(c)"], "transparency_50": ["50(3)"]},
    "kb": {"transparency_50": ["50(1)"]},
    "content": {"transparency_50": ["50(2)"]},
    "nbo": {"profiling": True},
    "fraud": {"profiling": True},
}
"""Questionnaire answers per demo system; systems not listed answer no to every question.
The two systems the inventory lists as not yet classified (collections, scheduling) have
no answers: they are the classification backlog."""

UNCLASSIFIED = ("collections", "scheduling")
FIRST_CLASSIFICATION = {"speech": {"transparency_50": ["50(3)"]}}
"""An earlier, wrong classification, corrected later, so the history has something to show."""


def _at(today: date, days: int, hour: int = 10) -> datetime:
    return datetime.combine(today + timedelta(days=days), time(hour, 0))


def _seed_risk(connection, item: dict, today: date) -> None:
    systems = [SYSTEM_IDS[k] for k in item["sys"]]
    inherent = item["inh"]
    base = {
        "title": item["title"],
        "description": item["desc"],
        "system_ids": systems,
        "stakeholders": item["who"],
        "lifecycle_stage": item["stage"],
        "mit_subdomain": item["mit"],
        "causal_entity": item["cause"][0],
        "causal_intent": item["cause"][1],
        "causal_timing": item["cause"][2],
        "annex_c_source": item["src"],
        "annex_c_objective": item["obj"],
        "inherent_likelihood": inherent[0],
        "inherent_severity": inherent[1],
        "treatment": item["treat"],
        "treatment_plan": item["plan"],
        "owner": item["owner"],
        "treatment_due": None if item.get("due") is None else today + timedelta(item["due"]),
        "treatment_status": "planned" if item["treat"] else None,
        "status": "open",
    }
    created = item["created"]
    risk_id = insert_risk(connection, base, SYSTEM, _at(today, created))
    final = item["res"]
    controls = item["controls"]
    if item["treat"] is None:
        if final:
            values = {"residual_likelihood": final[0], "residual_severity": final[1]}
            change_risk(connection, risk_id, values, SYSTEM, _at(today, created + 10))
        return
    if "accept" in item:
        acc = item["accept"]
        values = {
            "residual_likelihood": final[0],
            "residual_severity": final[1],
            "control_ids": controls,
            "treatment_status": "done",
            "status": "accepted",
            "accepted_by": acc["by"],
            "accepted_on": today + timedelta(acc["on"]),
            "acceptance_expires": today + timedelta(acc["expires"]),
        }
        change_risk(connection, risk_id, values, SYSTEM, _at(today, acc["on"], 11))
        return
    if item["tstatus"] == "planned":
        return
    end = item.get("done", -2)
    middle = created + max(1, (end - created) * 2 // 5)
    partial = [max(final[0], inherent[0] - 1), max(final[1], inherent[1] - 1)]
    if item["tstatus"] == "in_progress":
        partial = final
    values = {
        "residual_likelihood": partial[0],
        "residual_severity": partial[1],
        "control_ids": controls,
        "treatment_status": "in_progress",
        "status": "in_treatment",
    }
    change_risk(connection, risk_id, values, SYSTEM, _at(today, middle))
    if item["tstatus"] == "done":
        values = {
            "residual_likelihood": final[0],
            "residual_severity": final[1],
            "treatment_status": "done",
            "status": "closed" if item["treat"] == "avoid" else "open",
        }
        change_risk(connection, risk_id, values, SYSTEM, _at(today, max(end, middle + 1)))


def _seed_classifications(db: Store, today: date) -> int:
    count = 0
    for key, system_id in SYSTEM_IDS.items():
        if key in UNCLASSIFIED:
            continue
        if key in FIRST_CLASSIFICATION:
            first = ClassificationAnswers.from_dict(FIRST_CLASSIFICATION[key])
            classification.save_classification(db, system_id, first, SYSTEM, _at(today, -175))
            count += 1
        answers = ClassificationAnswers.from_dict(ANSWERS.get(key, {}))
        day = -60 if key in FIRST_CLASSIFICATION else -170 + count % 20
        classification.save_classification(db, system_id, answers, SYSTEM, _at(today, day))
        count += 1
    return count


def _seed_assessments(db: Store, today: date, items: list[dict]) -> None:
    for item in items:
        values = {
            "system_id": SYSTEM_IDS[item["sys"]],
            "title": "AI system impact assessment",
            "purpose": item["purpose"],
            "intended_use": item["intended_use"],
            "affected_individuals": item["individuals"],
            "affected_groups": item["groups"],
            "affected_society": item["society"],
            "mitigations": item["mitigations"],
            "human_oversight": item["oversight"],
            "reviewers": item["reviewers"],
            "assessed_on": today + timedelta(item["assessed"]),
            "review_due": today + timedelta(item["review_due"]),
        }
        for key in ("fairness", "privacy", "safety", "human_rights", "environment"):
            text, likelihood, severity = item[key]
            values[f"{key}_impact"] = text
            values[f"{key}_likelihood"] = likelihood
            values[f"{key}_severity"] = severity
        impact_assessments.add_assessment(db, values, SYSTEM, _at(today, item["assessed"]))


def seed(db: Store, today: date) -> dict[str, int]:
    from demo.files import demo_file

    risk_items = json.loads(demo_file("risks.json").read_text(encoding="utf-8"))["risks"]
    assessments = json.loads(demo_file("impact_assessments.json").read_text(encoding="utf-8"))
    classified = _seed_classifications(db, today)
    with db.transaction() as connection:
        for item in sorted(risk_items, key=lambda i: i["created"]):
            _seed_risk(connection, item, today)
    _seed_assessments(db, today, assessments["assessments"])
    return {
        "risks": len(risk_items),
        "EU AI Act classifications": classified,
        "impact assessments": len(assessments["assessments"]),
    }
