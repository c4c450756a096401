"""Certification roadmap: remediation actions as a Gantt timeline against the target date."""

import streamlit as st

from risk_model.readiness import ACTION_STATUSES, PRIORITIES, REMEDIATION_ACTION
from store import certification, readiness
from ui.cache import cached_read
from ui.forms import record_form
from ui.history import render_history
from ui.permissions import permission
from ui.roadmap_widgets import roadmap_view
from ui.session import current_actor, get_store, today
from ui.tables import column_words, sentence_case
from ui.text import plain
from ui.widgets import attempt, download_buttons

db, actor = get_store(), current_actor()
may = permission(actor, "remediation_actions", "change the roadmap")
st.title("Certification roadmap")
st.caption(
    "The guide's rule of thumb: start readiness 6-9 months before the target certification "
    "date; assessment takes 4-8 weeks and remediation 3-6 months, and every action must end "
    "before Stage 1 and Stage 2 need the time left."
)

cycle, actions, fit, gantt = cached_read(roadmap_view)(db, today())
open_actions = actions[actions["status"].isin(["planned", "in progress"])]
c1, c2, c3, c4 = st.columns(4)
c1.metric(
    "Target certification", cycle.target_date.isoformat() if cycle.target_date else "—", border=True
)
c2.metric(
    "Days to target",
    (cycle.target_date - today()).days if cycle.target_date else "—",
    border=True,
)
c3.metric("Open actions", len(open_actions), border=True)
c4.metric("Late actions", int(actions["late"].sum()), border=True)

if fit.fits:
    st.success("The plan fits: every open action ends before the remediation cutoff.")
for warning in fit.warnings:
    st.warning(plain(warning), icon=":material/schedule:")

if gantt is not None:
    st.plotly_chart(gantt, key="rm-gantt")
else:
    st.info("No remediation actions yet: create them from the gaps on the readiness page.")
st.dataframe(
    actions.assign(
        status=sentence_case(actions["status"]), priority=sentence_case(actions["priority"])
    ),
    hide_index=True,
    width="stretch",
    key="rm-table",
    column_config=column_words(
        actions, {"late": st.column_config.CheckboxColumn("Late"), "notes": None}
    ),
)
download_buttons(actions, "remediation_roadmap", "Roadmap", "rm")

may.note()
tab_edit, tab_add, tab_plan = st.tabs(["Update an action", "Add an action", "Plan dates"])
with tab_edit:
    if len(actions):
        titles = dict(zip(actions["id"], actions["title"], strict=True))
        chosen = st.selectbox(
            "Action",
            list(actions["id"]),
            key="rm-action",
            format_func=lambda i: f"{i} · {titles[i]}",
        )
        row = actions.set_index("id").loc[chosen]
        with st.form(f"rm-edit-{chosen}"):
            choices = ACTION_STATUSES[:-1]
            current = choices.index(row["status"]) if row["status"] in choices else 0
            status = st.selectbox("Status", choices, index=current, key=f"rm-status-{chosen}")
            owner = st.text_input("Owner", row["owner"] or "", key=f"rm-owner-{chosen}")
            rank = PRIORITIES.index(row["priority"] or "medium")
            priority = st.selectbox("Priority", PRIORITIES, rank, key=f"rm-priority-{chosen}")
            due = st.date_input("Deadline", row["due_date"], key=f"rm-due-{chosen}")
            if st.form_submit_button("Save action", type="primary", **may.control):
                values = {"status": status, "owner": owner, "priority": priority, "due_date": due}
                if attempt(
                    lambda: readiness.update_action(db, chosen, values, actor, today()), "Saved"
                ):
                    st.rerun()
        render_history(db, "remediation_actions", chosen, actor)
with tab_add, st.form("rm-add", clear_on_submit=True):
    values = record_form(REMEDIATION_ACTION, {}, "rm-add")
    if st.form_submit_button("Add action", type="primary", **may.control):
        if attempt(lambda: readiness.add_action(db, values, actor), "Action added"):
            st.rerun()
with tab_plan, st.form("rm-plan"):
    target = st.date_input("Target certification date", cycle.target_date, key="rm-target")
    start = st.date_input("Readiness started", cycle.readiness_start, key="rm-start")
    lead = st.number_input(
        "Weeks that Stage 1 and Stage 2 need before the target",
        0,
        52,
        cycle.stage_lead_weeks,
        key="rm-lead",
    )
    if st.form_submit_button("Save plan", type="primary", **may.control):
        plan = {"target_date": target, "readiness_start": start, "stage_lead_weeks": int(lead)}
        if attempt(lambda: certification.save_cycle(db, plan, actor), "Plan saved"):
            st.rerun()
