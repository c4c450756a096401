"""AI systems for tests, at a given EU AI Act tier: the tier comes only from the classification
(``store.records.CLASSIFIER_FIELDS``), so a test system is classified the way a user would."""

from __future__ import annotations

from risk_model.access import SYSTEM
from risk_model.eu_ai_act import ClassificationAnswers
from store import classification, inventory
from store.connection import Store

ANSWERS = {
    "high": ClassificationAnswers(annex_iii_points=frozenset({"5(b)"}), profiling=True),
    "limited": ClassificationAnswers(transparency_50=frozenset({"50(1)"})),
    "minimal": ClassificationAnswers(),
    "prohibited": ClassificationAnswers(prohibited=frozenset({"5(1)(c)"})),
}


def add_system(db: Store, values: dict) -> str:
    """``inventory.add_system`` that classifies the system when ``values`` name a tier."""
    tier = values.get("eu_ai_act_tier")
    rest = {k: v for k, v in values.items() if k not in ("eu_ai_act_tier", "eu_ai_act_basis")}
    system_id = inventory.add_system(db, rest, SYSTEM)
    if tier not in (None, "unclassified"):
        classification.save_classification(db, system_id, ANSWERS[tier], SYSTEM)
    return system_id
