"""Readiness assessment: scores, gaps -> remediation actions, and the roadmap fit check."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta

import pandas as pd
import pytest

from risk_model import readiness as rules
from risk_model.access import LOCAL_USER
from store import certification, readiness
from tests.conftest import REFERENCE

TODAY = date(2026, 3, 2)


def reference_items() -> pd.DataFrame:
    """Clauses 4-10 without their headings, and the Annex A controls, from the reference TSVs."""
    folder = REFERENCE
    with (folder / "iso42001_clauses.tsv").open(encoding="utf-8") as handle:
        clause_ids = [row["id"] for row in csv.DictReader(handle, delimiter="\t")]
    headings = {c.rpartition(".")[0] for c in clause_ids if "." in c}
    rows = [(c, "clause", c.split(".")[0]) for c in clause_ids if c not in headings]
    with (folder / "iso42001_annex_a.tsv").open(encoding="utf-8") as handle:
        rows += [
            (r["id"], "control", r["domain"].split()[0])
            for r in csv.DictReader(handle, delimiter="\t")
        ]
    return pd.DataFrame(rows, columns=["item_id", "kind", "group"])


def test_items_are_every_clause_and_control():
    reference = reference_items()
    items = rules.assessment_items()
    assert [(i.item_id, i.kind, i.group) for i in items] == list(reference.itertuples(index=False))
    assert sum(i.kind == "control" for i in items) == 38


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_scores_equal_an_independent_mean(seed):
    rng = random.Random(seed)
    reference = reference_items()
    reference["maturity"] = [rng.choice([None, 0, 1, 2, 3, 4, 5]) for _ in range(len(reference))]
    ratings = dict(zip(reference["item_id"], reference["maturity"], strict=True))
    for kind in ("clause", "control"):
        expected = (
            reference[reference["kind"] == kind]
            .dropna(subset=["maturity"])
            .groupby("group")["maturity"]
            .mean()
            / 5
        )
        got = {s.group: s.readiness for s in rules.readiness_scores(ratings, kind)}
        for group, value in got.items():
            if group in expected:
                assert value == pytest.approx(expected[group])
            else:
                assert value is None
    assessed = reference["maturity"].dropna()
    assert rules.overall_readiness(ratings) == pytest.approx(assessed.mean() / 5)


def test_store_summary_matches_saved_ratings(db):
    rows = [{"item_id": "4.1", "maturity": 1}, {"item_id": "4.2", "maturity": 4}]
    rows += [{"item_id": "A.7.4", "maturity": 2, "evidence_ids": "EV-0001; EV-0009"}]
    assert readiness.save_ratings(db, rows, LOCAL_USER, TODAY) == 3
    assert readiness.save_ratings(db, rows, LOCAL_USER, TODAY) == 0  # nothing changed
    summary = readiness.summary(db)
    assert summary.overall == pytest.approx((1 + 4 + 2) / 3 / 5)
    assert (summary.assessed, summary.items) == (3, 70)
    clause4 = summary.by_clause.set_index("group").loc["4"]
    assert clause4["readiness"] == pytest.approx(2.5 / 5) and clause4["assessed"] == 2
    frame = readiness.assessment(db).set_index("item_id")
    assert frame.loc["A.7.4", "evidence_ids"] == ["EV-0001", "EV-0009"]
    assert frame.loc["A.7.4", "assessed_by"] == LOCAL_USER.name
    with pytest.raises(ValueError, match="from 0 to 5"):
        readiness.save_ratings(db, [{"item_id": "5.1", "maturity": 6}], LOCAL_USER, TODAY)
    with pytest.raises(ValueError, match="not an ISO/IEC 42001"):
        readiness.save_ratings(db, [{"item_id": "A.1.1", "maturity": 2}], LOCAL_USER, TODAY)


def test_gaps_become_actions_once(db):
    rows = [
        {"item_id": "6.3", "maturity": 0},
        {"item_id": "7.2", "maturity": 2},
        {"item_id": "A.6.2.6", "maturity": 3, "target": 4},
        {"item_id": "5.2", "maturity": 3},
    ]
    readiness.save_ratings(db, rows, LOCAL_USER, TODAY)
    gaps = {g.item_id: g.priority for g in readiness.summary(db).gaps}
    assert gaps == {"6.3": "high", "7.2": "medium", "A.6.2.6": "low"}
    created = readiness.create_actions_for_gaps(db, "Sofia Marin", LOCAL_USER, TODAY)
    assert len(created) == 3
    actions = readiness.list_actions(db, TODAY).set_index("item_id")
    assert set(actions["owner"]) == {"Sofia Marin"}
    assert actions.loc["6.3", "due_date"] == TODAY + timedelta(days=90)
    assert actions.loc["A.6.2.6", "priority"] == "low"
    assert set(actions["status"]) == {"planned"}
    assert readiness.create_actions_for_gaps(db, "Sofia Marin", LOCAL_USER, TODAY) == []
    with pytest.raises(ValueError, match="owner"):
        readiness.create_actions_for_gaps(db, " ", LOCAL_USER, TODAY)


def test_roadmap_fit_warning_fires_and_clears(db):
    target = TODAY + timedelta(days=200)
    certification.save_cycle(
        db,
        {"target_date": target, "readiness_start": TODAY + timedelta(days=30)},  # 5.6 months
        LOCAL_USER,
    )
    action = readiness.add_action(
        db,
        {
            "title": "Write the AI policy",
            "owner": "Dr. Hannah Weiss",
            "item_id": "5.2",
            "start_date": TODAY,
            "due_date": target - timedelta(weeks=4),
        },
        LOCAL_USER,
    )
    fit = readiness.roadmap_fit(db, TODAY)
    assert not fit.fits
    assert fit.cutoff == target - timedelta(weeks=8)
    assert fit.beyond_cutoff == (action,)
    assert any("the guide advises 6-9 months" in w for w in fit.warnings)
    readiness.update_action(db, action, {"due_date": fit.cutoff}, LOCAL_USER, TODAY)
    certification.save_cycle(db, {"readiness_start": target - timedelta(days=300)}, LOCAL_USER)
    assert readiness.roadmap_fit(db, TODAY).fits
    # late: a day after the deadline, until the action is done
    later = fit.cutoff + timedelta(days=1)
    late = readiness.roadmap_fit(db, later)
    assert late.late_actions == (action,) and not late.fits
    readiness.update_action(db, action, {"status": "done"}, LOCAL_USER, later)
    assert readiness.roadmap_fit(db, later).fits
    done = readiness.list_actions(db, later).set_index("id").loc[action]
    assert done["completed_on"] == later and not done["late"]


def test_too_short_a_lead_time_warns():
    start, target = date(2026, 1, 1), date(2026, 5, 1)
    fit = rules.roadmap_fit([], target, start, start)
    assert any("advises 6-9 months" in w for w in fit.warnings)
    assert rules.roadmap_fit([], target, date(2025, 8, 1), start).fits


def test_demo_roadmap_has_a_late_action_and_actions_past_the_cutoff(demo_db):
    today = date.today()
    fit = readiness.roadmap_fit(demo_db, today)
    actions = readiness.list_actions(demo_db, today).set_index("id")
    open_ = actions[actions["status"].isin(["planned", "in progress"])]
    assert set(fit.late_actions) == set(open_[open_["due_date"] < today].index) != set()
    assert set(fit.beyond_cutoff) == set(open_[open_["due_date"] > fit.cutoff].index) != set()
    assert (actions["status"] == "done").sum() >= 4
    summary = readiness.summary(demo_db)
    assert 0 < summary.assessed < summary.items


def test_readiness_chart_shows_each_group_score(db):
    from charts.readiness import readiness_bars

    readiness.save_ratings(
        db,
        [{"item_id": "A.2.2", "maturity": 4}, {"item_id": "A.2.3", "maturity": 1}],
        LOCAL_USER,
        TODAY,
    )
    figure = readiness_bars(readiness.summary(db).by_domain, 0.6, "Per Annex A domain")
    bars = dict(zip(figure.data[0].y, figure.data[0].x, strict=True))
    assert bars["A.2 Policies related to AI"] == round((4 + 1) / 2 / 5 * 100)
    assert bars["A.10 Third-party and customer relationships"] == 0
    assert "not assessed" in figure.data[0].text[-1]
