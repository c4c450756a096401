"""Import a register from CSV or XLSX: upload, map the columns and values, check, then import."""

import json

import streamlit as st

from risk_model.column_mapping import Mapping, resolve_columns
from risk_model.file_reading import FileRejected, read_table
from store import registers
from store.importer import check_file, may_import
from ui import import_widgets as steps
from ui.session import current_actor, get_store
from ui.widgets import attempt

db, actor = get_store(), current_actor()
st.title("Import")
st.caption(
    "All or nothing: a file with any problem changes nothing, and every problem is listed "
    "with its row and column. Re-importing a file updates the same records."
)

names = [n for n, io in registers.REGISTERS.items() if io.import_file is not None]
name = st.selectbox("Register", names, format_func=lambda n: registers.get(n).register.label)
register = registers.get(name).register
if not may_import(actor, register):
    st.info(
        f"Your role ({actor.role_label}) may not change the {register.label}, so it cannot "
        "import into it. Ask a compliance manager."
    )
    st.stop()
upload = st.file_uploader("CSV or XLSX file", type=["csv", "txt", "tsv", "xlsx"])
saved = st.file_uploader("Saved mapping (JSON, optional)", type=["json"], key="mapping-file")
if upload is None:
    st.stop()
data = upload.getvalue()
try:
    table = read_table(data, upload.name)
except FileRejected as error:
    st.error("The file cannot be read:")
    steps.problems_table(error.problems)
    st.stop()
loaded = steps.loaded_mapping(saved)
plan = resolve_columns(table.columns, register, loaded)
st.success(
    f"{len(table.rows)} rows, {len(table.columns)} columns, read as {table.encoding or 'XLSX'}."
)
with st.expander("First rows of the file", expanded=True):
    steps.preview(table, plan)
for note in plan.notes():
    st.caption(f"Note: {note}.")

st.subheader("1 · Map the columns")
key = f"{name}-{upload.name}-{saved.name if saved else ''}"
columns = steps.column_choices(table, register, plan, key)

st.subheader("2 · Values")
blank = steps.blank_choice(table, plan, loaded, key)
chosen = Mapping(columns, loaded.values, blank, loaded.match)
plan = resolve_columns(table.columns, register, chosen)
values = steps.value_choices(table, register, plan, chosen, key)
st.caption("Values kept as unknown import as “unknown”, and the original text is kept.")

st.subheader("3 · Match rows to records")
match = steps.match_choice(register, sorted(set(columns.values())), loaded.match, key)

st.subheader("4 · Check and import")
mapping = Mapping(columns, values, blank, match).to_dict()
st.download_button(
    "Download this mapping (JSON) to load it again or use it on the command line",
    json.dumps(mapping, indent=2, ensure_ascii=False),
    f"{name}-mapping.json",
    "application/json",
)
try:
    checked = check_file(data, upload.name, register, mapping)
except FileRejected as error:
    st.error(f"{len(error.problems)} problem(s); nothing will be imported until they are fixed.")
    steps.problems_table(error.problems)
    st.stop()
st.info(f"{len(checked.rows)} rows are valid.")
if st.button(f"Import {len(checked.rows)} rows into the {register.label}", type="primary"):
    io = registers.get(name)
    result = {}
    if attempt(
        lambda: result.update(s=io.import_file(db, data, upload.name, actor, mapping)), "Imported"
    ):
        summary = result["s"]
        st.success(
            f"{summary.created} created, {summary.updated} updated, {summary.unchanged} unchanged."
        )
        for note in summary.notes:
            st.caption(f"Note: {note}.")
