"""The executive summary that opens the management review pack (ISO/IEC 42001 9.3).

A board reads one page: are we ready for the next certification audit, which risks matter
most, and what must this meeting decide. Everything here is derived from the compiled 9.3.2
inputs, so the summary and the sections behind it always agree.

Readiness is ONE figure throughout the pack and the page: the readiness score out of 100
(``risk_model.readiness_score``: the self-assessed maturity less a penalty per open pre-audit
finding), the same number as the executive overview's tile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

READY_SCORE = 80
"""The readiness score this pack treats as ready for a certification audit, provided no major
pre-audit finding and no major nonconformity is open (an auditor stops at a major)."""
TOP_RISKS = 5


def readiness_text(score: float | None) -> str:
    """The one way the pack and the page write readiness."""
    return "not assessed" if score is None else f"{score:.0f}/100"


@dataclass(frozen=True)
class ExecutiveSummary:
    verdict: str
    """"Ready", "Not ready" or "Not assessed"."""
    verdict_text: str
    top_risks: list[tuple[str, str, str, str]]
    """(risk id, title, residual level, owner) of the worst risks above appetite."""
    risks_above_appetite: int
    decisions: list[str]


def _verdict(figures: dict, next_audit: tuple[str, date, int] | None) -> tuple[str, str]:
    score = figures.get("readiness_score")
    majors = int(figures.get("checks_major") or 0)
    major_ncs = int(figures.get("open_major_nonconformities") or 0)
    audit = (
        f"the {next_audit[0]} on {next_audit[1]:%d %b %Y} ({next_audit[2]} days away)"
        if next_audit
        else "a certification audit (none is planned yet)"
    )
    if score is None:
        return "Not assessed", (
            f"Readiness for {audit} cannot be judged: the self-assessment has not started."
        )
    blockers = []
    if score < READY_SCORE:
        blockers.append(f"the readiness score is {readiness_text(score)}, below {READY_SCORE}")
    if majors:
        blockers.append(f"{majors} major pre-audit finding(s) are open")
    if major_ncs:
        blockers.append(f"{major_ncs} major nonconformity(ies) are open")
    if not blockers:
        return "Ready", (
            f"Ready for {audit}: readiness score {readiness_text(score)} (at least "
            f"{READY_SCORE}) and no major finding or nonconformity open."
        )
    return "Not ready", f"Not ready for {audit}: {'; '.join(blockers)}."


def _top_risks(risks: pd.DataFrame | None) -> tuple[list[tuple[str, str, str, str]], int]:
    if risks is None or risks.empty or "above_appetite" not in risks.columns:
        return [], 0
    above = risks[risks["above_appetite"].fillna(False).astype(bool)]
    order = "current_level_index" if "current_level_index" in above.columns else "id"
    worst = above.sort_values([order, "id"], ascending=[False, True]).head(TOP_RISKS)
    rows = [
        (
            str(r["id"]),
            str(r.get("title") or ""),
            str(r.get("current_level") or ""),
            str(r.get("owner") or "no owner"),
        )
        for _, r in worst.iterrows()
    ]
    return rows, len(above)


def _decisions(figures: dict, risks_above: int, next_audit) -> list[str]:
    audit = f" before the {next_audit[0]}" if next_audit else ""
    wanted = [
        (risks_above, f"Treat, accept or escalate the {risks_above} risk(s) above appetite."),
        (
            figures.get("open_major_nonconformities"),
            f"Approve corrective action for the {figures.get('open_major_nonconformities')} "
            f"major nonconformity(ies){audit}.",
        ),
        (
            figures.get("checks_major"),
            f"Resource the closure of {figures.get('checks_major')} major pre-audit "
            f"finding(s){audit}.",
        ),
        (
            figures.get("overdue_actions"),
            f"Re-plan or re-resource the {figures.get('overdue_actions')} overdue action(s) "
            "from earlier reviews.",
        ),
        (
            figures.get("open_incidents"),
            f"Confirm the response to the {figures.get('open_incidents')} open AI incident(s).",
        ),
        (
            figures.get("stale_models"),
            f"Restore monitoring of the {figures.get('stale_models')} model(s) whose evidence "
            "is stale.",
        ),
    ]
    decisions = [text for count, text in wanted if count]
    return decisions or [
        "No decision is forced by the figures: confirm the AIMS remains suitable, adequate "
        "and effective (9.3.1)."
    ]


def executive_summary(
    figures: dict, risks: pd.DataFrame | None, next_audit: tuple[str, date, int] | None
) -> ExecutiveSummary:
    """The summary from the pack's headline ``figures``, the risk register as listed by
    ``store.risks.list_risks`` and the next certification event (name, day, days left)."""
    verdict, text = _verdict(figures, next_audit)
    top, above = _top_risks(risks)
    return ExecutiveSummary(verdict, text, top, above, _decisions(figures, above, next_audit))
