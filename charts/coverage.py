"""Coverage bar charts: per Annex A domain or clause, the share applicable, implemented and
evidenced. Each bar carries ``customdata = [group, measure]`` so that a click can drill down
to the controls or clauses behind it."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

MEASURES = (
    ("share_applicable", "Applicable", "applicable", "controls", "#9aa9bd"),
    ("share_implemented", "Implemented", "implemented", "applicable", "#2f6fb3"),
    ("share_with_evidence", "With current evidence", "with_evidence", "applicable", "#3c9d5d"),
)
"""(share column, legend name, numerator column, denominator column, colour)."""


def coverage_bars(shares: pd.DataFrame, title: str, group_noun: str = "controls") -> go.Figure:
    """Grouped bars from ``store.coverage.coverage_by_domain`` or ``coverage_by_clause``."""
    figure = go.Figure()
    for column, name, numerator, denominator, colour in MEASURES:
        figure.add_bar(
            name=name,
            x=list(shares["label"]),
            y=list(shares[column]),
            marker_color=colour,
            customdata=[[group, column] for group in shares["group"]],
            text=[f"{n}/{d}" for n, d in zip(shares[numerator], shares[denominator], strict=True)],
            # Upright inside each bar: three grouped bars are too narrow for side-by-side
            # labels ("6/66/66/6"); a label that does not fit is hidden (hover shows it).
            textposition="inside",
            textangle=-90,
            insidetextanchor="end",
            hovertemplate=f"%{{x}}<br>{name}: %{{y:.0%}} (%{{text}} {group_noun})<extra></extra>",
        )
    figure.update_layout(
        title=title,
        barmode="group",
        yaxis={"tickformat": ".0%", "range": [0, 1.15], "title": "Share"},
        xaxis={"tickangle": -30},
        legend={"orientation": "h", "y": -0.45},
        margin={"t": 50, "b": 10},
        height=460,
        clickmode="event+select",
        uniformtext={"minsize": 9, "mode": "hide"},
    )
    return figure


def clause_status_counts(clauses: pd.DataFrame) -> go.Figure:
    """Stacked bars: per clause section, how many subclauses are in each status."""
    order = ["covered", "evidence only", "no records yet", "no records or evidence"]
    colours = ["#3c9d5d", "#8fbf6a", "#e0a030", "#c4483e"]
    counts = clauses.groupby(["section", "status"], sort=False).size().unstack(fill_value=0)
    figure = go.Figure()
    for status, colour in zip(order, colours, strict=True):
        values = counts[status] if status in counts else pd.Series(0, index=counts.index)
        figure.add_bar(name=status, x=list(counts.index), y=list(values), marker_color=colour)
    figure.update_layout(
        title="Clauses 4–10: status from the records",
        barmode="stack",
        xaxis={"title": "Clause", "type": "category"},
        yaxis={"title": "Subclauses"},
        height=320,
        margin={"t": 50, "b": 10},
    )
    return figure
