"""Nonconformity and corrective action (ISO/IEC 42001 10.2), and the certification gate.

A nonconformity comes from an audit finding, an incident, a monitor breach or an external
(surveillance) audit. Its root cause is found with the 5 Whys (at least one why and a stated
root cause before actions are planned; at most five). It closes only when every corrective
action is done (or cancelled) and a named person, who owns none of its actions, has recorded
on a date that the actions were effective. Before an external audit every major must be
closed and every minor must have a plan: an action with an owner and a deadline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from risk_model.fields import Field, Register

SOURCES = ("internal audit", "incident", "monitor breach", "surveillance audit", "external audit")
GRADES: dict[str, str] = {"major": "Major", "minor": "Minor"}
STATUSES = ("open", "action planned", "awaiting verification", "closed", "retired")
ACTION_STATUSES = ("planned", "in progress", "done", "cancelled", "retired")
OPEN_ACTION_STATUSES = ("planned", "in progress")
VERIFICATION_RESULTS = ("effective", "not effective")
MAX_WHYS = 5

NONCONFORMITY = Register(
    name="nonconformities",
    table="nonconformities",
    id_prefix="NC",
    label="Nonconformities",
    title_field="title",
    fields=(
        Field("title", "Nonconformity", required=True),
        Field("description", "Description", "long_text"),
        Field("source", "Source", "enum", required=True, choices=SOURCES),
        Field("source_ref", "Raised from"),
        Field("grade", "Grade", "enum", required=True, choices=tuple(GRADES), choice_labels=GRADES),
        Field("reference", "Clause or control", expected=True),
        Field("system_id", "AI system"),
        Field("owner", "Owner", expected=True),
        Field("raised_by", "Raised by"),
        Field("raised_on", "Raised on", "date", required=True),
        Field("whys", "5 Whys", "list"),
        Field("root_cause", "Root cause", "long_text"),
        Field("verified_by", "Verified by"),
        Field("verified_on", "Verified on", "date"),
        Field("verification_result", "Verification result", "enum", choices=VERIFICATION_RESULTS),
        Field("verification_notes", "Verification notes", "long_text"),
        Field("closed_on", "Closed on", "date"),
        Field("status", "Status", "enum", choices=STATUSES),
    ),
    defaults={"status": "open"},
)

CORRECTIVE_ACTION = Register(
    name="corrective-actions",
    table="corrective_actions",
    id_prefix="CA",
    label="Corrective actions",
    title_field="action",
    fields=(
        Field("nonconformity_id", "Nonconformity", required=True),
        Field("action", "Action", required=True),
        Field("owner", "Owner", required=True),
        Field("deadline", "Deadline", "date", required=True),
        Field("done_on", "Done on", "date"),
        Field("notes", "Notes", "long_text"),
        Field("status", "Status", "enum", choices=ACTION_STATUSES),
    ),
    defaults={"status": "planned"},
)


def _key(name: object) -> str:
    return " ".join(str(name or "").split()).casefold()


def _text(value: object) -> str:
    return str(value or "").strip()


def clean_whys(whys: Iterable[object] | None) -> list[str]:
    """The answered whys in order; blank ones dropped."""
    return [_text(w) for w in (whys or []) if _text(w)]


def root_cause_problems(whys: Iterable[object] | None, root_cause: object) -> list[str]:
    """What the 5 Whys analysis still lacks before actions can be planned (empty: complete)."""
    answered = clean_whys(whys)
    problems = []
    if not answered:
        problems.append("Answer at least the first why.")
    if len(answered) > MAX_WHYS:
        problems.append(f"The 5 Whys stop at {MAX_WHYS}; {len(answered)} were given.")
    if not _text(root_cause):
        problems.append("State the root cause the whys lead to.")
    return problems


def is_open_action(action: Mapping) -> bool:
    return action.get("status") in OPEN_ACTION_STATUSES


def action_overdue(action: Mapping, today: date) -> bool:
    deadline = action.get("deadline")
    return is_open_action(action) and deadline is not None and deadline < today


def live_actions(actions: Iterable[Mapping]) -> list[Mapping]:
    """Actions that count: not cancelled and not retired."""
    return [a for a in actions if a.get("status") not in ("cancelled", "retired")]


def has_plan(actions: Iterable[Mapping]) -> bool:
    """At least one live corrective action with an owner and a deadline."""
    return any(_text(a.get("owner")) and a.get("deadline") for a in live_actions(actions))


def verification_problems(
    verified_by: object,
    verified_on: date | None,
    result: object,
    actions: Iterable[Mapping],
    today: date,
) -> list[str]:
    """Why this verification of effectiveness cannot be recorded (empty when it can).

    The verifier must be a named person who owns none of the actions being verified, the
    date may not be in the future nor before the last action was done.
    """
    actions = live_actions(actions)
    problems = []
    if not _text(verified_by):
        problems.append("Name the person who verified the actions' effectiveness.")
    if verified_on is None:
        problems.append("Give the date of the verification.")
    elif verified_on > today:
        problems.append("The verification date is in the future.")
    if result not in VERIFICATION_RESULTS:
        problems.append("Say whether the actions were effective.")
    owners = {_key(a.get("owner")) for a in actions}
    if _text(verified_by) and _key(verified_by) in owners:
        problems.append(
            f"{_text(verified_by)} owns a corrective action of this nonconformity; the"
            " verification must be done by someone else."
        )
    done = [a.get("done_on") for a in actions if a.get("done_on")]
    if verified_on is not None and done and verified_on < max(done):
        problems.append(f"The verification is dated before the last action was done ({max(done)}).")
    return problems


def closure_blockers(nc: Mapping, actions: Iterable[Mapping], today: date) -> list[str]:
    """Why the nonconformity cannot close yet, in words (empty when it can)."""
    actions = list(actions)
    live = live_actions(actions)
    blockers = list(root_cause_problems(nc.get("whys"), nc.get("root_cause")))
    if not live:
        blockers.append("No corrective action has been planned.")
    not_done = [a for a in live if a.get("status") != "done"]
    if not_done:
        ids = ", ".join(str(a.get("id", "?")) for a in not_done)
        blockers.append(f"{len(not_done)} corrective action(s) not done: {ids}.")
    if not (_text(nc.get("verified_by")) and nc.get("verified_on")):
        blockers.append("No verification of effectiveness is recorded (who and when).")
    elif nc.get("verification_result") != "effective":
        blockers.append("The verification found the actions not effective; plan further action.")
    else:
        blockers += verification_problems(
            nc.get("verified_by"),
            nc.get("verified_on"),
            nc.get("verification_result"),
            actions,
            today,
        )
    return blockers


def derived_status(nc: Mapping, actions: Iterable[Mapping]) -> str:
    """The status the record's data supports: closed, awaiting verification, action planned, open."""
    if nc.get("status") in ("closed", "retired"):
        return str(nc["status"])
    live = live_actions(actions)
    if live and all(a.get("status") == "done" for a in live):
        return "awaiting verification"
    if live:
        return "action planned"
    return "open"


@dataclass(frozen=True)
class GateResult:
    ready: bool
    open_majors: int
    minors_without_plan: int
    blocking: list[dict] = field(default_factory=list)
    """One entry per nonconformity that blocks: id, title, grade, reason."""


def certification_gate(ncs: Iterable[Mapping], actions_by_nc: Mapping[str, list]) -> GateResult:
    """All majors closed and every open minor with a plan, or what blocks the external audit."""
    blocking = []
    majors = minors = 0
    for nc in ncs:
        if nc.get("status") in ("closed", "retired"):
            continue
        if nc.get("grade") == "major":
            majors += 1
            reason = "Major nonconformity still open"
        elif nc.get("grade") == "minor" and not has_plan(actions_by_nc.get(nc["id"], [])):
            minors += 1
            reason = "Minor nonconformity without a plan (no action with owner and deadline)"
        else:
            continue
        blocking.append(
            {"id": nc["id"], "title": nc.get("title"), "grade": nc.get("grade"), "reason": reason}
        )
    return GateResult(not blocking, majors, minors, blocking)
