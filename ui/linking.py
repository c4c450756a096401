"""Links that open one record: a pre-audit finding's "Fix" link or an overview tile.

A link carries ``?record=ID`` (the record to open) or ``?show=NAME`` (the list a tile
counts). The page lands on that record, selected and near the top, however the user got
there; once the user picks something else, their choice wins.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

RECORD = "record"
SHOW = "show"


def linked_record(choices: Sequence | None = None) -> str | None:
    """The id the link asks for; with ``choices``, only when the page can show it."""
    wanted = st.query_params.get(RECORD)
    if not wanted or (choices is not None and wanted not in set(choices)):
        return None
    return wanted


def linked_list() -> str | None:
    """The named subset a tile link asks for (e.g. ``above_appetite``)."""
    return st.query_params.get(SHOW) or None


def preselect(key: str, choices: Sequence) -> None:
    """Make the widget ``key`` start on the linked record, once per link: set its state
    before the widget is drawn, then remember the link so the user's next pick stands."""
    wanted = linked_record(choices)
    done = f"_linked-{key}"
    if wanted is not None and st.session_state.get(done) != wanted:
        st.session_state[key] = wanted
        st.session_state[done] = wanted


def selected_row(ids: Sequence, wanted: str | None) -> dict | None:
    """``selection_default`` for ``st.dataframe`` selecting ``wanted``'s row, if listed."""
    listed = list(ids)
    if wanted is None or wanted not in listed:
        return None
    return {"selection": {"rows": [listed.index(wanted)], "columns": []}}


RISK_SUBSETS = {
    "above_appetite": ("above_appetite", "risks whose residual level is above the appetite"),
    "overdue_treatments": ("treatment_overdue", "risks with an overdue treatment"),
}
"""``?show=`` names the risk register understands: the column to keep and its words."""


def only_linked(frame, column: str):
    """``frame`` cut to the linked record's row (by ``column``), saying so; else all of it."""
    wanted = linked_record(frame[column])
    if wanted is None:
        return frame
    st.info(f"Showing {wanted} from a pre-audit finding; open the page again to see all.")
    return frame[frame[column] == wanted]
