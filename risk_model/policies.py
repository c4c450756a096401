"""AI policy and other policies (ISO/IEC 42001 5.2, 7.3, A.2.2-A.2.4).

A policy is versioned: its ``version`` changes when top management approves a new text, and
its history (the audit trail) keeps every earlier one. People in AIMS roles acknowledge the
*current* version; an acknowledgement of an older version no longer counts. Coverage is, per
AIMS role and per unit, the share of those people who acknowledged the current AI policy.
"""

from __future__ import annotations

from datetime import date, timedelta

from risk_model.certification import add_months
from risk_model.fields import Field, Register
from risk_model.training import AIMS_ROLES, ALL_STAFF, in_aims_role

AI_POLICY = "ai_policy"
KINDS = {AI_POLICY: "AI policy", "policy": "Other policy"}
ACKNOWLEDGE_WITHIN_DAYS = 30
"""Days after approval within which people in AIMS roles should have read the new version."""

POLICY = Register(
    name="policies",
    table="policies",
    id_prefix="POL",
    label="Policies",
    fields=(
        Field("name", "Title", required=True),
        Field("kind", "Kind", "enum", choices=tuple(KINDS), choice_labels=KINDS, expected=True),
        Field("version", "Version", expected=True),
        Field("text", "Text", "long_text", help="The policy text, or leave empty and name a file"),
        Field("file_ref", "File", help="Where the signed file is kept"),
        Field("owner", "Owner", expected=True),
        Field("approver", "Approved by (top management)", expected=True),
        Field("approved_on", "Approved on", "date", expected=True),
        Field("review_interval_months", "Review interval (months)", "int", expected=True),
        Field("next_review", "Next review", "date", expected=True),
        Field("aligned_with", "Aligned with", "list", help="Policies it must align with (A.2.3)"),
        Field("reference", "Clause or control", help="e.g. 5.2; A.2.2"),
        Field("status", "Status", "enum", choices=("active", "retired")),
    ),
)

ACKNOWLEDGEMENT = Register(
    name="acknowledgements",
    table="policy_acknowledgements",
    id_prefix="ACK",
    label="Policy acknowledgements",
    title_field="person_id",
    fields=(
        Field("policy_id", "Policy", required=True),
        Field("version", "Version read", required=True),
        Field("person_id", "Person", required=True),
        Field("acknowledged_on", "Acknowledged on", "date", required=True),
        Field("status", "Status", "enum", choices=("active", "retired")),
    ),
)


def is_approved(policy: dict) -> bool:
    return bool(str(policy.get("approver") or "").strip()) and policy.get("approved_on") is not None


def next_review(policy: dict) -> date | None:
    """The stated next review, else the approval date plus the review interval."""
    if policy.get("next_review") is not None:
        return policy["next_review"]
    months, approved = policy.get("review_interval_months"), policy.get("approved_on")
    if approved is None or months is None or months != months:
        return None
    return add_months(approved, int(months))


def review_overdue(policy: dict, today: date) -> bool:
    due = next_review(policy)
    return due is not None and due < today


def current_ai_policy(policies: list[dict]) -> dict | None:
    """The live approved AI policy approved last (None when there is none)."""
    approved = [
        p
        for p in policies
        if p.get("status") != "retired" and p.get("kind") == AI_POLICY and is_approved(p)
    ]
    return max(approved, key=lambda p: (p["approved_on"], p["id"]), default=None)


def acknowledgement_status(policy: dict, people: list[dict], acks: list[dict]) -> list[dict]:
    """One row per active person in an AIMS role: whether they read ``policy``'s current
    version, and when."""
    read = {
        a["person_id"]: a["acknowledged_on"]
        for a in sorted(acks, key=lambda a: a["acknowledged_on"])
        if a.get("status") != "retired"
        and a["policy_id"] == policy["id"]
        and str(a["version"]) == str(policy.get("version"))
    }
    rows = []
    for person in people:
        roles = list(person.get("aims_roles") or [])
        if person.get("status") == "retired" or not in_aims_role(roles):
            continue
        rows.append(
            {
                "person_id": person["id"],
                "name": person["name"],
                "unit": person.get("unit"),
                "aims_roles": [r for r in roles if r in AIMS_ROLES and r != ALL_STAFF],
                "acknowledged_on": read.get(person["id"]),
                "acknowledged": person["id"] in read,
            }
        )
    return rows


def acknowledgement_coverage(rows: list[dict], by: str) -> dict[str, tuple[int, int]]:
    """Group -> (people who read the current version, people), per ``role`` or ``unit``."""
    out: dict[str, list[int]] = {}
    for row in rows:
        groups = [row["unit"] or "(no unit)"] if by == "unit" else row["aims_roles"]
        for group in groups:
            counts = out.setdefault(group, [0, 0])
            counts[0] += bool(row["acknowledged"])
            counts[1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


def acknowledgement_late(policy: dict, today: date) -> bool:
    """Whether the grace period for reading the current version has passed."""
    approved = policy.get("approved_on")
    return approved is not None and approved + timedelta(days=ACKNOWLEDGE_WITHIN_DAYS) < today


def is_person(actor_name: str, person: dict) -> bool:
    """Whether a signed-in name is this person (their name or e-mail address): one may only
    acknowledge a policy for oneself."""
    key = actor_name.strip().casefold()
    return bool(key) and key in {
        str(person.get(k) or "").strip().casefold() for k in ("name", "email")
    }
