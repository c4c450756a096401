"""Monitoring charts: trends over runs and a group comparison, from the store's long metrics.

Each function takes the frame of ``store.monitoring.metric_history`` (or ``run_metrics``) and
returns a Plotly figure; a threshold is drawn as a shaded band of acceptable values.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

OK_BAND = "rgba(46, 160, 67, 0.10)"
LOWER_IS_BETTER = {"demographic_parity_difference", "equalized_odds_difference", "drifted_share"}
METRIC_LABELS = {
    "drifted_share": "Share of drifted features",
    "demographic_parity_difference": "Demographic parity difference",
    "demographic_parity_ratio": "Demographic parity ratio (four-fifths rule)",
    "equalized_odds_difference": "Equalized odds difference",
    "selection_rate": "Selection rate",
    "tpr": "True positive rate",
    "fpr": "False positive rate",
}


def _layout(figure: go.Figure, title: str, y_title: str) -> go.Figure:
    figure.update_layout(
        title=title, yaxis_title=y_title, xaxis_title="Run date", height=340,
        margin={"l": 10, "r": 10, "t": 50, "b": 10}, legend={"orientation": "h", "y": -0.25},
    )  # fmt: skip
    return figure


def _band(figure: go.Figure, metric: str, threshold: float | None, top: float) -> None:
    if threshold is None or pd.isna(threshold):
        return
    low, high = (0.0, threshold) if metric in LOWER_IS_BETTER else (threshold, max(top, 1.0))
    figure.add_hrect(y0=low, y1=high, fillcolor=OK_BAND, line_width=0, layer="below")
    figure.add_hline(y=threshold, line_dash="dash", line_color="firebrick",
                     annotation_text=f"threshold {threshold:g}")  # fmt: skip


def _last_threshold(rows: pd.DataFrame) -> float | None:
    thresholds = rows["threshold"].dropna()
    return float(thresholds.iloc[-1]) if len(thresholds) else None


def drift_share_trend(history: pd.DataFrame) -> go.Figure:
    rows = history[history["metric"] == "drifted_share"].sort_values("started_at")
    figure = go.Figure(
        go.Scatter(x=rows["started_at"], y=rows["value"], mode="lines+markers", name="share")
    )
    _band(figure, "drifted_share", _last_threshold(rows), 1.0)
    return _layout(figure, METRIC_LABELS["drifted_share"], "share of features")


def feature_drift_trend(history: pd.DataFrame) -> go.Figure:
    """One line per feature: its drift score (a distance, or a p-value for small references)."""
    rows = history[history["metric"] == "drift_score"].sort_values("started_at")
    figure = go.Figure()
    for column, part in rows.groupby("column_name", sort=True):
        method = part["method"].iloc[-1]
        figure.add_trace(
            go.Scatter(x=part["started_at"], y=part["value"], mode="lines",
                       name=f"{column} ({method})")
        )  # fmt: skip
    methods = set(rows["method"])
    title = "Per-feature drift score"
    if len(methods) == 1 and len(rows):
        figure.add_hline(y=_last_threshold(rows), line_dash="dash", line_color="firebrick")
        title += f" ({next(iter(methods))}; drift when beyond the dashed line)"
    return _layout(figure, title, "score")


def fairness_trend(history: pd.DataFrame, metric: str) -> go.Figure:
    """One line per sensitive attribute (and intersection) with the threshold band."""
    rows = history[(history["metric"] == metric) & history["group_name"].isna()]
    rows = rows[rows["attribute"].notna()].sort_values("started_at")
    figure = go.Figure()
    for attribute, part in rows.groupby("attribute", sort=True):
        figure.add_trace(
            go.Scatter(x=part["started_at"], y=part["value"], mode="lines+markers",
                       name=str(attribute))
        )  # fmt: skip
    top = float(rows["value"].max()) if len(rows) else 1.0
    _band(figure, metric, _last_threshold(rows), top)
    return _layout(figure, METRIC_LABELS.get(metric, metric), metric)


def performance_trend(history: pd.DataFrame) -> go.Figure:
    rows = history[
        (history["family"] == "performance")
        & history["attribute"].isna()
        & (history["metric"] != "count")
    ].sort_values("started_at")
    figure = go.Figure()
    for metric, part in rows.groupby("metric", sort=True):
        figure.add_trace(
            go.Scatter(x=part["started_at"], y=part["value"], mode="lines", name=str(metric))
        )
        threshold = _last_threshold(part)
        if threshold is not None:
            figure.add_hline(y=threshold, line_dash="dot", annotation_text=f"min {metric}")
    figure.update_yaxes(range=[0, 1.02])
    return _layout(figure, "Classification performance (all rows with a known outcome)", "value")


def group_comparison(metrics: pd.DataFrame, attribute: str) -> go.Figure:
    """Selection rate, TPR and FPR per group of one attribute, for one run."""
    rows = metrics[
        (metrics["family"] == "fairness")
        & (metrics["attribute"] == attribute)
        & metrics["group_name"].notna()
        & metrics["metric"].isin(["selection_rate", "tpr", "fpr"])
    ]
    figure = go.Figure()
    for metric in ("selection_rate", "tpr", "fpr"):
        part = rows[rows["metric"] == metric].sort_values("group_name")
        figure.add_trace(go.Bar(x=part["group_name"], y=part["value"], name=METRIC_LABELS[metric]))
    figure.update_layout(barmode="group")
    figure.update_yaxes(range=[0, 1.02])
    figure = _layout(figure, f"Groups of {attribute} in the selected run", "rate")
    figure.update_xaxes(title="group")
    return figure
