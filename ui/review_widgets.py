"""The compiled management review inputs (ISO/IEC 42001 9.3.2), drawn section by section."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from charts.review import heatmap_then_and_now
from reports.review_summary import readiness_text
from risk_model.management_review import PACK_SECTIONS, REVIEW_INPUTS, ActionSummary, ContextChange
from risk_model.objectives import MEASURES, shown
from store.connection import Store
from store.governance_review import GovernanceInputs
from store.readiness import ReadinessSummary
from store.review_inputs import ReviewInputs, compile_inputs
from store.risks import heatmap_points
from ui.risk_widgets import register_levels
from ui.tables import column_words


@dataclass
class InputsView:
    """What the page draws of the compiled inputs: the tables, the headline figures and the
    heatmap, built once. The register-sized frames (every risk, now and at the last review)
    that only the heatmap reads are left out, so a cached view is cheap to reuse."""

    figures: dict[str, object]
    action_summary: ActionSummary
    actions: pd.DataFrame
    last_review: dict | None
    since: date | None
    changes: list[ContextChange]
    heatmap: go.Figure
    monitoring: pd.DataFrame
    incidents: pd.DataFrame
    audits: pd.DataFrame | None
    nonconformities: pd.DataFrame | None
    checks: pd.DataFrame
    opportunities: pd.DataFrame | None
    readiness: ReadinessSummary
    governance: GovernanceInputs | None
    supporting_records: pd.DataFrame | None


def residual_heatmap(inputs: ReviewInputs) -> go.Figure:
    """Residual risks per cell at the last review and now (``heatmap_then_and_now``)."""
    now = inputs.snapshot["risks"]["residual"]
    before = None
    if inputs.risks_before is not None:
        frame = inputs.risks_before
        before = heatmap_points(frame)[1] if len(frame) else []
    return heatmap_then_and_now(
        inputs.settings.matrix,
        before,
        now,
        f"Residual risk at the last review ({inputs.since})",
        "Residual risk now",
        inputs.settings.appetite_index,
    )


def inputs_view(db: Store, today: date, review_id: str | None = None) -> InputsView:
    """The inputs compiled for ``review_id`` as of ``today``, ready to draw (a pure read)."""
    inputs = compile_inputs(db, today, review_id=review_id, current_levels=register_levels)
    shared = {f.name: getattr(inputs, f.name) for f in fields(InputsView) if f.name != "heatmap"}
    return InputsView(**shared, heatmap=residual_heatmap(inputs))


def _table(frame: pd.DataFrame | None, columns: list[str], empty: str) -> None:
    if frame is None or frame.empty:
        st.caption(empty)
        return
    shown = [c for c in columns if c in frame.columns]
    st.dataframe(
        frame[shown], column_config=column_words(frame[shown]), hide_index=True, width="stretch"
    )


def _section(index: int) -> None:
    title, items = PACK_SECTIONS[index]
    st.subheader(f"{index + 1}. {title}")
    st.caption(f"9.3.2 {items}")


def show_inputs(inputs: InputsView) -> None:
    """Every section of the pack, in its order, with the figures and tables it prints."""
    f = inputs.figures
    with st.expander("What 9.3.2 asks the review to include"):
        st.markdown("\n".join(f"- **{i.item})** {i.wording}" for i in REVIEW_INPUTS))
    _section(0)
    s = inputs.action_summary
    st.markdown(f"{s.total} actions: {s.done} done, **{s.open} open**, {s.overdue} overdue.")
    columns = ["id", "review_date", "action", "owner", "deadline", "state", "done_on"]
    _table(inputs.actions, columns, "No actions from earlier reviews.")

    _section(1)
    if inputs.last_review is None:
        st.caption("No earlier management review to compare with.")
    else:
        st.markdown(f"{len(inputs.changes)} change(s) since the review of {inputs.since}.")
        changes = pd.DataFrame([c.__dict__ for c in inputs.changes])
        _table(changes, ["area", "change", "record_id", "label"], "No changes.")

    _section(2)
    st.plotly_chart(inputs.heatmap, key="review-heatmap")
    c1, c2 = st.columns(2)
    c1.metric("Above appetite now", f["above_appetite"], border=True)
    then = f["above_appetite_at_last_review"]
    c2.metric("Above appetite at the last review", "—" if then is None else then, border=True)

    _section(3)
    st.markdown(
        f"{f['monitored_models']} monitored models, {f['breached_models']} breached in the latest "
        f"run, {f['stale_models']} stale; {f['open_incidents']} open incidents."
    )
    _table(inputs.monitoring, ["model_name", "system_name", "status", "started_at", "stale"], "")
    columns = ["id", "title", "system_name", "severity", "status", "detected_on"]
    _table(inputs.incidents, columns, "No incidents since the last review.")

    _section(4)
    st.markdown(
        f"{f['audits']} internal audit(s) since the last review; {f['open_nonconformities']} open "
        f"nonconformities, {f['open_major_nonconformities']} major."
    )
    columns = ["id", "title", "end_date", "findings_major", "findings_minor", "opportunities"]
    _table(inputs.audits, columns, "No completed internal audit since the last review.")
    columns = ["id", "title", "grade", "reference", "status", "has_plan", "overdue_actions"]
    _table(inputs.nonconformities, columns, "No open nonconformities.")
    _supporting_records(inputs.supporting_records)

    _section(5)
    st.markdown(
        f"Readiness score {readiness_text(f.get('readiness_score'))} (the same figure as the "
        f"overview and the review pack); pre-audit checks: {f['checks_major']} major, "
        f"{f['checks_minor']} minor findings."
    )
    columns = ["severity", "reference", "check", "findings"]
    _table(inputs.checks, columns, "No findings.")
    st.page_link(
        "pages/audit/checks.py",
        label="Every finding, with its record",
        icon=":material/fact_check:",
    )
    _governance(inputs.governance, f)

    _section(6)
    _table(
        inputs.opportunities,
        ["id", "title", "reference", "raised_on"],
        "No opportunities for improvement raised by audits.",
    )
    gaps = pd.DataFrame([g.__dict__ for g in inputs.readiness.gaps])
    _table(gaps, ["item_id", "title", "maturity", "target", "priority"], "No readiness gaps.")


def _supporting_records(frame: pd.DataFrame | None) -> None:
    """Suppliers, datasets and life-cycle records with the checks' gaps (as the pack prints)."""
    if frame is None:
        return
    st.markdown("**Suppliers, data and life-cycle records** (9.3.2 b, d)")
    _table(frame, ["area", "controls", "records", "gaps"], "No supporting records.")


def _objective_rows(objectives: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for o in objectives.to_dict("records"):
        known = o["measure"] in MEASURES
        rows.append(
            {
                "id": o["id"],
                "name": o["name"],
                "now": shown(o["measure"], o["latest_value"]) if known else "no measure",
                "target": shown(o["measure"], o["target"]) if known else "—",
                "due_date": o["due_date"],
                "status": "behind" if o["behind"] else "on track",
            }
        )
    return pd.DataFrame(rows)


def _governance(found: GovernanceInputs | None, figures: dict) -> None:
    """AI objectives (6.2), the AI policy read (7.3), policies and procedures due (7.5.3), and
    what discovery found since the last review (4.1): the pack's governance paragraph."""
    if found is None:
        return
    st.markdown("**AI objectives and how far they are met** (6.2)")
    columns = ["id", "name", "now", "target", "due_date", "status"]
    _table(_objective_rows(found.objectives), columns, "No AI objectives set.")
    read = "—" if found.ai_policy_read is None else f"{found.ai_policy_read:.0%}"
    st.markdown(
        f"AI policy version {found.ai_policy_version or '—'}: read by {read} of the people in "
        f"AIMS roles (7.3). Policies past their review: {len(found.policies_due)}; "
        f"procedures not under control (7.5.3): {len(found.documents_uncontrolled)}. "
        f"AI found by discovery since the last review: {figures.get('ai_discovered', 0)}, "
        f"{figures.get('ai_discovered_open', 0)} of them neither catalogued nor dismissed."
    )
