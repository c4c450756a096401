"""Certification cycle: dates derived from the certificate date, the next event, countdowns."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from risk_model.access import LOCAL_USER, Actor
from risk_model.certification import (
    CertificationCycle,
    add_months,
    certificate_status,
    cycle_events,
    recertification_warning,
)
from store import audit_trail, certification


@pytest.mark.parametrize(
    "day", [date(2026, 1, 31), date(2024, 2, 29), date(2026, 7, 15), date(2025, 12, 31)]
)
@pytest.mark.parametrize("months", [1, 12, 13, 24, 36, -36])
def test_add_months_agrees_with_relativedelta(day, months):
    assert add_months(day, months) == day + relativedelta(months=months)


def test_surveillance_and_recertification_follow_the_certificate():
    issued = date(2026, 2, 27)
    cycle = CertificationCycle(
        stage1_date=date(2025, 11, 10),
        stage2_date=date(2026, 1, 20),
        certificate_date=issued,
        target_date=date(2026, 6, 1),
    )
    events = {e.name: e for e in cycle_events(cycle)}
    assert events["Surveillance audit 1"].day == issued + relativedelta(years=1)
    assert events["Surveillance audit 2"].day == issued + relativedelta(years=2)
    assert events["Recertification audit"].day == issued + relativedelta(years=3, months=-3)
    assert events["Certificate expires"].day == issued + relativedelta(years=3)
    assert not any(e.projected for e in events.values())  # the target date is not used
    days = [e.day for e in cycle_events(cycle)]
    assert days == sorted(days)


def test_before_the_certificate_events_are_projected_from_the_target():
    cycle = CertificationCycle(stage2_date=date(2026, 5, 4), target_date=date(2026, 6, 15))
    events = {e.name: e for e in cycle_events(cycle)}
    assert events["Certificate issued"].projected
    assert events["Recertification audit"].day == date(2029, 3, 15)
    assert not events["Stage 2 audit"].projected


def test_next_event_and_countdown(db):
    stage1, stage2, issued = date(2026, 3, 2), date(2026, 4, 20), date(2026, 5, 29)
    certification.save_cycle(
        db,
        {
            "certification_body": "TÜV SÜD",
            "stage1_date": stage1,
            "stage2_date": stage2,
            "target_date": date(2026, 6, 30),
        },
        LOCAL_USER,
    )
    today = date(2026, 3, 25)
    assert certification.next_certification_event(db, today) == (
        "Stage 2 audit",
        stage2,
        (stage2 - today).days,
    )
    after = stage2 + timedelta(days=1)
    name, day, left = certification.next_certification_event(db, after)
    assert (name, day, left) == ("Certificate issued (planned)", date(2026, 6, 30), 70)
    certification.save_cycle(db, {"certificate_date": issued}, LOCAL_USER)
    name, day, left = certification.next_certification_event(db, after)
    assert (name, day) == ("Certificate issued", issued)
    later = issued + timedelta(days=10)
    name, day, left = certification.next_certification_event(db, later)
    assert (name, day) == ("Surveillance audit 1", issued + relativedelta(years=1))
    assert left == (issued + relativedelta(years=1) - later).days
    assert certification.next_certification_event(db, issued + relativedelta(years=4)) is None


def test_cycle_changes_are_validated_and_audited(db):
    with pytest.raises(ValueError, match="Stage 2 cannot come before Stage 1"):
        certification.save_cycle(
            db, {"stage1_date": date(2026, 5, 1), "stage2_date": date(2026, 4, 1)}, LOCAL_USER
        )
    changes = certification.save_cycle(db, {"certification_body": "BSI"}, LOCAL_USER)
    assert changes == {"certification_body": (None, "BSI")}
    assert certification.save_cycle(db, {"certification_body": "BSI"}, LOCAL_USER) == {}
    with db.connect() as connection:
        trail = audit_trail.history(connection, "certification_cycle", "1")
    assert [(r["field"], r["new_value"]) for r in trail] == [("certification_body", "BSI")]
    viewer = Actor("Visitor", ("viewer",))
    with pytest.raises(PermissionError):
        certification.save_cycle(db, {"certification_body": "Other"}, viewer)


def test_demo_stage2_is_weeks_away_and_stage1_done(demo_db):
    today = date.today()
    cycle = certification.get_cycle(demo_db)
    assert 21 <= (cycle.stage2_date - today).days <= 35
    assert 45 <= (today - cycle.stage1_date).days <= 75
    assert cycle.certificate_date is None and cycle.certification_body
    name, day, left = certification.next_certification_event(demo_db, today)
    assert (name, day, left) == (
        "Stage 2 audit",
        cycle.stage2_date,
        (cycle.stage2_date - today).days,
    )


def test_recertification_is_planned_before_expiry_with_a_lead_time():
    issued = date(2026, 2, 27)
    expiry = issued + relativedelta(years=3)
    events = {e.name: e for e in cycle_events(CertificationCycle(certificate_date=issued))}
    assert events["Recertification audit"].day == expiry - relativedelta(months=3)
    assert events["Certificate expires"].day == expiry
    later = {
        e.name: e.day
        for e in cycle_events(
            CertificationCycle(certificate_date=issued, recertification_lead_months=5)
        )
    }
    assert later["Recertification audit"] == expiry - relativedelta(months=5)
    # on the planned audit day the certificate is still valid
    audit_day = events["Recertification audit"].day
    assert certificate_status(CertificationCycle(certificate_date=issued), audit_day) == "certified"


def test_a_decision_on_or_after_expiry_is_warned(db):
    issued = date(2026, 2, 27)
    expiry = issued + relativedelta(years=3)
    certification.save_cycle(db, {"certificate_date": issued}, LOCAL_USER)
    assert recertification_warning(certification.get_cycle(db)) is None
    certification.save_cycle(db, {"recertification_decision_date": expiry}, LOCAL_USER)
    cycle = certification.get_cycle(db)
    assert cycle.recertification_lead_months == 3
    assert "not before the certificate expires (2029-02-27)" in recertification_warning(cycle)
    certification.save_cycle(
        db, {"recertification_decision_date": expiry - timedelta(days=1)}, LOCAL_USER
    )
    assert recertification_warning(certification.get_cycle(db)) is None
    with pytest.raises(ValueError, match="recertification lead time"):
        certification.save_cycle(db, {"recertification_lead_months": 30}, LOCAL_USER)
