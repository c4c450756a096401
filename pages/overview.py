"""Executive overview: the page executives open first."""

import plotly.express as px
import streamlit as st

from risk_model.context import scope_warnings
from risk_model.inventory import EU_AI_ACT_TIER_LABELS
from store import inventory
from ui.session import get_store, today
from ui.widgets import kpi

db = get_store()
st.title("Executive overview")
st.caption(f"AI management system (ISO/IEC 42001) status on {today():%d %B %Y}")

systems = inventory.list_systems(db, today=today())
in_scope = systems[systems["in_scope"].fillna(False).astype(bool)]
c1, c2, c3, c4 = st.columns(4)
kpi(c1, "Systems in scope", f"{len(in_scope)} of {len(systems)}", page="pages/scope.py")
kpi(
    c2,
    "High-risk systems",
    int((systems["eu_ai_act_tier"] == "high").sum()),
    help="EU AI Act Art. 6 high-risk systems",
    page="pages/inventory.py",
)
kpi(c3, "Overdue reviews", int(systems["review_overdue"].sum()), page="pages/inventory.py")
kpi(c4, "Scope findings", len(scope_warnings(systems.to_dict("records"))), page="pages/scope.py")

left, right = st.columns(2)
tiers = (
    systems["eu_ai_act_tier"]
    .map(EU_AI_ACT_TIER_LABELS)
    .value_counts()
    .rename_axis("tier")
    .reset_index(name="systems")
)
left.plotly_chart(
    px.bar(
        tiers, x="systems", y="tier", orientation="h", title="AI systems by EU AI Act risk tier"
    ),
    width="stretch",
)
units = systems.groupby("business_unit", dropna=False)["completeness"].mean().reset_index()
right.plotly_chart(
    px.bar(
        units.sort_values("completeness"),
        x="completeness",
        y="business_unit",
        orientation="h",
        range_x=[0, 1],
        title="Inventory completeness by business unit",
    ),
    width="stretch",
)
