"""Readiness per clause and Annex A domain, the remediation roadmap, and the certification cycle."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

STATUS_COLOURS = {
    "planned": "#9aa5b1",
    "in progress": "#2f6fb3",
    "done": "#2e8b57",
    "cancelled": "#c8c8c8",
    "late": "#c0392b",
}


def readiness_bars(scores: pd.DataFrame, target_share: float, title: str) -> go.Figure:
    """Horizontal bars of readiness (0-100 %) per group, with the target as a dashed line.

    ``scores`` has the columns of ``risk_model.readiness.GroupScore``.
    """
    frame = scores.copy()
    frame["label"] = frame["group"] + " " + frame["group_title"]
    frame["percent"] = (frame["readiness"].astype(float) * 100).round(0)
    frame["text"] = [
        "not assessed" if pd.isna(p) else f"{p:.0f} % · {a}/{n} assessed"
        for p, a, n in zip(frame["percent"], frame["assessed"], frame["items"], strict=True)
    ]
    colours = [
        "#d0d4d9" if pd.isna(p) else ("#2e8b57" if p >= target_share * 100 else "#d68910")
        for p in frame["percent"]
    ]
    figure = go.Figure(
        go.Bar(
            x=frame["percent"].fillna(0),
            y=frame["label"],
            orientation="h",
            text=frame["text"],
            textposition=["outside" if pd.isna(p) else "auto" for p in frame["percent"]],
            marker_color=colours,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    figure.add_vline(
        x=target_share * 100, line_dash="dash", annotation_text="target", line_color="#444"
    )
    figure.update_layout(
        title=title,
        xaxis=dict(title="Readiness (mean maturity / 5)", range=[0, 100], ticksuffix=" %"),
        yaxis=dict(autorange="reversed", title=None),
        height=max(260, 34 * len(frame) + 90),
        margin=dict(l=10, r=10, t=50, b=40),
    )
    return figure


def _marker(
    figure: go.Figure, day: date, text: str, colour: str, dash: str = "dash", row: int = 0
) -> None:
    """A labelled vertical line (add_vline with text fails on date axes in plotly 5); ``row``
    raises the label so that the labels of nearby lines do not overlap."""
    figure.add_shape(
        type="line",
        x0=day,
        x1=day,
        y0=0,
        y1=1,
        xref="x",
        yref="paper",
        line=dict(color=colour, dash=dash, width=2),
    )
    figure.add_annotation(
        x=day,
        y=1.01 + 0.045 * row,
        xref="x",
        yref="paper",
        text=text,
        showarrow=False,
        font=dict(color=colour, size=11),
        yanchor="bottom",
    )


def roadmap_gantt(
    actions: pd.DataFrame,
    today: date,
    target: date | None = None,
    cutoff: date | None = None,
    milestones: list[tuple[str, date]] | None = None,
) -> go.Figure:
    """The remediation actions as a Gantt timeline (start to deadline), coloured by status;
    late open actions in red. Lines mark today, the cutoff, the target and other milestones."""
    frame = actions.copy()
    frame["start"] = [
        s if s is not None else d - timedelta(days=30)
        for s, d in zip(frame["start_date"], frame["due_date"], strict=True)
    ]
    frame["end"] = [
        max(d, s + timedelta(days=1))
        for s, d in zip(frame["start"], frame["due_date"], strict=True)
    ]
    frame["shown_status"] = [
        "late" if late else status
        for late, status in zip(frame["late"], frame["status"], strict=True)
    ]
    frame["label"] = frame["id"] + " · " + frame["title"].str.slice(0, 60)
    figure = px.timeline(
        frame,
        x_start="start",
        x_end="end",
        y="label",
        color="shown_status",
        color_discrete_map=STATUS_COLOURS,
        hover_data={"owner": True, "priority": True, "item_id": True, "label": False},
        labels={"shown_status": "Status"},
    )
    figure.update_yaxes(autorange="reversed", title=None)
    lines = [(today, "today", "#444", "dot")]
    if cutoff is not None:
        lines.append((cutoff, "remediation cutoff", "#d68910", "dash"))
    if target is not None:
        lines.append((target, "target certification", "#c0392b", "solid"))
    lines += [(day, name, "#6c3483", "dot") for name, day in milestones or []]
    for row, (day, name, colour, dash) in enumerate(sorted(lines, key=lambda line: line[0])):
        _marker(figure, day, name, colour, dash, row % 3)
    figure.update_layout(
        height=max(340, 26 * len(frame) + 160), margin=dict(l=10, r=10, t=90, b=40)
    )
    return figure


def cycle_timeline(events: list, today: date) -> go.Figure:
    """The certification cycle's events on one time axis; projected ones hollow."""
    frame = pd.DataFrame(
        {
            "event": [e.name for e in events],
            "day": [e.day for e in events],
            "projected": [e.projected for e in events],
        }
    )
    figure = go.Figure(
        go.Scatter(
            x=frame["day"],
            y=[0] * len(frame),
            mode="markers+text",
            text=frame["event"],
            textposition=[
                "top center" if i % 2 == 0 else "bottom center" for i in range(len(frame))
            ],
            marker=dict(
                size=14,
                symbol=["circle-open" if p else "circle" for p in frame["projected"]],
                color=["#9aa5b1" if d < today else "#2f6fb3" for d in frame["day"]],
                line=dict(width=2),
            ),
            hovertemplate="%{text}: %{x|%d %b %Y}<extra></extra>",
        )
    )
    _marker(figure, today, "today", "#c0392b", "dot")
    pad = timedelta(days=75)
    figure.update_layout(
        xaxis=dict(range=[min(frame["day"]) - pad, max(frame["day"]) + pad]),
        yaxis=dict(visible=False, range=[-1, 1]),
        height=260,
        margin=dict(l=10, r=10, t=40, b=30),
        showlegend=False,
    )
    return figure
