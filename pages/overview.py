"""Executive overview: the page executives open first."""

import streamlit as st

from charts.overview import horizontal_bars, readiness_trend
from risk_model.inventory import EU_AI_ACT_TIER_LABELS
from risk_model.risk_register import RISK_STATUS_CHOICE_LABELS
from store.overview import readiness_overview
from ui.cache import cached_read
from ui.risk_widgets import overview_with_heatmap
from ui.session import get_store, today
from ui.text import plain
from ui.widgets import kpi

db = get_store()
st.title("Executive overview")
st.caption(f"AI management system (ISO/IEC 42001) status on {today():%d %B %Y}")

as_of = st.date_input(
    "Risk picture as of", today(), max_value=today(), key="ov-asof", format="YYYY-MM-DD"
)
as_of = None if as_of is None or as_of >= today() else as_of
with db.held():  # one open of the store for the reads of a fresh run, none when cached
    data, figure = cached_read(overview_with_heatmap)(db, today(), as_of)
    ready = cached_read(readiness_overview)(db, today())
c1, c2, c3, c4 = st.columns(4)
kpi(c1, "Systems in scope", f"{data.systems_in_scope} of {data.systems}", page="pages/scope.py")
kpi(
    c2,
    "High-risk systems",
    data.high_risk_systems,
    help="EU AI Act Art. 6 high-risk systems",
    page="pages/classification.py",
)
kpi(
    c3,
    "Risks above appetite",
    data.risks_above_appetite,
    help=f"Residual risk above the appetite ({data.settings.appetite_name})",
    page="pages/risks.py",
)
kpi(c4, "Overdue treatments", data.overdue_treatments, page="pages/risks.py")
c5, c6, c7, _ = st.columns(4)
kpi(
    c5,
    "Systems without a current impact assessment",
    data.systems_without_current_assessment,
    help="Required but missing or outdated (ISO/IEC 42001 6.1.4)",
    page="pages/impact_assessments.py",
)
kpi(c6, "Overdue reviews", data.overdue_reviews, page="pages/inventory.py")
kpi(c7, "Scope findings", data.scope_findings, page="pages/scope.py")

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
r1.page_link("pages/readiness.py", label="Open the readiness assessment", icon=":material/speed:")
kpi(
    r2,
    "Pre-audit findings",
    f"{ready.score.checks_major} major · {ready.score.checks_minor} minor",
    help="What a certification auditor would flag in today's records",
    page="pages/checks.py",
)
if ready.next_event is None:
    r3.metric("Next certification event", "None planned", border=True)
else:
    name, day, days_left = ready.next_event
    r3.metric(f"Next: {plain(name)}", f"in {days_left} days", help=f"{day:%d %B %Y}", border=True)
    r3.caption(f"{plain(name)} on {day:%d %B %Y}")
r3.page_link(
    "pages/certification.py", label="Open the certification cycle", icon=":material/event:"
)
with st.expander("Readiness trend and certification countdown"):
    left, right = st.columns(2)
    left.plotly_chart(readiness_trend(ready.trend), width="stretch", key="ov-trend")
    right.dataframe(ready.countdown, hide_index=True, key="ov-countdown")

day = as_of or today()
st.subheader(f"AI risks on {day:%d %B %Y}: inherent and residual")
st.plotly_chart(figure, width="stretch", key="ov-heatmap")
st.page_link("pages/heatmap.py", label="Open the risk heatmap", icon=":material/arrow_forward:")

st.subheader("The ten highest risks")
top = data.top_risks.reindex(
    columns=["title", "systems", "residual_level", "inherent_level", "owner", "effective_status"]
)
top["effective_status"] = top["effective_status"].map(lambda s: RISK_STATUS_CHOICE_LABELS.get(s, s))
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
st.page_link("pages/risks.py", label="Open the risk register", icon=":material/arrow_forward:")

left, right = st.columns(2)
tiers = data.tiers.assign(tier=data.tiers["eu_ai_act_tier"].map(EU_AI_ACT_TIER_LABELS))
left.plotly_chart(
    horizontal_bars(tiers, "systems", "tier", "AI systems by EU AI Act risk tier"),
    width="stretch",
)
units = data.completeness.sort_values("completeness")
right.plotly_chart(
    horizontal_bars(
        units, "completeness", "business_unit", "Inventory completeness by business unit", [0, 1]
    ),
    width="stretch",
)
