"""AI incident log (ISO/IEC 42001 A.8.4) with the EU AI Act Art. 73 reporting clock."""

import streamlit as st

from risk_model.incidents import AI_INCIDENT, OPEN_STATUSES
from store import incidents, inventory
from ui import incident_detail
from ui.forms import record_form
from ui.history import render_history
from ui.permissions import permission
from ui.session import current_actor, get_store, today
from ui.text import plain
from ui.widgets import attempt

db, actor = get_store(), current_actor()
may = permission(actor, "ai_incidents", "log or change an incident")
st.title("AI incidents")
st.caption(
    "Incidents from monitor breaches and from people. A serious incident under the EU AI Act "
    "(Art. 3(49)) must be reported within 15 days of becoming aware of the causal link (or its "
    "reasonable likelihood), 10 days on a death, and 2 days for a widespread infringement or "
    "critical infrastructure (Art. 73)."
)

log = incidents.list_incidents(db, today())
systems = inventory.system_names(db)
open_log = log[log["status"].isin(OPEN_STATUSES)]
serious_open = open_log[
    open_log["serious"].fillna(False).astype(bool) & open_log["reported_on"].isna()
]
overdue = serious_open[serious_open["art73_clock"].astype(str).str.startswith("OVERDUE")]
m1, m2, m3, m4 = st.columns(4)
m1.metric("Open incidents", len(open_log), border=True)
m2.metric("From monitor breaches", int(open_log["breach_key"].notna().sum()), border=True)
m3.metric("Serious, not yet reported", len(serious_open), border=True)
m4.metric("Art. 73 reports overdue", len(overdue), border=True)
for row in serious_open.itertuples():
    st.error(f"**{plain(row.id)}** {plain(row.title)} — Art. 73 clock: {row.art73_clock}")

only_open = st.toggle("Only open incidents", value=True, key="inc-open")
view = (open_log if only_open else log)[
    [
        "id",
        "title",
        "system_name",
        "incident_type",
        "severity",
        "status",
        "detected_on",
        "breach_count",
        "run_count",
        "affected_groups",
        "serious",
        "art73_clock",
    ]
]
event = st.dataframe(
    view,
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    key="inc-table",
    column_config={
        "id": "Incident",
        "title": "Title",
        "system_name": "AI system",
        "incident_type": "Type",
        "severity": "Severity",
        "status": "Status",
        "detected_on": st.column_config.DateColumn("Detected"),
        "breach_count": "Breaches",
        "run_count": "Runs",
        "affected_groups": "Affected groups",
        "serious": "Serious (Art. 3(49))",
        "art73_clock": "Art. 73 clock",
    },
)

tab_edit, tab_add = st.tabs(["Edit selected incident", "Log an incident"])
linked = st.query_params.get("record")  # e.g. a link from a pre-audit finding
if event.selection.rows:
    incident_id = view.iloc[event.selection.rows[0]]["id"]
else:
    incident_id = linked if linked in set(log["id"]) else None
with tab_edit:
    if incident_id is None:
        st.info("Select an incident in the table to update it, see its runs and history.")
    else:
        record = incidents.get_incident(db, incident_id)
        st.subheader(f"{plain(record['title'])} · {plain(incident_id)}", anchor=False)
        incident_detail.show_next_step(db, record)
        incident_detail.show_runs(db, incident_id)
        with st.form(f"inc-edit-{incident_id}"):
            values = record_form(AI_INCIDENT, record, f"inc-edit-{incident_id}", skip=())
            if st.form_submit_button("Save changes", type="primary", **may.control):
                if attempt(
                    lambda: incidents.update_incident(db, incident_id, values, actor), "Saved"
                ):
                    st.rerun()
        render_history(db, "ai_incidents", incident_id, actor)
with tab_add, st.form("inc-add", clear_on_submit=True):
    system_id = st.selectbox("AI system *", list(systems), format_func=systems.get, key="inc-sys")
    values = record_form(AI_INCIDENT, {"detected_on": today()}, "inc-add", skip=("system_id",))
    values["system_id"] = system_id
    may.note()
    if st.form_submit_button("Log incident", type="primary", **may.control):
        if attempt(lambda: incidents.add_incident(db, values, actor), "Incident logged"):
            st.rerun()
