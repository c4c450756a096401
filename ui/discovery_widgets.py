"""The parts of the Discovery page and the overview's "AI found but not catalogued" tile."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from risk_model.access import Actor
from risk_model.discovery import SOURCES, STATUSES
from risk_model.inventory import SOURCING, SOURCING_LABELS
from store import discovery, inventory
from store.connection import Store
from ui.cache import cached_read
from ui.permissions import Permission
from ui.tables import column_words
from ui.text import plain
from ui.widgets import attempt, kpi

MAX_GROUPS = 40
"""Likely systems drawn one by one; beyond these, one table lists the rest."""

CANDIDATE_COLUMNS = {
    "id": "Candidate",
    "provider": "Provider",
    "products": "Found",
    "findings": "Evidence",
    "new_findings": "New in the last scan",
    "status": "Status",
    "system_name": "Inventory record",
    "dismissed_reason": "Reason dismissed",
    "first_seen": "First seen",
}
_LAST = "dsc-last-scan"


def uncatalogued_ai(db: Store) -> None:
    """The overview's tile: open candidates, and the likely systems they belong to."""
    candidates, systems = cached_read(discovery.uncatalogued)(db)
    value = f"{candidates} in {systems} likely systems" if candidates else "None open"
    help_text = "Found in code, model registries or spend by discovery, and not yet triaged"
    kpi(
        st.columns(3)[0], "AI found but not catalogued", value, help_text, "pages/risk/discovery.py"
    )


def _table(frame: pd.DataFrame) -> pd.DataFrame:
    shown = frame.assign(
        products=frame["products"].map(", ".join),
        status=frame["status"].map(lambda s: STATUSES.get(s, s)),
    )
    return shown[list(CANDIDATE_COLUMNS)].rename(columns=CANDIDATE_COLUMNS)


def candidate_groups(candidates: pd.DataFrame) -> None:
    """The candidates by likely system: a repository, a registered model, a vendor."""
    if candidates.empty:
        st.info("No candidate to show. Scan a repository, a model registry or a spend export.")
        return
    groups = list(candidates.groupby(["source", "location"], sort=True))
    for (source, location), group in groups[:MAX_GROUPS]:
        st.markdown(f"**{plain(location)}** · {SOURCES.get(source, source)}")
        st.dataframe(_table(group), hide_index=True, width="stretch", key=f"dsc-g-{group.index[0]}")
    if len(groups) > MAX_GROUPS:
        rest = pd.concat([g for _, g in groups[MAX_GROUPS:]])
        st.markdown(f"**{len(groups) - MAX_GROUPS} more likely systems**")
        table = _table(rest).assign(**{"Likely system": rest["location"].to_numpy()})
        st.dataframe(table, hide_index=True, width="stretch", key="dsc-g-rest")


def triage_panel(db: Store, actor: Actor, candidates: pd.DataFrame, may: Permission) -> None:
    """Link, create or dismiss one candidate, after reading its evidence."""
    if candidates.empty:
        return
    labels = {
        row["id"]: f"{row['id']} · {row['location']} · {row['provider']}"
        for row in candidates.to_dict("records")
    }
    chosen = st.selectbox(
        "Candidate to triage", list(labels), format_func=labels.get, key="dsc-pick"
    )
    evidence = cached_read(discovery.candidate_findings)(db, chosen)
    st.dataframe(evidence, column_config=column_words(evidence), hide_index=True, key="dsc-ev")
    how = st.radio(
        "Triage",
        ["link", "create", "dismiss"],
        format_func={
            "link": "Link to an inventory record",
            "create": "Create a new inventory record",
            "dismiss": "Dismiss",
        }.get,
        horizontal=True,
        key="dsc-how",
    )
    if how == "link":
        names = cached_read(inventory.system_names)(db)
        system = st.selectbox(
            "AI system", list(names), format_func=lambda i: f"{names[i]} ({i})", key="dsc-link-to"
        )
        if st.button("Link", type="primary", key="dsc-link", **may.control) and attempt(
            lambda: discovery.link_candidate(db, chosen, system, actor), f"{chosen} linked"
        ):
            st.rerun()
    elif how == "create":
        fill = discovery.candidate_prefill(db, chosen)
        with st.form(f"dsc-create-{chosen}"):
            left, right = st.columns(2)
            values = {
                "name": left.text_input("Name", fill.get("name", "")),
                "provider": right.text_input("Vendor or provider", fill.get("provider", "")),
                "owner": left.text_input("Designated owner", fill.get("owner", "")),
                "sourcing": right.selectbox(
                    "Built in-house or procured",
                    SOURCING,
                    SOURCING.index(fill.get("sourcing", "procured")),
                    format_func=SOURCING_LABELS.get,
                ),
            }
            st.caption(plain(fill.get("description", "")))
            if st.form_submit_button("Create record", type="primary", **may.control) and attempt(
                lambda: discovery.create_from_candidate(db, chosen, actor, values),
                f"{values['name']} added to the inventory",
            ):
                st.rerun()
    else:
        with st.form(f"dsc-dismiss-{chosen}"):
            reason = st.text_input("Why is this not an AI system to catalogue?", key="dsc-reason")
            dismissed = st.form_submit_button(
                "Dismiss", type="primary", key="dsc-dismiss", **may.control
            )
        if dismissed and attempt(
            lambda: discovery.dismiss_candidate(db, chosen, reason, actor), f"{chosen} dismissed"
        ):
            st.rerun()


def _record(db: Store, actor: Actor, scan) -> None:
    summary = discovery.record_scan(db, scan(), actor)
    problems = "".join(f"\n- {plain(f)}: {plain(m)}" for f, m in summary.problems)
    st.session_state[_LAST] = (
        f"{summary.scan_id}: {summary.findings} findings, {summary.new} new, {summary.changed} "
        f"moved; {summary.candidates_new} new candidates, {summary.reopened} re-opened."
        + (f"\n\nNot read:{problems}" if problems else "")
    )


def scan_panel(db: Store, actor: Actor, may: Permission) -> None:
    """Scan a repository (inside ``AIMS_DISCOVERY_ROOTS``), a spend export or a registry."""
    from monitors.repository_scan import scan_repository
    from risk_model.spend_scan import scan_spend

    if _LAST in st.session_state:
        st.success(st.session_state.pop(_LAST))
    code, spend, registry = st.columns(3)
    folder = code.text_input("Repository folder", key="dsc-folder")
    if code.button("Scan the repository", key="dsc-scan-code", **may.control) and attempt(
        lambda: _record(db, actor, lambda: scan_repository(discovery.scannable_folder(folder))),
        "Repository scanned",
    ):
        st.rerun()
    upload = spend.file_uploader("Spend or proxy export", ["csv", "xlsx"], key="dsc-spend")
    if spend.button("Scan the export", key="dsc-scan-spend", **may.control) and upload:
        if attempt(
            lambda: _record(db, actor, lambda: scan_spend(upload.getvalue(), upload.name)),
            "Export scanned",
        ):
            st.rerun()
    registries = discovery.scannable_registries()
    if not registries:
        registry.caption(
            "MLflow registry: the page scans only the tracking servers an administrator lists "
            "in AIMS_MLFLOW_URIS; `python -m store discover mlflow URI` scans any."
        )
        return
    uri = registry.selectbox("MLflow tracking server", registries, key="dsc-uri")
    if registry.button("Scan the registry", key="dsc-scan-mlflow", **may.control) and attempt(
        lambda: _record(db, actor, lambda: _mlflow(uri)), "Registry scanned"
    ):
        st.rerun()


def _mlflow(uri: str):
    from monitors.registry_scan import scan_mlflow

    return scan_mlflow(discovery.scannable_registry(uri))
