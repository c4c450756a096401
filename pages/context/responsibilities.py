"""Roles and responsibilities (ISO/IEC 42001 5.3, A.3.2): who is responsible, accountable,
consulted and informed for each AIMS responsibility, as assigned by top management."""

import streamlit as st

from risk_model.responsibilities import RESPONSIBILITY
from store import responsibilities
from ui.cache import cached_read
from ui.register_widgets import records_table, register_tools
from ui.session import current_actor, get_store

db, actor = get_store(), current_actor()
st.title("Roles and responsibilities")
st.caption(
    "The RACI of AIMS responsibilities across AIMS roles and named people: R responsible, "
    "A accountable (exactly one), C consulted, I informed (5.3, A.3.2)."
)

frame = cached_read(responsibilities.list_responsibilities)(db)
matrix = cached_read(responsibilities.matrix)(db)
missing = frame[frame["accountable"].fillna("").astype(str).str.strip() == ""]
if len(missing):
    st.warning(f"{len(missing)} responsibilities have nobody accountable.")
st.dataframe(matrix, hide_index=True, width="stretch", key="raci-matrix")
with st.expander("Assignments by top management"):
    records_table(
        frame,
        [
            "id",
            "name",
            "reference",
            "responsible",
            "accountable",
            "consulted",
            "informed",
            "assigned_by",
            "assigned_on",
        ],
        "raci-list",
    )
register_tools(db, actor, RESPONSIBILITY, frame, "responsibility", "raci")
