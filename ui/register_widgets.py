"""One register's list, export, history, add form and import, for the documented-AIMS pages
(policies, objectives, responsibilities, documents), drawn from its ``Register``."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from risk_model.access import Actor
from risk_model.fields import Register
from risk_model.file_reading import FileRejected
from store import importer, records
from store.connection import Store
from ui.control_widgets import export_buttons
from ui.forms import record_form
from ui.history import pick_history, record_labels
from ui.import_widgets import problems_table
from ui.permissions import permission
from ui.tables import column_words
from ui.widgets import attempt


def records_table(frame: pd.DataFrame, columns: list[str], key: str) -> None:
    shown = frame[[c for c in columns if c in frame]]
    st.dataframe(
        shown, column_config=column_words(shown), hide_index=True, width="stretch", key=key
    )


def register_tools(
    db: Store, actor: Actor, register: Register, frame: pd.DataFrame, noun: str, key: str
) -> None:
    """Export, a record's history, an "Add" form and an all-or-nothing import."""
    may = permission(actor, register.table, f"add or import {register.label.lower()}")
    export_buttons(
        lambda: importer.export_frame(db, register), register.name, register.label, f"{key}-dl"
    )
    pick_history(db, register.table, record_labels(frame, register.title_field), actor, noun)
    with st.expander(f"Add {noun}"), st.form(f"{key}-add", clear_on_submit=True):
        values = record_form(register, {}, f"{key}-new")
        if st.form_submit_button(f"Add {noun}", type="primary", **may.control) and attempt(
            lambda: records.add_record(db, register, values, actor), f"{noun.capitalize()} added"
        ):
            st.rerun()
    with st.expander(f"Import {register.label.lower()} (CSV or XLSX)"):
        st.caption(f"The same columns as the export; `python -m store import {register.name}`.")
        upload = st.file_uploader("File", type=["csv", "xlsx"], key=f"{key}-upload")
        if upload is not None and st.button("Import", key=f"{key}-import", **may.control):
            try:
                done = importer.import_file(db, register, upload.getvalue(), upload.name, actor)
            except FileRejected as error:
                st.error("Nothing was imported; fix these rows and try again:")
                problems_table(error.problems)
            else:
                st.success(
                    f"{done.created} created, {done.updated} updated, {done.unchanged} same."
                )
