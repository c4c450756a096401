"""Executive overview: the page executives open first."""

import streamlit as st

from charts.overview import horizontal_bars, readiness_trend
from risk_model.getting_started import is_new, progress
from risk_model.inventory import EU_AI_ACT_TIER_LABELS
from risk_model.risk_register import RISK_STATUS_CHOICE_LABELS
from store.getting_started import milestone_counts
from store.overview import readiness_overview
from ui.cache import cached_read
from ui.discovery_widgets import uncatalogued_ai
from ui.overview_widgets import getting_started, kpi_tiles
from ui.risk_widgets import empty_as_of_note, overview_with_heatmap
from ui.session import get_store, today
from ui.tables import column_words
from ui.text import plain
from ui.widgets import kpi

db = get_store()
st.title("Executive overview")
st.caption(f"AI management system (ISO/IEC 42001) status on {today():%d %B %Y}")

counts = cached_read(milestone_counts)(db)
if is_new(counts):  # nothing to chart yet: the path through ISO/IEC 42001 instead
    st.subheader("Getting started: the ISO/IEC 42001 path")
    getting_started(progress(counts))
    st.stop()
tiles = st.container()  # today's counts, filled once read below
ready = cached_read(readiness_overview)(db, today())
st.subheader("Certification readiness")
r1, r2, r3 = st.columns(3)
r1.metric(
    "Readiness score",
    f"{ready.score.score:.1f} / 100",
    None if ready.change is None else f"{ready.change:+.1f}",
    delta_description="vs 30 days ago",
    help="Self-assessed maturity less 2 % per open major and 0.25 % per open minor finding",
    chart_data=list(ready.trend["score"]),
    border=True,
)
r1.page_link(
    "pages/audit/readiness.py", label="Open the readiness assessment", icon=":material/speed:"
)
kpi(
    r2,
    "Pre-audit findings",
    f"{ready.score.checks_major} major · {ready.score.checks_minor} minor",
    help="What a certification auditor would flag in today's records",
    page="pages/audit/checks.py",
)
if ready.next_event is None:
    r3.metric("Next certification event", "None planned", border=True)
else:
    name, day, days_left = ready.next_event
    r3.metric(f"Next: {plain(name)}", f"in {days_left} days", help=f"{day:%d %B %Y}", border=True)
    r3.caption(f"{plain(name)} on {day:%d %B %Y}")
r3.page_link(
    "pages/audit/certification.py", label="Open the certification cycle", icon=":material/event:"
)
uncatalogued_ai(db)
with st.expander("Readiness trend and certification countdown"):
    left, right = st.columns(2)
    left.plotly_chart(readiness_trend(ready.trend), width="stretch", key="ov-trend")
    right.dataframe(
        ready.countdown,
        column_config=column_words(ready.countdown),
        hide_index=True,
        key="ov-countdown",
    )

st.subheader("AI risks: inherent and residual")
as_of = st.date_input(
    "Show the heatmap and the ten highest risks as of",
    today(),
    max_value=today(),
    key="ov-asof",
    format="YYYY-MM-DD",
    help="The tiles above always count today's records.",
)
as_of = None if as_of is None or as_of >= today() else as_of
data, figure = cached_read(overview_with_heatmap)(db, today(), as_of)
with tiles:
    kpi_tiles(data)
if as_of and data.top_risks.empty:
    st.info(empty_as_of_note(db, as_of))
st.plotly_chart(figure, width="stretch", key="ov-heatmap")
st.page_link(
    "pages/risk/heatmap.py", label="Open the risk heatmap", icon=":material/arrow_forward:"
)

st.subheader(f"The ten highest risks on {as_of or today():%d %B %Y}")
top = data.top_risks.reindex(
    columns=["title", "systems", "residual_level", "inherent_level", "owner", "effective_status"]
)
top["effective_status"] = top["effective_status"].map(lambda s: RISK_STATUS_CHOICE_LABELS.get(s, s))
top["residual_level"] = top["residual_level"].fillna("not assessed")
top.insert(0, "rank", range(1, len(top) + 1))
st.dataframe(
    top,
    hide_index=True,
    width="stretch",
    key="ov-top",
    column_config={
        "rank": st.column_config.NumberColumn("#", width="small"),
        "title": st.column_config.TextColumn("Risk", width="large"),
        "systems": st.column_config.TextColumn("AI systems", width="medium"),
        "residual_level": "Residual level",
        "inherent_level": "Inherent level",
        "owner": "Owner",
        "effective_status": "Status",
    },
)
st.page_link("pages/risk/risks.py", label="Open the risk register", icon=":material/arrow_forward:")

left, right = st.columns(2)
tiers = data.tiers.assign(tier=data.tiers["eu_ai_act_tier"].map(EU_AI_ACT_TIER_LABELS))
tiers = tiers.rename(columns={"systems": "AI systems", "tier": "EU AI Act tier"})
bars = horizontal_bars(tiers, "AI systems", "EU AI Act tier", "AI systems by EU AI Act risk tier")
left.plotly_chart(bars, width="stretch")
units = data.completeness.sort_values("completeness")
units = units.rename(columns={"completeness": "Completeness", "business_unit": "Business unit"})
title = "Inventory completeness by business unit"
bars = horizontal_bars(units, "Completeness", "Business unit", title, [0, 1])
right.plotly_chart(bars.update_xaxes(tickformat=".0%"), width="stretch")
