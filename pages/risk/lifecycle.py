"""AI system life-cycle records (A.6.2.2-A.6.2.8): one record per system and stage."""

import pandas as pd
import streamlit as st

from risk_model.lifecycle import LIFECYCLE_RECORD, STAGE_LABELS, stage_matrix
from store import inventory, supporting_registers
from ui.permissions import permission
from ui.register_records import (
    add_form,
    edit_form,
    linked_system,
    record_history,
    records_table,
)
from ui.session import current_actor, get_store
from ui.tables import column_words

db, actor = get_store(), current_actor()
may = permission(actor, "lifecycle_records", "add or change life-cycle records")
st.title("AI system life-cycle records")
st.caption(
    "Annex A.6.2.2-A.6.2.8: per AI system, its requirements, design and development, "
    "verification and validation (test results, with monitor runs as evidence), deployment "
    "plan, operation and monitoring, technical documentation and event logs. A system in "
    "operation needs a verification and validation record and a deployment record."
)

frame = supporting_registers.list_records(db, LIFECYCLE_RECORD)
linked = linked_system(frame, "life-cycle record")
systems = inventory.select_systems(db, ("id", "name", "lifecycle_stage", "status"))
matrix = pd.DataFrame(stage_matrix(systems.to_dict("records"), frame.to_dict("records")))
st.subheader("Records per system and stage")
st.dataframe(
    matrix,
    hide_index=True,
    width="stretch",
    column_config=column_words(
        matrix,
        {
            "system_id": "System ID",
            "system": "AI system",
            "stage": "Current stage",
            "missing": "Missing in operation",
            **STAGE_LABELS,
        },
    ),
)
st.subheader("Records")
records_table(
    frame,
    LIFECYCLE_RECORD,
    ["system_id", "stage", "title", "test_results", "monitor_run_ids", "approved_by"]
    + ["recorded_on"],
    "lcr",
)
record_history(db, frame, LIFECYCLE_RECORD, actor, "life-cycle record")
add_form(db, LIFECYCLE_RECORD, actor, may, "life-cycle record", linked and {"system_id": linked})
edit_form(db, frame, LIFECYCLE_RECORD, actor, may, "life-cycle record")
