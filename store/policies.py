"""Policies and their acknowledgements (ISO/IEC 42001 5.2, 7.3, A.2.2-A.2.4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from risk_model import policies as rules
from risk_model.access import AccessDenied, Actor, can, on_behalf_of
from risk_model.policies import ACKNOWLEDGEMENT, POLICY
from risk_model.training import AIMS_ROLES
from store import records, register_reads, training
from store.connection import Store


def list_policies(db: Store, include_retired: bool = False) -> pd.DataFrame:
    frame = register_reads.read(db, POLICY, include_retired)
    frame["next_review"] = [rules.next_review(p) for p in frame.to_dict("records")]
    return frame


def list_acknowledgements(db: Store) -> pd.DataFrame:
    return register_reads.read(db, ACKNOWLEDGEMENT)


def add_policy(db: Store, values: dict, actor: Actor) -> str:
    return records.add_record(db, POLICY, values, actor)


def approve_version(
    db: Store,
    policy_id: str,
    version: str,
    approver: str,
    approved_on: date,
    actor: Actor,
    text: str | None = None,
) -> dict:
    """Top management approves a new version: earlier acknowledgements stop counting, and the
    next review moves to the approval date plus the review interval."""
    if not str(version).strip() or not str(approver).strip():
        raise ValueError("A new version needs a version number and an approver.")
    values = {"version": str(version).strip(), "approver": approver.strip()}
    values["approved_on"] = approved_on

    def next_review(current: dict, values: dict) -> dict:
        interval = current["review_interval_months"]
        due = rules.next_review({"approved_on": approved_on, "review_interval_months": interval})
        return {**values, "next_review": due, **({} if text is None else {"text": text})}

    return records.change(db, POLICY, policy_id, values, actor, check=next_review)


def person_of(db: Store, actor: Actor) -> dict | None:
    """The active person in the training register whom the signed-in actor is."""
    for person in training.list_people(db).to_dict("records"):
        if rules.is_person(actor.name, person):
            return person
    return None


def acknowledge(
    db: Store,
    policy_id: str,
    person_id: str,
    actor: Actor,
    today: date,
    at: datetime | None = None,
) -> str:
    """Record that a person read the policy's current version. A person acknowledges for
    themselves (recorded by the product on their behalf); a compliance manager may record it
    for anyone. Reading the same version twice keeps the first acknowledgement."""
    with db.transaction() as connection:
        policy = records.fetch(connection, POLICY, policy_id)
        person = records.fetch(connection, training.PERSON, person_id)
        if policy is None or policy["status"] == "retired":
            raise ValueError(f"No live policy {policy_id}.")
        if person is None or person["status"] == "retired":
            raise ValueError(f"No active person {person_id}.")
        if not rules.is_approved(policy):
            raise ValueError(f"{policy['name']} has no approved version to acknowledge yet.")
        writer = actor
        if not can(actor, "write", ACKNOWLEDGEMENT.table):
            if not rules.is_person(actor.name, person):
                raise AccessDenied(
                    f"{actor.name} ({actor.role_label}) may only acknowledge a policy for "
                    "themselves."
                )
            writer = on_behalf_of(actor)
        found = connection.execute(
            "SELECT id FROM policy_acknowledgements WHERE policy_id = ? AND person_id = ?"
            " AND version = ? AND status <> 'retired'",
            [policy_id, person_id, policy["version"]],
        ).fetchone()
        if found:
            return found[0]
        values = {
            "policy_id": policy_id,
            "version": policy["version"],
            "person_id": person_id,
            "acknowledged_on": today,
            "status": "active",
        }
        return records.insert(connection, ACKNOWLEDGEMENT, values, writer, at)


@dataclass(frozen=True)
class AcknowledgementOverview:
    """The current AI policy and who in an AIMS role has read its current version."""

    policy: dict | None
    status: pd.DataFrame
    by_role: pd.DataFrame
    by_unit: pd.DataFrame

    @property
    def share(self) -> float | None:
        return float(self.status["acknowledged"].mean()) if len(self.status) else None


def _coverage(rows: list[dict], by: str) -> pd.DataFrame:
    counts = rules.acknowledgement_coverage(rows, by)
    frame = pd.DataFrame(
        [(group, read, total) for group, (read, total) in counts.items()],
        columns=[by, "acknowledged", "people"],
    )
    frame["coverage"] = frame["acknowledged"] / frame["people"]
    if by == "role":
        frame["role"] = frame["role"].map(lambda r: AIMS_ROLES.get(r, r))
    return frame.sort_values([by]).reset_index(drop=True)


def acknowledgement_overview(db: Store) -> AcknowledgementOverview:
    with db.connect():
        policy = rules.current_ai_policy(list_policies(db).to_dict("records"))
        people = training.list_people(db).to_dict("records")
        acks = list_acknowledgements(db).to_dict("records")
    rows = rules.acknowledgement_status(policy, people, acks) if policy else []
    columns = ["person_id", "name", "unit", "aims_roles", "acknowledged_on", "acknowledged"]
    return AcknowledgementOverview(
        policy,
        pd.DataFrame(rows, columns=columns),
        _coverage(rows, "role"),
        _coverage(rows, "unit"),
    )


def checks_records(db: Store, today: date) -> dict:
    """``policies``, ``aims_people`` and ``policy_acknowledgements`` for the pre-audit checks."""
    with db.connect():
        policies = list_policies(db).to_dict("records")
        people = training.list_people(db)
        acks = list_acknowledgements(db).to_dict("records")
    people = people[people["aims_roles"].map(lambda r: any(x != "all_staff" for x in r))]
    return {
        "policies": policies,
        "aims_people": people.to_dict("records"),
        "policy_acknowledgements": acks,
    }
