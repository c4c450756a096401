"""The Monitoring page's schedule: each scheduled model's next run, and the overdue ones
(ISO/IEC 42001 9.1: monitoring at planned intervals; `python -m monitors run --due`)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from store import inventory
from store.connection import Store
from store.schedules import schedule_overview
from ui.cache import cached_read
from ui.text import plain

MAX_WARNINGS = 5


def show_schedule(db: Store, now: datetime | None = None) -> None:
    """Overdue models as warnings, then every scheduled model's next run (nothing when no
    model has a schedule)."""
    now = (now or datetime.now()).replace(second=0, microsecond=0)
    overview = cached_read(schedule_overview)(db, now)
    if overview.empty:
        return
    systems = cached_read(inventory.system_names)(db)
    overdue = overview[overview["overdue"]]
    for row in overdue.head(MAX_WARNINGS).itertuples():
        st.warning(
            f"**{plain(systems.get(row.system_id, row.system_id))} · {plain(row.name)}** is "
            f"overdue: its run scheduled for {row.last_slot:%Y-%m-%d %H:%M} has not happened.",
            icon=":material/event_busy:",
        )
    if len(overdue) > MAX_WARNINGS:
        st.warning(f"… and {len(overdue) - MAX_WARNINGS} more overdue models (see the table).")
    with st.expander(
        f"Schedule: {len(overview)} scheduled models, {len(overdue)} overdue",
        expanded=bool(len(overdue)),
    ):
        st.dataframe(schedule_table(overview, systems), hide_index=True, width="stretch")


def schedule_table(overview: pd.DataFrame, systems: dict[str, str]) -> pd.DataFrame:
    """The overview in words: one row per model, overdue ones first, then by next run."""
    table = pd.DataFrame(
        {
            "AI system": [systems.get(s, s) for s in overview["system_id"]],
            "Monitored model": overview["name"],
            "Schedule (cron)": overview["schedule"],
            "Last run": overview["last_run"],
            "Next run": overview["next_run"],
            "Overdue": overview["overdue"].map({True: "overdue", False: ""}),
        }
    )
    order = sorted(
        range(len(table)),
        key=lambda i: (not overview["overdue"].iat[i], str(overview["next_run"].iat[i])),
    )
    return table.iloc[order].reset_index(drop=True)
