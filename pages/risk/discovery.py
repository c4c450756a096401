"""Discovery (ISO/IEC 42001 4.1, A.4.2): AI found in code, registries and spend, triaged."""

import streamlit as st

from risk_model.discovery import STATUSES
from store import discovery
from ui.cache import cached_read
from ui.discovery_widgets import candidate_groups, scan_panel, triage_panel
from ui.permissions import permission
from ui.session import current_actor, get_store
from ui.tables import column_words

db, actor = get_store(), current_actor()
may = permission(actor, "discovery_candidates", "scan sources or triage what they found")
st.title("Discovery")
st.caption(
    "AI found where it shows up (code repositories, model registries, spend and proxy exports) "
    "and not yet in the inventory. Link each candidate to an inventory record, create a new "
    "record from it, or dismiss it with a reason (ISO/IEC 42001 4.1, A.4.2)."
)

candidates = cached_read(discovery.list_candidates)(db)
still_open = candidates[candidates["status"] == "open"]
c1, c2, c3, c4 = st.columns(4)
c1.metric("Open candidates", len(still_open), border=True)
c2.metric("Likely systems", still_open["location"].nunique(), border=True)
triaged = int(candidates["status"].isin(["linked", "created"]).sum())
c3.metric("In the inventory", triaged, help="Linked to a record, or one created", border=True)
c4.metric("Dismissed", int((candidates["status"] == "dismissed").sum()), border=True)

tabs = st.tabs(["Candidates", "New since the last scan", "Scan a source", "Scans"])
with tabs[0]:
    show_all = st.toggle("Show triaged candidates too", key="dsc-all")
    shown = candidates if show_all else still_open
    candidate_groups(shown)
    st.subheader("Triage")
    triage_panel(db, actor, shown, may)
with tabs[1]:
    news = cached_read(discovery.latest_changes)(db)
    news = news.assign(status=news["status"].map(lambda s: STATUSES.get(s, s)))
    st.caption("What the last scan of each source found that no scan had seen, or saw move.")
    st.dataframe(news, column_config=column_words(news), hide_index=True, key="dsc-news")
with tabs[2]:
    scan_panel(db, actor, may)
with tabs[3]:
    scans = cached_read(discovery.list_scans)(db)
    st.dataframe(scans, column_config=column_words(scans), hide_index=True, key="dsc-scans")
