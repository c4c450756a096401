"""Pre-audit checks: what an auditor would flag today, each linked to where it is fixed."""

import streamlit as st

from risk_model.checks import CHECKS
from store import checks
from ui.session import get_store, today

db = get_store()
st.title("Pre-audit checks")
st.caption(
    "What an ISO/IEC 42001 certification auditor would flag in today's records. "
    "Fix a record and the finding clears."
)

findings = checks.findings_frame(db, today())
majors = int((findings["severity"] == "major").sum())
c1, c2, c3 = st.columns(3)
c1.metric("Major findings", majors, border=True)
c2.metric("Minor findings", int((findings["severity"] == "minor").sum()), border=True)
c3.metric("Checks run", len(CHECKS), border=True)

if findings.empty:
    st.success("No findings: every check passes.")
    st.stop()

by_check = findings.groupby(["check_id", "severity"]).size().reset_index(name="findings")
by_check["check"] = by_check["check_id"].map(lambda c: CHECKS[c][0])
st.dataframe(
    by_check[["severity", "check", "check_id", "findings"]], hide_index=True, width="stretch"
)

severity = st.segmented_control(
    "Severity",
    ["major", "minor"],
    selection_mode="multi",
    default=["major", "minor"],
    key="checks-severity",
)
shown = findings[findings["severity"].isin(severity or [])]
for check_id, group in shown.groupby("check_id", sort=False):
    with st.expander(f"{CHECKS[check_id][0]} · {len(group)}", expanded=majors > 0):
        for row in group.itertuples():
            left, right = st.columns([4, 1])
            left.markdown(
                f"**{row.severity.upper()}** · {row.reference} · {row.record_label} "
                f"({row.record_id}): {row.message}"
            )
            right.page_link(row.page, label="Fix", icon=":material/build:")
