"""The EU AI Act classifications the enterprise generator hands out, weighted by repetition.

Each is computed by the real classifier from questionnaire answers, so the generated tiers,
bases and labels read exactly as the classification page would write them.
"""

from __future__ import annotations

import json

import pandas as pd

from risk_model.eu_ai_act import ClassificationAnswers, classify

WEIGHTED_ANSWERS: list[tuple[int, dict | None]] = [
    (3, {"annex_iii_points": ["5(b)"], "profiling": True}),
    (1, {"annex_iii_points": ["4(a)"], "profiling": True}),
    (1, {"annex_iii_points": ["5(c)"], "profiling": True}),
    (3, {"transparency_50": ["50(1)"]}),
    (1, {"transparency_50": ["50(2)"]}),
    (8, {"profiling": True}),
    (1, None),
]
"""(weight out of 18, answers); ``None`` leaves the system unclassified (the backlog)."""


def classification_classes() -> pd.DataFrame:
    """One row per weight unit: k, answers (JSON), tier, basis, label, rationale, notes."""
    from store.classification import basis_text

    rows = []
    for weight, answers in WEIGHTED_ANSWERS:
        if answers is None:
            row = (None, "unclassified", None, None, None, None)
        else:
            parsed = ClassificationAnswers.from_dict(answers)
            result = classify(parsed)
            row = (
                json.dumps(parsed.to_dict()),
                result.tier,
                basis_text(result),
                result.label,
                result.rationale,
                " ".join(result.notes) or None,
            )
        rows += [row] * weight
    frame = pd.DataFrame(rows, columns=["answers", "tier", "basis", "label", "rationale", "notes"])
    bases = frame.dropna(subset=["basis"]).drop_duplicates(["answers"])["basis"]
    assert bases.is_unique, "each answer set must have its own basis"
    return frame.reset_index().rename(columns={"index": "k"})
