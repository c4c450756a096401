"""The documented AIMS as management review inputs (ISO/IEC 42001 9.3.2): how far the AI
objectives are met, whether people in AIMS roles read the AI policy, and policies and
procedures due for review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from risk_model import policies as policy_rules
from store import objectives, policies, responsibilities
from store.connection import Store


@dataclass(frozen=True)
class GovernanceInputs:
    objectives: pd.DataFrame
    """Each live objective: name, measure, latest value, target, due date, behind, missed."""
    ai_policy_version: str | None
    ai_policy_read: float | None
    """Share of the people in AIMS roles who read the current AI policy."""
    policies_due: pd.DataFrame
    """Policies past their review date: id, name, next_review."""
    documents_uncontrolled: pd.DataFrame
    """Procedures and plans without an approver or past their review: id, name, control_gaps."""

    def figures(self) -> dict[str, object]:
        behind = sum(bool(b) for b in self.objectives["behind"]) if len(self.objectives) else 0
        return {
            "objectives": len(self.objectives),
            "objectives_behind": behind,
            "ai_policy_read": self.ai_policy_read,
            "policies_due": len(self.policies_due),
            "documents_uncontrolled": len(self.documents_uncontrolled),
        }


def governance_inputs(db: Store, today: date) -> GovernanceInputs:
    with db.connect():
        listed = objectives.list_objectives(db, today)
        acks = policies.acknowledgement_overview(db)
        all_policies = policies.list_policies(db)
        documents = responsibilities.list_documents(db, today)
    due = [policy_rules.review_overdue(p, today) for p in all_policies.to_dict("records")]
    columns = ["id", "name", "measure", "latest_value", "target", "due_date", "behind", "missed"]
    return GovernanceInputs(
        objectives=listed[columns].reset_index(drop=True),
        ai_policy_version=acks.policy.get("version") if acks.policy else None,
        ai_policy_read=acks.share,
        policies_due=all_policies.loc[due, ["id", "name", "next_review"]].reset_index(drop=True),
        documents_uncontrolled=documents.loc[
            documents["control_gaps"] != "", ["id", "name", "control_gaps"]
        ].reset_index(drop=True),
    )
