from datetime import date

import pytest

from risk_model.risk_assessment import (
    RiskStatus,
    TreatmentOption,
    TreatmentStatus,
    acceptance_state,
    check_assessment,
    effective_status,
    treatment_overdue,
)
from risk_model.risk_matrix import DEFAULT_MATRIX

MEDIUM = 2  # appetite: Medium is tolerable, High and Very high are not


def check(inherent, residual, treatment=None, controls=(), appetite=MEDIUM):
    return check_assessment(DEFAULT_MATRIX, inherent, residual, treatment, list(controls), appetite)


def test_vocabulary():
    assert [o.value for o in TreatmentOption] == ["mitigate", "accept", "transfer", "avoid"]
    assert [s.value for s in TreatmentStatus] == ["planned", "in_progress", "done"]


def test_mitigated_risk_within_appetite_is_clean():
    result = check((4, 5), (2, 3), "mitigate", ["A.6.2.4"])
    assert result.ok and result.errors == [] and result.flags == []
    assert result.inherent_level.name == "Very high"  # 4 x 5 = 20
    assert result.residual_level.name == "Low"  # 2 x 3 = 6


def test_residual_worse_than_inherent_is_rejected_naming_both_levels():
    result = check((4, 4), (5, 5), "mitigate", ["A.6.2.4"])
    assert not result.ok
    level_errors = [e for e in result.errors if "worse than inherent" in e]
    assert len(level_errors) == 1
    assert "Very high" in level_errors[0] and "(High)" in level_errors[0]
    assert any("likelihood (Almost certain)" in e and "(Likely)" in e for e in result.errors)
    assert any("severity (Catastrophic)" in e and "(Major)" in e for e in result.errors)


def test_residual_higher_on_one_axis_is_rejected_even_at_a_lower_level():
    # inherent 2 x 5 = 10 (Medium); residual 3 x 3 = 9 (Medium): same level, likelihood up.
    result = check((2, 5), (3, 3), "mitigate", ["A.7.4"])
    assert len(result.errors) == 1
    assert (
        "Residual likelihood (Possible) is higher than inherent likelihood (Unlikely)"
        in (result.errors[0])
    )


def test_lowered_residual_without_treatment_or_control_is_flagged():
    result = check((3, 3), (2, 2))
    assert result.ok
    assert any("lowered from Medium to Low" in f for f in result.flags)
    assert check((3, 3), (2, 2), controls=["A.6.2.6"]).flags == []
    assert check((3, 3), (2, 2), "transfer").flags == []


def test_unchanged_residual_without_treatment_is_not_flagged_as_lowered():
    assert check((2, 2), (2, 2)).flags == []


def test_above_appetite_without_treatment_is_flagged():
    result = check((5, 5), None)
    assert result.ok and result.residual_level is None
    assert result.flags == [
        "Risk is Very high, above the appetite (Medium), and no treatment has been decided."
    ]
    assert check((3, 3), None).flags == []  # Medium is within appetite


def test_residual_decides_the_appetite_check():
    # inherent 5 x 4 = 20 Very high, residual 4 x 4 = 16 High: still above Medium.
    result = check((5, 4), (4, 4), "mitigate", ["A.6.2.4"])
    assert result.flags == []
    assert any("above the appetite" in f for f in check((5, 4), (4, 4), controls=["x"]).flags)
    assert check((5, 4), (4, 4), "mitigate", ["x"], appetite=3).flags == []


def test_acceptance_above_appetite_is_flagged():
    result = check((4, 4), (4, 4), "accept")
    assert any("accepted at High" in f for f in result.flags)
    assert check((2, 2), (2, 2), "accept").flags == []


def test_mitigation_without_control_and_treatment_without_residual_are_flagged():
    flags = check((3, 3), None, "mitigate").flags
    assert "Mitigation chosen but no control is linked to the risk." in flags
    assert "A treatment is chosen but the residual risk has not been assessed." in flags


def test_bad_input_is_reported_as_errors():
    result = check((6, 1), (0, 1), "ignore")
    assert not result.ok
    assert len(result.errors) == 3
    assert any(e.startswith("inherent Likelihood") for e in result.errors)
    assert any(e.startswith("residual Likelihood") for e in result.errors)
    assert any("unknown treatment 'ignore'" in e for e in result.errors)
    with pytest.raises(ValueError):
        check((1, 1), None, appetite=5)


def test_treatment_overdue():
    due = date(2025, 3, 31)
    assert treatment_overdue(due, "planned", date(2025, 4, 1))
    assert treatment_overdue(due, "in_progress", date(2025, 6, 1))
    assert not treatment_overdue(due, "in_progress", date(2025, 3, 31))
    assert not treatment_overdue(due, "done", date(2025, 6, 1))
    assert not treatment_overdue(None, "planned", date(2025, 6, 1))


def test_acceptance_state():
    accepted, expires = date(2025, 1, 10), date(2025, 7, 10)
    assert acceptance_state("CRO", accepted, expires, date(2025, 7, 9)) == "valid"
    assert acceptance_state("CRO", accepted, expires, date(2025, 7, 10)) == "expired"
    assert acceptance_state("CRO", accepted, None, date(2030, 1, 1)) == "valid"
    assert acceptance_state(None, accepted, expires, date(2025, 2, 1)) == "none"
    assert acceptance_state("  ", accepted, expires, date(2025, 2, 1)) == "none"
    assert acceptance_state("CRO", None, expires, date(2025, 2, 1)) == "none"
    assert acceptance_state("CRO", accepted, expires, date(2025, 1, 9)) == "none"


def test_expired_acceptance_reopens_the_risk():
    accepted, expires = date(2025, 1, 10), date(2025, 7, 10)
    assert effective_status("accepted", "CRO", accepted, expires, date(2025, 3, 1)) == "accepted"
    assert effective_status("accepted", "CRO", accepted, expires, date(2025, 8, 1)) == "open"
    assert effective_status("accepted", None, None, None, date(2025, 8, 1)) is RiskStatus.OPEN
    assert effective_status("closed", "CRO", accepted, expires, date(2025, 8, 1)) == "closed"
    assert effective_status("in_treatment", None, None, None, date(2025, 8, 1)) == "in_treatment"
    with pytest.raises(ValueError):
        effective_status("archived", None, None, None, date(2025, 8, 1))
