"""Data for AI systems (A.7.2-A.7.6, A.4.3): provenance, quality, personal data, use."""

import streamlit as st

from risk_model.datasets import DATASET
from store import supporting_registers
from ui.permissions import permission
from ui.register_records import (
    add_form,
    edit_form,
    linked_system,
    record_history,
    records_table,
)
from ui.session import current_actor, get_store
from ui.supplier_widgets import dataset_summary

db, actor = get_store(), current_actor()
may = permission(actor, "datasets", "add or change datasets")
st.title("Datasets")
st.caption(
    "Annex A.7.2-A.7.6 and A.4.3: where each dataset comes from and how it was acquired, its "
    "quality checks and preparation, personal and special-category data with their legal "
    "basis, and the AI systems and monitored models that use it. A monitored model's "
    "reference data is a dataset that lists the model."
)

frame = supporting_registers.list_records(db, DATASET)
linked = linked_system(frame, "dataset")
dataset_summary(frame)
records_table(
    frame,
    DATASET,
    ["name", "purpose", "source", "personal_data", "special_category", "legal_basis"]
    + ["system_ids", "model_ids", "quality_checks", "owner"],
    "ds",
)
record_history(db, frame, DATASET, actor, "dataset")
add_form(db, DATASET, actor, may, "dataset", linked and {"system_ids": [linked]})
edit_form(db, frame, DATASET, actor, may, "dataset")
