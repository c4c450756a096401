"""The map of integration points and dependencies between AI systems and third parties."""

import streamlit as st

from charts.dependency_map import dependency_figure
from risk_model.dependency_map import dependency_graph
from store import inventory
from ui.session import get_store

db = get_store()
st.title("Integration and dependency map")
st.caption(
    "System boundaries for the AIMS scope (4.3): every interface, platform and third party "
    "an AI system depends on."
)

systems = inventory.list_systems(db).to_dict("records")
providers = st.toggle("Show third-party providers", value=True)
nodes, edges = dependency_graph(systems, include_providers=providers)
st.plotly_chart(dependency_figure(nodes, edges), width="stretch")

labels = {n.id: n.label for n in nodes}
shared = {}
for edge in edges:
    shared.setdefault(labels[edge.target], set()).add(labels[edge.source])
rows = sorted(
    ((target, len(users), ", ".join(sorted(users))) for target, users in shared.items()),
    key=lambda r: -r[1],
)
st.subheader("Most shared dependencies")
st.dataframe(
    [{"Dependency": t, "Systems": n, "Used by": u} for t, n, u in rows[:15]],
    hide_index=True,
    width="stretch",
)
