"""Competence and awareness (ISO/IEC 42001 7.2, 7.3; EU AI Act Art. 4 AI literacy).

People hold AIMS roles; each role requires courses, each valid for a number of months after
completion. A requirement is *current* while the latest effective completion is valid,
*expiring* within 30 days of its end, *expired* after it, and *missing* when never completed.
Overdue means missing or expired. A completion whose effectiveness evaluation failed
(score below the pass mark, or assessed "not effective") does not count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from risk_model.certification import add_months
from risk_model.fields import Field, Register

AIMS_ROLES: dict[str, str] = {
    "ai_system_owner": "AI system owner",
    "ml_engineer": "ML engineer",
    "data_scientist": "Data scientist",
    "compliance_manager": "Compliance manager",
    "internal_auditor": "Internal auditor",
    "executive": "Executive",
    "all_staff": "All staff",
}
ALL_STAFF = "all_staff"
EXPIRING_DAYS = 30
PASS_MARK = 70.0
"""Effectiveness score (0-100) from which a completion counts."""
ASSESSMENTS = ("effective", "partly effective", "not effective")


@dataclass(frozen=True)
class Course:
    id: str
    title: str
    validity_months: int
    basis: str


COURSES: dict[str, Course] = {
    c.id: c
    for c in (
        Course("ai-awareness", "AI awareness", 12, "ISO/IEC 42001 7.3"),
        Course("ai-literacy", "Responsible use of AI (AI literacy)", 24, "EU AI Act Art. 4; A.9"),
        Course("system-owner", "AI system owner duties", 24, "5.3; A.3.2; A.6.1"),
        Course("ml-lifecycle", "Responsible ML engineering and monitoring", 24, "A.6.2; A.7"),
        Course("fairness", "Fairness and bias testing", 24, "A.5; A.7.4"),
        Course("aims-compliance", "AIMS and EU AI Act obligations", 12, "4-10; EU AI Act"),
        Course("internal-auditor", "ISO/IEC 42001 internal auditor", 36, "9.2"),
        Course("leadership", "AI governance for leaders", 12, "5.1; 9.3"),
    )
}

ROLE_COURSES: dict[str, tuple[str, ...]] = {
    "all_staff": ("ai-awareness", "ai-literacy"),
    "ai_system_owner": ("system-owner",),
    "ml_engineer": ("ml-lifecycle",),
    "data_scientist": ("ml-lifecycle", "fairness"),
    "compliance_manager": ("aims-compliance",),
    "internal_auditor": ("internal-auditor",),
    "executive": ("leadership",),
}
"""What each role requires beyond the all-staff courses, which everyone takes."""

PERSON = Register(
    name="people",
    table="people",
    id_prefix="PER",
    label="People",
    fields=(
        Field("name", "Name", required=True),
        Field("email", "E-mail", expected=True),
        Field("unit", "Unit", expected=True),
        Field("job_title", "Job title"),
        Field(
            "aims_roles",
            "AIMS roles",
            "multi_enum",
            choices=tuple(AIMS_ROLES),
            choice_labels=AIMS_ROLES,
            help="Everyone takes the all-staff courses; a role adds its own.",
        ),
        Field("status", "Status", "enum", choices=("active", "retired")),
    ),
)

TRAINING_COMPLETION = Register(
    name="training",
    table="training_completions",
    id_prefix="TRN",
    label="Training completions",
    title_field="reference",
    fields=(
        Field("person_id", "Person", required=True, help="Person id, employee number or e-mail"),
        Field(
            "course",
            "Course",
            "enum",
            required=True,
            choices=tuple(COURSES),
            choice_labels={k: c.title for k, c in COURSES.items()},
        ),
        Field("completed_on", "Completed on", "date", required=True),
        Field("score", "Effectiveness score", "float", help="0-100; 70 or more passes"),
        Field("assessment", "Effectiveness assessment", "enum", choices=ASSESSMENTS),
        Field("evaluated_by", "Evaluated by"),
        Field("reference", "Reference", help="Certificate or learning-system record"),
        Field("status", "Status", "enum", choices=("active", "retired")),
    ),
)


def required_courses(roles: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The all-staff courses plus each role's own, without repeats."""
    out: list[str] = list(ROLE_COURSES[ALL_STAFF])
    for role in roles:
        out += [c for c in ROLE_COURSES.get(role, ()) if c not in out]
    return tuple(out)


def requirement_rows() -> list[dict]:
    """Which course each AIMS role requires, and for how long a completion stays valid."""
    return [
        {
            "Role": AIMS_ROLES[role],
            "Course": COURSES[course].title,
            "Valid for (months)": COURSES[course].validity_months,
            "Basis": COURSES[course].basis,
        }
        for role, courses in ROLE_COURSES.items()
        for course in courses
    ]


def is_effective(completion: dict) -> bool:
    score, assessment = completion.get("score"), completion.get("assessment")
    if assessment == "not effective":
        return False
    return not (score is not None and score == score and score < PASS_MARK)


def valid_until(course: str, completed_on: date) -> date:
    return add_months(completed_on, COURSES[course].validity_months)


def requirement_state(valid_to: date | None, today: date) -> str:
    if valid_to is None:
        return "missing"
    if valid_to < today:
        return "expired"
    return "expiring" if valid_to <= today + timedelta(days=EXPIRING_DAYS) else "current"


def training_status(people: list[dict], completions: list[dict], today: date) -> list[dict]:
    """One row per active person and required course: its state and latest effective completion."""
    latest: dict[tuple[str, str], dict] = {}
    for item in completions:
        if item.get("status") == "retired" or not is_effective(item):
            continue
        key = (item["person_id"], item["course"])
        if key not in latest or item["completed_on"] > latest[key]["completed_on"]:
            latest[key] = item
    rows = []
    for person in people:
        if person.get("status") == "retired":
            continue
        roles = list(person.get("aims_roles") or [])
        for course in required_courses(roles):
            done = latest.get((person["id"], course))
            until = valid_until(course, done["completed_on"]) if done else None
            state = requirement_state(until, today)
            rows.append(
                {
                    "person_id": person["id"],
                    "name": person["name"],
                    "unit": person.get("unit"),
                    "aims_roles": roles,
                    "course": course,
                    "completed_on": done["completed_on"] if done else None,
                    "valid_until": until,
                    "score": done.get("score") if done else None,
                    "state": state,
                    "overdue": state in ("missing", "expired"),
                    "expiring": state == "expiring",
                }
            )
    return rows


def coverage(status_rows: list[dict], by: str) -> dict[str, tuple[int, int]]:
    """Group -> (requirements met, requirements) where met means current or expiring.

    ``by="unit"`` counts every requirement of the unit's people; ``by="role"`` counts, for
    each role, the courses that role requires (the all-staff courses under "all_staff").
    """
    out: dict[str, list[int]] = {}
    for row in status_rows:
        if by == "unit":
            groups = [row["unit"] or "(no unit)"]
        else:
            groups = [ALL_STAFF] if row["course"] in ROLE_COURSES[ALL_STAFF] else []
            groups += [
                r
                for r in row["aims_roles"]
                if r != ALL_STAFF and row["course"] in ROLE_COURSES.get(r, ())
            ]
        for group in groups:
            counts = out.setdefault(group, [0, 0])
            counts[0] += not row["overdue"]
            counts[1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


def in_aims_role(roles: list[str] | tuple[str, ...]) -> bool:
    """Holds an AIMS role beyond being one of all staff."""
    return any(r != ALL_STAFF for r in roles or ())
