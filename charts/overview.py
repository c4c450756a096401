"""The executive overview's small charts, built with ``plotly.graph_objects`` (``plotly.express``
costs a tenth of a second to import, a fifth of the page's first run)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go


def readiness_trend(trend: pd.DataFrame, height: int = 220) -> go.Figure:
    """The readiness score per day: columns day, score."""
    figure = go.Figure(
        go.Scatter(
            x=trend["day"],
            y=trend["score"],
            mode="lines",
            name="Readiness score",
            hovertemplate="%{x}<br>Readiness score %{y:.1f}<extra></extra>",
        )
    )
    figure.update_layout(height=height, margin={"t": 10, "b": 10, "l": 10, "r": 10})
    return figure.update_yaxes(title_text="Readiness score").update_xaxes(title_text="day")


def horizontal_bars(
    frame: pd.DataFrame, x: str, y: str, title: str, range_x: list[float] | None = None
) -> go.Figure:
    """One horizontal bar per row of ``frame``: length ``x``, label ``y``."""
    figure = go.Figure(go.Bar(x=frame[x], y=frame[y].astype(str), orientation="h"))
    figure.update_layout(title_text=title)
    figure.update_xaxes(title_text=x, range=range_x)
    return figure.update_yaxes(title_text=y)
