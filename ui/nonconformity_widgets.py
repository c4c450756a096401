"""Widgets of the Nonconformities page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.tables import column_words


def certification_gate(gate: dict) -> None:
    """The certification gate (``store.nonconformities``): ready, or what blocks it."""
    with st.container(border=True):
        st.markdown("**Certification gate:** all majors closed, and every minor with a plan.")
        if gate["ready"]:
            st.success("Ready for the external audit: no open major, every minor has a plan.")
            return
        st.error(
            f"Not ready for the external audit: {gate['open_majors']} open major"
            f" nonconformit{'y' if gate['open_majors'] == 1 else 'ies'},"
            f" {gate['minors_without_plan']} minor without a plan."
        )
        st.dataframe(
            pd.DataFrame(gate["blocking"]),
            column_config=column_words(pd.DataFrame(gate["blocking"])),
            hide_index=True,
            key="nc-gate",
        )
