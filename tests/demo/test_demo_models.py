"""The demo models: real bundled data, dated batches, visible drift, a real fairness breach."""

import time
import warnings
from datetime import date, timedelta

import pytest
from fairlearn.metrics import demographic_parity_difference, demographic_parity_ratio

from demo.models import build_demo_models
from monitors.drift import compute_drift

END = date(2025, 6, 30)


@pytest.fixture(scope="module")
def models():
    start = time.process_time()  # the work done, not the wait on a loaded machine
    built = {m.name: m for m in build_demo_models(END, days=90, seed=0)}
    assert time.process_time() - start < 15
    return built


def test_three_models_with_dated_batches(models):
    assert len(models) >= 3
    for model in models.values():
        dates = [day for day, _ in model.batches]
        assert dates == sorted(dates) and dates[-1] == END
        assert dates[0] >= END - timedelta(days=89)
        assert len(dates) >= 25
        needed = {*model.features, model.target, model.prediction, model.probability}
        for frame in [model.frame_reference] + [b for _, b in model.batches]:
            assert needed <= set(frame.columns) and set(model.sensitive) <= set(frame.columns)
            assert frame[model.prediction].isin([0, 1]).all()


def test_arrests_is_the_real_sklego_data(models):
    from sklego.datasets import load_arrests

    arrests = models["arrests-release"]
    data = load_arrests(as_frame=True)
    assert len(arrests.frame_reference) == (data["year"] <= 1999).sum()
    assert arrests.sensitive == ["colour", "sex"]


def test_abalone_drifts_late_not_early(models):
    model = models["abalone-maturity"]
    verdicts = [
        compute_drift(model.frame_reference, batch, model.features).dataset_drift
        for _, batch in model.batches
    ]
    early, late = verdicts[:30], verdicts[-20:]
    assert not any(early)
    assert all(late)


def test_arrests_fairness_breach_is_real(models):
    model = models["arrests-release"]
    frame = model.frame_reference
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dpd = demographic_parity_difference(
            frame[model.target], frame[model.prediction], sensitive_features=frame["colour"]
        )
        ratio = demographic_parity_ratio(
            frame[model.target], frame[model.prediction], sensitive_features=frame["colour"]
        )
    assert dpd > 0.1
    assert ratio < 0.8


def test_deterministic_for_a_seed(models):
    again = {m.name: m for m in build_demo_models(END, days=90, seed=0)}
    for name, model in models.items():
        assert model.frame_reference.equals(again[name].frame_reference)
        assert model.batches[-1][1].equals(again[name].batches[-1][1])
