"""Figures of the management review: the residual risk heatmap at the last review and now."""

from __future__ import annotations

from collections.abc import Iterable

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts.heatmap import RiskPoint, appetite_trace, heatmap_trace, style_axes
from risk_model.risk_matrix import RiskMatrix


def heatmap_then_and_now(
    matrix: RiskMatrix,
    before: Iterable[RiskPoint] | None,
    now: Iterable[RiskPoint],
    before_title: str,
    now_title: str,
    appetite_index: int | None,
) -> go.Figure:
    """Residual risks per cell at the last review (left) and now (right); one panel if there
    was no earlier review."""
    panels = [(now_title, list(now))]
    if before is not None:
        panels.insert(0, (before_title, list(before)))
    fig = make_subplots(
        rows=1,
        cols=len(panels),
        subplot_titles=[title for title, _ in panels],
        horizontal_spacing=0.14,
    )
    for col, (title, points) in enumerate(panels, start=1):
        fig.add_trace(
            heatmap_trace(matrix, points, title, showscale=col == len(panels)), row=1, col=col
        )
        if appetite_index is not None:
            fig.add_trace(appetite_trace(matrix, appetite_index, col == 1), row=1, col=col)
        style_axes(fig, matrix, y_title=col == 1, row=1, col=col)
    fig.update_layout(plot_bgcolor="white", height=480, legend={"orientation": "h", "y": -0.22})
    return fig


BEFORE_STYLE = {
    "color": "#c8c8c8",
    "line": {"color": "#000000", "width": 1},
    "pattern": {"shape": "/", "fgcolor": "#555555", "size": 8},
}
NOW_STYLE = {"color": "#3a3a3a", "line": {"color": "#000000", "width": 1}}
"""Light grey with hatching, then dark grey solid: the two series stay apart in greyscale."""


def level_bars(levels_before: dict[str, int] | None, levels_now: dict[str, int]) -> go.Figure:
    """Residual risks per level, at the last review and now, as grouped bars with their
    counts written on them, distinguishable when printed in greyscale."""
    fig = go.Figure()
    if levels_before is not None:
        fig.add_bar(
            name="At the last review",
            x=list(levels_before),
            y=list(levels_before.values()),
            marker=BEFORE_STYLE,
            text=list(levels_before.values()),
            textposition="outside",
        )
    fig.add_bar(
        name="Now",
        x=list(levels_now),
        y=list(levels_now.values()),
        marker=NOW_STYLE,
        text=list(levels_now.values()),
        textposition="outside",
    )
    top = max([*levels_now.values(), *(levels_before or {}).values(), 1])
    fig.update_layout(
        barmode="group",
        height=360,
        plot_bgcolor="white",
        yaxis={
            "title": "Residual risks",
            "range": [0, top * 1.2],
            "automargin": True,
            "gridcolor": "#e0e0e0",
        },
        xaxis={"title": "Risk level", "automargin": True},
        legend={"orientation": "h", "y": 1.12},
        margin={"l": 80, "r": 30, "t": 60, "b": 80},
    )
    return fig
