"""The AI risk register and the impact assessment register: fields, labels and derived flags.

Levels are never stored. ``derive`` scores each risk under the current matrix and appetite
and adds the flags a reviewer needs (above appetite, overdue treatment, expired acceptance,
a residual lowered without a treatment or control), so a changed matrix re-scores every risk.
"""

from __future__ import annotations

import math
from datetime import date, datetime

from risk_model.fields import Field, Register
from risk_model.impact_assessment import IMPACT_DIMENSIONS
from risk_model.inventory import LIFECYCLE_STAGES
from risk_model.risk_assessment import (
    RISK_STATUS_LABELS,
    TREATMENT_OPTION_LABELS,
    TREATMENT_STATUS_LABELS,
    AssessmentCheck,
    RiskStatus,
    acceptance_state,
    check_assessment,
    effective_status,
    treatment_overdue,
)
from risk_model.risk_matrix import RiskMatrix
from risk_model.taxonomy import (
    annex_c_objectives,
    annex_c_risk_sources,
    causal_values,
    mit_domains,
    mit_subdomains,
)

RETIRED = "retired"
RISK_STATUSES = (*(s.value for s in RiskStatus), RETIRED)
RISK_STATUS_CHOICE_LABELS = {
    **{k.value: v for k, v in RISK_STATUS_LABELS.items()},
    RETIRED: "Retired",
}
MIT_SUBDOMAIN_LABELS = {s.id: s.label for s in mit_subdomains()}
MIT_DOMAIN_LABELS = {d.id: f"{d.id} {d.name}" for d in mit_domains()}


def _causal(dimension: str) -> tuple[tuple[str, ...], dict[str, str]]:
    values = causal_values(dimension)
    return tuple(v.value.lower() for v in values), {v.value.lower(): v.value for v in values}


CAUSAL_ENTITY, CAUSAL_ENTITY_LABELS = _causal("Entity")
CAUSAL_INTENT, CAUSAL_INTENT_LABELS = _causal("Intent")
CAUSAL_TIMING, CAUSAL_TIMING_LABELS = _causal("Timing")
ANNEX_C_SOURCE_LABELS = {c.id: c.label for c in annex_c_risk_sources()}
ANNEX_C_OBJECTIVE_LABELS = {c.id: c.label for c in annex_c_objectives()}

RISK = Register(
    name="risks",
    table="risks",
    id_prefix="RSK",
    label="AI risk register",
    title_field="title",
    defaults={"status": RiskStatus.OPEN.value},
    fields=(
        Field("title", "Risk", required=True),
        Field("description", "Description", "long_text"),
        Field("system_ids", "AI systems", "list", required=True, help="AI system ids"),
        Field("stakeholders", "Affected stakeholders", "list", expected=True),
        Field("lifecycle_stage", "Lifecycle stage", "enum", choices=LIFECYCLE_STAGES),
        Field(
            "mit_subdomain",
            "MIT subdomain",
            "enum",
            expected=True,
            choices=tuple(MIT_SUBDOMAIN_LABELS),
            choice_labels=MIT_SUBDOMAIN_LABELS,
        ),
        Field(
            "causal_entity",
            "Causal entity",
            "enum",
            choices=CAUSAL_ENTITY,
            choice_labels=CAUSAL_ENTITY_LABELS,
        ),
        Field(
            "causal_intent",
            "Causal intent",
            "enum",
            choices=CAUSAL_INTENT,
            choice_labels=CAUSAL_INTENT_LABELS,
        ),
        Field(
            "causal_timing",
            "Causal timing",
            "enum",
            choices=CAUSAL_TIMING,
            choice_labels=CAUSAL_TIMING_LABELS,
        ),
        Field(
            "annex_c_source",
            "Annex C risk source",
            "enum",
            choices=tuple(ANNEX_C_SOURCE_LABELS),
            choice_labels=ANNEX_C_SOURCE_LABELS,
        ),
        Field(
            "annex_c_objective",
            "Annex C objective threatened",
            "enum",
            choices=tuple(ANNEX_C_OBJECTIVE_LABELS),
            choice_labels=ANNEX_C_OBJECTIVE_LABELS,
        ),
        Field("inherent_likelihood", "Inherent likelihood", "int", required=True),
        Field("inherent_severity", "Inherent severity", "int", required=True),
        Field("residual_likelihood", "Residual likelihood", "int", expected=True),
        Field("residual_severity", "Residual severity", "int", expected=True),
        Field(
            "treatment",
            "Treatment",
            "enum",
            expected=True,
            choices=tuple(o.value for o in TREATMENT_OPTION_LABELS),
            choice_labels={k.value: v for k, v in TREATMENT_OPTION_LABELS.items()},
        ),
        Field("treatment_plan", "Treatment plan", "long_text"),
        Field("owner", "Risk owner", expected=True),
        Field("treatment_due", "Treatment due", "date"),
        Field(
            "treatment_status",
            "Treatment status",
            "enum",
            choices=tuple(s.value for s in TREATMENT_STATUS_LABELS),
            choice_labels={k.value: v for k, v in TREATMENT_STATUS_LABELS.items()},
        ),
        Field("control_ids", "Annex A controls", "list", help="e.g. A.6.2.6"),
        Field("accepted_by", "Accepted by"),
        Field("accepted_on", "Accepted on", "date"),
        Field("acceptance_expires", "Acceptance expires", "date"),
        Field(
            "status",
            "Status",
            "enum",
            choices=RISK_STATUSES,
            choice_labels=RISK_STATUS_CHOICE_LABELS,
        ),
    ),
)

SCORE_FIELDS = (
    "inherent_likelihood",
    "inherent_severity",
    "residual_likelihood",
    "residual_severity",
)


def _impact_fields() -> tuple[Field, ...]:
    fields: list[Field] = []
    for dim in IMPACT_DIMENSIONS:
        fields += [
            Field(f"{dim.key}_impact", f"{dim.label}: potential impact", "long_text"),
            Field(f"{dim.key}_likelihood", f"{dim.label}: likelihood", "int"),
            Field(f"{dim.key}_severity", f"{dim.label}: severity", "int"),
        ]
    return tuple(fields)


IMPACT_ASSESSMENT = Register(
    name="impact-assessments",
    table="impact_assessments",
    id_prefix="AIIA",
    label="AI system impact assessments",
    title_field="title",
    defaults={"status": "active"},
    fields=(
        Field("system_id", "AI system", required=True),
        Field("title", "Assessment", required=True),
        Field("purpose", "Purpose", "long_text", expected=True),
        Field("intended_use", "Intended use", "long_text", expected=True),
        Field("affected_individuals", "Affected individuals", "long_text", expected=True),
        Field("affected_groups", "Affected groups of individuals", "long_text", expected=True),
        Field("affected_society", "Effects on society", "long_text", expected=True),
        *_impact_fields(),
        Field("mitigations", "Mitigations", "long_text", expected=True),
        Field("human_oversight", "Human oversight", "long_text", expected=True),
        Field("reviewers", "Reviewers", "list", expected=True),
        Field("assessed_on", "Assessed on", "date", expected=True),
        Field("review_due", "Next review due", "date", expected=True),
        Field("status", "Status", "enum", choices=("active", "retired")),
    ),
)


def _int(value: object) -> int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(value)


def _day(value: object) -> date | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "date"):
        return value.date()  # pandas Timestamp
    return date.fromisoformat(str(value)[:10])


def scores(row: dict) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """(inherent, residual) as (likelihood, severity); residual is None until assessed."""
    inherent = (_int(row.get("inherent_likelihood")), _int(row.get("inherent_severity")))
    lik, sev = _int(row.get("residual_likelihood")), _int(row.get("residual_severity"))
    return inherent, ((lik, sev) if lik is not None and sev is not None else None)  # type: ignore[return-value]


def check_risk(row: dict, matrix: RiskMatrix, appetite_index: int) -> AssessmentCheck:
    """The assessment rules of ``risk_assessment.check_assessment`` applied to a register row."""
    inherent, residual = scores(row)
    if None in inherent:
        return AssessmentCheck(errors=["Inherent likelihood and severity are required."])
    has_one_residual = (row.get("residual_likelihood") is None) != (
        row.get("residual_severity") is None
    )
    check = check_assessment(
        matrix,
        inherent,
        residual,
        row.get("treatment") or None,
        list(row.get("control_ids") or []),
        appetite_index,
    )
    if has_one_residual:
        check.errors.append("Give both residual likelihood and residual severity, or neither.")
    return check


def fit_score(value: int, from_size: int, to_size: int) -> int:
    """A score moved to a scale of another size, keeping its position (5 of 5 -> 4 of 4)."""
    if from_size == to_size:
        return value
    return max(1, min(to_size, math.ceil(value * to_size / from_size)))


def derive(row: dict, matrix: RiskMatrix, appetite_index: int, today: date) -> dict:
    """The row with its levels and flags under ``matrix`` on ``today`` (as-of views pass it)."""
    inherent, residual = scores(row)
    current = residual or inherent
    check = check_risk(row, matrix, appetite_index)
    status = str(row.get("status") or RiskStatus.OPEN.value)
    accepted = (row.get("accepted_by"), _day(row.get("accepted_on")))
    expires = _day(row.get("acceptance_expires"))
    shown = (
        status if status == RETIRED else effective_status(status, *accepted, expires, today).value
    )
    level_index = matrix.level_index(*current)
    return {
        **row,
        "inherent_level": matrix.level(*inherent).name,
        "residual_level": matrix.level(*residual).name if residual else None,
        "current_level": matrix.levels[level_index].name,
        "current_level_index": level_index,
        "above_appetite": level_index > appetite_index and shown not in (RETIRED, "closed"),
        "treatment_overdue": shown not in (RETIRED, "closed")
        and treatment_overdue(_day(row.get("treatment_due")), row.get("treatment_status"), today),
        "acceptance": acceptance_state(*accepted, expires, today),
        "effective_status": shown,
        "reopened": status == RiskStatus.ACCEPTED.value and shown == RiskStatus.OPEN.value,
        "unjustified_reduction": any("not justified" in f for f in check.flags),
        "flags": "; ".join(check.flags),
    }


def mit_domain_of(subdomain_id: str | None) -> str | None:
    return subdomain_id.split(".")[0] if subdomain_id and "." in subdomain_id else None
