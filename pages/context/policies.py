"""AI policy and policies (ISO/IEC 42001 5.2, 7.3, A.2.2-A.2.4): versions, approval, review,
alignment, and who in an AIMS role has read the current AI policy."""

import streamlit as st

from risk_model.policies import ACKNOWLEDGEMENT, POLICY
from store import policies
from ui.cache import cached_read
from ui.policy_widgets import (
    ACKNOWLEDGEMENT_COLUMNS,
    coverage_tables,
    current_policy,
    new_version_form,
    own_acknowledgement,
)
from ui.register_widgets import records_table, register_tools
from ui.session import current_actor, get_store, today

db, actor = get_store(), current_actor()
st.title("AI policy and policies")
st.caption(
    "The AI policy approved by top management (5.2, A.2.2), the policies it must align with "
    "(A.2.3) and their reviews (A.2.4); people in AIMS roles confirm they read the current "
    "version (7.3)."
)

data = cached_read(policies.acknowledgement_overview)(db)
current_policy(data)
own_acknowledgement(db, actor, data, today())

frame = cached_read(policies.list_policies)(db)
tabs = st.tabs(["Acknowledgements", "Policies", "New version", "Acknowledgement records"])
with tabs[0]:
    coverage_tables(data)
with tabs[1]:
    records_table(
        frame,
        [
            "id",
            "name",
            "kind",
            "version",
            "owner",
            "approver",
            "approved_on",
            "next_review",
            "aligned_with",
            "reference",
        ],
        "pol-list",
    )
    register_tools(db, actor, POLICY, frame, "policy", "pol")
with tabs[2]:
    new_version_form(db, actor, frame, today())
with tabs[3]:
    acks = cached_read(policies.list_acknowledgements)(db)
    records_table(acks, ACKNOWLEDGEMENT_COLUMNS, "pol-acks")
    register_tools(db, actor, ACKNOWLEDGEMENT, acks, "acknowledgement", "ack")
