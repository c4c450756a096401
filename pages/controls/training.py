"""Training and awareness (ISO/IEC 42001 7.2, 7.3): people, roles, courses and completions."""

import pandas as pd
import streamlit as st

from risk_model.file_reading import FileRejected
from risk_model.training import AIMS_ROLES, COURSES, EXPIRING_DAYS, PERSON, requirement_rows
from store import training
from ui.cache import cached_read
from ui.control_widgets import export_buttons
from ui.forms import record_form
from ui.history import pick_history, record_labels
from ui.import_widgets import problems_table
from ui.linking import only_linked
from ui.permissions import permission
from ui.session import current_actor, get_store, today
from ui.tables import column_words
from ui.widgets import attempt

db, actor = get_store(), current_actor()
may = permission(actor, "people", "add people, record training or import")
st.title("Training and awareness")
st.caption(
    "Who holds an AIMS role, which courses the role requires, and whether each person's "
    "training is current and effective (7.2 competence, 7.3 awareness, EU AI Act Art. 4)."
)

data = cached_read(training.overview)(db, today())
status, people = data.status, data.people
c1, c2, c3, c4 = st.columns(4)
c1.metric("People", len(people), border=True)
c2.metric("Coverage", f"{(~status['overdue']).mean():.0%}" if len(status) else "—", border=True)
c3.metric("Overdue", int(status["overdue"].sum()), help="Never completed, or expired.", border=True)
c4.metric(f"Expiring within {EXPIRING_DAYS} days", int(status["expiring"].sum()), border=True)

course_title = {k: c.title for k, c in COURSES.items()}
flags = status[status["overdue"] | status["expiring"]].assign(
    course=lambda f: f["course"].map(course_title),
    aims_roles=lambda f: f["aims_roles"].map(lambda r: ", ".join(AIMS_ROLES[x] for x in r)),
)
tabs = st.tabs(["Flags", "Coverage", "People", "Completions", "Requirements", "Import"])
with tabs[0]:
    flags = only_linked(flags, "person_id")  # a "Fix" link: that person's courses
    st.dataframe(
        flags[["name", "unit", "aims_roles", "course", "state", "completed_on", "valid_until"]],
        column_config=column_words(flags),
        hide_index=True,
        width="stretch",
        key="trn-flags",
    )
with tabs[1]:
    progress = st.column_config.ProgressColumn("Coverage", format="percent", max_value=1)
    left, right = st.columns(2)
    for column, by, table in (
        (left, "role", data.coverage_by_role),
        (right, "unit", data.coverage_by_unit),
    ):
        column.dataframe(
            table,
            hide_index=True,
            width="stretch",
            column_config=column_words(table, {"coverage": progress}),
            key=f"trn-cov-{by}",
        )
with tabs[2]:
    st.dataframe(
        people,
        column_config=column_words(people),
        hide_index=True,
        width="stretch",
        key="trn-people",
    )
    export_buttons(lambda: training.export_people(db), "people", "People", "trn-people-dl")
    pick_history(db, "people", record_labels(people, "name"), actor, "person")
    with st.form("trn-add-person", clear_on_submit=True):
        values = record_form(PERSON, {}, "trn-person")
        if st.form_submit_button("Add person", type="primary", **may.control):
            if attempt(lambda: training.add_person(db, values, actor), "Person added"):
                st.rerun()
with tabs[3]:
    completions = data.completions
    st.dataframe(
        completions,
        column_config=column_words(completions),
        hide_index=True,
        width="stretch",
        key="trn-completions",
    )
    export_buttons(lambda: training.export_completions(db), "training", "Training", "trn-dl")
    courses = completions.assign(course=completions["course"].map(lambda c: course_title.get(c, c)))
    labels = record_labels(courses, "name", "course", "completed_on")
    pick_history(db, "training_completions", labels, actor, "completion")
    with st.form("trn-add-completion", clear_on_submit=True):
        left, right = st.columns(2)
        names = dict(zip(people["id"], people["name"], strict=True))
        entry = {
            "person_id": left.selectbox(
                "Person", list(names), format_func=names.get, key="trn-c-person"
            ),
            "course": right.selectbox(
                "Course", list(COURSES), format_func=course_title.get, key="trn-c-course"
            ),
            "completed_on": left.date_input("Completed on", today(), key="trn-c-date"),
            "score": right.number_input(
                "Effectiveness score (0-100)", 0.0, 100.0, 80.0, key="trn-c-score"
            ),
            "assessment": left.selectbox(
                "Effectiveness assessment",
                [None, "effective", "partly effective", "not effective"],
                key="trn-c-assessment",
            ),
            "evaluated_by": right.text_input("Evaluated by", key="trn-c-evaluator") or None,
        }
        if st.form_submit_button("Record completion", type="primary", **may.control):
            if attempt(lambda: training.add_completion(db, entry, actor), "Completion recorded"):
                st.rerun()
with tabs[4]:
    rows = pd.DataFrame(requirement_rows())
    st.dataframe(
        rows,
        column_config=column_words(rows),
        hide_index=True,
        width="stretch",
        key="trn-requirements",
    )
    st.caption("Everyone takes the all-staff courses; each role adds its own.")
with tabs[5]:
    kind = st.radio(
        "Import into",
        ["people", "training"],
        horizontal=True,
        key="trn-import-kind",
        format_func={"people": "People", "training": "Completions"}.get,
    )
    upload = st.file_uploader("CSV or XLSX file", type=["csv", "xlsx"], key="trn-upload")
    if upload is not None and st.button("Import", type="primary", key="trn-import", **may.control):
        importer = training.import_people if kind == "people" else training.import_completions
        try:
            done = importer(db, upload.getvalue(), upload.name, actor)
        except FileRejected as error:
            st.error("Nothing was imported; fix these rows and try again:")
            problems_table(error.problems)
        else:
            st.success(f"{done.created} created, {done.updated} updated, {done.unchanged} same.")
