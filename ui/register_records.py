"""The table, history, add and edit controls of a register page, drawn from its declaration.

The suppliers, datasets and life-cycle pages are the same screen over different registers:
a table in words, exports, a record's history, and forms to add, change and retire a record.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from risk_model.access import Actor
from risk_model.fields import Register
from store import records, supporting_registers
from store.connection import Store
from ui.forms import record_form
from ui.history import pick_history, record_labels
from ui.linking import linked_record, preselect
from ui.permissions import Permission
from ui.tables import column_words
from ui.widgets import attempt, download_buttons


def _yes_no(value: object) -> str:
    return {True: "Yes", False: "No"}.get(value, "—") if value == value else "—"


def shown(frame: pd.DataFrame, register: Register, columns: list[str]) -> pd.DataFrame:
    """The columns a page lists, with choices and yes/no values in words."""
    out = frame[["id", *columns]].copy()
    for name in columns:
        spec = register.field(name)
        if spec.kind == "enum":
            out[name] = out[name].map(lambda v, s=spec: s.label_of(v) if isinstance(v, str) else v)
        elif spec.kind == "list":
            out[name] = out[name].map(lambda v: ", ".join(v) if isinstance(v, list) else "")
        elif spec.kind == "bool":
            out[name] = out[name].map(_yes_no)
    return out


def records_table(
    frame: pd.DataFrame, register: Register, columns: list[str], key: str
) -> pd.DataFrame:
    """The register as a table with its field labels, and CSV / XLSX exports of all fields."""
    table = shown(frame, register, columns)
    labels = {"id": "ID", **{name: register.field(name).label for name in columns}}
    st.dataframe(table, hide_index=True, width="stretch", column_config=column_words(table, labels))
    download_buttons(frame, register.table, register.label[:31], key)
    return table


def record_history(db: Store, frame: pd.DataFrame, register: Register, actor: Actor, noun: str):
    if not frame.empty:
        pick_history(db, register.table, record_labels(frame, register.title_field), actor, noun)


def linked_system(frame: pd.DataFrame, noun: str) -> str | None:
    """The AI system a finding's Fix link names (``?record=SYS-…``) when it is not one of
    this register's records: the add form opens for it, with a note saying so."""
    wanted = linked_record()
    if wanted is None or wanted in set(frame["id"]):
        return None
    st.info(f"{wanted} comes from a pre-audit finding: add a {noun} for it below.")
    return wanted


def add_form(
    db: Store,
    register: Register,
    actor: Actor,
    may: Permission,
    noun: str,
    prefill: dict | None = None,
) -> None:
    """``prefill``: values the form starts with (the system a finding names), opened."""
    with (
        st.expander(f"Add a {noun}", expanded=bool(prefill)),
        st.form(f"add-{register.name}", clear_on_submit=True),
    ):
        may.note()
        values = record_form(register, prefill or {}, f"add-{register.name}")
        if st.form_submit_button(f"Add {noun}", type="primary", **may.control) and attempt(
            lambda: records.add_record(db, register, values, actor),
            f"{noun.capitalize()} added",
        ):
            st.rerun()


def edit_form(
    db: Store,
    frame: pd.DataFrame,
    register: Register,
    actor: Actor,
    may: Permission,
    noun: str,
) -> None:
    """Pick a record, change its fields or retire it (retirement keeps it and its history)."""
    if frame.empty:
        return
    labels = record_labels(frame, register.title_field)
    key = f"edit-pick-{register.name}"
    preselect(key, list(labels))
    with st.expander(f"Change or retire a {noun}", expanded=linked_record(labels) is not None):
        picked = st.selectbox(
            f"{noun.capitalize()} to change",
            list(labels),
            format_func=lambda i: labels[i],
            key=key,
        )
        current = frame.loc[frame["id"] == picked].iloc[0].to_dict()
        refusal = supporting_registers.change_refusal(db, register, picked, actor)
        may = Permission(refusal) if refusal else may
        with st.form(f"edit-{register.name}-{picked}"):
            may.note()
            values = record_form(register, current, f"edit-{register.name}-{picked}")
            save = st.form_submit_button("Save changes", type="primary", **may.control)
            retire = st.form_submit_button(f"Retire {noun}", **may.control)
        if save and attempt(
            lambda: records.change_record(db, register, picked, values, actor),
            "Changes saved",
        ):
            st.rerun()
        if retire and attempt(
            lambda: records.retire_record(db, register, picked, actor),
            f"{noun.capitalize()} retired",
        ):
            st.rerun()
