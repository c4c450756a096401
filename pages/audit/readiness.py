"""Readiness assessment: rate every clause and Annex A control 0-5; gaps become actions."""

import pandas as pd
import streamlit as st

from charts.readiness import readiness_bars
from risk_model.readiness import DEFAULT_TARGET, MATURITY_LEVELS, MAX_MATURITY
from store import readiness
from ui.history import pick_history, record_labels
from ui.permissions import permission
from ui.session import current_actor, get_store, today
from ui.tables import column_words
from ui.widgets import attempt

db, actor = get_store(), current_actor()
may = permission(actor, "readiness_items", "rate items or create remediation actions")
st.title("Readiness assessment")
st.caption(
    "The certification guide's first step: a self-assessment of ISO/IEC 42001 clauses 4-10 and "
    "the 38 Annex A controls on a 0-5 maturity scale. Items below the target level are gaps."
)

summary = readiness.summary(db)
actions = readiness.list_actions(db, today())
open_actions = actions[actions["status"].isin(["planned", "in progress"])]
c1, c2, c3, c4 = st.columns(4)
c1.metric(
    "Readiness",
    "—" if summary.overall is None else f"{summary.overall:.0%}",
    help="Mean maturity of the assessed items divided by 5.",
    border=True,
)
c2.metric("Items assessed", f"{summary.assessed} of {summary.items}", border=True)
c3.metric("Gaps below target", len(summary.gaps), border=True)
c4.metric("Open remediation actions", len(open_actions), border=True)

with st.expander("Maturity scale"):
    st.table(pd.DataFrame({"Level": list(MATURITY_LEVELS), "Name": list(MATURITY_LEVELS.values())}))

left, right = st.columns(2)
share = DEFAULT_TARGET / MAX_MATURITY
left.plotly_chart(readiness_bars(summary.by_clause, share, "Per clause"), key="rdy-clauses")
right.plotly_chart(
    readiness_bars(summary.by_domain, share, "Per Annex A domain"), key="rdy-domains"
)

st.subheader("Self-assessment")
may.note()
kind = st.segmented_control(
    "Items",
    ["clause", "control"],
    default="clause",
    key="rdy-kind",
    format_func={"clause": "Clauses 4-10", "control": "Annex A controls"}.get,
)
frame = readiness.assessment(db)
frame = frame[frame["kind"] == (kind or "clause")]
view = frame[["item_id", "title", "maturity", "target", "notes", "evidence_ids"]].copy()
view["evidence_ids"] = view["evidence_ids"].map("; ".join)
edited = st.data_editor(
    view,
    hide_index=True,
    width="stretch",
    disabled=may.denied or ["item_id", "title"],
    key=f"rdy-editor-{kind}",
    column_config=column_words(
        view,
        {
            "item_id": "Clause / control",
            "title": "Title",
            "maturity": st.column_config.NumberColumn("Maturity (0-5)", min_value=0, max_value=5),
            "target": st.column_config.NumberColumn("Target", min_value=0, max_value=5),
            "notes": st.column_config.TextColumn("Notes", width="large"),
            "evidence_ids": st.column_config.TextColumn("Evidence (EV ids, ; between)"),
        },
    ),
)


def _cell(value: object) -> str | None:
    return None if value is None or pd.isna(value) or value == "" else str(value).strip()


if st.button("Save assessment", type="primary", key="rdy-save", **may.control):
    before = view.set_index("item_id")
    rows = [
        row
        for row in edited.to_dict("records")
        if any(
            _cell(row[c]) != _cell(before.loc[row["item_id"], c])
            for c in ("maturity", "target", "notes", "evidence_ids")
        )
    ]
    rows = [{k: (None if pd.isna(v) else v) for k, v in r.items() if k != "title"} for r in rows]
    if attempt(lambda: readiness.save_ratings(db, rows, actor, today()), f"{len(rows)} saved"):
        st.rerun()
labels = record_labels(view.assign(id=view["item_id"]), "title")
pick_history(db, "readiness_items", labels, actor, "item", kind or "clause")

st.subheader("Gaps")
if not summary.gaps:
    st.success("No assessed item is below its target.")
else:
    covered = set(open_actions["item_id"])
    gaps = pd.DataFrame([g.__dict__ for g in summary.gaps])
    gaps["open action"] = gaps["item_id"].isin(covered)
    st.dataframe(
        gaps, column_config=column_words(gaps), hide_index=True, width="stretch", key="rdy-gaps"
    )
    missing = int((~gaps["open action"]).sum())
    st.caption(f"{missing} gap(s) have no open remediation action.")
    with st.form("rdy-actions"):
        owner = st.text_input("Owner of the new actions", key="rdy-owner")
        if st.form_submit_button(
            f"Create actions for {missing} gap(s)",
            disabled=not missing or may.denied,
            help=may.reason,
        ):
            if attempt(
                lambda: readiness.create_actions_for_gaps(db, owner, actor, today()),
                "Actions created",
            ):
                st.rerun()
st.page_link("pages/audit/roadmap.py", label="Open the roadmap", icon=":material/arrow_forward:")
