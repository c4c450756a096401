"""The organisation's context issues (4.1) counted per PESTLE factor, internal and external."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

KIND_COLOURS = {"internal": "#1f4e79", "external": "#6fa8dc"}


def pestle_bars(counts: pd.DataFrame) -> go.Figure:
    """Stacked horizontal bars: ``counts`` has one row per PESTLE factor and one column per
    kind of issue (internal, external)."""
    fig = go.Figure()
    for kind in counts.columns:
        fig.add_bar(
            name=str(kind).capitalize(),
            y=[str(factor) for factor in counts.index],
            x=[int(n) for n in counts[kind]],
            orientation="h",
            marker_color=KIND_COLOURS.get(str(kind)),
        )
    fig.update_layout(
        barmode="stack",
        height=260,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis_title="Issues",
        yaxis={"autorange": "reversed"},
        legend={"orientation": "h", "y": -0.3},
    )
    return fig
