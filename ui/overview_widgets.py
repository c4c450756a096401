"""The executive overview's tiles and the newcomer's getting-started path."""

from __future__ import annotations

import streamlit as st

from risk_model.getting_started import StepProgress
from store.overview import ExecutiveOverview
from ui.widgets import kpi


def kpi_tiles(data: ExecutiveOverview) -> None:
    """Today's counts; each tile's link opens exactly the records it counts (``?show=``)."""
    c1, c2, c3, c4 = st.columns(4)
    kpi(
        c1,
        "Systems in scope",
        f"{data.systems_in_scope} of {data.systems}",
        page="pages/context/scope.py",
    )
    kpi(
        c2,
        "High-risk systems",
        data.high_risk_systems,
        "EU AI Act Art. 6 high-risk systems",
        "pages/risk/inventory.py",
        "high_risk",
    )
    kpi(
        c3,
        "Risks above appetite",
        data.risks_above_appetite,
        f"Residual risk above the appetite ({data.settings.appetite_name})",
        "pages/risk/risks.py",
        "above_appetite",
    )
    kpi(
        c4,
        "Overdue treatments",
        data.overdue_treatments,
        None,
        "pages/risk/risks.py",
        "overdue_treatments",
    )
    c5, c6, c7, _ = st.columns(4)
    kpi(
        c5,
        "Systems without a current impact assessment",
        data.systems_without_current_assessment,
        "Required but missing or outdated (ISO/IEC 42001 6.1.4)",
        "pages/risk/impact_assessments.py",
        "missing_or_outdated",
    )
    kpi(
        c6,
        "Overdue reviews",
        data.overdue_reviews,
        None,
        "pages/risk/inventory.py",
        "overdue_reviews",
    )
    kpi(c7, "Scope findings", data.scope_findings, page="pages/context/scope.py")


def getting_started(steps: list[StepProgress]) -> None:
    """The ISO/IEC 42001 path, one row per step: progress, and a link to its first action."""
    done = sum(s.complete for s in steps)
    st.progress(done / len(steps), text=f"{done} of {len(steps)} steps done")
    next_step = next((s for s in steps if not s.complete), None)
    for number, item in enumerate(steps, start=1):
        step = item.step
        left, middle, right = st.columns([3, 1, 2], vertical_alignment="center")
        mark = ":material/check_circle:" if item.complete else ":material/radio_button_unchecked:"
        left.markdown(f"{mark} **{number}. {step.title}** · clauses {step.clauses}")
        left.caption(step.first_action)
        middle.progress(item.done / item.of, text=f"{item.done} of {item.of}")
        right.page_link(
            step.page,
            label="Start here" if item is next_step else "Open",
            icon=":material/arrow_forward:",
        )
