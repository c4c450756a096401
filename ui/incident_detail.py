"""The selected AI incident's next step and the monitor runs it came from, each a link that
opens that run on the Monitoring page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from risk_model.incident_next_steps import next_step
from store import Store, incident_views
from ui.text import plain

MAX_RUN_LINKS = 10


def show_next_step(db: Store, record: dict) -> None:
    step = next_step(record, incident_views.system_owner(db, record.get("system_id")))
    box = st.warning if step.owner_source == "nobody" else st.info
    box(
        f"**Next step:** {plain(step.check)}\n\n**Who:** {plain(step.owner_text())}",
        icon=":material/assignment_ind:",
    )


def show_runs(db: Store, incident_id: str) -> None:
    runs = incident_views.incident_run_details(db, incident_id)
    if runs.empty:
        st.caption("Logged by a person: no monitor run is linked.")
        return
    st.markdown(f"**Monitor runs behind this incident** ({len(runs)}, newest first)")
    for row in runs.head(MAX_RUN_LINKS).itertuples():
        if pd.isna(row.model_id):
            st.caption(f"{row.run_id} (no longer in the store)")
            continue
        when = "" if pd.isna(row.started_at) else f" · {pd.Timestamp(row.started_at):%Y-%m-%d}"
        st.page_link(
            "pages/monitor/monitoring.py",
            label=f"{row.run_id} · {row.model_name} · {row.status}{when}",
            icon=":material/monitoring:",
            query_params={"run": row.run_id},
        )
    if len(runs) > MAX_RUN_LINKS:
        st.caption(f"… and {len(runs) - MAX_RUN_LINKS} older runs.")
