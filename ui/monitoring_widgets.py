"""Widgets of the Monitoring page. Runs and reports happen in subprocesses, so the dashboard
never imports Evidently (a 4-7 s import) and never holds the store while a job computes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import streamlit as st

from risk_model.access import Actor
from risk_model.monitored_models import COLUMN_TYPES
from store import Store, monitoring, report_cache
from store.monitored_models import register_model
from ui.permissions import permission
from ui.text import plain
from ui.widgets import attempt

PROJECT_ROOT = Path(__file__).resolve().parents[1]
STATUS_ICONS = {"succeeded": "✅", "breached": "⚠️", "failed": "❌", "running": "⏳", None: "—"}


def run_command(db: Store, system_id: str, actor: Actor) -> list[str]:
    return [
        sys.executable,
        "-m",
        "monitors",
        "run",
        "--system",
        system_id,
        "--db",
        str(db.path),
        "--requested-by",
        actor.name,
    ]


def launch_run(db: Store, system_id: str, actor: Actor) -> subprocess.Popen:
    """Start ``python -m monitors run --system ID`` in the background; its progress is in the
    store (``monitor_runs.progress``), which the page polls."""
    return subprocess.Popen(
        run_command(db, system_id, actor),
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def report_html(db: Store, run_id: str, keep: bool) -> tuple[str | None, str]:
    """(html, error) of a run's Evidently report: the kept file when there is one (well under
    a second), else ``python -m monitors report RUN_ID --output FILE`` in a subprocess, whose
    file is then kept for the next open. A snapshot rebuilt for a pruned run is kept in the
    store only when ``keep`` (the user may run this monitor)."""
    kept = report_cache.kept_report(db, run_id)
    if kept is not None:
        return kept, ""
    pending = report_cache.pending_file(db, run_id)
    command = [
        sys.executable,
        "-m",
        "monitors",
        "report",
        run_id,
        "--db",
        str(db.path),
        "--output",
        str(pending),
    ]
    try:
        done = subprocess.run(
            command if keep else [*command, "--no-keep"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0 or not pending.exists():
            return None, done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"
        return report_cache.keep_pending(db, run_id, pending), ""
    finally:
        pending.unlink(missing_ok=True)


def _count(value: object) -> str:
    """A row count for a caption; a run that failed before counting has none."""
    return "—" if value is None or pd.isna(value) else f"{int(value):,}"


def _when(value: object) -> str:
    return "—" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d %H:%M}"


MAX_TILES = 12
"""Up to this many monitored models get a tile each; more get counts and a table."""


def show_latest(latest: pd.DataFrame) -> None:
    """The latest run of every monitored model, with a warning for each stale one."""
    if len(latest) > MAX_TILES:
        status_summary(latest)
    else:
        status_tiles(latest)
    stale = latest[latest["stale"]]
    for row in stale.head(MAX_TILES).itertuples():
        st.warning(
            f"**{plain(row.system_name)} · {plain(row.model_name)}** is stale: no monitor result in "
            f"{row.stale_after_days} days, so its A.6.2.6 monitoring evidence is out of date.",
            icon=":material/schedule:",
        )
    if len(stale) > MAX_TILES:
        st.warning(
            f"… and {len(stale) - MAX_TILES} more stale models (see the table).",
            icon=":material/schedule:",
        )


def status_summary(latest: pd.DataFrame) -> None:
    """Models counted by the status of their latest run, then one row per model."""
    status = latest["status"].where(latest["status"].notna(), "no run yet")
    cells = st.columns(5)
    cells[0].metric("Monitored models", len(latest), border=True)
    for cell, name in zip(cells[1:4], ("succeeded", "breached", "failed"), strict=True):
        cell.metric(
            f"{STATUS_ICONS[name]} {name.capitalize()}", int((status == name).sum()), border=True
        )
    cells[4].metric("Stale", int(latest["stale"].sum()), border=True)
    shown = latest.assign(status=status)[
        [
            "system_name",
            "model_name",
            "status",
            "run_id",
            "started_at",
            "rows_seen",
            "rows_used",
            "stale",
            "days_since_run",
            "failure_reason",
        ]
    ].sort_values(["stale", "status"], ascending=[False, True])
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        key="mon-latest",
        column_config={
            "system_name": "AI system",
            "model_name": "Model",
            "run_id": "Latest run",
            "days_since_run": "Days since a result",
            "failure_reason": "Failure",
        },
    )


def status_tiles(latest: pd.DataFrame) -> None:
    """One tile per monitored model: the latest run's status, rows and age."""
    columns = st.columns(max(len(latest), 1), border=True)
    for column, row in zip(columns, latest.itertuples(), strict=False):
        status = row.status if isinstance(row.status, str) else None
        column.metric(
            f"{plain(row.system_name)} · {plain(row.model_name)}",
            f"{STATUS_ICONS[status]} {status or 'no run yet'}",
            help=f"Latest run {row.run_id}" if status else None,
        )
        if status:
            column.caption(
                f"{row.run_id} · {_when(row.started_at)} · rows seen {_count(row.rows_seen)}"
                f" · used {_count(row.rows_used)}"
            )
        if row.stale:
            column.caption(f":red[Stale: no result for {row.days_since_run} days]")
        if status == "failed":
            column.caption(f":red[Failed:] {plain(row.failure_reason or 'no reason recorded')}")


@st.fragment(run_every=2)
def running_progress(db: Store, model_id: str) -> None:
    """Progress bars of this model's running jobs, re-read from the store every 2 s."""
    runs = monitoring.list_runs(db, model_id=model_id, limit=5)
    running = runs[runs["effective_status"] == "running"]
    for row in running.itertuples():
        st.progress(float(row.progress), text=f"{row.id}: {row.progress_message}")
    launched = st.session_state.get("mon-launched")
    if not launched or launched[0] != model_id:
        return
    # The job registers its run a few seconds after it starts: wait for the process to end.
    if running.empty and launched[1].poll() is not None:
        st.session_state.pop("mon-launched")
        st.rerun()  # the run finished: redraw the page with its results


def register_form(db: Store, systems: dict[str, str], actor: Actor) -> None:
    may = permission(actor, "monitored_models", "register a model")
    with st.form("mon-register", clear_on_submit=False):
        may.note()
        left, right = st.columns(2)
        system_id = left.selectbox("AI system", list(systems), format_func=systems.get)
        name = right.text_input("Model name", key="mon-reg-name")
        reference = left.text_input(
            "Reference data (file, table:NAME or query:SELECT …)", key="mon-reg-ref"
        )
        current = right.text_input("Current data ({date} = run date)", key="mon-reg-cur")
        target = left.text_input("Target column", key="mon-reg-target")
        prediction = right.text_input("Prediction column", key="mon-reg-pred")
        probability = left.text_input("Probability column (optional)", key="mon-reg-prob")
        sensitive = right.text_input("Sensitive attributes (comma-separated)", key="mon-reg-sens")
        features = st.data_editor(
            pd.DataFrame({"column": [""], "type": ["numerical"]}),
            num_rows="dynamic",
            key="mon-reg-features",
            disabled=may.denied,
            column_config={
                "type": st.column_config.SelectboxColumn("type", options=list(COLUMN_TYPES))
            },
        )
        intersections = st.checkbox("Also check intersections", key="mon-reg-inter")
        thresholds = st.text_area("Thresholds (JSON; empty = defaults)", "{}", key="mon-reg-thr")
        stale = st.number_input("Stale after (days)", 1, 365, 7, key="mon-reg-stale")
        if st.form_submit_button("Register model", type="primary", **may.control):
            values = {
                "name": name,
                "system_id": system_id,
                "reference_source": reference,
                "current_source": current,
                "target_column": target,
                "prediction_column": prediction,
                "probability_column": probability or None,
                "features": {
                    r["column"]: r["type"] for r in features.to_dict("records") if r["column"]
                },
                "sensitive_attributes": [s.strip() for s in sensitive.split(",") if s.strip()],
                "intersections": intersections,
                "stale_after_days": int(stale),
            }
            try:
                values["thresholds"] = json.loads(thresholds or "{}")
            except json.JSONDecodeError as error:
                st.error(f"Thresholds are not valid JSON: {error}")
                return
            if attempt(lambda: register_model(db, values, actor), "Model registered"):
                st.rerun()
