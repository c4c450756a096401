"""AI objectives (ISO/IEC 42001 6.2): a measurable target, an owner, a due date, a plan and a
measure the store computes, recorded over time so that progress can be shown.

A measure is declared here (what it counts, which way is better, its unit); the store
computes its value (``store.objectives.measure_values``). An objective is *behind* when its
latest value is on the wrong side of its target, and *missed* when it is behind at or after
its due date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from risk_model.fields import Field, Register


@dataclass(frozen=True)
class Measure:
    id: str
    label: str
    higher_is_better: bool
    unit: str
    """"share" (0-1, shown as a percentage) or "days"."""


MEASURES: dict[str, Measure] = {
    m.id: m
    for m in (
        Measure(
            "impact_assessment_coverage",
            "Share of high-risk systems with a current impact assessment",
            True,
            "share",
        ),
        Measure("breach_close_days", "Median days to close a monitor breach", False, "days"),
        Measure("training_coverage", "Training coverage in AIMS roles", True, "share"),
        Measure(
            "policy_acknowledgement",
            "Share of people in AIMS roles who read the current AI policy",
            True,
            "share",
        ),
    )
}

PLAN_FIELDS = ("plan_what", "plan_resources", "plan_when", "plan_evaluation")

OBJECTIVE = Register(
    name="objectives",
    table="objectives",
    id_prefix="OBJ",
    label="AI objectives",
    fields=(
        Field("name", "Objective", required=True),
        Field(
            "measure",
            "Measure",
            "enum",
            choices=tuple(MEASURES),
            choice_labels={k: m.label for k, m in MEASURES.items()},
            expected=True,
        ),
        Field("target", "Target", "float", expected=True, help="A share as 0-1, or days"),
        Field("owner", "Owner", expected=True),
        Field("due_date", "Due date", "date", expected=True),
        Field("plan_what", "Plan: what will be done", "long_text", expected=True),
        Field("plan_resources", "Plan: resources", expected=True),
        Field("plan_when", "Plan: when", expected=True),
        Field("plan_evaluation", "Plan: how results are evaluated", expected=True),
        Field("reference", "Clause or control", help="e.g. 6.2; A.6.2.6"),
        Field("status", "Status", "enum", choices=("active", "retired")),
    ),
)

MEASUREMENT = Register(
    name="objective_measurements",
    table="objective_measurements",
    id_prefix="OBM",
    label="Objective measurements",
    title_field="objective_id",
    fields=(
        Field("objective_id", "Objective", required=True),
        Field("measured_on", "Measured on", "date", required=True),
        Field("value", "Value", "float"),
        Field("status", "Status", "enum", choices=("active", "retired")),
    ),
)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or not str(value).strip()


def gaps(objective: dict) -> list[str]:
    """What the objective lacks to be measurable and planned (6.2), in words."""
    missing = []
    if _blank(objective.get("measure")) or objective.get("measure") not in MEASURES:
        missing.append("a measure")
    if _blank(objective.get("target")):
        missing.append("a target")
    plan = [OBJECTIVE.field(f).label.removeprefix("Plan: ") for f in PLAN_FIELDS]
    lacking = [
        label for f, label in zip(PLAN_FIELDS, plan, strict=True) if _blank(objective.get(f))
    ]
    if lacking:
        missing.append("a plan (" + ", ".join(lacking) + ")")
    return missing


def behind(measure: str, value: float | None, target: float | None) -> bool | None:
    """Whether ``value`` falls short of ``target`` (None when either is unknown)."""
    if measure not in MEASURES or value is None or target is None:
        return None
    if value != value or target != target:
        return None
    return value < target if MEASURES[measure].higher_is_better else value > target


def missed(objective: dict, value: float | None, today: date) -> bool:
    """Behind its target at or after its due date."""
    due = objective.get("due_date")
    late = due is not None and due <= today
    return late and bool(behind(objective.get("measure") or "", value, objective.get("target")))


def shown(measure: str, value: float | None) -> str:
    if value is None or value != value:
        return "—"
    if MEASURES[measure].unit == "share":
        return f"{value:.0%}"
    return f"{value:.1f} days"
