"""Documented information (ISO/IEC 42001 7.5): procedures, plans and records with their
version, approver, review date, distribution and retention, linked to clauses and controls."""

import streamlit as st

from risk_model.documents import DOCUMENT
from store import responsibilities
from ui.cache import cached_read
from ui.register_widgets import records_table, register_tools
from ui.session import current_actor, get_store, today

db, actor = get_store(), current_actor()
st.title("Documented information")
st.caption(
    "Procedures, plans and records under document control (7.5.2, 7.5.3). The evidence library "
    "keeps the evidence that they are followed; a document lists those evidence items."
)

frame = cached_read(responsibilities.list_documents)(db, today())
c1, c2 = st.columns(2)
c1.metric("Documents", len(frame), border=True)
c2.metric("Not under control", int((frame["control_gaps"] != "").sum()), border=True)
records_table(
    frame,
    [
        "id",
        "name",
        "kind",
        "version",
        "owner",
        "approver",
        "next_review",
        "control_gaps",
        "distribution",
        "retention",
        "clauses",
        "controls",
        "evidence_ids",
    ],
    "doc-list",
)
register_tools(db, actor, DOCUMENT, frame, "document", "doc")
