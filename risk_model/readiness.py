"""Readiness assessment: maturity of every ISO/IEC 42001 clause and Annex A control, and its gaps.

The certification guide's first step is a self-assessment of clauses 4-10 and the 38 Annex A
controls. Each item is rated on a 0-5 maturity scale; items below the target level (3,
"defined", unless set otherwise) are gaps that become remediation actions on a roadmap. The
roadmap fits when its actions end before the target certification date minus the time that
Stage 1 and Stage 2 need, and when readiness started at least six months before the target
(the guide: start 6-9 months before, assess for 4-8 weeks, remediate for 3-6 months).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from risk_model.catalogue import annex_a_controls, annex_a_domains, assessable_clauses, clauses
from risk_model.fields import Field, Register

MATURITY_LEVELS: dict[int, str] = {
    0: "Incomplete",
    1: "Initial",
    2: "Managed",
    3: "Defined",
    4: "Quantitatively managed",
    5: "Optimising",
}
MAX_MATURITY = 5
DEFAULT_TARGET = 3
"""Level 3, "defined": documented, consistently applied processes, what Stage 2 looks for."""

PRIORITIES = ("high", "medium", "low")
ACTION_STATUSES = ("planned", "in progress", "done", "cancelled", "retired")
OPEN_STATUSES = ("planned", "in progress")
REMEDIATION_DAYS = {"high": 90, "medium": 120, "low": 180}
"""Default deadline of a new action by priority: within the guide's 3-6 months of remediation."""

MIN_LEAD_MONTHS = 6
"""The guide: start readiness activities 6-9 months before the target certification date."""
DEFAULT_STAGE_LEAD_WEEKS = 8
"""Weeks before the target date that Stage 1 and Stage 2 need, so remediation must end before."""


@dataclass(frozen=True)
class AssessmentItem:
    item_id: str
    kind: str
    """ "clause" or "control"."""
    group: str
    """The clause (4..10) or the Annex A domain (A.2..A.10) the item belongs to."""
    group_title: str
    title: str


def maturity_label(level: int | None) -> str:
    return "Not assessed" if level is None else f"{level} · {MATURITY_LEVELS[int(level)]}"


def assessment_items() -> tuple[AssessmentItem, ...]:
    """Every assessable clause (4.1 ... 10.2) and every Annex A control, in standard order."""
    top = {c.id: c.title for c in clauses() if c.parent_id is None}
    items = [
        AssessmentItem(c.id, "clause", c.id.split(".")[0], top[c.id.split(".")[0]], c.title)
        for c in assessable_clauses()
    ]
    domains = dict(annex_a_domains())
    items += [
        AssessmentItem(c.id, "control", c.domain_id, domains[c.domain_id], c.title)
        for c in annex_a_controls()
    ]
    return tuple(items)


def check_maturity(level: object) -> int | None:
    """The level as an int 0-5, None when not assessed; anything else is a ValueError."""
    if level is None or (isinstance(level, float) and level != level):
        return None
    if isinstance(level, float) and not level.is_integer():
        raise ValueError(f"maturity must be a whole level from 0 to 5, not {level}")
    value = int(level)  # type: ignore[arg-type]
    if not 0 <= value <= MAX_MATURITY:
        raise ValueError(f"maturity must be from 0 to 5, not {value}")
    return value


@dataclass(frozen=True)
class GroupScore:
    group: str
    group_title: str
    kind: str
    items: int
    assessed: int
    mean_maturity: float | None
    readiness: float | None
    """Mean maturity of the assessed items / 5, from 0 to 1; None when nothing is assessed."""


def _assessed(ratings: dict[str, int | None]) -> dict[str, int]:
    """The rated items only; None and NaN (an empty spreadsheet cell) mean not assessed."""
    return {k: int(v) for k, v in ratings.items() if v is not None and v == v}


def readiness_scores(ratings: dict[str, int | None], kind: str) -> list[GroupScore]:
    """Per clause group ("clause") or per Annex A domain ("control"), in standard order.

    Only assessed items enter the mean; ``assessed`` says how much of the group that is.
    """
    ratings = _assessed(ratings)
    groups: dict[str, list[AssessmentItem]] = {}
    for item in assessment_items():
        if item.kind == kind:
            groups.setdefault(item.group, []).append(item)
    out = []
    for group, members in groups.items():
        levels = [ratings[m.item_id] for m in members if ratings.get(m.item_id) is not None]
        mean = sum(levels) / len(levels) if levels else None
        out.append(
            GroupScore(
                group,
                members[0].group_title,
                kind,
                len(members),
                len(levels),
                mean,
                None if mean is None else mean / MAX_MATURITY,
            )
        )
    return out


def overall_readiness(ratings: dict[str, int | None]) -> float | None:
    """Mean maturity / 5 over every assessed clause and control; None before any rating."""
    levels = list(_assessed(ratings).values())
    return sum(levels) / len(levels) / MAX_MATURITY if levels else None


def gap_priority(maturity: int, target: int) -> str:
    """High when the item barely exists (0-1), medium when managed but not defined, else low."""
    if maturity <= 1:
        return "high"
    if maturity < min(target, DEFAULT_TARGET):
        return "medium"
    return "low"


@dataclass(frozen=True)
class Gap:
    item_id: str
    title: str
    maturity: int
    target: int
    priority: str


def gaps(ratings: dict[str, int | None], targets: dict[str, int | None] | None = None) -> list[Gap]:
    """Assessed items below their target (default 3), in standard order."""
    ratings, targets = _assessed(ratings), _assessed(targets or {})
    found = []
    for item in assessment_items():
        level = ratings.get(item.item_id)
        target = targets.get(item.item_id) or DEFAULT_TARGET
        if level is not None and level < target:
            found.append(Gap(item.item_id, item.title, level, target, gap_priority(level, target)))
    return found


def actions_for_gaps(found: list[Gap], open_items: set[str], owner: str, start: date) -> list[dict]:
    """New remediation actions for the gaps that have no open action yet."""
    return [
        {
            "title": f"Raise {gap.item_id} {gap.title} from {gap.maturity} to {gap.target}",
            "item_id": gap.item_id,
            "owner": owner,
            "priority": gap.priority,
            "status": "planned",
            "start_date": start,
            "due_date": start + timedelta(days=REMEDIATION_DAYS[gap.priority]),
        }
        for gap in found
        if gap.item_id not in open_items
    ]


def months_between(start: date, end: date) -> float:
    return (end - start).days / (365.25 / 12)


@dataclass(frozen=True)
class RoadmapFit:
    fits: bool
    cutoff: date | None
    """The last day remediation may end: the target date minus the Stage 1/2 lead time."""
    warnings: tuple[str, ...]
    late_actions: tuple[str, ...]
    """Open actions whose deadline has passed."""
    beyond_cutoff: tuple[str, ...]
    """Open actions that end after the cutoff."""


def roadmap_fit(
    actions: list[dict],
    target: date | None,
    start: date | None,
    today: date,
    stage_lead_weeks: int = DEFAULT_STAGE_LEAD_WEEKS,
) -> RoadmapFit:
    """Does the remediation plan fit before the target certification date?

    ``actions`` are dicts with id, status and due_date; only open ones count.
    """
    open_actions = [a for a in actions if a.get("status") in OPEN_STATUSES]
    late = tuple(a["id"] for a in open_actions if a.get("due_date") and a["due_date"] < today)
    warnings = []
    if late:
        warnings.append(f"{len(late)} open action(s) are past their deadline: {', '.join(late)}.")
    if target is None:
        warnings.append("No target certification date is set, so the plan cannot be checked.")
        return RoadmapFit(False, None, tuple(warnings), late, ())
    cutoff = target - timedelta(weeks=stage_lead_weeks)
    beyond = tuple(
        a["id"] for a in open_actions if a.get("due_date") is None or a["due_date"] > cutoff
    )
    if beyond:
        warnings.append(
            f"{len(beyond)} open action(s) end after {cutoff.isoformat()}, the last day that "
            f"leaves {stage_lead_weeks} weeks for Stage 1 and Stage 2 before the target "
            f"{target.isoformat()}: {', '.join(beyond)}."
        )
    if start is not None and months_between(start, target) < MIN_LEAD_MONTHS:
        warnings.append(
            f"Readiness started {months_between(start, target):.1f} months before the target; "
            "the guide advises 6-9 months (4-8 weeks of assessment, 3-6 months of remediation)."
        )
    if cutoff < today and open_actions:
        warnings.append("The remediation window has closed while actions are still open.")
    return RoadmapFit(not warnings, cutoff, tuple(warnings), late, beyond)


READINESS_ITEM = Register(
    name="readiness",
    table="readiness_items",
    id_prefix="RDY",
    label="Readiness assessment",
    title_field="item_kind",
    external_id=False,
    fields=(
        Field("item_kind", "Clause or control", "enum", choices=("clause", "control")),
        Field("maturity", "Maturity (0-5)", "int"),
        Field("target", "Target level", "int"),
        Field("notes", "Notes", "long_text"),
        Field("evidence_ids", "Evidence", "list", help="Evidence library ids, e.g. EV-0003"),
        Field("assessed_by", "Assessed by"),
        Field("assessed_on", "Assessed on", "date"),
        Field("status", "Status", "enum", choices=("active", "retired")),
    ),
)

REMEDIATION_ACTION = Register(
    name="remediation-actions",
    table="remediation_actions",
    id_prefix="RA",
    label="Remediation actions",
    title_field="title",
    fields=(
        Field("title", "Action", required=True),
        Field("item_id", "Clause or control", expected=True),
        Field("owner", "Owner", required=True),
        Field("priority", "Priority", "enum", choices=PRIORITIES, expected=True),
        Field("start_date", "Start", "date", expected=True),
        Field("due_date", "Deadline", "date", required=True),
        Field("completed_on", "Completed on", "date"),
        Field("notes", "Notes", "long_text"),
        Field("status", "Status", "enum", choices=ACTION_STATUSES),
    ),
    defaults={"status": "planned"},
)
