"""Risk heatmap: inherent and residual risk side by side, as of any day, with the appetite."""

from dataclasses import replace

import streamlit as st

from store import risks
from ui.cache import cached_read
from ui.risk_widgets import (
    cell_ids,
    empty_as_of_note,
    levels_heatmap,
    register_levels,
    risk_filters,
    selected_cell,
)
from ui.session import get_store, today

# At most this many of a cell's risks are listed (a cell of a large register holds thousands).
LISTED = 1000

db = get_store()
settings = risks.get_settings(db)
st.title("Risk heatmap")
st.caption(
    "Risks counted per likelihood × severity cell, coloured by risk level. The black line "
    f"is the risk appetite ({settings.appetite_name}): cells beyond it need treatment. "
    "A risk with no residual assessment yet is shown at its inherent cell."
)

where, as_of = risk_filters(db, "hm", today())
frame = register_levels(db, where, as_of, today())
figure = cached_read(levels_heatmap)(db, where, as_of, today())
day = as_of or today()
st.subheader(f"{len(frame)} risks as of {day:%d %B %Y}")
if frame.empty:  # say why, e.g. a day before the register existed
    st.info(empty_as_of_note(db, day))
event = st.plotly_chart(
    figure,
    width="stretch",
    on_select="rerun",
    selection_mode="points",
    key="hm-chart",
)
cell = selected_cell(event, "hm", settings, frame)
if cell is None:
    st.info("Click a cell (or choose one above) to list its risks.")
    st.stop()
which, likelihood, severity = cell
ids = cell_ids(frame, which, likelihood, severity)
matrix = settings.matrix
st.subheader(
    f"{which.capitalize()} risk · {matrix.likelihood.label(likelihood)} × "
    f"{matrix.severity.label(severity)} · {matrix.level(likelihood, severity).name}"
)
if len(ids) > LISTED:
    st.caption(f"The first {LISTED:,} of the cell's {len(ids):,} risks, by ID.")
only = replace(where, ids=tuple(ids[:LISTED]))
listed = cached_read(risks.list_risks)(db, only, as_of=as_of, today=today())
shown = listed.reindex(
    columns=["id", "title", "systems", "owner", "inherent_level", "residual_level", "treatment"]
)
shown["residual_level"] = shown["residual_level"].fillna("not assessed")
st.dataframe(
    shown,
    hide_index=True,
    width="stretch",
    key="hm-cell-risks",
    column_config={
        "id": "ID",
        "title": "Risk",
        "systems": "AI systems",
        "owner": "Owner",
        "inherent_level": "Inherent",
        "residual_level": "Residual",
        "treatment": "Treatment",
    },
)
