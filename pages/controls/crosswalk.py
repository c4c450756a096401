"""Framework crosswalk: Annex A controls <-> EU AI Act articles and NIST AI RMF categories."""

import pandas as pd
import streamlit as st

from risk_model import catalogue, crosswalk
from store import soa
from ui.control_widgets import control_label
from ui.session import get_store
from ui.tables import column_words
from ui.widgets import download_buttons

db = get_store()
st.title("Framework crosswalk")
st.caption(
    "Where each ISO/IEC 42001 Annex A control gives evidence toward an EU AI Act article or a "
    "NIST AI RMF 1.0 category, with a one-line rationale. A link means the control supports "
    "the target, not that it satisfies it alone."
)
working = soa.working_rows(db).set_index("control_id")
links = pd.DataFrame([vars(link) for link in crosswalk.links()])


def target_label(target: str) -> str:
    if target.startswith("Art."):
        item = catalogue.obligation(target)
        return f"{target} {item.short_name} ({item.role})"
    return f"{target} {catalogue.nist_category(target).short_title}"


by_target, by_control = st.tabs(["Which controls cover…", "What does a control give me…"])
with by_target:
    framework = st.radio("Framework", crosswalk.FRAMEWORKS, horizontal=True, key="cw-framework")
    targets = sorted(
        links.loc[links["framework"] == framework, "target"].unique(),
        key=lambda t: tuple(int(n) for n in t.replace("Art. ", "").split()[-1].split(".")),
    )
    if framework == crosswalk.NIST_AI_RMF:
        targets = sorted(targets, key=lambda t: (catalogue.NIST_FUNCTIONS.index(t.split()[0]), t))
    target = st.selectbox("Article or category", targets, format_func=target_label, key="cw-target")
    found = pd.DataFrame([vars(link) for link in crosswalk.controls_for_target(target)])
    found["title"] = found["control_id"].map(lambda c: catalogue.control(c).title)
    found["applicable"] = found["control_id"].map(working["applicable"])
    found["status"] = found["control_id"].map(working["implementation_status"])
    st.markdown(f"**{len(found)} Annex A controls** support {target_label(target)}.")
    st.dataframe(
        found[["control_id", "title", "applicable", "status", "rationale"]],
        hide_index=True,
        width="stretch",
        key="cw-target-table",
        column_config=column_words(
            found,
            {
                "control_id": "Control",
                "title": "Title",
                "applicable": st.column_config.CheckboxColumn("Applicable in our SoA"),
                "status": "Implementation",
                "rationale": st.column_config.TextColumn("Why", width="large"),
            },
        ),
    )

with by_control:
    control_ids = [c.id for c in catalogue.annex_a_controls()]
    control_id = st.selectbox("Control", control_ids, format_func=control_label, key="cw-control")
    mine = links[links["control_id"] == control_id]
    toward = st.selectbox(
        "Toward",
        ["all", *mine["target"]],
        format_func=lambda t: "every linked target" if t == "all" else target_label(t),
        key="cw-toward",
    )
    if toward != "all":
        mine = mine[mine["target"] == toward]
    mine = mine.assign(target_name=mine["target"].map(target_label))
    st.dataframe(
        mine[["framework", "target", "target_name", "rationale"]],
        hide_index=True,
        width="stretch",
        key="cw-control-table",
        column_config=column_words(
            mine, {"target_name": "Article or category", "rationale": "What it gives you"}
        ),
    )
    if toward != "all" and toward.split()[0] in catalogue.NIST_FUNCTIONS:
        st.markdown(f"**{toward} subcategories** this evidence speaks to:")
        for sub in catalogue.nist_subcategories():
            if sub.category_id == toward:
                st.markdown(f"- **{sub.id}** {sub.statement}")

st.divider()
st.caption("The whole crosswalk, one row per link.")
download_buttons(links, "annex_a_crosswalk", "Crosswalk", "cw")
