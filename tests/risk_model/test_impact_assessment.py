from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from risk_model.eu_ai_act import EU_AI_ACT_TIERS
from risk_model.impact_assessment import (
    AFFECTED_PARTIES,
    IMPACT_DIMENSIONS,
    add_months,
    impact_assessment_required,
    impact_assessment_status,
)


def test_dimensions_and_affected_parties():
    assert [d.label for d in IMPACT_DIMENSIONS] == [
        "Fairness and discrimination",
        "Privacy",
        "Safety",
        "Human rights",
        "Environment",
    ]
    assert [p.key for p in AFFECTED_PARTIES] == ["individuals", "groups", "society"]
    assert {p.control for p in AFFECTED_PARTIES} == {"A.5.4", "A.5.5"}


@pytest.mark.parametrize("tier", EU_AI_ACT_TIERS)
def test_required_for_high_risk_or_decisions_about_people(tier):
    assert impact_assessment_required(tier, True) is True
    assert impact_assessment_required(tier, False) is (tier in ("high", "prohibited"))


def test_unknown_tier_is_rejected():
    with pytest.raises(ValueError):
        impact_assessment_required("unacceptable", False)


ASSESSED = date(2024, 3, 15)
DUE = date(2024, 12, 31)


def status(today, assessed=ASSESSED, due=DUE, changed=None, required=True, **kw):
    return impact_assessment_status(required, assessed, due, changed, today, **kw)


def test_not_required_and_missing():
    assert status(date(2024, 4, 1), required=False) == "not required"
    assert status(date(2024, 4, 1), assessed=None, required=False) == "not required"
    assert status(date(2024, 4, 1), assessed=None) == "missing"


def test_review_date():
    assert status(date(2024, 12, 31)) == "current"
    assert status(date(2025, 1, 1)) == "outdated"


def test_max_age_without_a_review_date():
    limit = ASSESSED + relativedelta(months=12)
    assert status(limit, due=None) == "current"
    assert status(limit + timedelta(days=1), due=None) == "outdated"
    six = ASSESSED + relativedelta(months=6)
    assert status(six, due=None, max_age_months=6) == "current"
    assert status(six + timedelta(days=1), due=None, max_age_months=6) == "outdated"


def test_system_change_after_the_assessment():
    assert status(date(2024, 6, 1), changed=date(2024, 5, 1)) == "outdated"
    assert status(date(2024, 6, 1), changed=ASSESSED) == "current"
    assert status(date(2024, 6, 1), changed=date(2024, 1, 1)) == "current"


@pytest.mark.parametrize(
    "start", [date(2024, 1, 31), date(2024, 2, 29), date(2023, 12, 31), date(2024, 8, 31)]
)
@pytest.mark.parametrize("months", [1, 6, 12, 13, 24])
def test_add_months_agrees_with_dateutil(start, months):
    assert add_months(start, months) == start + relativedelta(months=months)
