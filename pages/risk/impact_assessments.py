"""AI system impact assessments (ISO/IEC 42001 6.1.4, 8.4, A.5): who needs one, and the records."""

import streamlit as st

from risk_model.inventory import EU_AI_ACT_TIER_LABELS
from risk_model.risk_register import IMPACT_ASSESSMENT
from store import impact_assessments, inventory
from store.importer import export_frame
from ui.cache import cached_read
from ui.control_widgets import export_buttons
from ui.forms import record_form
from ui.history import render_history
from ui.linking import linked_list, linked_record, preselect, selected_row
from ui.permissions import permission
from ui.session import current_actor, get_store, today
from ui.text import plain
from ui.widgets import attempt, stop_without_systems

db, actor = get_store(), current_actor()
may = permission(actor, "impact_assessments", "add or change impact assessments")
st.title("AI system impact assessments")
st.caption(
    "Required for high-risk systems and for systems that make or influence decisions about "
    "people. An assessment is outdated after its review date, after 12 months, or when the "
    "system changed since."
)

statuses = cached_read(impact_assessments.system_statuses)(db, today())
stop_without_systems(len(statuses), "assess its impact")
required = statuses[statuses["required"]]
m1, m2, m3, m4 = st.columns(4)
m1.metric("Systems needing one", len(required), border=True)
m2.metric("Current", int((required["assessment_status"] == "current").sum()), border=True)
m3.metric("Missing", int((required["assessment_status"] == "missing").sum()), border=True)
m4.metric("Outdated", int((required["assessment_status"] == "outdated").sum()), border=True)

if linked_list() == "missing_or_outdated":  # the overview tile of that name
    st.session_state.setdefault("ia-gaps", True)
only_gaps = st.toggle("Only missing or outdated", key="ia-gaps")
shown = (
    statuses[statuses["assessment_status"].isin(["missing", "outdated"])] if only_gaps else statuses
)
shown = shown.assign(tier=shown["eu_ai_act_tier"].map(EU_AI_ACT_TIER_LABELS))
st.dataframe(
    shown[
        [
            "name",
            "business_unit",
            "tier",
            "required",
            "assessment_status",
            "assessed_on",
            "review_due",
        ]
    ],
    hide_index=True,
    width="stretch",
    key="ia-status",
    column_config={
        "name": "AI system",
        "business_unit": "Business unit",
        "tier": "EU AI Act",
        "required": st.column_config.CheckboxColumn("Required"),
        "assessment_status": "Impact assessment",
        "assessed_on": "Assessed on",
        "review_due": "Review due",
    },
)

st.subheader("Assessments")
assessments = cached_read(impact_assessments.list_assessments)(db)
system = linked_record(statuses["system_id"])  # a "Fix" link names the AI system
of_system = assessments.loc[assessments["system_id"] == system, "id"]
wanted = of_system.iloc[0] if len(of_system) else None  # its latest assessment
event = st.dataframe(
    assessments[["id", "system_name", "title", "assessed_on", "review_due", "reviewers"]],
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    key="ia-table",
    selection_default=selected_row(assessments["id"], wanted),
    column_config={
        "id": "ID",
        "system_name": "AI system",
        "title": "Assessment",
        "assessed_on": "Assessed on",
        "review_due": "Review due",
        "reviewers": "Reviewers",
    },
)
export_buttons(
    lambda: export_frame(db, IMPACT_ASSESSMENT), "impact_assessments", "Assessments", "ia"
)

names = cached_read(inventory.system_names)(db)
may.note()
preselect("ia-add-system", list(names))
TABS = ["Edit selected assessment", "Add an assessment"]
tab_edit, tab_add = st.tabs(TABS, default=TABS[1] if system and wanted is None else None)
rows = event.selection.rows
assessment_id = assessments.iloc[rows[0]]["id"] if rows else wanted
with tab_edit:
    if assessment_id is None:
        st.info("Select an assessment in the table to edit it.")
    else:
        record = impact_assessments.get_assessment(db, assessment_id)
        st.subheader(f"{plain(names.get(record['system_id']))} · {plain(assessment_id)}")
        with st.form(f"ia-edit-{assessment_id}"):
            values = record_form(
                IMPACT_ASSESSMENT, record, f"ia-{assessment_id}", skip=("status", "system_id")
            )
            if st.form_submit_button("Save changes", type="primary", **may.control):
                save = lambda: impact_assessments.update_assessment(  # noqa: E731
                    db, assessment_id, values, actor
                )
                if attempt(save, "Saved"):
                    st.rerun()
        render_history(db, "impact_assessments", assessment_id, actor)
with tab_add, st.form("ia-add", clear_on_submit=True):
    system_id = st.selectbox("AI system *", list(names), format_func=names.get, key="ia-add-system")
    values = record_form(IMPACT_ASSESSMENT, {}, "ia-add", skip=("status", "system_id"))
    if st.form_submit_button("Add assessment", type="primary", **may.control):
        add = lambda: impact_assessments.add_assessment(  # noqa: E731
            db, {**values, "system_id": system_id}, actor
        )
        if attempt(add, "Assessment added"):
            st.rerun()
