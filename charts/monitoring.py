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
PERFORMANCE_LABELS = {
    "accuracy": "Accuracy",
    "precision": "Precision",
    "recall": "Recall",
    "f1": "F1 score",
    "roc_auc": "ROC AUC",
}


def _layout(figure: go.Figure, title: str, y_title: str) -> go.Figure:
    figure.update_layout(
        title=title,
        yaxis_title=y_title,
        xaxis_title="Run date",
        height=340,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "y": -0.25},
    )
    return figure


def _band(figure: go.Figure, metric: str, threshold: float | None, top: float) -> None:
    if threshold is None or pd.isna(threshold):
        return
    low, high = (0.0, threshold) if metric in LOWER_IS_BETTER else (threshold, max(top, 1.0))
    figure.add_hrect(y0=low, y1=high, fillcolor=OK_BAND, line_width=0, layer="below")
    figure.add_hline(
        y=threshold,
        line_dash="dash",
        line_color="firebrick",
        annotation_text=f"threshold {threshold:g}",
    )


def _last_threshold(rows: pd.DataFrame) -> float | None:
    thresholds = rows["threshold"].dropna()
    return float(thresholds.iloc[-1]) if len(thresholds) else None


def drift_share_trend(history: pd.DataFrame) -> go.Figure:
    rows = history[history["metric"] == "drifted_share"].sort_values("started_at")
    figure = go.Figure(
        go.Scatter(x=rows["started_at"], y=rows["value"], mode="lines+markers", name="share")
    )
    _band(figure, "drifted_share", _last_threshold(rows), 1.0)
    return _layout(figure, METRIC_LABELS["drifted_share"], "Share of features")


P_VALUE_METHODS = frozenset(
    {
        "ks",
        "chisquare",
        "z",
        "fisher_exact",
        "t_test",
        "mannw",
        "anderson",
        "cramer_von_mises",
        "g_test",
        "epps_singleton",
        "empirical_mmd",
    }
)
"""Evidently's drift tests whose score is a p-value: drift when the score falls BELOW the
threshold (every other method is a distance: drift when the score reaches the threshold)."""
DRIFTED, NOT_DRIFTED = "#b42318", "#98a2b3"


def drift_ratio(score: float, threshold: float, method: str | None) -> float | None:
    """How far a feature is towards drift, as a multiple of its threshold (1 = at the
    threshold, above 1 = drifted), whether the method is a distance or a p-value."""
    if pd.isna(score) or pd.isna(threshold) or threshold <= 0:
        return None
    if method in P_VALUE_METHODS:
        return float(threshold / max(score, 1e-6))
    return float(score / threshold)


def feature_drift_ranking(metrics: pd.DataFrame) -> go.Figure:
    """One bar per feature of ONE run, ranked from most to least drifted, against its threshold.

    The bar is the drift score divided by that feature's threshold (methods differ per column,
    so raw scores are not comparable); the dashed line at 1 is the threshold. Drifted features
    are red, the rest grey, and each bar says its raw score, method and threshold."""
    rows = metrics[(metrics["metric"] == "drift_score") & metrics["column_name"].notna()].copy()
    rows["ratio"] = [
        drift_ratio(v, t, m)
        for v, t, m in zip(rows["value"], rows["threshold"], rows["method"], strict=True)
    ]
    rows = rows[rows["ratio"].notna()].sort_values(["ratio", "column_name"])  # top = worst
    drifted = rows["breached"].fillna(False).astype(bool) | (rows["ratio"] >= 1)
    labels = [
        f"{v:.3g} ({m}, threshold {t:g})"
        for v, m, t in zip(rows["value"], rows["method"], rows["threshold"], strict=True)
    ]
    figure = go.Figure(
        go.Bar(
            x=rows["ratio"],
            y=rows["column_name"],
            orientation="h",
            text=labels,
            textposition="outside",
            cliponaxis=False,
            marker={"color": [DRIFTED if d else NOT_DRIFTED for d in drifted]},
            hovertemplate="%{y}: %{text}<br>%{x:.2f} × its threshold<extra></extra>",
        )
    )
    figure.add_vline(
        x=1,
        line_dash="dash",
        line_color="firebrick",
        annotation_text="threshold",
        annotation_position="top",
    )
    top = float(rows["ratio"].max()) if len(rows) else 1.0
    figure.update_xaxes(range=[0, max(top, 1.0) * 1.45], title="drift score ÷ threshold")
    figure.update_yaxes(title=None, automargin=True)
    figure.update_layout(
        title=f"Features ranked by drift ({int(drifted.sum())} of {len(rows)} drifted)",
        height=max(220, 60 + 28 * len(rows)),
        showlegend=False,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    return figure


def group_rate_trend(history: pd.DataFrame, attribute: str, metric: str = "selection_rate"):
    """One line per group of ``attribute``: its ``metric`` in every run, oldest first."""
    rows = history[
        (history["metric"] == metric)
        & (history["attribute"] == attribute)
        & history["group_name"].notna()
    ].sort_values("started_at")
    figure = go.Figure()
    for group, part in rows.groupby("group_name", sort=True):
        figure.add_trace(
            go.Scatter(x=part["started_at"], y=part["value"], mode="lines+markers", name=str(group))
        )
    figure.update_yaxes(range=[0, 1.02], tickformat=".0%")
    label = METRIC_LABELS.get(metric, metric)
    return _layout(figure, f"{label} per group of {attribute}", label)


def fairness_trend(history: pd.DataFrame, metric: str) -> go.Figure:
    """One line per sensitive attribute (and intersection) with the threshold band."""
    rows = history[(history["metric"] == metric) & history["group_name"].isna()]
    rows = rows[rows["attribute"].notna()].sort_values("started_at")
    figure = go.Figure()
    for attribute, part in rows.groupby("attribute", sort=True):
        figure.add_trace(
            go.Scatter(
                x=part["started_at"], y=part["value"], mode="lines+markers", name=str(attribute)
            )
        )
    top = float(rows["value"].max()) if rows["value"].notna().any() else 1.0
    _band(figure, metric, _last_threshold(rows), top)
    return _layout(figure, METRIC_LABELS.get(metric, metric), "value")


def performance_trend(history: pd.DataFrame) -> go.Figure:
    rows = history[
        (history["family"] == "performance")
        & history["attribute"].isna()
        & (history["metric"] != "count")
    ].sort_values("started_at")
    figure = go.Figure()
    for metric, part in rows.groupby("metric", sort=True):
        figure.add_trace(
            go.Scatter(
                x=part["started_at"],
                y=part["value"],
                mode="lines",
                name=PERFORMANCE_LABELS.get(metric, str(metric)),
            )
        )
        threshold = _last_threshold(part)
        if threshold is not None:
            figure.add_hline(
                y=threshold,
                line_dash="dot",
                annotation_text=f"minimum {PERFORMANCE_LABELS.get(metric, metric)}",
            )
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
    figure.update_xaxes(title="Group")
    return figure
