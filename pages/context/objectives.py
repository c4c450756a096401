"""AI objectives (ISO/IEC 42001 6.2): measurable targets with owners, plans and due dates,
and their measures computed from the store and tracked over time."""

import streamlit as st

from charts.objectives import objective_trend
from risk_model.access import can
from risk_model.objectives import MEASURES, OBJECTIVE, shown
from store import objectives
from ui.cache import cached_read
from ui.register_widgets import records_table, register_tools
from ui.session import current_actor, get_store, today
from ui.text import plain
from ui.widgets import attempt

db, actor = get_store(), current_actor()
st.title("AI objectives")
st.caption(
    "Each objective has a measurable target, an owner, a due date and a plan: what will be "
    "done, with which resources, when, and how the results are evaluated (6.2). Its measure "
    "is computed from the records and recorded over time."
)

frame = cached_read(objectives.list_objectives)(db, today())
c1, c2, c3 = st.columns(3)
c1.metric("Objectives", len(frame), border=True)
c2.metric("Behind target", sum(bool(b) for b in frame["behind"]), border=True)
c3.metric("Without a measure or plan", int((frame["gaps"] != "").sum()), border=True)

tabs = st.tabs(["Progress", "Objectives"])
with tabs[0]:
    history = cached_read(objectives.measurements)(db)
    for item in frame.to_dict("records"):
        with st.container(border=True):
            measure = item["measure"]
            st.markdown(f"**{plain(item['id'])}**")
            st.text(item["name"])
            if measure not in MEASURES:
                st.warning("No measure: choose one so that progress can be tracked.")
                continue
            left, right = st.columns([1, 2])
            left.metric(
                MEASURES[measure].label,
                shown(measure, item["latest_value"]),
                help=f"Target {shown(measure, item['target'])}, due {item['due_date']}",
            )
            if item["missed"]:
                left.warning("Missed: behind its target at its due date.", icon=":material/error:")
            elif item["behind"]:
                left.warning("Behind its target.")
            if item["gaps"]:
                left.caption(f"Lacks {item['gaps']}.")
            mine = history[history["objective_id"] == item["id"]]
            right.plotly_chart(
                objective_trend(mine, measure, item["target"]), key=f"obj-trend-{item['id']}"
            )
    allowed = can(actor, "write", OBJECTIVE.table)
    if st.button("Record today's values", disabled=not allowed, key="obj-record") and attempt(
        lambda: objectives.record_measurements(db, today(), actor), "Today's values recorded"
    ):
        st.rerun()
with tabs[1]:
    records_table(
        frame,
        [
            "id",
            "name",
            "measure",
            "target",
            "latest_value",
            "owner",
            "due_date",
            "plan_what",
            "plan_resources",
            "plan_when",
            "plan_evaluation",
            "reference",
        ],
        "obj-list",
    )
    register_tools(db, actor, OBJECTIVE, frame, "objective", "obj")
