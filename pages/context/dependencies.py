"""The map of integration points and dependencies between AI systems and third parties."""

import streamlit as st

from store import inventory
from ui.cache import cached_read
from ui.dependency_widgets import dependency_map_view
from ui.session import get_store

# Systems drawn at most; a larger estate is narrowed by filters (the table counts them all).
MAPPED_SYSTEMS = 60
SHARED_NAMES = 25  # names listed per shared dependency before "and N more"

db = get_store()
st.title("Integration and dependency map")
st.caption(
    "System boundaries for the AIMS scope (4.3): every interface, platform and third party "
    "an AI system depends on."
)

c1, c2, c3 = st.columns([1, 2, 1])
units = c1.multiselect(
    "Business unit", cached_read(inventory.distinct_values)(db, "business_unit"), key="dep-units"
)
search = c2.text_input("Search name, description, provider, id", key="dep-search")
providers = c3.toggle("Show third-party providers", value=True)
where = inventory.SystemFilter(search=search, business_units=tuple(units))
found, figure, shared = cached_read(dependency_map_view)(
    db, where, providers, MAPPED_SYSTEMS, SHARED_NAMES
)
if found > MAPPED_SYSTEMS:
    st.info(
        f"The map shows the {MAPPED_SYSTEMS} of {found:,} systems with the most "
        "dependencies; filter by business unit or search to map others. The table below "
        "counts every system."
    )
st.plotly_chart(figure, width="stretch")

st.subheader("Most shared dependencies")
st.dataframe(
    [{"Dependency": t, "Systems": n, "Used by": u} for t, n, u in shared[:15]],
    hide_index=True,
    width="stretch",
)
