"""Demo models trained with scikit-learn on real data that ships inside installed packages.

Nothing is downloaded: ``sklego.datasets.load_arrests`` / ``load_abalone`` / ``load_hearts``
read CSV files bundled with scikit-lego. Each model gets a reference frame (the data it was
validated on) and dated batches of "current" data over the ``days`` before ``end_date``:

- ``arrests-release``: release-with-summons screening (Toronto arrests 1997-2002). Reference is
  1997-1999; batches replay 2000-2002 in order. Its cautious decision threshold (0.7) selects
  Black arrestees far less often: a demographic-parity and four-fifths breach on ``colour``.
- ``abalone-maturity``: grades abalone as mature (>= 10 rings). From the middle of the window
  the catch shifts to larger animals and the scale reads heavier (a calibration drift), so
  the late batches drift.
- ``heart-disease-triage``: flags likely heart disease (Cleveland data), a batch every 3 days;
  stable, used as the control.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from monitors.drift import ColumnType

PREDICTION, PROBABILITY = "prediction", "probability"


@dataclass(frozen=True)
class DemoModel:
    name: str
    system_hint: str
    """What the AI system does, in a sentence (for the inventory)."""
    frame_reference: pd.DataFrame
    """Features, target, prediction and probability on the validation period."""
    batches: list[tuple[date, pd.DataFrame]]
    """Dated batches of current data, same columns as ``frame_reference``, oldest first."""
    target: str
    prediction: str
    probability: str
    features: dict[str, ColumnType]
    sensitive: list[str]


def _classifier(features: dict[str, ColumnType]) -> Pipeline:
    numerical = [c for c, kind in features.items() if kind == "numerical"]
    categorical = [c for c, kind in features.items() if kind == "categorical"]
    encode = ColumnTransformer(
        [
            ("num", StandardScaler(), numerical),
            ("cat", OneHotEncoder(handle_unknown="ignore"), categorical),
        ]
    )
    return make_pipeline(encode, LogisticRegression(max_iter=1000))


def _score(model: Pipeline, frame: pd.DataFrame, features: list[str], cutoff: float):
    scored = frame.reset_index(drop=True).copy()
    scored[PROBABILITY] = model.predict_proba(scored[features])[:, 1]
    scored[PREDICTION] = (scored[PROBABILITY] >= cutoff).astype(int)
    return scored


def _dates(end_date: date, days: int, every: int = 1) -> list[date]:
    """Batch dates, oldest first, ending on ``end_date``."""
    return [end_date - timedelta(days=offset) for offset in reversed(range(0, days, every))]


def arrests_release(end_date: date, days: int, rng: np.random.Generator) -> DemoModel:
    from sklego.datasets import load_arrests

    data = load_arrests(as_frame=True)
    data["released"] = (data["released"] == "Yes").astype(int)
    features: dict[str, ColumnType] = {
        "colour": "categorical",
        "sex": "categorical",
        "age": "numerical",
        "employed": "categorical",
        "citizen": "categorical",
        "checks": "categorical",
    }
    reference = data[data["year"] <= 1999]
    later = data[data["year"] >= 2000].sort_values("year", kind="stable").reset_index(drop=True)
    model = _classifier(features).fit(reference[list(features)], reference["released"])
    cutoff = 0.7
    batches = []
    dates = _dates(end_date, days)
    for i, day in enumerate(dates):
        start = int(i * len(later) / len(dates))  # replay 2000-2002 in order
        window = later.iloc[start : start + max(len(later) // len(dates), 1) * 6]
        batch = window.sample(200, replace=True, random_state=rng.integers(2**31))
        batches.append((day, _score(model, batch, list(features), cutoff)))
    return DemoModel(
        "arrests-release",
        "Recommends release with a summons rather than detention after an arrest.",
        _score(model, reference, list(features), cutoff),
        batches,
        "released",
        PREDICTION,
        PROBABILITY,
        features,
        ["colour", "sex"],
    )


def abalone_maturity(end_date: date, days: int, rng: np.random.Generator) -> DemoModel:
    from sklego.datasets import load_abalone

    data = load_abalone(as_frame=True)
    data["mature"] = (data["rings"] >= 10).astype(int)
    weights = ["whole_weight", "shucked_weight", "viscera_weight", "shell_weight"]
    features: dict[str, ColumnType] = {
        "sex": "categorical",
        "length": "numerical",
        "diameter": "numerical",
        "height": "numerical",
        **{w: "numerical" for w in weights},
    }
    shuffled = data.sample(frac=1.0, random_state=rng.integers(2**31)).reset_index(drop=True)
    reference, pool = shuffled.iloc[:2000], shuffled.iloc[2000:]
    model = _classifier(features).fit(reference[list(features)], reference["mature"])
    dates = _dates(end_date, days)
    size_rank = pool["whole_weight"].rank(pct=True).to_numpy()
    batches = []
    for i, day in enumerate(dates):
        shift = max(0.0, (i - len(dates) / 2) / (len(dates) / 2))  # 0 until mid-window, then 0->1
        odds = np.exp(3.0 * shift * size_rank)  # the catch tilts to larger animals
        picked = rng.choice(len(pool), size=800, replace=True, p=odds / odds.sum())
        batch = pool.iloc[picked].copy()
        batch[weights] = batch[weights] * (1 + 0.15 * shift)  # the scale reads heavier
        batches.append((day, _score(model, batch, list(features), 0.5)))
    return DemoModel(
        "abalone-maturity",
        "Grades harvested abalone as mature (10+ rings) from size and weight measurements.",
        _score(model, reference, list(features), 0.5),
        batches,
        "mature",
        PREDICTION,
        PROBABILITY,
        features,
        [],
    )


def heart_disease_triage(end_date: date, days: int, rng: np.random.Generator) -> DemoModel:
    from sklego.datasets import load_hearts

    data = load_hearts(as_frame=True)
    data["sex"] = data["sex"].map({1: "male", 0: "female"})
    data["age_band"] = pd.cut(data["age"], [0, 45, 60, 120], labels=["<45", "45-59", "60+"])
    data["age_band"] = data["age_band"].astype(str)
    features: dict[str, ColumnType] = {
        "age": "numerical",
        "sex": "categorical",
        "cp": "categorical",
        "trestbps": "numerical",
        "chol": "numerical",
        "thalach": "numerical",
        "exang": "categorical",
        "oldpeak": "numerical",
        "thal": "categorical",
    }
    shuffled = data.sample(frac=1.0, random_state=rng.integers(2**31)).reset_index(drop=True)
    reference, pool = shuffled.iloc[:180], shuffled.iloc[180:]
    model = _classifier(features).fit(reference[list(features)], reference["target"])
    batches = [
        (
            day,
            _score(
                model,
                pool.sample(40, replace=True, random_state=rng.integers(2**31)),
                list(features),
                0.5,
            ),
        )
        for day in _dates(end_date, days, every=3)
    ]
    return DemoModel(
        "heart-disease-triage",
        "Flags outpatients with likely heart disease for an early cardiology appointment.",
        _score(model, reference, list(features), 0.5),
        batches,
        "target",
        PREDICTION,
        PROBABILITY,
        features,
        ["sex", "age_band"],
    )


def build_demo_models(end_date: date, days: int = 90, seed: int = 0) -> list[DemoModel]:
    """The three demo models with batches over the ``days`` up to ``end_date``; deterministic
    for a given seed."""
    rng = np.random.default_rng(seed)
    return [
        arrests_release(end_date, days, rng),
        abalone_maturity(end_date, days, rng),
        heart_disease_triage(end_date, days, rng),
    ]
