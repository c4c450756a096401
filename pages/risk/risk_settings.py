"""Risk matrix and appetite: the scales every risk is scored on, and the tolerable level."""

import pandas as pd
import streamlit as st

from charts.heatmap import risk_heatmap
from risk_model.risk_matrix import standard_matrix
from store import risks
from ui.permissions import permission
from ui.session import current_actor, get_store
from ui.tables import column_words
from ui.widgets import attempt

db, actor = get_store(), current_actor()
may = permission(actor, "app_settings", "change the risk matrix or appetite")
settings = risks.get_settings(db)
st.title("Risk matrix and appetite")
st.caption(
    "Risk levels are never stored: every risk is re-scored from the matrix in force. Changing "
    "the matrix size moves each risk's scores to the new scales, as a recorded change."
)

sizes = (3, 4, 5)
current_size = settings.matrix.likelihood.size
size = st.radio(
    "Matrix size",
    sizes,
    index=sizes.index(current_size) if current_size in sizes else 2,
    format_func=lambda n: f"{n} × {n}",
    horizontal=True,
    key="rs-size",
)
matrix = settings.matrix if size == current_size else standard_matrix(size)
level_names = [level.name for level in matrix.levels]
default = settings.appetite_name if settings.appetite_name in level_names else level_names[-2]
appetite_name = st.selectbox(
    "Risk appetite: the highest level tolerated without treatment",
    level_names,
    index=level_names.index(default),
    key="rs-appetite",
)
appetite = level_names.index(appetite_name)

grid = pd.DataFrame(
    [
        [matrix.level(lik, s).name for s in range(1, matrix.severity.size + 1)]
        for lik in range(matrix.likelihood.size, 0, -1)
    ],
    index=list(reversed(matrix.likelihood.levels)),
    columns=list(matrix.severity.levels),
)
left, right = st.columns([3, 2])
left.plotly_chart(
    risk_heatmap(matrix, [], f"{size} × {size} matrix, appetite {appetite_name}", appetite),
    width="stretch",
)
right.markdown("**Grid** (likelihood rows, severity columns)")
right.dataframe(grid, column_config=column_words(grid), width="stretch")

changed = size != current_size or appetite != settings.appetite_index
if size != current_size:
    count = len(risks.list_risks(db))
    st.warning(f"Saving moves the scores of {count} risks from {current_size} to {size} levels.")
if st.button(
    "Save matrix and appetite",
    type="primary",
    disabled=not changed or may.denied,
    help=may.reason,
    key="rs-save",
):
    if attempt(lambda: risks.save_settings(db, matrix, appetite, actor), "Risk matrix saved"):
        st.rerun()
