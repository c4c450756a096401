"""EU AI Act obligations timeline: what is due next, per system and across the estate."""

import streamlit as st

from risk_model.obligations_timeline import application_dates, track_titles
from store import inventory, obligations
from ui.cache import cached_read
from ui.regulatory_document_widgets import render_documents
from ui.session import current_actor, get_store, today

db, actor = get_store(), current_actor()
st.title("EU AI Act obligations timeline")
st.caption(
    "Each AI system's obligations by the organisation's role toward it (provider, deployer) "
    "and the date they apply from. The dates follow Regulation (EU) 2024/1689 Art. 113 as "
    "amended by the Digital Omnibus on AI: Annex III high-risk systems from 2 December 2027, "
    "Annex I products from 2 August 2028. Decision support, not legal advice."
)

now = today()
frame = cached_read(obligations.estate_obligations)(db)
upcoming = frame[frame["applies_from"] > now]
c1, c2, c3 = st.columns(3)
next_day = upcoming["applies_from"].min() if len(upcoming) else None
c1.metric("Next application date", f"{next_day:%Y-%m-%d}" if next_day else "—", border=True)
due = upcoming[upcoming["applies_from"] == next_day] if next_day else upcoming
c2.metric("Systems affected then", due["system_id"].nunique(), border=True)
c3.metric("Obligations applying now", int((frame["applies_from"] <= now).sum()), border=True)

st.subheader("Across the estate")
estate = (
    upcoming.groupby(["applies_from", "track", "role"])
    .agg(systems=("system_id", "nunique"), obligations=("article", "nunique"))
    .reset_index()
)
estate["track"] = estate["track"].map(track_titles())
st.dataframe(
    estate,
    hide_index=True,
    width="stretch",
    key="obl-estate",
    column_config={
        "applies_from": st.column_config.DateColumn("Applies from"),
        "track": "Track",
        "role": "Role",
        "systems": "Systems",
        "obligations": "Articles",
    },
)

st.subheader("Per system")
names = dict(zip(frame["system_id"], frame["system_name"], strict=False))
system_id = st.selectbox("AI system", list(names), format_func=names.get, key="obl-system")
mine = frame[frame["system_id"] == system_id].copy()
mine["status"] = [
    "applies" if d <= now else f"in {(d - now).days} days" for d in mine["applies_from"]
]
mine_next = mine[mine["applies_from"] > now]
if len(mine_next):
    first = mine_next["applies_from"].min()
    articles = ", ".join(mine_next[mine_next["applies_from"] == first]["article"].unique())
    st.info(f"Due next on {first:%Y-%m-%d}: {articles}.")
else:
    st.success("Every obligation found for this system already applies.")
st.dataframe(
    mine[["role", "article", "obligation", "applies_from", "status"]],
    hide_index=True,
    width="stretch",
    key="obl-system-table",
    column_config={
        "role": "Role",
        "article": "Article",
        "obligation": "Obligation",
        "applies_from": st.column_config.DateColumn("Applies from"),
        "status": "Status",
    },
)
render_documents(db, actor, inventory.get_system(db, system_id) or {}, now)

with st.expander("Application dates and the text they follow"):
    st.dataframe(
        [
            {
                "Track": d.title,
                "Applies from": d.applies_from,
                "Original date": d.original_date,
                "Source": d.source,
            }
            for d in application_dates()
        ],
        hide_index=True,
        width="stretch",
        key="obl-dates",
    )
