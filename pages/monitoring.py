"""Monitoring (ISO/IEC 42001 9.1, A.6.2.6): drift, fairness and performance of deployed models."""

import streamlit as st
import streamlit.components.v1 as components

from charts import monitoring as charts
from risk_model.access import why_not
from store import inventory, monitored_models, monitoring
from ui import monitoring_widgets as widgets
from ui.cache import cached_read
from ui.history import render_history
from ui.session import current_actor, get_store, today
from ui.text import plain
from ui.widgets import queue_toast

db, actor = get_store(), current_actor()
st.title("Monitoring")
st.caption(
    "Operational evidence for clause 9.1 and control A.6.2.6: each monitor run checks data "
    "drift, fairness and performance against thresholds; a breach opens an AI incident."
)

with db.held():  # one open for the page's reads (the report job below opens its own)
    latest = cached_read(monitoring.latest_runs)(db, today())
    if latest.empty:
        st.info(
            "No monitored model yet. Register one below, or with `python -m monitors register`."
        )
    else:
        widgets.show_latest(latest)

    models = {m["id"]: m for m in cached_read(monitored_models.list_models)(db)}
    systems = cached_read(inventory.system_names)(db)
    systems_owners = cached_read(inventory.owners_by_system)(db)
    mine = [m for m in models if systems_owners.get(models[m]["system_id"]) == actor.name]
    if mine and st.toggle("Only my models", value="ml_owner" in actor.roles, key="mon-mine"):
        models = {m: models[m] for m in mine}
    if models:
        model_id = st.selectbox(
            "Monitored model",
            list(models),
            format_func=lambda m: f"{systems.get(models[m]['system_id'])} · {models[m]['name']} ({m})",
            key="mon-model",
        )
        model = models[model_id]
        if model["source_note"]:
            st.info(plain(model["source_note"]), icon=":material/dataset:")
        left, right = st.columns([1, 3])
        refusal = why_not(
            actor, "run_monitor", "monitor_runs", systems_owners.get(model["system_id"])
        )
        allowed = not refusal
        if left.button(
            "Run monitor now",
            key="mon-run",
            type="primary",
            disabled=not allowed,
            help=refusal or None,
        ):
            st.session_state["mon-launched"] = (
                model_id,
                widgets.launch_run(db, model["system_id"], actor),
            )
            queue_toast("Monitor started")
        right.caption(f"Current data: {plain(model['current_source'])} · reference: "
                      f"{plain(model['reference_source'])}")  # fmt: skip
        render_history(db, "monitored_models", model_id, actor)
        widgets.running_progress(db, model_id)

        history = cached_read(monitoring.metric_history)(db, model_id)
        runs = monitoring.list_runs(db, model_id=model_id)
        tab_drift, tab_fair, tab_perf, tab_runs = st.tabs(
            ["Data drift", "Fairness", "Performance", "Runs and Evidently report"]
        )
        with tab_drift:
            st.plotly_chart(charts.drift_share_trend(history), key="mon-chart-share")
            st.plotly_chart(charts.feature_drift_trend(history), key="mon-chart-features")
        with tab_fair:
            if not model["sensitive_attributes"]:
                st.info(
                    "This model has no sensitive attributes registered; fairness is not checked."
                )
            else:
                metric = st.selectbox(
                    "Fairness metric",
                    ["demographic_parity_difference", "demographic_parity_ratio",
                     "equalized_odds_difference"],
                    format_func=charts.METRIC_LABELS.get, key="mon-fair-metric",
                )  # fmt: skip
                st.plotly_chart(charts.fairness_trend(history, metric), key="mon-chart-fair")
                finished = runs[runs["status"].isin(["succeeded", "breached"])]
                if not finished.empty:
                    last_run = finished.iloc[0]["id"]
                    metrics = cached_read(monitoring.run_metrics)(db, last_run)
                    attributes = sorted(metrics["attribute"].dropna().unique())
                    attribute = st.selectbox("Attribute", attributes, key="mon-attr")
                    st.plotly_chart(
                        charts.group_comparison(metrics, attribute), key="mon-chart-groups"
                    )
                    st.caption(f"Run {plain(last_run)}")
        with tab_perf:
            st.plotly_chart(charts.performance_trend(history), key="mon-chart-perf")

if models:
    with tab_runs:
        st.dataframe(
            runs[["id", "started_at", "effective_status", "rows_seen", "rows_used",
                  "duration_s", "failure_reason", "requested_by"]],
            hide_index=True, width="stretch", key="mon-runs",
            column_config={"effective_status": "Status", "duration_s": st.column_config.NumberColumn(
                "Duration (s)", format="%.2f")},
        )  # fmt: skip
        finished_ids = runs[runs["status"].isin(["succeeded", "breached"])]["id"].tolist()
        if finished_ids:
            picked = st.selectbox("Run", finished_ids, key="mon-run-pick")
            if st.button("Open Evidently report", key="mon-report"):
                with st.spinner("Rendering Evidently's report…"):
                    html, error = widgets.report_html(db, picked, keep=allowed)
                if error:
                    st.error(plain(error))
                else:
                    st.session_state["mon-report-html"] = (picked, html)
            shown = st.session_state.get("mon-report-html")
            if shown and shown[0] == picked:
                st.download_button("Download report (HTML)", shown[1],
                                   f"evidently-{picked}.html", "text/html", key="mon-report-dl")  # fmt: skip
                components.html(shown[1], height=900, scrolling=True)

with st.expander("Register a monitored model"):
    widgets.register_form(db, systems, actor)
    st.caption("Or from the command line: `python -m monitors register --help`.")
