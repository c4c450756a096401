"""The tables of the Control coverage page: what is behind a bar, and the clauses' status."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.tables import column_words

CONTROL_COLUMNS = [
    "counted",
    "control_id",
    "title",
    "applicable",
    "implementation_status",
    "evidence",
    "records",
    "flags",
]
CLAUSE_COLUMNS = [
    "counted",
    "clause_id",
    "title",
    "status",
    "records_expected",
    "records",
    "linked_records",
    "evidence",
]


def controls_behind_table(rows: pd.DataFrame) -> None:
    """The controls behind an Annex A domain's bar, ticked where they count."""
    st.dataframe(
        rows[CONTROL_COLUMNS],
        hide_index=True,
        width="stretch",
        key="cov-drill",
        column_config=column_words(
            rows,
            {
                "counted": st.column_config.CheckboxColumn("Counted"),
                "control_id": "Control",
                "implementation_status": "Status",
            },
        ),
    )


def clauses_behind_table(rows: pd.DataFrame) -> None:
    """The sub-clauses behind a clause's bar, ticked where they count."""
    st.dataframe(
        rows[CLAUSE_COLUMNS],
        hide_index=True,
        width="stretch",
        key="cov-drill",
        column_config=column_words(rows, {"counted": st.column_config.CheckboxColumn("Counted")}),
    )


def clause_status_table(clauses: pd.DataFrame, where) -> None:
    """Every clause 4-10 with the records that show it and its current evidence."""
    where.dataframe(
        clauses[["clause_id", "title", "status", "records_expected", "records", "evidence"]],
        hide_index=True,
        width="stretch",
        key="cov-clauses",
        column_config=column_words(
            clauses,
            {
                "clause_id": "Clause",
                "title": "Title",
                "status": "Status",
                "records_expected": "Shown by",
                "records": st.column_config.NumberColumn("Records", format="%d"),
                "evidence": "Current evidence",
            },
        ),
    )
