"""The integration and dependency map as a Plotly network figure."""

from __future__ import annotations

import networkx as nx
import plotly.graph_objects as go

from risk_model.dependency_map import Edge, Node

NODE_STYLE = {
    "system": ("#1f4e79", "circle", 18),
    "component": ("#8c8c8c", "square", 11),
    "provider": ("#d08c00", "diamond", 13),
}
KIND_NAMES = {
    "system": "AI system",
    "component": "Component or platform",
    "provider": "Third-party provider",
}


LABELLED_NODES = 30
"""Above this many nodes only the most connected ones carry a label on the map; every node
still names itself on hover, so the map stays readable at 500 nodes."""


def labelled_nodes(nodes: list[Node], edges: list[Edge], limit: int = LABELLED_NODES) -> set:
    """The ids of the nodes that get a label: all of them on a small map, else the ``limit``
    with the most connections (AI systems first among equals, then by id, for stability)."""
    if len(nodes) <= limit:
        return {n.id for n in nodes}
    degree: dict = {}
    for edge in edges:
        degree[edge.source] = degree.get(edge.source, 0) + 1
        degree[edge.target] = degree.get(edge.target, 0) + 1
    ranked = sorted(nodes, key=lambda n: (-degree.get(n.id, 0), n.kind != "system", str(n.id)))
    return {n.id for n in ranked[:limit]}


def dependency_figure(nodes: list[Node], edges: list[Edge], seed: int = 7) -> go.Figure:
    """The map. On a large map only the hubs are labelled (see ``LABELLED_NODES``); the title
    says so, and hovering any node shows its name."""
    labelled = labelled_nodes(nodes, edges)
    graph = nx.Graph()
    graph.add_nodes_from(n.id for n in nodes)
    graph.add_edges_from((e.source, e.target) for e in edges)
    positions = nx.spring_layout(graph, seed=seed, k=0.9 / max(len(nodes), 1) ** 0.5)
    figure = go.Figure()
    for kind in ("integrates", "provided by"):
        xs, ys = [], []
        for edge in (e for e in edges if e.kind == kind):
            (x0, y0), (x1, y1) = positions[edge.source], positions[edge.target]
            xs += [x0, x1, None]
            ys += [y0, y1, None]
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                hoverinfo="skip",
                name=kind,
                line={
                    "width": 1,
                    "color": "#b0b0b0",
                    "dash": "dot" if kind == "provided by" else "solid",
                },
            )
        )
    for kind, (colour, symbol, size) in NODE_STYLE.items():
        members = [n for n in nodes if n.kind == kind]
        figure.add_trace(
            go.Scatter(
                x=[positions[n.id][0] for n in members],
                y=[positions[n.id][1] for n in members],
                mode="markers+text",
                name=KIND_NAMES[kind],
                text=[n.label if n.id in labelled else "" for n in members],
                hovertext=[n.label for n in members],
                textposition="top center",
                textfont={"size": 10 if kind != "system" else 11},
                customdata=[n.id for n in members],
                hovertemplate="%{hovertext}<extra>" + KIND_NAMES[kind] + "</extra>",
                marker={
                    "color": colour,
                    "symbol": symbol,
                    "size": size,
                    "line": {"width": 1, "color": "white"},
                },
            )
        )
    if len(labelled) < len(nodes):
        figure.update_layout(
            title=f"The {len(labelled)} most connected of {len(nodes)} nodes are named; "
            "hover over any other node for its name"
        )
    figure.update_layout(
        height=720,
        showlegend=True,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        xaxis={"visible": False},
        yaxis={"visible": False},
        plot_bgcolor="white",
        legend={"orientation": "h", "y": 1.04},
    )
    return figure
