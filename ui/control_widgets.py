"""Widgets shared by the SoA, coverage, evidence and crosswalk pages."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from reports.soa_document import SoAVersion, soa_pdf, soa_xlsx
from reports.tabular import to_csv_bytes, to_xlsx_bytes
from risk_model import catalogue
from store import evidence
from store.soa import EDITABLE
from ui.tables import column_words
from ui.text import plain

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTROL_IDS = [c.id for c in catalogue.annex_a_controls()]
CLAUSE_IDS = [c.id for c in catalogue.assessable_clauses()]


def control_label(control_id: str) -> str:
    return f"{control_id} {catalogue.control(control_id).title}"


def clause_label(clause_id: str) -> str:
    return f"{clause_id} {catalogue.clause(clause_id).title}"


def soa_downloads(info: SoAVersion, frame: pd.DataFrame, key: str) -> None:
    """XLSX and PDF of one SoA version; the files are built only when clicked."""
    stem = f"statement_of_applicability_v{info.version}"
    left, right = st.columns(2)
    left.download_button(
        "Download SoA (XLSX)", lambda: soa_xlsx(info, frame), f"{stem}.xlsx", XLSX,
        key=f"{key}-xlsx", width="stretch", on_click="ignore",
    )  # fmt: skip
    right.download_button(
        "Download SoA (PDF)", lambda: soa_pdf(info, frame), f"{stem}.pdf", "application/pdf",
        key=f"{key}-pdf", width="stretch", on_click="ignore",
    )  # fmt: skip


def export_buttons(load: Callable[[], pd.DataFrame], stem: str, sheet: str, key: str) -> None:
    """CSV and XLSX of the frame ``load()`` returns, read from the store only when clicked
    (``ui.widgets.download_buttons`` takes a frame already read)."""
    left, right = st.columns(2)
    left.download_button(
        "Export CSV", lambda: to_csv_bytes(load()), f"{stem}.csv", "text/csv",
        key=f"{key}-csv", width="stretch",
    )  # fmt: skip
    right.download_button(
        "Export XLSX", lambda: to_xlsx_bytes(load(), sheet_name=sheet), f"{stem}.xlsx", XLSX,
        key=f"{key}-xlsx", width="stretch",
    )  # fmt: skip


LISTED_MESSAGES = 30
"""Up to this many messages are listed one by one; more are shown as one table."""


def flag_messages(messages: pd.Series, key: str) -> None:
    """A bulleted list of flag messages, or a searchable table when there are many."""
    if len(messages) <= LISTED_MESSAGES:
        for message in messages:
            st.markdown(f"- {plain(message)}")
        return
    st.dataframe(
        messages.rename("Flag").reset_index(drop=True).to_frame(), column_config=column_words(messages),
        hide_index=True, width="stretch", height=300, key=key,
    )  # fmt: skip


def edited_changes(original: pd.DataFrame, edited: pd.DataFrame) -> dict[str, dict]:
    """control id -> {field: new value} for the editable cells a data editor changed."""
    changes: dict[str, dict] = {}
    before = original.set_index("control_id")[list(EDITABLE)].to_dict("index")
    for row in edited.to_dict("records"):
        old = before[row["control_id"]]
        diff = {}
        for field in EDITABLE:
            new, was = row.get(field), old[field]
            new = "" if new is None or (isinstance(new, float) and pd.isna(new)) else new
            if (bool(new) != bool(was)) if field == "applicable" else (str(new) != str(was)):
                diff[field] = new
        if diff:
            changes[row["control_id"]] = diff
    return changes


def link_pickers(key: str, systems: dict[str, str], current: dict | None = None) -> dict:
    """Multiselects for an item's links to controls, clauses and AI systems."""
    current = current or {}
    return {
        "control": st.multiselect(
            "Annex A controls",
            CONTROL_IDS,
            current.get("controls", []),
            format_func=control_label,
            key=f"{key}-controls",
        ),  # fmt: skip
        "clause": st.multiselect(
            "Clauses",
            CLAUSE_IDS,
            current.get("clauses", []),
            format_func=clause_label,
            key=f"{key}-clauses",
        ),  # fmt: skip
        "ai_system": st.multiselect(
            "AI systems",
            list(systems),
            [s for s in current.get("ai_systems", []) if s in systems],
            format_func=lambda s: f"{systems[s]} ({s})",
            key=f"{key}-systems",
        ),  # fmt: skip
    }


def version_details(key: str, author: str) -> evidence.VersionDetails:
    """Document-control fields of one version (7.5.2): author, change note, approval, review."""
    c1, c2 = st.columns(2)
    who = c1.text_input("Author", author, key=f"{key}-author")
    note = c2.text_input("Change note", key=f"{key}-note")
    c3, c4, c5 = st.columns(3)
    approver = c3.text_input("Approved by", key=f"{key}-approver")
    approved_on = c4.date_input("Approved on", None, key=f"{key}-approved-on")
    review_due = c5.date_input("Review or expiry date", None, key=f"{key}-review")
    return evidence.VersionDetails(who, note, approver or None, approved_on, review_due)


def item_fields(key: str) -> dict:
    c1, c2, c3 = st.columns([2, 1, 1])
    values = {
        "title": c1.text_input("Title", key=f"{key}-title"),
        "kind": c2.selectbox("Kind", evidence.EVIDENCE_KINDS, key=f"{key}-kind"),
        "owner": c3.text_input("Owner", key=f"{key}-owner"),
    }
    values["labels"] = st.text_input("Labels (comma-separated)", key=f"{key}-labels")
    return values


STATE_BADGES = {"current": "🟢 current", "review due": "🟠 review due", "expired": "🔴 expired"}


def state_badge(state: str) -> str:
    return STATE_BADGES.get(state, state)
