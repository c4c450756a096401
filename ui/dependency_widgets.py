"""The integration map's figure and shared dependencies, built once per store version."""

from __future__ import annotations

import plotly.graph_objects as go

from charts.dependency_map import dependency_figure
from risk_model.dependency_map import (
    busiest_systems,
    dependency_graph,
    restricted_to,
    shared_dependencies,
)
from store import inventory
from store.connection import Store

COLUMNS = ("id", "name", "eu_ai_act_tier", "integration_points", "provider", "sourcing")


def dependency_map_view(
    db: Store,
    where: inventory.SystemFilter,
    include_providers: bool,
    mapped_systems: int,
    names_shown: int,
) -> tuple[int, go.Figure, list[tuple[str, int, str]]]:
    """The number of systems found, the map of at most ``mapped_systems`` of them (those with
    the most dependencies) and every shared dependency: wrap in ``cached_read`` so that the
    graph and its layout are not recomputed on every rerun."""
    systems = inventory.select_systems(db, COLUMNS, where).to_dict("records")
    nodes, edges = dependency_graph(systems, include_providers=include_providers)
    drawn = nodes, edges
    if len(systems) > mapped_systems:
        drawn = restricted_to(nodes, edges, busiest_systems(nodes, edges, mapped_systems))
    shared = shared_dependencies(nodes, edges, names_shown=names_shown)
    return len(systems), dependency_figure(*drawn), shared
