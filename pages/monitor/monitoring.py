"""Monitoring (ISO/IEC 42001 9.1, A.6.2.6): drift, fairness and performance of deployed models."""

import streamlit as st

from risk_model.access import why_not
from store import incident_views, inventory, monitored_models, monitoring
from ui import monitoring_tabs as tabs
from ui import monitoring_widgets as widgets
from ui.cache import cached_read
from ui.history import render_history
from ui.monitoring_schedule import show_schedule
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
    show_schedule(db)  # next runs and overdue ones (store.schedules)

    models = {m["id"]: m for m in cached_read(monitored_models.list_models)(db)}
    systems = cached_read(inventory.system_names)(db)
    systems_owners = cached_read(inventory.owners_by_system)(db)
    linked_run = st.query_params.get("run")  # e.g. a link from an AI incident
    linked_model = incident_views.run_model(db, linked_run) if linked_run else None
    if linked_run and st.session_state.get("mon-linked") != linked_run:
        st.session_state["mon-linked"] = linked_run
        if linked_model in models:
            st.session_state["mon-model"] = linked_model
            st.session_state["mon-run-pick"] = linked_run
    mine = [m for m in models if systems_owners.get(models[m]["system_id"]) == actor.name]
    mine_first = "ml_owner" in actor.roles and linked_model in (None, *mine)
    if mine and st.toggle("Only my models", value=mine_first, key="mon-mine"):
        models = {m: models[m] for m in mine}
    if models:
        model_id = st.selectbox(
            "Monitored model",
            list(models),
            format_func=lambda m: (
                f"{systems.get(models[m]['system_id'], models[m]['system_id'])} · "
                f"{models[m]['name']} ({m})"
            ),
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
        right.caption(
            f"Current data: {plain(model['current_source'])} · "
            f"reference: {plain(model['reference_source'])}"
        )
        render_history(db, "monitored_models", model_id, actor)
        widgets.running_progress(db, model_id)

        history = cached_read(monitoring.metric_history)(db, model_id)
        runs = monitoring.list_runs(db, model_id=model_id)
        run_id, metrics = tabs.latest_metrics(db, runs)
        tab_drift, tab_fair, tab_perf, tab_runs = st.tabs(
            ["Data drift", "Fairness", "Performance", "Runs and Evidently report"]
        )
        with tab_drift:
            tabs.drift_tab(history, run_id, metrics)
        with tab_fair:
            tabs.fairness_tab(model, history, run_id, metrics)
        with tab_perf:
            tabs.performance_tab(history, run_id)

if models:
    with tab_runs:
        tabs.runs_tab(db, runs, allowed)

with st.expander("Register a monitored model"):
    widgets.register_form(db, systems, actor)
    st.caption("Or from the command line: `python -m monitors register --help`.")
