"""Management review (ISO/IEC 42001 9.3): its registers, the inputs 9.3.2 requires, the state
of review actions, and what changed in context and scope between two compiled snapshots.

A *snapshot* is the plain dict the store compiles for a meeting (see ``snapshot_keys``):
register keys mapped to titles, the scope statement's fields, and heatmap points, so that
two meetings can be compared without reading the audit trail.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from risk_model.fields import Field, Register
from risk_model.risk_matrix import RiskMatrix

REVIEW_STATUSES = ("planned", "held", "retired")
ACTION_STATUSES = ("open", "in progress", "done", "retired")

MANAGEMENT_REVIEW = Register(
    name="management-reviews",
    table="management_reviews",
    id_prefix="MR",
    label="Management reviews",
    title_field="title",
    fields=(
        Field("title", "Title", required=True),
        Field("review_date", "Meeting date", "date", required=True),
        Field("chair", "Chair", expected=True),
        Field("attendees", "Attendees", "list", expected=True),
        Field("period_start", "Period covered from", "date"),
        Field("period_end", "Period covered to", "date"),
        Field("status", "Status", "enum", choices=REVIEW_STATUSES),
        Field("minutes", "Minutes", "long_text"),
        Field("decisions", "Decisions (9.3.3)", "long_text"),
    ),
)

REVIEW_ACTION = Register(
    name="review-actions",
    table="review_actions",
    id_prefix="MRA",
    label="Management review actions",
    title_field="action",
    fields=(
        Field("review_id", "Management review", required=True),
        Field("action", "Action", "long_text", required=True),
        Field("owner", "Owner", expected=True),
        Field("deadline", "Deadline", "date", expected=True),
        Field("status", "Status", "enum", choices=ACTION_STATUSES),
        Field("done_on", "Done on", "date"),
        Field("notes", "Notes", "long_text"),
    ),
)


@dataclass(frozen=True)
class ReviewInput:
    item: str
    """The list item of 9.3.2, e.g. ``a`` or ``d.2``."""
    wording: str
    """What the standard asks the review to include (ISO/IEC 42001:2023 9.3.2)."""


REVIEW_INPUTS: tuple[ReviewInput, ...] = (
    ReviewInput("a", "the status of actions from previous management reviews"),
    ReviewInput(
        "b", "changes in external and internal issues that are relevant to the AI management system"
    ),
    ReviewInput(
        "c",
        "changes in needs and expectations of interested parties that are relevant to the AI "
        "management system",
    ),
    ReviewInput("d", "information on the AI management system performance, including trends in:"),
    ReviewInput("d.1", "nonconformities and corrective actions"),
    ReviewInput("d.2", "monitoring and measurement results"),
    ReviewInput("d.3", "audit results"),
    ReviewInput("e", "opportunities for continual improvement"),
)

PACK_SECTIONS: tuple[tuple[str, str], ...] = (
    ("Actions from previous reviews", "a"),
    ("Changes in context and scope", "b, c"),
    ("Risk heatmap now and at the last review", "d"),
    ("Monitoring results and incidents", "d.2"),
    ("Audit results and nonconformities", "d.1, d.3"),
    ("Readiness and pre-audit checks", "d"),
    ("Opportunities for improvement", "e"),
)
"""The sections of the compiled inputs, in order, with the 9.3.2 items each answers."""


# --- review actions -----------------------------------------------------------------------------


def action_state(status: str | None, deadline: date | None, today: date) -> str:
    """``done``, ``overdue`` (past its deadline and not done), ``in progress`` or ``open``."""
    if status == "done":
        return "done"
    if deadline is not None and deadline < today:
        return "overdue"
    return status or "open"


@dataclass(frozen=True)
class ActionSummary:
    total: int
    done: int
    open: int
    """Not done, overdue ones included."""
    overdue: int


def summarise_actions(actions: Iterable[Mapping], today: date) -> ActionSummary:
    """Counts over review actions (dicts with ``status`` and ``deadline``); retired ones skipped."""
    states = Counter(
        action_state(a.get("status"), a.get("deadline"), today)
        for a in actions
        if a.get("status") != "retired"
    )
    total = sum(states.values())
    return ActionSummary(total, states["done"], total - states["done"], states["overdue"])


# --- changes in context and scope ---------------------------------------------------------------

SNAPSHOT_REGISTERS = (
    ("context_issues", "Context issue (4.1)"),
    ("interested_parties", "Interested party (4.2)"),
    ("systems", "AI system"),
    ("systems_in_scope", "AIMS scope (4.3): system in scope"),
)
SCOPE_FIELDS = ("statement", "business_activities", "locations", "departments", "exclusions")


@dataclass(frozen=True)
class ContextChange:
    area: str
    change: str
    """``added``, ``retired`` (gone since), or ``changed`` (scope statement fields)."""
    record_id: str
    label: str


def context_changes(before: Mapping, after: Mapping) -> list[ContextChange]:
    """What was added to, or is gone from, each register and the scope between two snapshots."""
    changes: list[ContextChange] = []
    for key, area in SNAPSHOT_REGISTERS:
        old, new = dict(before.get(key) or {}), dict(after.get(key) or {})
        for record_id in sorted(set(new) - set(old)):
            changes.append(ContextChange(area, "added", record_id, str(new[record_id])))
        for record_id in sorted(set(old) - set(new)):
            changes.append(ContextChange(area, "retired", record_id, str(old[record_id])))
    old_scope, new_scope = before.get("scope") or {}, after.get("scope") or {}
    for name in SCOPE_FIELDS:
        if (old_scope.get(name) or "") != (new_scope.get(name) or ""):
            label = name.replace("_", " ")
            changes.append(ContextChange("AIMS scope (4.3)", "changed", name, label))
    return changes


# --- risk heatmap -------------------------------------------------------------------------------


def level_counts(matrix: RiskMatrix, points: Iterable[tuple]) -> dict[str, int]:
    """Risks per level of the matrix, from ``(id, likelihood, severity)`` points, every level
    present (0 when empty), lowest level first."""
    counts = dict.fromkeys((level.name for level in matrix.levels), 0)
    for _, likelihood, severity in points:
        counts[matrix.level(int(likelihood), int(severity)).name] += 1
    return counts
