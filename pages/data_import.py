"""Import a register from CSV or XLSX: upload, map the columns and values, check, then import."""

import json

import streamlit as st

from risk_model.file_reading import FileRejected, read_table
from risk_model.row_validation import ID_FIELDS, Mapping, resolve_columns, unmatched_values
from store import registers
from store.importer import check_file
from ui.permissions import permission
from ui.session import current_actor, get_store
from ui.widgets import attempt

db, actor = get_store(), current_actor()
may = permission(actor, "imports", "import records")
st.title("Import")
st.caption(
    "All or nothing: a file with any problem changes nothing, and every problem is listed "
    "with its row and column. Re-importing a file updates the same records."
)

names = [n for n, io in registers.REGISTERS.items() if io.import_file is not None]
name = st.selectbox("Register", names, format_func=lambda n: registers.get(n).register.label)
register = registers.get(name).register
upload = st.file_uploader("CSV or XLSX file", type=["csv", "txt", "tsv", "xlsx"])
if upload is None:
    st.stop()
data = upload.getvalue()
try:
    table = read_table(data, upload.name)
except FileRejected as error:
    st.error("The file cannot be read:")
    st.dataframe(
        [{"row": p.row or "", "column": p.field, "problem": p.message} for p in error.problems],
        hide_index=True,
        width="stretch",
    )
    st.stop()
st.success(
    f"{len(table.rows)} rows, {len(table.columns)} columns, read as {table.encoding or 'XLSX'}."
)

st.subheader("1 · Map the columns")
auto, _ = resolve_columns(table, register, Mapping())
targets = [None, *ID_FIELDS, *register.field_names]
labels = {"id": "Record id (update)", "external_id": "External id (stable id in the source)"}
labels.update({f.name: f.label + (" *" if f.required else "") for f in register.fields})
columns = {}
grid = st.columns(3)
for index, column in enumerate(table.columns):
    default = auto.get(column)
    choice = grid[index % 3].selectbox(
        column,
        targets,
        index=targets.index(default) if default in targets else 0,
        format_func=lambda t: "— ignore —" if t is None else labels[t],
        key=f"map-{name}-{column}",
    )
    if choice:
        columns[column] = choice

st.subheader("2 · Map values that match no option")
values: dict[str, dict[str, str]] = {}
for target, misses in unmatched_values(table, register, columns).items():
    spec = register.field(target)
    with st.expander(f"{spec.label}: {len(misses)} unrecognised values", expanded=False):
        for miss in misses:
            choice = st.selectbox(
                miss[:120],
                [None, *spec.choices],
                key=f"val-{name}-{target}-{miss}",
                format_func=lambda c, spec=spec: "keep as unknown"
                if c is None
                else spec.label_of(c),
            )
            if choice:
                values.setdefault(target, {})[miss] = choice
st.caption("Unmapped values import as “unknown”, and the original text is kept on the record.")

st.subheader("3 · Check and import")
mapping = {"columns": columns, "values": values}
st.download_button(
    "Download this mapping (JSON) for the command line",
    json.dumps(mapping, indent=2, ensure_ascii=False),
    f"{name}-mapping.json",
    "application/json",
)
try:
    checked = check_file(data, upload.name, register, mapping)
except FileRejected as error:
    st.error(f"{len(error.problems)} problem(s); nothing will be imported until they are fixed.")
    st.dataframe(
        [{"row": p.row or "", "column": p.field, "problem": p.message} for p in error.problems],
        hide_index=True,
        width="stretch",
    )
    st.stop()
st.info(f"{len(checked.rows)} rows are valid.")
if st.button(
    f"Import {len(checked.rows)} rows into the {register.label}", type="primary", **may.control
):
    io = registers.get(name)
    result = {}
    if attempt(
        lambda: result.update(s=io.import_file(db, data, upload.name, actor, mapping)), "Imported"
    ):
        summary = result["s"]
        st.success(
            f"{summary.created} created, {summary.updated} updated, {summary.unchanged} unchanged."
        )
