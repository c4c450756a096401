"""Demo readiness assessment, roadmap, certification cycle, people and training records.

The readiness assessment is partway through (every clause, Annex A up to A.8 rated), with a
roadmap that began eight months ago: most early actions done, some in progress, one late and
two ending after the remediation cutoff. Stage 1 was two months ago, Stage 2 is a month away.
Training is mostly current, with some people never trained, some expired and some expiring.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

from risk_model.access import SYSTEM
from risk_model.certification import add_months
from risk_model.training import COURSES, required_courses
from store import certification, context, evidence_register, readiness, training
from store.connection import Store

FORCED_STATES = {
    ("Daniel Okafor", "system-owner"): "missing",
    ("Grace Holm", "internal-auditor"): "expiring",
    ("Elena Rossi", "ai-literacy"): "expired",
    ("Nadia Haddad", "fairness"): "missing",
}
"""Gaps the story needs whatever the random draw: an owner and a data lead never trained."""


def _completed_on(state: str, course: str, today: date, rng: random.Random) -> date | None:
    months = COURSES[course].validity_months
    if state == "missing":
        return None
    if state == "expired":
        return add_months(today, -months) - timedelta(days=rng.randint(10, 120))
    if state == "expiring":
        return add_months(today, -months) + timedelta(days=rng.randint(3, 28))
    return today - timedelta(days=rng.randint(20, months * 30 - 45))


def _seed_training(db: Store, data: dict, today: date) -> tuple[int, int]:
    rng = random.Random(42006)
    people = completions = 0
    for number, (name, unit, job, roles) in enumerate(data["people"], start=1):
        slug = name.lower().replace("dr. ", "").replace(" ", ".")
        person_id = training.add_person(
            db,
            {
                "name": name,
                "unit": unit,
                "job_title": job,
                "email": f"{slug}@meridian-fg.example",
                "aims_roles": ["all_staff", *roles],
                "external_id": f"E{10400 + number * 7}",
            },
            SYSTEM,
        )
        people += 1
        for course in required_courses(roles):
            draw = rng.random()
            state = (
                "missing"
                if draw < 0.06
                else "expired"
                if draw < 0.12
                else "expiring"
                if draw < 0.19
                else "current"
            )
            state = FORCED_STATES.get((name, course), state)
            done = _completed_on(state, course, today, rng)
            if done is None:
                continue
            if rng.random() < 0.08:  # a failed first attempt, retaken a month later
                training.add_completion(
                    db,
                    {
                        "person_id": person_id,
                        "course": course,
                        "completed_on": done - timedelta(days=30),
                        "score": float(rng.randint(48, 66)),
                        "assessment": "not effective",
                        "evaluated_by": "Learning system",
                    },
                    SYSTEM,
                )
                completions += 1
            score = float(rng.randint(70, 99))
            training.add_completion(
                db,
                {
                    "person_id": person_id,
                    "course": course,
                    "completed_on": done,
                    "score": score,
                    "assessment": "effective" if score >= 80 else "partly effective",
                    "evaluated_by": "Tom Becker" if course == "system-owner" else "Learning system",
                    "reference": f"LMS-{done:%y%m}-{rng.randint(1000, 9999)}",
                },
                SYSTEM,
            )
            completions += 1
    return people, completions


def _seed_readiness(db: Store, data: dict, today: date) -> tuple[int, int]:
    rng = random.Random(42007)
    items = evidence_register.list_items(db, today)
    linked: dict[str, list[str]] = {}
    for item_id, controls, clauses in zip(
        items["id"], items["controls"], items["clauses"], strict=True
    ):
        for target in [*controls, *clauses]:
            linked.setdefault(target, []).append(item_id)
    rows = [
        {
            "item_id": item_id,
            "maturity": level,
            "notes": data["notes"].get(item_id),
            "evidence_ids": linked.get(item_id, [])[:3],
            "assessed_by": data["assessor"],
            "assessed_on": today - timedelta(days=rng.randint(14, 210)),
        }
        for item_id, level in data["ratings"].items()
    ]
    readiness.save_ratings(db, rows, SYSTEM, today)
    for title, item, owner, priority, start, due, status in data["actions"]:
        due_date = today + timedelta(days=due)
        readiness.add_action(
            db,
            {
                "title": title,
                "item_id": item,
                "owner": owner,
                "priority": priority,
                "start_date": today + timedelta(days=start),
                "due_date": due_date,
                "status": status,
                "completed_on": due_date - timedelta(days=rng.randint(0, 12))
                if status == "done"
                else None,
            },
            SYSTEM,
        )
    return len(rows), len(data["actions"])


def seed(db: Store, today: date) -> dict[str, int]:
    from demo.files import demo_file

    data = json.loads(demo_file("assurance.json").read_text(encoding="utf-8"))
    assessed, actions = _seed_readiness(db, data["readiness"], today)
    plan = data["certification"]
    scope = context.get_scope(db) or {}
    certification.save_cycle(
        db,
        {
            "certification_body": plan["certification_body"],
            "scope": scope.get("statement"),
            "readiness_start": today + timedelta(days=plan["readiness_start"]),
            "stage1_date": today + timedelta(days=plan["stage1_date"]),
            "stage2_date": today + timedelta(days=plan["stage2_date"]),
            "target_date": today + timedelta(days=plan["target_date"]),
            "stage_lead_weeks": plan["stage_lead_weeks"],
        },
        SYSTEM,
    )
    people, completions = _seed_training(db, data, today)
    return {
        "readiness items assessed": assessed,
        "remediation actions": actions,
        "people": people,
        "training completions": completions,
    }
