"""The map of integration points and dependencies between AI systems and third parties."""

import streamlit as st

from charts.dependency_map import dependency_figure
from risk_model.dependency_map import (
    busiest_systems,
    dependency_graph,
    restricted_to,
    shared_dependencies,
)
from store import inventory
from ui.session import get_store

MAPPED_SYSTEMS = 60
"""Systems drawn at most; a larger estate is narrowed by filters (the table counts them all)."""
SHARED_NAMES = 25
"""Names listed per shared dependency before "and N more"."""
COLUMNS = ("id", "name", "eu_ai_act_tier", "integration_points", "provider", "sourcing")

db = get_store()
st.title("Integration and dependency map")
st.caption(
    "System boundaries for the AIMS scope (4.3): every interface, platform and third party "
    "an AI system depends on."
)

c1, c2, c3 = st.columns([1, 2, 1])
units = c1.multiselect(
    "Business unit", inventory.distinct_values(db, "business_unit"), key="dep-units"
)
search = c2.text_input("Search name, description, provider, id", key="dep-search")
providers = c3.toggle("Show third-party providers", value=True)
where = inventory.SystemFilter(search=search, business_units=tuple(units))
systems = inventory.select_systems(db, COLUMNS, where).to_dict("records")
nodes, edges = dependency_graph(systems, include_providers=providers)
if len(systems) > MAPPED_SYSTEMS:
    st.info(
        f"The map shows the {MAPPED_SYSTEMS} of {len(systems):,} systems with the most "
        "dependencies; filter by business unit or search to map others. The table below "
        "counts every system."
    )
    drawn = restricted_to(nodes, edges, busiest_systems(nodes, edges, MAPPED_SYSTEMS))
else:
    drawn = nodes, edges
st.plotly_chart(dependency_figure(*drawn), width="stretch")

st.subheader("Most shared dependencies")
shared = shared_dependencies(nodes, edges, names_shown=SHARED_NAMES)[:15]
st.dataframe(
    [{"Dependency": t, "Systems": n, "Used by": u} for t, n, u in shared],
    hide_index=True,
    width="stretch",
)
