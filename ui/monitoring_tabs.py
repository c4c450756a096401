"""The tabs of the Monitoring page for one monitored model: drift, fairness, performance, runs.

Every tab copes with what a store can hold: no finished run yet, runs that failed or were
abandoned, metrics that are NULL because they could not be computed.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts import monitoring as charts
from risk_model.fairness_findings import fairness_findings
from store import Store, monitoring
from ui.cache import cached_read
from ui.monitoring_widgets import report_html
from ui.report_frame import sandboxed_page
from ui.text import plain

FINISHED = ("succeeded", "breached")
REPORT_HEIGHT = 900
RUN_COLUMNS = {
    "id": "Run",
    "started_at": st.column_config.DatetimeColumn("Started", format="YYYY-MM-DD HH:mm"),
    "effective_status": "Status",
    "rows_seen": st.column_config.NumberColumn("Rows seen", format="%d"),
    "rows_used": st.column_config.NumberColumn("Rows with an outcome", format="%d"),
    "duration_s": st.column_config.NumberColumn("Duration (s)", format="%.2f"),
    "failure_reason": "Why it failed",
    "requested_by": "Requested by",
}


def finished_runs(runs: pd.DataFrame) -> pd.DataFrame:
    return runs[runs["status"].isin(FINISHED)]


def latest_metrics(db: Store, runs: pd.DataFrame) -> tuple[str | None, pd.DataFrame]:
    """The latest finished run's id and metrics (None and an empty frame: no result yet)."""
    finished = finished_runs(runs)
    if finished.empty:
        return None, pd.DataFrame(columns=["metric", "column_name", "attribute", "group_name"])
    run_id = finished.iloc[0]["id"]
    return run_id, cached_read(monitoring.run_metrics)(db, run_id)


def no_result_yet() -> None:
    st.info(
        "No finished run of this model yet: run the monitor, or see the Runs tab for why "
        "earlier runs failed."
    )


def drift_tab(history: pd.DataFrame, run_id: str | None, metrics: pd.DataFrame) -> None:
    if run_id is None:
        no_result_yet()
        return
    st.plotly_chart(charts.feature_drift_ranking(metrics), key="mon-chart-features")
    st.caption(f"Run {run_id}: each bar is a feature's drift score divided by its threshold.")
    st.plotly_chart(charts.drift_share_trend(history), key="mon-chart-share")


def fairness_tab(model: dict, history: pd.DataFrame, run_id: str | None, metrics) -> None:
    if not model["sensitive_attributes"]:
        st.info("This model has no sensitive attributes registered; fairness is not checked.")
        return
    if run_id is None:
        no_result_yet()
        return
    findings = fairness_findings(history)
    for finding in findings:
        show = st.warning if finding.breached else st.success
        show(plain(finding.sentence()), icon=":material/groups:")
    attributes = [f.attribute for f in findings]
    if not attributes:
        st.info("The latest runs hold no fairness metrics (too few rows with a known outcome).")
        return
    attribute = st.selectbox("Sensitive attribute", attributes, key="mon-attr")
    st.plotly_chart(charts.group_rate_trend(history, attribute), key="mon-chart-group-trend")
    st.plotly_chart(charts.group_comparison(metrics, attribute), key="mon-chart-groups")
    metric = st.selectbox(
        "Fairness metric over time",
        ["demographic_parity_difference", "demographic_parity_ratio", "equalized_odds_difference"],
        format_func=charts.METRIC_LABELS.get,
        key="mon-fair-metric",
    )
    st.plotly_chart(charts.fairness_trend(history, metric), key="mon-chart-fair")


def performance_tab(history: pd.DataFrame, run_id: str | None) -> None:
    if run_id is None:
        no_result_yet()
        return
    st.plotly_chart(charts.performance_trend(history), key="mon-chart-perf")


def runs_tab(db: Store, runs: pd.DataFrame, allowed: bool) -> None:
    """The run list, then the Evidently report of a picked finished run, full width."""
    st.dataframe(
        runs[list(RUN_COLUMNS)],
        hide_index=True,
        width="stretch",
        key="mon-runs",
        column_config=RUN_COLUMNS,
    )
    finished_ids = finished_runs(runs)["id"].tolist()
    if not finished_ids:
        st.caption("No finished run to show Evidently's report for.")
        return
    picked = st.selectbox("Run", finished_ids, key="mon-run-pick")
    if st.button("Open Evidently report", key="mon-report"):
        with st.spinner("Rendering Evidently's report…"):
            html, error = report_html(db, picked, keep=allowed)
        if error:
            st.error(f"No report for {picked}: {plain(error)}")
        else:
            st.session_state["mon-report-html"] = (picked, html)
    shown = st.session_state.get("mon-report-html")
    if shown and shown[0] == picked:
        st.download_button(
            "Download report (HTML)",
            shown[1],
            f"evidently-{picked}.html",
            "text/html",
            key="mon-report-dl",
        )
        st.iframe(
            sandboxed_page(shown[1], f"Evidently report {picked}"),
            height=REPORT_HEIGHT,
            width="stretch",
        )
