"""Widgets shared by the SoA, coverage, evidence and crosswalk pages."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from reports.soa_document import SoAVersion, soa_pdf, soa_xlsx
from reports.tabular import to_csv_bytes, to_xlsx_bytes
from risk_model import catalogue
from risk_model.access import Actor
from store import Store, evidence, evidence_register
from store.soa import EDITABLE
from ui.history import render_history
from ui.permissions import permission
from ui.tables import column_words
from ui.text import plain
from ui.widgets import attempt

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
        "Download SoA (XLSX)",
        lambda: soa_xlsx(info, frame),
        f"{stem}.xlsx",
        XLSX,
        key=f"{key}-xlsx",
        width="stretch",
        on_click="ignore",
    )
    right.download_button(
        "Download SoA (PDF)",
        lambda: soa_pdf(info, frame),
        f"{stem}.pdf",
        "application/pdf",
        key=f"{key}-pdf",
        width="stretch",
        on_click="ignore",
    )


def export_buttons(load: Callable[[], pd.DataFrame], stem: str, sheet: str, key: str) -> None:
    """CSV and XLSX of the frame ``load()`` returns, read from the store only when clicked
    (``ui.widgets.download_buttons`` takes a frame already read)."""
    left, right = st.columns(2)
    left.download_button(
        "Export CSV",
        lambda: to_csv_bytes(load()),
        f"{stem}.csv",
        "text/csv",
        key=f"{key}-csv",
        width="stretch",
    )
    right.download_button(
        "Export XLSX",
        lambda: to_xlsx_bytes(load(), sheet_name=sheet),
        f"{stem}.xlsx",
        XLSX,
        key=f"{key}-xlsx",
        width="stretch",
    )


LISTED_MESSAGES = 30
"""Up to this many messages are listed one by one; more are shown as one table."""


def flag_messages(messages: pd.Series, key: str) -> None:
    """A bulleted list of flag messages, or a searchable table when there are many."""
    if len(messages) <= LISTED_MESSAGES:
        for message in messages:
            st.markdown(f"- {plain(message)}")
        return
    st.dataframe(
        messages.rename("Flag").reset_index(drop=True).to_frame(),
        column_config=column_words(messages),
        hide_index=True,
        width="stretch",
        height=300,
        key=key,
    )


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
        ),
        "clause": st.multiselect(
            "Clauses",
            CLAUSE_IDS,
            current.get("clauses", []),
            format_func=clause_label,
            key=f"{key}-clauses",
        ),
        "ai_system": st.multiselect(
            "AI systems",
            list(systems),
            [s for s in current.get("ai_systems", []) if s in systems],
            format_func=lambda s: f"{systems[s]} ({s})",
            key=f"{key}-systems",
        ),
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


def evidence_item(
    db: Store, actor: Actor, item: pd.Series, full: dict, systems: dict[str, str]
) -> None:
    """One evidence item of the library: its versions, its file, a new version, its links and
    its history. ``item`` is the row as the table shows it, ``full`` the register's row."""
    st.subheader(f"{plain(item['id'])} · {plain(item['title'])}")
    st.caption(plain(f"{item['kind']} · owner {item['owner'] or '—'} · {item['state']}"))
    history = evidence_register.versions(db, item["id"])
    st.dataframe(
        history,
        column_config=column_words(history),
        hide_index=True,
        width="stretch",
        key="ev-versions",
    )
    if full["sha256"]:
        data, name, media = evidence_register.version_file(db, item["id"], int(full["version"]))
        st.download_button(
            f"Download version {full['version']} ({plain(name)})",
            data,
            name,
            media,
            key="ev-download",
            on_click="ignore",
        )
    may = permission(actor, "evidence_items", "change this evidence", full.get("owner"))
    may.note()
    with st.form("ev-new-version", clear_on_submit=True):
        st.markdown(f"**New version {int(full['version']) + 1}**")
        upload = st.file_uploader("File", key="ev-version-file")
        url = st.text_input("…or a link (https://)", key="ev-version-url")
        details = version_details("ev-version", actor.name)
        if st.form_submit_button("Add version", type="primary", **may.control):
            data = upload.getvalue() if upload else None
            if attempt(
                lambda: evidence.add_version(
                    db,
                    item["id"],
                    details,
                    actor,
                    data,
                    upload.name if upload else None,
                    url if not upload and url else None,
                ),
                "Version added",
            ):
                st.rerun()
    with st.form("ev-links"):
        links = link_pickers("ev-links", systems, full)
        if st.form_submit_button("Save links", **may.control) and attempt(
            lambda: evidence.set_links(db, item["id"], links, actor), "Links saved"
        ):
            st.rerun()
    render_history(db, "evidence_items", item["id"], actor)
