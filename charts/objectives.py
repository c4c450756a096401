"""An AI objective's measure over time against its target (ISO/IEC 42001 6.2)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from risk_model.objectives import MEASURES


def objective_trend(history: pd.DataFrame, measure: str, target: float | None) -> go.Figure:
    """``history`` holds one objective's ``measured_on`` and ``value`` rows, oldest first; the
    target is a dashed line. Shares are drawn as percentages."""
    share = MEASURES[measure].unit == "share" if measure in MEASURES else False
    scale = 100.0 if share else 1.0
    values = [None if v is None or v != v else float(v) * scale for v in history["value"]]
    fig = go.Figure()
    fig.add_scatter(
        x=[str(d) for d in history["measured_on"]],
        y=values,
        mode="lines+markers",
        name="Measured",
        line={"color": "#1f4e79"},
    )
    if target is not None and target == target:
        fig.add_hline(
            y=float(target) * scale,
            line_dash="dash",
            line_color="#b45f06",
            annotation_text="Target",
        )
    fig.update_layout(
        height=260,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        yaxis_title="%" if share else MEASURES.get(measure, MEASURES["breach_close_days"]).unit,
        showlegend=False,
    )
    return fig
