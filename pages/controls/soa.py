"""Statement of Applicability (ISO/IEC 42001 6.1.3 f): edit, flag, approve, version, export."""

import streamlit as st

from risk_model.soa import IMPLEMENTATION_STATUSES, SOA_COLUMNS
from store import soa
from ui.cache import cached_read
from ui.control_widgets import edited_changes, flag_messages, soa_downloads
from ui.history import render_history
from ui.linking import only_linked
from ui.permissions import permission
from ui.session import current_actor, get_store, today
from ui.tables import column_words
from ui.text import plain
from ui.widgets import attempt

db, actor = get_store(), current_actor()
may = permission(actor, "statement_of_applicability", "change or approve the SoA")
FIXED_COLUMNS = ("control_id", "domain", "title", "risks", "evidence", "evidence_current", "flags")
st.title("Statement of Applicability")
st.caption(
    "Every ISO/IEC 42001 Annex A control: applicable or not and why, its implementation, "
    "owner and RACI, the risks it treats and the evidence that it works (clause 6.1.3)."
)

frame, flags, draft, versions = cached_read(soa.working_state)(db, today())

applicable = frame[frame["applicable"]]
m1, m2, m3, m4 = st.columns(4)
m1.metric("Applicable controls", f"{len(applicable)} of {len(frame)}", border=True)
implemented = int((applicable["implementation_status"] == "implemented").sum())
m2.metric("Implemented", f"{implemented} of {len(applicable)}", border=True)
m3.metric("With current evidence", int(applicable["evidence_current"].sum()), border=True)
m4.metric("Flags", len(flags), border=True)
if len(versions):
    latest = versions.iloc[0]
    st.info(
        f"Latest approved: version {latest['version']}, approved by {plain(latest['approved_by'])} "
        f"on {latest['approved_on']:%Y-%m-%d}. You are editing the draft of version "
        f"{draft.version}."
    )
else:
    st.warning("No version of the Statement of Applicability has been approved yet.")

edit_tab, flags_tab, approve_tab, versions_tab = st.tabs(
    ["Working version", f"Flags ({len(flags)})", "Approve", "Earlier versions"]
)
with edit_tab:
    may.note()
    shown = only_linked(frame[list(SOA_COLUMNS)], "control_id")  # a "Fix" link: one control
    edited = st.data_editor(
        shown,
        hide_index=True,
        width="stretch",
        height=560,
        key="soa-editor",
        disabled=may.denied or list(FIXED_COLUMNS),
        column_config={
            "control_id": st.column_config.TextColumn("Control", pinned=True),
            "domain": "Domain",
            "title": "Title",
            "applicable": st.column_config.CheckboxColumn("Applicable"),
            "justification": st.column_config.TextColumn("Justification", width="large"),
            "implementation_status": st.column_config.SelectboxColumn(
                "Implementation status", options=list(IMPLEMENTATION_STATUSES), required=True
            ),
            "owner": "Owner",
            "responsible": "Responsible",
            "accountable": "Accountable",
            "consulted": "Consulted",
            "informed": "Informed",
            "risks": "Risks treated",
            "evidence": "Current evidence",
            "evidence_current": st.column_config.CheckboxColumn("Evidenced"),
            "flags": "Flags",
        },
    )
    changes = edited_changes(shown, edited)
    st.caption(
        f"{len(changes)} control(s) changed and not yet saved."
        if changes
        else "No unsaved changes."
    )
    if st.button(
        "Save SoA changes",
        type="primary",
        key="soa-save",
        disabled=not changes or may.denied,
        help=may.reason,
    ):
        if attempt(
            lambda: soa.update_controls(db, changes, actor), "Statement of Applicability saved"
        ):
            st.rerun()
    st.caption("The risks a control treats are set on each risk in the risk register.")
    soa_downloads(draft, shown, "soa-draft")
    picked = st.selectbox("History of a control", shown["control_id"], key="soa-history")
    render_history(db, "statement_of_applicability", picked)

with flags_tab:
    if flags.empty:
        st.success("No flags: every decision is justified and every applicable control evidenced.")
    for flag, group in flags.groupby("flag", sort=False):
        with st.expander(f"{flag} ({len(group)})", expanded=flag.startswith("excluded")):
            flag_messages(group["message"], key=f"soa-flags-{flag}")

with approve_tab:
    st.write(
        f"Approving freezes the working version as **version {draft.version}**, with its risks, "
        "evidence and flags; it stays readable under *Earlier versions*."
    )
    may.note()
    with st.form("soa-approve"):
        approver = st.text_input("Approved by (name and role)", key="soa-approver")
        approved_on = st.date_input("Approved on", today(), key="soa-approved-on")
        note = st.text_input("Note", key="soa-approval-note")
        if st.form_submit_button(f"Approve version {draft.version}", type="primary", **may.control):
            if attempt(
                lambda: soa.approve_version(db, approver, approved_on, actor, note=note),
                f"Version {draft.version} approved",
            ):
                st.rerun()

with versions_tab:
    if versions.empty:
        st.info("No approved versions yet.")
    else:
        st.dataframe(
            versions.drop(columns=["title"]),
            hide_index=True,
            width="stretch",
            column_config={
                "version": "Version",
                "approved_by": "Approved by",
                "approved_on": st.column_config.DateColumn("Approved on"),
                "note": "Note",
                "created_at": st.column_config.DatetimeColumn("Recorded at"),
                "created_by": "Recorded by",
                "controls": "Controls",
            },
        )
        number = st.selectbox("Version to read", list(versions["version"]), key="soa-version")
        info, snapshot = cached_read(soa.read_version)(db, number)
        st.subheader(f"Version {info.version}")
        st.caption(f"Approved by {plain(info.approved_by)} on {info.approved_on:%Y-%m-%d}.")
        st.dataframe(
            snapshot, hide_index=True, key="soa-version-table", column_config=column_words(snapshot)
        )
        soa_downloads(info, snapshot, f"soa-v{info.version}")
