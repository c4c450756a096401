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


def dependency_figure(nodes: list[Node], edges: list[Edge], seed: int = 7) -> go.Figure:
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
                text=[n.label for n in members],
                textposition="top center",
                textfont={"size": 10 if kind != "system" else 11},
                customdata=[n.id for n in members],
                hovertemplate="%{text}<extra>" + KIND_NAMES[kind] + "</extra>",
                marker={
                    "color": colour,
                    "symbol": symbol,
                    "size": size,
                    "line": {"width": 1, "color": "white"},
                },
            )
        )
    figure.update_layout(
        height=720,
        showlegend=True,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        xaxis={"visible": False},
        yaxis={"visible": False},
        plot_bgcolor="white",
        legend={"orientation": "h", "y": 1.04},
    )
    return figure
