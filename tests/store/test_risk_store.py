"""The risk register store: changes, version history, as-of views, matrix changes, acceptance."""

from __future__ import annotations

import json
import math
from datetime import date, datetime, timedelta

import duckdb
import pytest

from risk_model.access import SYSTEM
from risk_model.risk_matrix import DEFAULT_MATRIX, RiskLevel, RiskMatrix, standard_matrix
from risk_model.risk_register import SCORE_FIELDS
from store import inventory, risks

BANDS_5 = (3, 6, 10, 16, 25)
NAMES_5 = ("Very low", "Low", "Medium", "High", "Very high")


def band_5x5(likelihood: int, severity: int) -> str:
    """The documented default banding of l x s, written out independently of the code."""
    product = likelihood * severity
    return NAMES_5[next(i for i, top in enumerate(BANDS_5) if product <= top)]


def replay_audit_trail(path, cutoff: datetime) -> dict[str, dict]:
    """The risks as they stood before ``cutoff``, rebuilt from the audit trail alone."""
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            "SELECT record_id, action, field, new_value FROM audit_trail"
            " WHERE entity = 'risks' AND recorded_at < ? ORDER BY seq",
            [cutoff],
        ).fetchall()
    state: dict[str, dict] = {}
    for record_id, _action, field, new in rows:
        record = state.setdefault(record_id, {"id": record_id})
        if field is None:
            continue
        try:
            record[field] = json.loads(new) if new is not None else None
        except json.JSONDecodeError:
            record[field] = new
    return state


def current_cell(record: dict) -> tuple[int, int]:
    lik, sev = record.get("residual_likelihood"), record.get("residual_severity")
    if lik is None or sev is None:
        return int(record["inherent_likelihood"]), int(record["inherent_severity"])
    return int(lik), int(sev)


@pytest.fixture
def two_systems(db):
    a = inventory.add_system(db, {"name": "Credit scoring", "business_unit": "Lending"}, SYSTEM)
    b = inventory.add_system(db, {"name": "Chatbot", "business_unit": "Service"}, SYSTEM)
    return a, b


def base_risk(system_id: str, **extra) -> dict:
    return {
        "title": "Unfair discrimination",
        "system_ids": [system_id],
        "mit_subdomain": "1.1",
        "inherent_likelihood": 4,
        "inherent_severity": 5,
        "owner": "Priya Raman",
        **extra,
    }


def test_add_update_history_and_levels(db, two_systems):
    a, b = two_systems
    t0 = datetime(2025, 1, 10, 9)
    risk_id = risks.add_risk(db, base_risk(a), SYSTEM, at=t0)
    changes = risks.update_risk(
        db,
        risk_id,
        {
            "residual_likelihood": 2,
            "residual_severity": 4,
            "treatment": "mitigate",
            "control_ids": ["A.7.4"],
            "system_ids": [a, b],
        },
        SYSTEM,
        at=t0 + timedelta(days=30),
    )
    assert set(changes) == {
        "residual_likelihood",
        "residual_severity",
        "treatment",
        "control_ids",
        "system_ids",
    }
    row = risks.list_risks(db, today=date(2025, 3, 1)).iloc[0]
    assert (row["inherent_level"], row["residual_level"]) == (band_5x5(4, 5), band_5x5(2, 4))
    assert row["systems"] == "Credit scoring, Chatbot"
    assert row["business_units"] == ["Lending", "Service"]
    assert not row["above_appetite"]  # Medium is the default appetite
    versions = risks.versions(db, risk_id)
    assert versions["version"].tolist() == [1, 2]
    assert versions["valid_to"].iloc[0] == versions["valid_from"].iloc[1]
    history = risks.history(db, risk_id)
    assert {"create", "update"} <= set(history["action"])


def test_residual_worse_than_inherent_is_rejected(db, two_systems):
    risk_id = risks.add_risk(db, base_risk(two_systems[0]), SYSTEM)
    with pytest.raises(ValueError, match="Residual"):
        risks.update_risk(db, risk_id, {"residual_likelihood": 5, "residual_severity": 5}, SYSTEM)
    with pytest.raises(ValueError, match="No AI system"):
        risks.add_risk(db, base_risk("SYS-9999"), SYSTEM)
    with pytest.raises(ValueError, match="integer from 1 to 5"):
        risks.add_risk(db, base_risk(two_systems[0], inherent_likelihood=6), SYSTEM)
    assert risks.versions(db, risk_id)["version"].tolist() == [1]


def test_residual_lowered_without_treatment_is_flagged(db, two_systems):
    values = base_risk(two_systems[0], residual_likelihood=1, residual_severity=5)
    risks.add_risk(db, values, SYSTEM)
    row = risks.list_risks(db).iloc[0]
    assert row["unjustified_reduction"] and "not justified" in row["flags"]


def test_acceptance_expiry_reopens_the_risk(db, two_systems):
    risk_id = risks.add_risk(db, base_risk(two_systems[0]), SYSTEM)
    risks.accept_risk(db, risk_id, "Chief Risk Officer", date(2025, 1, 1), date(2025, 7, 1), SYSTEM)
    before = risks.list_risks(db, today=date(2025, 6, 30)).iloc[0]
    after = risks.list_risks(db, today=date(2025, 7, 1)).iloc[0]
    assert (before["effective_status"], before["acceptance"]) == ("accepted", "valid")
    assert (after["effective_status"], after["acceptance"], after["reopened"]) == (
        "open",
        "expired",
        True,
    )
    with pytest.raises(ValueError, match="expire after"):
        risks.accept_risk(db, risk_id, "CRO", date(2025, 1, 1), date(2024, 1, 1), SYSTEM)


@pytest.mark.parametrize("days_ago", [0, 30, 75, 120, 160, 200])
def test_as_of_view_equals_a_replay_of_the_audit_trail(demo_db, days_ago):
    day = date.today() - timedelta(days=days_ago)
    shown = risks.list_risks(demo_db, risks.RiskFilter(include_retired=True), as_of=day)
    replayed = replay_audit_trail(demo_db.path, risks.end_of(day))
    assert set(shown["id"]) == set(replayed)
    for row in shown.to_dict("records"):
        expected = replayed[row["id"]]
        assert current_cell(row) == current_cell(expected), row["id"]
        assert row["status"] == expected.get("status", "open")
        assert row["current_level"] == band_5x5(*current_cell(expected))


def test_the_demo_history_shows_an_earlier_riskier_state(demo_db):
    now = risks.list_risks(demo_db)
    then = risks.list_risks(demo_db, as_of=date.today() - timedelta(days=120))
    assert 55 <= len(now) <= 70 and len(then) < len(now)
    share_now = (now["current_level_index"] >= 3).mean()
    share_then = (then["current_level_index"] >= 3).mean()
    assert share_then > share_now


def test_a_changed_matrix_rescores_every_risk(demo_db):
    before = risks.list_risks(demo_db)
    everything_high = RiskMatrix(
        DEFAULT_MATRIX.likelihood,
        DEFAULT_MATRIX.severity,
        (RiskLevel("Tolerable", "#00ff00"), RiskLevel("Intolerable", "#ff0000")),
        tuple(tuple(1 for _ in range(5)) for _ in range(5)),
    )
    risks.save_settings(demo_db, everything_high, 0, SYSTEM)
    after = risks.list_risks(demo_db)
    assert set(after["current_level"]) == {"Intolerable"}
    live = ~after["effective_status"].isin(["closed", "retired"])
    assert after["above_appetite"].sum() == live.sum() > before["above_appetite"].sum()


def test_a_smaller_matrix_moves_the_scores_and_keeps_history(demo_db):
    before = risks.list_risks(demo_db).set_index("id")
    moved = risks.save_settings(demo_db, standard_matrix(4), 1, SYSTEM)
    after = risks.list_risks(demo_db).set_index("id")
    scores = before[list(SCORE_FIELDS)]
    assert moved == int((scores == 5).any(axis=1).sum()) > 0  # 1..4 keep their place, 5 -> 4
    for risk_id, row in after.iterrows():
        old = before.loc[risk_id]
        assert row["inherent_likelihood"] == math.ceil(old["inherent_likelihood"] * 4 / 5)
        product = row["inherent_likelihood"] * row["inherent_severity"]
        expected = "Low" if product <= 2 else "Medium" if product <= 4 else "High"
        assert row["inherent_level"] == (expected if product <= 9 else "Very high")
    past = risks.list_risks(demo_db, as_of=date.today() - timedelta(days=100))
    assert past["inherent_likelihood"].max() <= 4
