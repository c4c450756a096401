"""AI suppliers and customers (A.10.2-A.10.4): due diligence, AI contract clauses, reviews."""

import streamlit as st

from risk_model.suppliers import SUPPLIER
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
from ui.supplier_widgets import supplier_summary

db, actor = get_store(), current_actor()
may = permission(actor, "suppliers", "add or change suppliers")
st.title("AI suppliers and customers")
st.caption(
    "Annex A.10.2-A.10.4: the model providers, data providers and AI services the AI systems "
    "depend on, their due-diligence assessment and AI contract clauses; and the customers "
    "the organisation provides AI systems to."
)

frame = supporting_registers.list_records(db, SUPPLIER)
linked = linked_system(frame, "supplier")
supplier_summary(frame)
suppliers_tab, customers_tab = st.tabs(["Suppliers", "Customers"])
with suppliers_tab:
    records_table(
        frame.loc[frame["relationship"] == "supplier"],
        SUPPLIER,
        ["name", "kind", "system_ids", "assessment_score", "assessed_on", "assessment_result"]
        + ["clause_data_use", "clause_incident_notification", "clause_audit_rights"]
        + ["next_review_date", "owner"],
        "sup",
    )
with customers_tab:
    records_table(
        frame.loc[frame["relationship"] == "customer"],
        SUPPLIER,
        ["name", "system_ids", "services", "contract_reference", "owner"],
        "cust",
    )
record_history(db, frame, SUPPLIER, actor, "supplier or customer")
add_form(db, SUPPLIER, actor, may, "supplier or customer", linked and {"system_ids": [linked]})
edit_form(db, frame, SUPPLIER, actor, may, "supplier or customer")
