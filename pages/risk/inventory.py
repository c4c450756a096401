"""AI system inventory (ISO/IEC 42001 4.1): browse, filter, edit, retire and export."""

import streamlit as st

from risk_model.inventory import AI_SYSTEM, EU_AI_ACT_TIER_LABELS, LIFECYCLE_STAGES
from store import importer, inventory
from store.inventory import CLASSIFIER_FIELDS
from ui.cache import cached_read
from ui.control_widgets import export_buttons
from ui.forms import record_form
from ui.inventory_widgets import system_editor
from ui.linking import linked_list, linked_record, selected_row
from ui.permissions import permission
from ui.session import current_actor, get_store, today
from ui.tables import sentence_case
from ui.text import plain
from ui.widgets import attempt

# The inventory columns this page uses: only these are cached and copied on a rerun.
SHOWN = (
    "id",
    "name",
    "business_unit",
    "owner",
    "eu_ai_act_tier",
    "lifecycle_stage",
    "next_review_date",
    "review_overdue",
    "completeness",
    "missing_fields",
    "status",
)

db, actor = get_store(), current_actor()
st.title("AI system inventory")
st.caption("The centralised register of every AI system the organisation builds, provides or uses.")
TABS = ["Edit selected system", "Add a system"]
linked = linked_record()  # a "Fix" link: the record's form goes right under the title
if linked:
    tab_edit, tab_add = st.tabs(TABS)

with st.expander("Filters", expanded=not linked):
    c1, c2, c3, c4 = st.columns([2, 1, 1, 1])
    search = c1.text_input("Search name, description, provider, id", key="inv-search")
    tiers = c2.multiselect(
        "EU AI Act tier",
        list(EU_AI_ACT_TIER_LABELS),
        format_func=EU_AI_ACT_TIER_LABELS.get,
        key="inv-tiers",
    )
    units = c3.multiselect(
        "Business unit",
        cached_read(inventory.distinct_values)(db, "business_unit"),
        key="inv-units",
    )
    stages = c4.multiselect("Lifecycle stage", LIFECYCLE_STAGES, key="inv-stages")
    show_retired = st.toggle("Include retired systems", key="inv-retired")
    only_gaps = st.toggle("Only overdue or incomplete records", key="inv-gaps")
    mine = st.toggle(
        f"Only my systems (owner {plain(actor.name)})",
        value="ml_owner" in actor.roles and not linked,  # a link opens any system
        key="inv-mine",
    )

where = inventory.SystemFilter(
    search=search,
    tiers=tuple(tiers),
    business_units=tuple(units),
    lifecycle_stages=tuple(stages),
    statuses=("active", "retired") if show_retired else ("active",),
    owner=actor.name if mine else "",
)
systems = cached_read(inventory.list_system_columns)(db, where, today(), SHOWN)
if linked_list() == "high_risk":  # the overview tile of that name
    systems = systems[systems["eu_ai_act_tier"] == "high"]
    st.info("Showing only the EU AI Act high-risk systems.")
if linked_list() == "overdue_reviews":  # the overview tile of that name
    systems = systems[systems["review_overdue"]]
    st.info("Showing only the systems whose review is overdue.")
if only_gaps:
    systems = systems[systems["review_overdue"] | (systems["completeness"] < 1)]

m1, m2, m3, m4 = st.columns(4)
m1.metric("Systems shown", len(systems), border=True)
m2.metric("Overdue reviews", int(systems["review_overdue"].sum()), border=True)
m3.metric(
    "Average completeness",
    f"{systems['completeness'].mean():.0%}" if len(systems) else "—",
    border=True,
)
m4.metric("High-risk", int((systems["eu_ai_act_tier"] == "high").sum()), border=True)

TABLE = ["tier" if c == "eu_ai_act_tier" else c for c in SHOWN]  # the tier in words
view = systems.assign(tier=systems["eu_ai_act_tier"].map(EU_AI_ACT_TIER_LABELS))[TABLE]
view = view.assign(status=sentence_case(view["status"]))
event = st.dataframe(
    view,
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    selection_default=selected_row(view["id"], linked),
    key="inv-table",
    column_config={
        "id": "ID",
        "name": "Name",
        "business_unit": "Business unit",
        "owner": "Owner",
        "tier": "EU AI Act",
        "lifecycle_stage": "Lifecycle stage",
        "next_review_date": st.column_config.DateColumn("Next review"),
        "review_overdue": st.column_config.CheckboxColumn("Overdue"),
        "completeness": st.column_config.ProgressColumn(
            "Complete", format="percent", min_value=0, max_value=1
        ),
        "missing_fields": "Missing",
        "status": "Status",
    },
)
export_buttons(
    lambda: importer.export_frame(db, AI_SYSTEM), "ai_system_inventory", "Inventory", "inv"
)

selected = event.selection.rows
system_id = view.iloc[selected[0]]["id"] if selected else linked_record(view["id"])
if not linked:
    tab_edit, tab_add = st.tabs(TABS)
with tab_edit:
    if system_id is None:
        st.info("Select a row in the table to edit, retire or see the history of a system.")
    else:
        system_editor(db, actor, system_id)
adding = permission(actor, AI_SYSTEM.table, "add a system")
with tab_add, st.form("add-system", clear_on_submit=True):
    adding.note()
    values = record_form(AI_SYSTEM, {}, "add", CLASSIFIER_FIELDS)
    if st.form_submit_button("Add system", type="primary", **adding.control):
        if attempt(lambda: inventory.add_system(db, values, actor), "System added"):
            st.rerun()
