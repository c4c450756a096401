"""Impact assessments: records, and which systems lack a current one."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pytest

from risk_model.access import SYSTEM
from store import impact_assessments, inventory


def independent_statuses(path, today: date) -> dict[str, str]:
    """Required = high or prohibited tier, or decisions about people; then the latest
    assessment's dates decide (no material system change happens in the demo)."""
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            "SELECT s.name, s.eu_ai_act_tier, s.makes_decisions_about_people,"
            " max(a.assessed_on), max_by(a.review_due, a.assessed_on)"
            " FROM ai_systems s LEFT JOIN impact_assessments a"
            " ON a.system_id = s.id AND a.status = 'active'"
            " WHERE s.status = 'active' GROUP BY ALL"
        ).fetchall()
    out = {}
    for name, tier, decides, assessed, due in rows:
        if tier not in ("high", "prohibited") and not decides:
            out[name] = "not required"
        elif assessed is None:
            out[name] = "missing"
        elif due < today or assessed < today - timedelta(days=366):
            out[name] = "outdated"
        else:
            out[name] = "current"
    return out


def test_demo_statuses_match_an_independent_count(demo_db):
    today = date.today()
    frame = impact_assessments.system_statuses(demo_db, today)
    shown = dict(zip(frame["name"], frame["assessment_status"], strict=True))
    assert shown == independent_statuses(demo_db.path, today)
    assert shown["WorkPulse employee performance analytics"] == "missing"  # high-risk, on purpose
    assert shown["Call-centre speech and emotion analytics"] == "outdated"
    high = frame[frame["eu_ai_act_tier"] == "high"]
    assert (high["assessment_status"] == "current").sum() >= len(high) - 2


def test_add_then_a_material_change_outdates_it(db):
    system_id = inventory.add_system(
        db, {"name": "Claims triage", "makes_decisions_about_people": True}, SYSTEM
    )
    today = date.today()
    statuses = impact_assessments.system_statuses(db, today)
    assert statuses["assessment_status"].tolist() == ["missing"]
    impact_assessments.add_assessment(
        db,
        {
            "system_id": system_id,
            "title": "AIIA",
            "assessed_on": today - timedelta(days=3),
            "review_due": today + timedelta(days=300),
            "fairness_likelihood": "3",
            "fairness_severity": 4,
            "reviewers": ["DPO"],
        },
        SYSTEM,
    )
    frame = impact_assessments.list_assessments(db)
    assert frame[["fairness_likelihood", "fairness_severity"]].values.tolist() == [[3, 4]]
    assert impact_assessments.system_statuses(db, today)["assessment_status"].tolist() == [
        "current"
    ]
    inventory.update_system(db, system_id, {"data_inputs": ["Claim photos"]}, SYSTEM)
    assert impact_assessments.system_statuses(db, today)["assessment_status"].tolist() == [
        "outdated"
    ]


def test_bad_values_are_refused(db):
    system_id = inventory.add_system(db, {"name": "X"}, SYSTEM)
    with pytest.raises(ValueError, match="from 1 to 5"):
        impact_assessments.add_assessment(
            db, {"system_id": system_id, "title": "A", "privacy_severity": 9}, SYSTEM
        )
    with pytest.raises(ValueError, match="No AI system"):
        impact_assessments.add_assessment(db, {"system_id": "SYS-9", "title": "A"}, SYSTEM)
    with pytest.raises(ValueError, match="before the assessment"):
        impact_assessments.add_assessment(
            db,
            {
                "system_id": system_id,
                "title": "A",
                "assessed_on": date(2025, 5, 1),
                "review_due": date(2025, 1, 1),
            },
            SYSTEM,
        )
