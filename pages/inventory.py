"""AI system inventory (ISO/IEC 42001 4.1): browse, filter, edit, retire and export."""

import streamlit as st

from risk_model.inventory import AI_SYSTEM, EU_AI_ACT_TIER_LABELS, LIFECYCLE_STAGES
from store import classification, importer, inventory
from ui.cache import cached_read
from ui.control_widgets import export_buttons
from ui.forms import record_form
from ui.history import render_history
from ui.session import current_actor, get_store, today
from ui.text import plain
from ui.widgets import attempt

# The inventory columns this page uses: only these are cached and copied on a rerun.
SHOWN = ("id", "name", "business_unit", "owner", "eu_ai_act_tier", "lifecycle_stage",
         "next_review_date", "review_overdue", "completeness", "missing_fields", "status")  # fmt: skip

db, actor = get_store(), current_actor()
st.title("AI system inventory")
st.caption("The centralised register of every AI system the organisation builds, provides or uses.")

with st.expander("Filters", expanded=True):
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
        value="ml_owner" in actor.roles,
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

SHOWN = ["id", "name", "business_unit", "owner", "tier", "lifecycle_stage", "next_review_date",
         "review_overdue", "completeness", "missing_fields", "status"]  # fmt: skip
view = systems.assign(tier=systems["eu_ai_act_tier"].map(EU_AI_ACT_TIER_LABELS))[SHOWN]
event = st.dataframe(
    view,
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
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
linked = st.query_params.get("record")  # e.g. the "Fix" link of a pre-audit check
system_id = (
    view.iloc[selected[0]]["id"] if selected else linked if linked in set(view["id"]) else None
)
tab_edit, tab_add = st.tabs(["Edit selected system", "Add a system"])
with tab_edit:
    if system_id is None:
        st.info("Select a row in the table to edit, retire or see the history of a system.")
    else:
        record = inventory.get_system(db, system_id)
        st.subheader(f"{plain(record['name'])} · {plain(system_id)}")
        with st.form(f"edit-{system_id}"):
            values = record_form(AI_SYSTEM, record, f"edit-{system_id}")
            if st.form_submit_button("Save changes", type="primary"):
                if attempt(lambda: inventory.update_system(db, system_id, values, actor), "Saved"):
                    st.rerun()
        if record["status"] == "active":
            if st.button("Retire this system", key=f"retire-{system_id}"):
                if attempt(lambda: inventory.retire_system(db, system_id, actor), "Retired"):
                    st.rerun()
        elif st.button("Restore this system", key=f"restore-{system_id}"):
            if attempt(lambda: inventory.restore_system(db, system_id, actor), "Restored"):
                st.rerun()
        originals = importer.source_values(record)
        if originals:
            st.warning(
                "Imported values that matched no known option: "
                + plain("; ".join(f"{k}: “{v}”" for k, v in originals.items()))
            )
        with st.expander("EU AI Act classification"):
            classified = classification.classification_history(db, system_id)
            if classified.empty:
                st.info("Not classified with the assistant yet.")
                st.page_link("pages/classification.py", label="Classify this system")
            else:
                latest = classified.iloc[0]
                st.markdown(f"**{plain(latest['label'])}** — {plain(latest['rationale'])}")
                st.caption(
                    f"Classified {latest['classified_at']:%Y-%m-%d} by {plain(latest['classified_by'])}"
                )
                st.dataframe(
                    classified[["classified_at", "classified_by", "label"]], hide_index=True
                )
        render_history(db, "ai_systems", system_id, actor)
with tab_add, st.form("add-system", clear_on_submit=True):
    values = record_form(AI_SYSTEM, {}, "add")
    if st.form_submit_button("Add system", type="primary"):
        if attempt(lambda: inventory.add_system(db, values, actor), "System added"):
            st.rerun()
