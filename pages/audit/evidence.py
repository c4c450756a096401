"""Evidence library (ISO/IEC 42001 7.5.2, 7.5.3): documents and links under document control."""

import streamlit as st

from reports.exports import audit_bundle
from risk_model.evidence import filter_items
from store import evidence, evidence_register
from store.evidence_files import upload_limit_bytes
from ui.control_widgets import (
    evidence_item,
    export_buttons,
    item_fields,
    link_pickers,
    state_badge,
    version_details,
)
from ui.permissions import permission
from ui.session import current_actor, get_store, today
from ui.tables import column_words
from ui.widgets import attempt

db, actor = get_store(), current_actor()
st.title("Evidence library")
st.caption(
    "Policies, procedures, model cards, test results and minutes, each with its SHA-256, "
    "versions, approval and review date, linked to controls, clauses and AI systems."
)
items, systems = evidence_register.library_screen(db, today())

m1, m2, m3, m4 = st.columns(4)
m1.metric("Evidence items", len(items), border=True)
m2.metric("Expired (stale)", int(items["stale"].sum()), border=True)
m3.metric("Review due in 30 days", int((items["state"] == "review due").sum()), border=True)
m4.metric("Links", int(items["url"].notna().sum()), border=True)

c1, c2, c3 = st.columns([2, 2, 1])
search = c1.text_input("Search title, label, control or clause", key="ev-search")
kinds = c2.multiselect("Kind", evidence.EVIDENCE_KINDS, key="ev-kinds")
only_stale = c3.toggle("Only expired or due", key="ev-stale")
shown = filter_items(items, search, kinds, only_stale)
view = shown.assign(state=shown["state"].map(state_badge))[
    [
        "id",
        "title",
        "kind",
        "version",
        "owner",
        "state",
        "review_due",
        "controls",
        "clauses",
        "labels",
        "approved_by",
        "original_filename",
        "url",
    ]
]
event = st.dataframe(
    view,
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    key="ev-table",
    column_config=column_words(
        view,
        {
            "id": "ID",
            "title": "Title",
            "state": "State",
            "version": "Version",
            "review_due": st.column_config.DateColumn("Review / expiry"),
            "url": st.column_config.LinkColumn("Link"),
            "original_filename": "File",
        },
    ),
)
export_buttons(
    lambda: evidence_register.register_frame(db, today()), "evidence_register", "Evidence", "ev"
)
st.download_button(
    "Download audit bundle (ZIP)",
    lambda: audit_bundle(db, today()),
    f"aims_evidence_bundle_{today():%Y%m%d}.zip",
    "application/zip",
    key="ev-bundle",
    on_click="ignore",
    icon=":material/folder_zip:",
)

selected = event.selection.rows
item_tab, upload_tab, link_tab = st.tabs(["Selected item", "Upload a document", "Register a link"])
with item_tab:
    if not selected:
        st.info("Select a row to see its versions, download a file, add a version or edit links.")
    else:
        item = view.iloc[selected[0]]
        evidence_item(db, actor, item, items.set_index("id").loc[item["id"]].to_dict(), systems)

adding = permission(actor, "evidence_items", "add evidence")
with upload_tab, st.form("ev-upload", clear_on_submit=True):
    adding.note()
    st.caption(
        f"Up to {upload_limit_bytes() // 1024 // 1024} MB. The file's name is cleaned; "
        "its bytes are kept under their SHA-256 next to the store."
    )
    upload = st.file_uploader("Document", key="ev-upload-file")
    values = item_fields("ev-upload")
    links = link_pickers("ev-upload", systems)
    details = version_details("ev-upload", actor.name)
    if st.form_submit_button("Upload document", type="primary", **adding.control):
        if upload is None:
            st.error("Choose a file to upload.")
        elif attempt(
            lambda: evidence.add_document(
                db, values, upload.getvalue(), upload.name, details, actor, links
            ),
            "Document added",
        ):
            st.rerun()

with link_tab, st.form("ev-link", clear_on_submit=True):
    url = st.text_input("Link (https://…)", key="ev-link-url")
    values = item_fields("ev-link")
    links = link_pickers("ev-link", systems)
    details = version_details("ev-link", actor.name)
    if st.form_submit_button("Register link", type="primary", **adding.control) and attempt(
        lambda: evidence.add_link(db, values, url, details, actor, links), "Link registered"
    ):
        st.rerun()
