"""Nonconformities and corrective actions (ISO/IEC 42001 10.2) and the certification gate."""

import streamlit as st

from risk_model.nonconformity import GRADES, MAX_WHYS, SOURCES, STATUSES
from store import nonconformities as ncs
from ui.cache import cached_read
from ui.history import pick_history, record_labels, render_history
from ui.linking import preselect
from ui.nonconformity_widgets import certification_gate, raise_form, verify_and_close
from ui.permissions import permission
from ui.session import current_actor, get_store, today
from ui.tables import column_words, sentence_case
from ui.text import plain
from ui.widgets import attempt, download_buttons

db, actor = get_store(), current_actor()
may = permission(actor, "nonconformities", "raise or work on nonconformities")
st.title("Nonconformities and corrective actions")
st.caption(
    "ISO/IEC 42001 10.2: find the root cause (5 Whys), act, and verify that the action was "
    "effective before closing. Sources: audits, incidents, monitor breaches, external audits."
)

register = cached_read(ncs.nonconformity_register)(db, today())
certification_gate(register.gate)

overdue = ncs.overdue_in(register.actions)
f1, f2, f3 = st.columns(3)
statuses = f1.multiselect("Status", STATUSES[:-1], default=list(STATUSES[:3]), key="nc-status")
grades = f2.multiselect("Grade", list(GRADES), format_func=GRADES.get, key="nc-grade")
sources = f3.multiselect("Source", SOURCES, key="nc-source")
frame = ncs.filter_nonconformities(
    register.nonconformities, tuple(statuses), tuple(grades), tuple(sources)
)
frame = frame.assign(status=sentence_case(frame["status"]), source=sentence_case(frame["source"]))
frame["flag"] = frame["overdue_actions"].map(lambda n: f"⚠ {n} overdue" if n else "")
columns = [
    "id",
    "title",
    "grade",
    "source",
    "reference",
    "system_name",
    "owner",
    "status",
    "raised_on",
    "actions",
    "has_plan",
    "flag",
]
st.dataframe(
    frame[columns],
    hide_index=True,
    width="stretch",
    key="nc-list",
    column_config=column_words(
        frame[columns], {"flag": "Overdue actions", "has_plan": "Has a plan"}
    ),
)
if not overdue.empty:
    st.warning(f"{len(overdue)} corrective action(s) overdue: {', '.join(overdue['id'])}.")
export = ncs.nonconformities_export(register.nonconformities)
download_buttons(export, "nonconformities", "Nonconformities", "nc-exp")

raise_form(db, actor, may)

everything = register.nonconformities
labels = dict(zip(everything["id"], everything["id"] + " · " + everything["title"], strict=True))
preselect("nc-pick", list(labels))  # a "Fix" link opens its nonconformity
nc_id = st.selectbox("Nonconformity", list(labels), format_func=labels.get, key="nc-pick")
if nc_id is None:
    st.stop()
nc = cached_read(ncs.get_nonconformity)(db, nc_id)
st.markdown(
    f"**{plain(nc['title'])}** · {GRADES[nc['grade']]} · {plain(nc['source'])} · "
    f"status **{plain(nc['status'])}**"
)
if nc.get("description"):
    st.caption(plain(nc["description"]))
render_history(db, "nonconformities", nc_id, actor)

st.subheader("Root cause: 5 Whys")
may.note()
with st.form(f"nc-whys-{nc_id}"):
    known = list(nc["whys"]) + [""] * MAX_WHYS
    whys = [st.text_input(f"Why {i + 1}", known[i]) for i in range(MAX_WHYS)]
    root = st.text_area("Root cause", nc.get("root_cause") or "")
    if st.form_submit_button("Save root cause", **may.control) and attempt(
        lambda: ncs.save_root_cause(db, nc_id, whys, root, actor), "Root cause saved"
    ):
        st.rerun()

st.subheader("Corrective actions")
actions = ncs.actions_of(register.actions, nc_id)
actions["flag"] = actions["overdue"].map(lambda o: "⚠ overdue" if o else "")
st.dataframe(
    actions[["id", "action", "owner", "deadline", "status", "done_on", "flag"]],
    hide_index=True,
    width="stretch",
    key="nc-actions",
    column_config=column_words(actions, {"flag": "Overdue"}),
)
with st.form(f"nc-action-{nc_id}", clear_on_submit=True):
    a1, a2, a3 = st.columns([3, 1, 1])
    action = a1.text_input("Action")
    owner = a2.text_input("Action owner")
    deadline = a3.date_input("Deadline", None, format="YYYY-MM-DD")
    if st.form_submit_button("Add action", **may.control) and attempt(
        lambda: ncs.add_action(
            db,
            {"nonconformity_id": nc_id, "action": action, "owner": owner, "deadline": deadline},
            actor,
        ),
        "Action added",
    ):
        st.rerun()
open_ids = list(actions.loc[actions["status"].isin(["planned", "in progress"]), "id"])
if open_ids:
    d1, d2 = st.columns([3, 1])
    done_id = d1.selectbox("Action done", open_ids, key=f"nc-done-{nc_id}")
    if d2.button("Mark done", key=f"nc-mark-{nc_id}", **may.control) and attempt(
        lambda: ncs.update_action(db, done_id, {"status": "done"}, actor, today()), "Done"
    ):
        st.rerun()
pick_history(db, "corrective_actions", record_labels(actions, "action"), actor, "action", nc_id)

st.subheader("Verification of effectiveness")
verify_and_close(db, actor, nc_id, nc, actions, may)
with st.expander("Corrective actions: all"):
    download_buttons(
        ncs.actions_export(register.actions), "corrective_actions", "Corrective actions", "ca-exp"
    )
