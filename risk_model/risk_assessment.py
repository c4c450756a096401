"""Rules for a risk's assessment, treatment and acceptance (ISO 31000 6.4-6.5, ISO/IEC 42001 6.1).

Inherent risk is scored before treatment, residual risk after it. The checks here return
``errors`` (the assessment must be rejected) and ``flags`` (it may be saved, but a reviewer
should look at it) rather than raising, so a form can show every problem at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Literal

from risk_model.risk_matrix import RiskLevel, RiskMatrix

Score = tuple[int, int]
"""(likelihood, severity), both 1-based."""


class TreatmentOption(StrEnum):
    """Risk treatment options; ISO 31000 6.5.2 words in ``TREATMENT_OPTION_LABELS``."""

    MITIGATE = "mitigate"
    ACCEPT = "accept"
    TRANSFER = "transfer"
    AVOID = "avoid"


TREATMENT_OPTION_LABELS: dict[TreatmentOption, str] = {
    TreatmentOption.MITIGATE: "Mitigate (modify the likelihood or consequences)",
    TreatmentOption.ACCEPT: "Accept (retain the risk by informed decision)",
    TreatmentOption.TRANSFER: "Transfer (share the risk, e.g. contract or insurance)",
    TreatmentOption.AVOID: "Avoid (do not start or continue the activity)",
}


class TreatmentStatus(StrEnum):
    """Progress of a risk treatment plan (ISO 31000 6.5.3)."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"


TREATMENT_STATUS_LABELS: dict[TreatmentStatus, str] = {
    TreatmentStatus.PLANNED: "Planned",
    TreatmentStatus.IN_PROGRESS: "In progress",
    TreatmentStatus.DONE: "Done",
}


class RiskStatus(StrEnum):
    OPEN = "open"
    IN_TREATMENT = "in_treatment"
    ACCEPTED = "accepted"
    CLOSED = "closed"


RISK_STATUS_LABELS: dict[RiskStatus, str] = {
    RiskStatus.OPEN: "Open",
    RiskStatus.IN_TREATMENT: "In treatment",
    RiskStatus.ACCEPTED: "Accepted",
    RiskStatus.CLOSED: "Closed",
}

AcceptanceState = Literal["none", "valid", "expired"]


@dataclass(frozen=True)
class AssessmentCheck:
    errors: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    inherent_level: RiskLevel | None = None
    residual_level: RiskLevel | None = None

    @property
    def ok(self) -> bool:
        """True if there are no errors (flags do not block saving)."""
        return not self.errors


def _score_errors(matrix: RiskMatrix, which: str, score: Score) -> list[str]:
    likelihood, severity = score
    errors = []
    for scale, value in ((matrix.likelihood, likelihood), (matrix.severity, severity)):
        try:
            scale.check(value)
        except ValueError as exc:
            errors.append(f"{which} {exc}")
    return errors


def check_assessment(
    matrix: RiskMatrix,
    inherent: Score,
    residual: Score | None,
    treatment: str | None,
    linked_control_ids: list[str],
    appetite_index: int,
) -> AssessmentCheck:
    """Check an assessment against the matrix, the appetite and the treatment.

    Errors: scores off the scales, an unknown treatment, and a residual risk worse than the
    inherent risk (by level, or on either axis). Flags: a lowered residual with neither a
    treatment nor a linked control; a risk above appetite with no treatment decided; an
    acceptance above appetite; mitigation without a linked control; a treatment decided
    but no residual assessed.
    """
    if not 0 <= appetite_index < len(matrix.levels):
        raise ValueError(f"appetite level {appetite_index} is outside the matrix levels")
    errors = _score_errors(matrix, "inherent", inherent)
    if residual is not None:
        errors += _score_errors(matrix, "residual", residual)
    option: TreatmentOption | None = None
    if treatment:
        try:
            option = TreatmentOption(treatment)
        except ValueError:
            known = ", ".join(o.value for o in TreatmentOption)
            errors.append(f"unknown treatment {treatment!r}; choose one of: {known}")
    if errors:
        return AssessmentCheck(errors=errors)

    inherent_level = matrix.level(*inherent)
    residual_level = matrix.level(*residual) if residual is not None else None
    flags: list[str] = []
    if residual is not None:
        assert residual_level is not None
        if matrix.level_index(*residual) > matrix.level_index(*inherent):
            errors.append(
                f"Residual risk ({residual_level.name}) is worse than inherent risk "
                f"({inherent_level.name}); treatment cannot raise a risk."
            )
        for axis, scale, before, after in (
            ("likelihood", matrix.likelihood, inherent[0], residual[0]),
            ("severity", matrix.severity, inherent[1], residual[1]),
        ):
            if after > before:
                errors.append(
                    f"Residual {axis} ({scale.label(after)}) is higher than inherent {axis} "
                    f"({scale.label(before)})."
                )
        lowered = residual[0] < inherent[0] or residual[1] < inherent[1]
        if lowered and option is None and not linked_control_ids:
            flags.append(
                f"Residual risk lowered from {inherent_level.name} to {residual_level.name} "
                "with no treatment and no linked control: the reduction is not justified."
            )

    current = residual if residual is not None else inherent
    current_level = residual_level or inherent_level
    above = matrix.level_index(*current) > appetite_index
    appetite_name = matrix.levels[appetite_index].name
    if above and option is None:
        flags.append(
            f"Risk is {current_level.name}, above the appetite ({appetite_name}), "
            "and no treatment has been decided."
        )
    if above and option is TreatmentOption.ACCEPT:
        flags.append(
            f"Risk accepted at {current_level.name}, above the appetite ({appetite_name}): "
            "the acceptance needs an approver at the right level of authority."
        )
    if option is TreatmentOption.MITIGATE and not linked_control_ids:
        flags.append("Mitigation chosen but no control is linked to the risk.")
    if option is not None and residual is None:
        flags.append("A treatment is chosen but the residual risk has not been assessed.")
    return AssessmentCheck(
        errors=errors, flags=flags, inherent_level=inherent_level, residual_level=residual_level
    )


def treatment_overdue(due_date: date | None, status: str | None, today: date) -> bool:
    """True if a treatment not yet done is past its due date (the due date itself is not late)."""
    if due_date is None or status == TreatmentStatus.DONE:
        return False
    return today > due_date


def acceptance_state(
    approver: str | None, accepted_on: date | None, expires_on: date | None, today: date
) -> AcceptanceState:
    """State of a risk acceptance.

    "none" without an approver or an acceptance date (or if dated in the future); "expired"
    from ``expires_on`` onwards; otherwise "valid". No expiry date means it does not expire.
    """
    if not (approver and approver.strip()) or accepted_on is None or accepted_on > today:
        return "none"
    if expires_on is not None and today >= expires_on:
        return "expired"
    return "valid"


def effective_status(
    status: str,
    approver: str | None,
    accepted_on: date | None,
    expires_on: date | None,
    today: date,
) -> RiskStatus:
    """The status to show: an "accepted" risk without a valid acceptance is open again."""
    stored = RiskStatus(status)
    acceptance = acceptance_state(approver, accepted_on, expires_on, today)
    if stored is RiskStatus.ACCEPTED and acceptance != "valid":
        return RiskStatus.OPEN
    return stored
