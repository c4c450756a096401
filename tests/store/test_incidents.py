"""The EU AI Act Art. 73 reporting clock and the incident log in the store."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from risk_model.access import SYSTEM
from risk_model.incidents import reporting_clock
from store import incidents, inventory

AWARE = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("consequences", "days"),
    [
        (["serious_harm_to_health"], 15),  # Art. 73(2)
        (["fundamental_rights"], 15),
        (["property_or_environment"], 15),
        (["death"], 10),  # Art. 73(4)
        (["critical_infrastructure"], 2),  # Art. 73(3) with Art. 3(49)(b)
        (["widespread_infringement"], 2),  # Art. 73(3)
        (["death", "critical_infrastructure"], 2),  # the shortest deadline governs
        (["death", "serious_harm_to_health"], 10),
        ([], 15),
    ],
)
def test_art73_deadline(consequences, days):
    clock = reporting_clock(AWARE, consequences)
    assert clock.days_allowed == days
    assert clock.deadline == date.fromordinal(AWARE.toordinal() + days)
    assert clock.days_left(AWARE) == days
    assert not clock.overdue(clock.deadline)
    assert clock.overdue(clock.deadline + timedelta(days=1))
    assert not clock.overdue(clock.deadline + timedelta(days=1), reported_on=AWARE)


def test_unknown_consequence_is_rejected():
    with pytest.raises(ValueError, match="unknown"):
        reporting_clock(AWARE, ["embarrassment"])


def test_serious_incident_shows_its_clock(db):
    system = inventory.add_system(db, {"name": "Triage"}, SYSTEM)
    today = date.today()
    incident = incidents.add_incident(
        db,
        {
            "title": "Missed referral",
            "system_id": system,
            "incident_type": "safety",
            "severity": "critical",
            "detected_on": today - timedelta(days=3),
            "serious": True,
            "serious_consequences": ["death"],
        },
        SYSTEM,
    )
    incidents.add_incident(
        db,
        {
            "title": "Minor glitch",
            "system_id": system,
            "incident_type": "other",
            "detected_on": today,
        },
        SYSTEM,
    )
    log = incidents.list_incidents(db, today).set_index("id")
    assert log.loc[incident, "report_deadline"] == today - timedelta(days=3) + timedelta(days=10)
    assert log.loc[incident, "art73_clock"].startswith("7 d left")
    assert "Art. 73(4)" in log.loc[incident, "art73_clock"]
    assert (log["art73_clock"] == "").sum() == 1  # the non-serious one has no clock
    incidents.update_incident(db, incident, {"reported_on": today}, SYSTEM)
    log = incidents.list_incidents(db, today + timedelta(days=30)).set_index("id")
    assert log.loc[incident, "art73_clock"].startswith(f"reported {today:%Y-%m-%d}")
    assert set(incidents.history(db, incident)["field"]) >= {"reported_on", "title"}


def test_a_recorded_death_starts_the_clock_without_the_serious_tick(db):
    system = inventory.add_system(db, {"name": "Triage"}, SYSTEM)
    today = date.today()
    detected = today - timedelta(days=6)
    incident = incidents.add_incident(
        db,
        {
            "title": "Missed referral",
            "system_id": system,
            "incident_type": "safety",
            "detected_on": detected,
            "serious": False,
            "serious_consequences": ["death"],
        },
        SYSTEM,
    )
    log = incidents.list_incidents(db, today).set_index("id")
    assert bool(log.loc[incident, "serious"])
    assert log.loc[incident, "report_deadline"] == detected + timedelta(days=10)
    assert log.loc[incident, "art73_clock"].startswith("4 d left")


def test_the_deadline_runs_from_the_causal_link(db):
    system = inventory.add_system(db, {"name": "Triage"}, SYSTEM)
    today = date.today()
    detected, linked = today - timedelta(days=20), today - timedelta(days=5)
    incident = incidents.add_incident(
        db,
        {
            "title": "Wrong dosage",
            "system_id": system,
            "incident_type": "safety",
            "detected_on": detected,
            "serious": True,
            "serious_consequences": ["serious_harm_to_health"],
            "causal_link_on": linked,
        },
        SYSTEM,
    )
    log = incidents.list_incidents(db, today).set_index("id")
    assert log.loc[incident, "report_deadline"] == linked + timedelta(days=15)
    assert log.loc[incident, "art73_clock"].startswith("10 d left")
    with pytest.raises(incidents.InvalidField, match="causal link"):
        incidents.update_incident(
            db, incident, {"causal_link_on": detected - timedelta(days=1)}, SYSTEM
        )
