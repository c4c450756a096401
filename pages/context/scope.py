"""AIMS scope (ISO/IEC 42001 4.3): the statement and the in/out decision per AI system."""

import streamlit as st

from risk_model.context import scope_warnings
from risk_model.inventory import EU_AI_ACT_TIER_LABELS
from store import context
from ui.history import render_history
from ui.linking import linked_record, only_linked
from ui.permissions import permission
from ui.scope_widgets import save_scope_decisions
from ui.session import current_actor, get_store
from ui.text import plain
from ui.widgets import attempt

SHOWN_WARNINGS = 20  # findings shown one by one; a large estate lists the rest in a table

db, actor = get_store(), current_actor()
may = permission(actor, "aims_scope", "change the scope statement or scope decisions")
st.title("AIMS scope")
st.caption("Clause 4.3: which activities, locations, departments and AI systems the AIMS covers.")

scope, systems = context.scope_screen(db)
linked = linked_record(systems["id"])  # a "Fix" link: that decision first, nothing else
decisions = st.container() if linked else None
may.note()
with st.form("scope-statement"):
    statement = st.text_area("Scope statement *", scope.get("statement") or "", height=120)
    c1, c2 = st.columns(2)
    activities = c1.text_area("Business activities", scope.get("business_activities") or "")
    locations = c2.text_area("Locations", scope.get("locations") or "")
    departments = c1.text_area("Departments", scope.get("departments") or "")
    exclusions = c2.text_area("Exclusions and their reasons", scope.get("exclusions") or "")
    if st.form_submit_button("Save scope statement", type="primary", **may.control):
        values = {
            "statement": statement,
            "business_activities": activities,
            "locations": locations,
            "departments": departments,
            "exclusions": exclusions,
        }
        if attempt(lambda: context.save_scope(db, values, actor), "Scope saved"):
            st.rerun()
if scope:
    st.caption(f"Last changed {scope['updated_at']:%Y-%m-%d %H:%M} by {plain(scope['updated_by'])}")
    render_history(db, "aims_scope", "1", actor)

warnings = scope_warnings(systems.to_dict("records"))
st.subheader("Scope decisions per AI system")
capped = len(warnings) > SHOWN_WARNINGS
if capped:
    warnings = sorted(warnings, key=lambda w: w.severity != "major")  # majors first
    majors = sum(w.severity == "major" for w in warnings)
    st.caption(
        f"{len(warnings)} scope findings ({majors} major); the first {SHOWN_WARNINGS} "
        "are shown here, the others in the table below them."
    )
for warning in warnings[:SHOWN_WARNINGS]:
    show = st.error if warning.severity == "major" else st.warning
    show(f"**{warning.system_name}** ({warning.system_id}): {warning.message}")
if capped:
    rest = warnings[SHOWN_WARNINGS:]
    with st.expander(f"The other {len(rest)} findings"):
        st.dataframe(
            [
                {
                    "System": w.system_name,
                    "ID": w.system_id,
                    "Severity": w.severity,
                    "Finding": w.message,
                }
                for w in rest
            ],
            hide_index=True,
            width="stretch",
            key="scope-more-findings",
        )
if not warnings:
    st.success("Every active system has a justified scope decision.")

table = systems[["id", "name", "eu_ai_act_tier", "in_scope", "scope_justification"]].assign(
    eu_ai_act_tier=systems["eu_ai_act_tier"].map(EU_AI_ACT_TIER_LABELS)
)
with decisions or st.container():
    table = only_linked(table, "id")
    edited = st.data_editor(
        table,
        hide_index=True,
        width="stretch",
        key="scope-editor",
        disabled=may.denied or ["id", "name", "eu_ai_act_tier"],
        column_config={
            "id": "ID",
            "name": "AI system",
            "eu_ai_act_tier": "EU AI Act",
            "in_scope": st.column_config.CheckboxColumn("In scope"),
            "scope_justification": st.column_config.TextColumn("Justification", width="large"),
        },
    )
    if st.button("Save scope decisions", type="primary", **may.control) and attempt(
        lambda: save_scope_decisions(db, table, edited, actor), "Scope decisions saved"
    ):
        st.rerun()
