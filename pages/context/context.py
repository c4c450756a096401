"""Organisational context (4.1) by PESTLE, and interested parties with their requirements (4.2)."""

import streamlit as st

from charts.context import pestle_bars
from risk_model.context import PESTLE
from store import context, records
from ui.forms import record_form
from ui.history import pick_history, record_labels
from ui.permissions import permission
from ui.session import current_actor, get_store
from ui.tables import column_words
from ui.widgets import attempt, download_buttons

db, actor = get_store(), current_actor()
may = permission(actor, "context_issues", "add issues or interested parties")
st.title("Context of the organisation")
st.caption(
    "Clause 4.1 internal and external issues, tagged by PESTLE; clause 4.2 interested parties."
)

issues_tab, parties_tab = st.tabs(["Internal and external issues", "Interested parties"])
with issues_tab:
    issues = context.list_records(db, context.CONTEXT_ISSUE)
    counts = (
        issues.groupby(["pestle", "kind"])
        .size()
        .unstack(fill_value=0)
        .reindex(PESTLE, fill_value=0)
    )
    st.plotly_chart(pestle_bars(counts), key="ctx-pestle")
    st.dataframe(
        issues[["id", "kind", "pestle", "title", "description", "effect_on_aims"]],
        hide_index=True,
        width="stretch",
        column_config=column_words(
            issues,
            {
                "id": "ID",
                "kind": "Internal / external",
                "pestle": "PESTLE",
                "title": "Issue",
                "description": "Description",
                "effect_on_aims": "Effect on the AIMS",
            },
        ),
    )
    download_buttons(issues, "context_issues", "Context issues", "ctx")
    pick_history(db, "context_issues", record_labels(issues, "title"), actor, "issue")
    with st.expander("Add an issue"), st.form("add-issue", clear_on_submit=True):
        values = record_form(context.CONTEXT_ISSUE, {}, "issue")
        if st.form_submit_button("Add issue", type="primary", **may.control) and attempt(
            lambda: records.add_record(db, context.CONTEXT_ISSUE, values, actor), "Issue added"
        ):
            st.rerun()

with parties_tab:
    parties = context.list_records(db, context.INTERESTED_PARTY)
    st.dataframe(
        parties[["id", "name", "category", "requirements", "addressed_by"]],
        hide_index=True,
        width="stretch",
        column_config=column_words(
            parties,
            {
                "id": "ID",
                "name": "Interested party",
                "category": "Category",
                "requirements": "Requirements",
                "addressed_by": "Addressed by",
            },
        ),
    )
    download_buttons(parties, "interested_parties", "Interested parties", "ip")
    pick_history(db, "interested_parties", record_labels(parties, "name"), actor, "party")
    with st.expander("Add an interested party"), st.form("add-party", clear_on_submit=True):
        values = record_form(context.INTERESTED_PARTY, {}, "party")
        if st.form_submit_button("Add party", type="primary", **may.control) and attempt(
            lambda: records.add_record(db, context.INTERESTED_PARTY, values, actor), "Party added"
        ):
            st.rerun()
