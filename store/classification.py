"""EU AI Act classifications of AI systems: the questionnaire answers and their result.

Saving answers appends a row to ``system_classifications`` (earlier rows stay as the
previous classifications) and sets the system's tier and basis through ``records.update``,
so the change of tier is in the audit trail too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from risk_model.access import Actor
from risk_model.eu_ai_act import Classification, ClassificationAnswers, classify
from risk_model.inventory import AI_SYSTEM
from store import audit_trail, inventory, records
from store.connection import Store


def basis_text(result: Classification) -> str:
    """The inventory's "Classification basis": the label without its tier, e.g.
    "Annex III 5(b), creditworthiness", with any other applicable provisions."""
    text = result.label.split(": ", 1)[1] if ": " in result.label else result.label
    kept = ("Art. 50", "Arts. 5", "Art. 6(3)", "Art. 6(4)", "Art. 5(1)(h)", "Annex III")
    others = [b for b in result.basis if b.startswith(kept)]
    others = [b for b in others if b not in text and result.tier != "prohibited"]
    return "; ".join([text, *others]) if others else text


def save_classification(
    db: Store,
    system_id: str,
    answers: ClassificationAnswers,
    actor: Actor,
    at: datetime | None = None,
) -> Classification:
    """Classify from ``answers``, store them, and update the system's tier and basis."""
    result = classify(answers)
    at = at or datetime.now()
    with db.transaction() as connection:
        basis = basis_text(result)
        records.update(
            connection,
            AI_SYSTEM,
            system_id,
            {"eu_ai_act_tier": result.tier, "eu_ai_act_basis": basis},
            actor,
            at,
            by_classifier=True,
        )
        count = connection.execute("SELECT count(*) FROM system_classifications").fetchone()[0]
        row_id = f"CLS-{count + 1:05d}"
        connection.execute(
            "INSERT INTO system_classifications (id, system_id, answers, tier, basis, label,"
            " rationale, notes, classified_at, classified_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                row_id,
                system_id,
                json.dumps(answers.to_dict()),
                result.tier,
                basis,
                result.label,
                result.rationale,
                " ".join(result.notes) or None,
                at,
                actor.name,
            ],
        )
        audit_trail.append(
            connection,
            actor,
            "system_classifications",
            system_id,
            "create",
            {"answers": (None, answers.to_dict()), "tier": (None, result.tier)},
            at,
        )
    return result


def current_answers(db: Store, system_id: str) -> ClassificationAnswers | None:
    """The latest answers for a system, or None if it was never classified here."""
    with db.connect() as connection:
        row = connection.execute(
            "SELECT answers FROM system_classifications WHERE system_id = ?"
            " ORDER BY classified_at DESC, id DESC LIMIT 1",
            [system_id],
        ).fetchone()
    return ClassificationAnswers.from_dict(json.loads(row[0])) if row else None


def classification_history(db: Store, system_id: str) -> pd.DataFrame:
    """Every classification of a system, newest first, with its answers as JSON text."""
    with db.connect() as connection:
        return connection.execute(
            "SELECT classified_at, classified_by, tier, label, rationale, notes, answers"
            " FROM system_classifications WHERE system_id = ?"
            " ORDER BY classified_at DESC, id DESC",
            [system_id],
        ).df()


@dataclass(frozen=True)
class SystemClassification:
    """What the classification screen shows for one system, read in one open of the store."""

    system: dict
    answers: ClassificationAnswers
    """The latest answers, or empty answers while the system was never classified here."""
    history: pd.DataFrame


def system_classification(db: Store, system_id: str) -> SystemClassification:
    """The system's record, its latest answers and every earlier classification."""
    with db.connect():
        return SystemClassification(
            inventory.get_system(db, system_id),
            current_answers(db, system_id) or ClassificationAnswers(),
            classification_history(db, system_id),
        )


def latest_classifications(db: Store) -> pd.DataFrame:
    """The current classification of every system that has one: system_id, tier, label,
    rationale, classified_at."""
    with db.connect() as connection:
        return connection.execute(
            "SELECT system_id, tier, label, rationale, notes, classified_at, classified_by"
            " FROM system_classifications"
            " QUALIFY row_number() OVER (PARTITION BY system_id"
            " ORDER BY classified_at DESC, id DESC) = 1 ORDER BY system_id"
        ).df()
