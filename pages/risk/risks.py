"""AI risk register (ISO/IEC 42001 6.1.2, 6.1.3, 8.2, 8.3): filter, add, edit, accept, history."""

from dataclasses import replace

import streamlit as st

from store import risk_files, risks
from ui.cache import cached_read
from ui.history import render_history
from ui.linking import RISK_SUBSETS, linked_list, linked_record, selected_row
from ui.permissions import permission
from ui.risk_widgets import page_of, register_levels, register_view, risk_filters, risk_form
from ui.session import current_actor, get_store, today
from ui.tables import column_words
from ui.text import plain
from ui.widgets import attempt, download_buttons

db, actor = get_store(), current_actor()
settings = risks.get_settings(db)
st.title("AI risk register")
st.caption(
    f"Levels from the {settings.matrix.likelihood.size} × {settings.matrix.severity.size} risk "
    f"matrix; risk appetite: {settings.appetite_name}. Residual risk is after treatment."
)

TABS = ["Edit selected risk", "Add a risk", "Import"]
linked = linked_record()  # a "Fix" link: the risk's form goes right under the title
if linked:
    tab_edit, tab_add, tab_import = st.tabs(TABS)
where, as_of = risk_filters(db, "rsk", today())
levels = register_levels(db, where, as_of, today())
only = RISK_SUBSETS.get(linked_list() or "")  # an overview tile: exactly what it counts
if only and len(levels):
    levels = levels[levels[only[0]].fillna(False).astype(bool)]
    st.info(f"Showing only the {only[1]}.")
if as_of:
    st.info(f"The register as it stood at the end of {as_of:%d %B %Y}. Editing shows today's.")

m1, m2, m3, m4 = st.columns(4)
m1.metric("Risks shown", len(levels), border=True)
m2.metric("Above appetite", int(levels["above_appetite"].sum()) if len(levels) else 0, border=True)
m3.metric(
    "Overdue treatments", int(levels["treatment_overdue"].sum()) if len(levels) else 0, border=True
)
m4.metric("Acceptances expired", int(levels["reopened"].sum()) if len(levels) else 0, border=True)

shown = replace(where, ids=tuple(page_of(list(levels["id"]), "rsk")))
frame = (
    cached_read(risks.list_risks)(db, shown, as_of=as_of, today=today()) if len(levels) else levels
)

view = register_view(frame)
event = st.dataframe(
    view,
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    selection_default=selected_row(view["id"], linked),
    key="rsk-table",
    column_config=column_words(
        view,
        {
            "id": "ID",
            "title": "Risk",
            "systems": "AI systems",
            "mit_subdomain": "MIT subdomain",
            "owner": "Owner",
            "inherent_level": "Inherent",
            "residual_level": "Residual",
            "above_appetite": st.column_config.CheckboxColumn("Above appetite"),
            "treatment": "Treatment",
            "treatment_due": st.column_config.DateColumn("Due"),
            "treatment_overdue": st.column_config.CheckboxColumn("Overdue"),
            "effective_status": "Status",
            "flags": "Flags",
        },
    ),
)
if st.toggle("Export the whole register (CSV, XLSX)", key="rsk-export"):
    download_buttons(cached_read(risk_files.export_frame)(db), "ai_risk_register", "Risks", "rsk")

selected = event.selection.rows
risk_id = view.iloc[selected[0]]["id"] if selected else linked_record(levels["id"])
if not linked:
    tab_edit, tab_add, tab_import = st.tabs(TABS)
with tab_edit:
    if risk_id is None:
        st.info("Select a row in the table to edit, accept or see the history of a risk.")
    else:
        record = risks.get_risk(db, risk_id)
        may = permission(actor, "risks", "change this risk", record.get("owner"))
        may.note()
        st.subheader(f"{plain(record['title'])} · {plain(risk_id)}")
        with st.form(f"edit-{risk_id}"):
            values = risk_form(db, settings, record, f"edit-{risk_id}")
            if st.form_submit_button("Save changes", type="primary", **may.control):
                if attempt(lambda: risks.update_risk(db, risk_id, values, actor), "Saved"):
                    st.rerun()
        with st.expander("Risk acceptance"), st.form(f"accept-{risk_id}"):
            c1, c2, c3 = st.columns(3)
            approver = c1.text_input("Approver", record.get("accepted_by") or "")
            accepted_on = c2.date_input("Accepted on", today(), key=f"acc-on-{risk_id}")
            expires = c3.date_input("Expires on", None, key=f"acc-exp-{risk_id}")
            if st.form_submit_button("Record acceptance", **may.control):
                accept = lambda: risks.accept_risk(  # noqa: E731
                    db, risk_id, approver, accepted_on, expires, actor
                )
                if attempt(accept, "Acceptance recorded"):
                    st.rerun()
        if record["status"] != "retired" and st.button(
            "Retire this risk", key=f"ret-{risk_id}", **may.control
        ):
            if attempt(lambda: risks.retire_risk(db, risk_id, actor), "Retired"):
                st.rerun()
        with st.expander("Versions"):
            st.caption("Every version of the risk, with the period it was in force.")
            versions = risks.versions(db, risk_id).drop(columns=["record"])
            st.dataframe(
                versions, column_config=column_words(versions), hide_index=True, width="stretch"
            )
        render_history(db, "risks", risk_id, actor)
adding = permission(actor, "risks", "add or import risks")
with tab_add, st.form("add-risk", clear_on_submit=True):
    adding.note()
    values = risk_form(db, settings, {}, "add-risk")
    if st.form_submit_button("Add risk", type="primary", **adding.control):
        if attempt(lambda: risks.add_risk(db, values, actor), "Risk added"):
            st.rerun()
with tab_import:
    st.caption("CSV or XLSX with the export's columns; all or nothing, each problem by row.")
    upload = st.file_uploader("Risk register file", type=["csv", "xlsx"], key="rsk-upload")
    if upload is not None and st.button("Import risks", key="rsk-import", **adding.control):
        result: dict = {}
        run = lambda: result.update(  # noqa: E731
            s=risk_files.import_file(db, upload.getvalue(), upload.name, actor)
        )
        if attempt(run, "Imported"):
            s = result["s"]
            st.success(f"{s.created} created, {s.updated} updated, {s.unchanged} unchanged.")
