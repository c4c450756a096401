"""Pre-audit checks: what an auditor would flag today, each linked to where it is fixed."""

import streamlit as st

from risk_model.checks import CHECKS
from store.readiness_score import record_snapshot, scored_findings
from ui.cache import cached_read
from ui.session import get_store, today
from ui.tables import column_words, sentence_case
from ui.text import plain

LINKED_ROWS = 25  # findings of one check listed with a Fix link; the rest are a table

db = get_store()
st.title("Pre-audit checks")
st.caption(
    "What an ISO/IEC 42001 certification auditor would flag in today's records. "
    "Fix a record and the finding clears."
)

findings, score = cached_read(scored_findings)(db, today())
record_snapshot(db, today(), score)
c1, c2, c3, c4 = st.columns(4)
c1.metric("Major findings", score.checks_major, border=True)
c2.metric("Minor findings", score.checks_minor, border=True)
c3.metric("Checks run", len(CHECKS), border=True)
c4.metric(
    "Readiness score",
    f"{score.score:.1f} / 100",
    help="Self-assessed maturity less 2 % per open major and 0.25 % per open minor finding",
    border=True,
)
c4.page_link(
    "pages/audit/readiness.py", label="Open the readiness assessment", icon=":material/speed:"
)

if findings.empty:
    st.success("No findings: every check passes.")
    st.stop()

by_check = findings.groupby(["check_id", "severity"]).size().reset_index(name="findings")
by_check["severity"] = sentence_case(by_check["severity"])
by_check["check"] = by_check["check_id"].map(lambda c: CHECKS[c][0])
st.dataframe(
    by_check[["severity", "check", "check_id", "findings"]],
    column_config=column_words(by_check),
    hide_index=True,
    width="stretch",
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
    majors = (group["severity"] == "major").any()
    with st.expander(f"{CHECKS[check_id][0]} · {len(group)}", expanded=bool(majors)):
        for row in group.head(LINKED_ROWS).itertuples():
            left, right = st.columns([4, 1])
            left.markdown(
                f"**{row.severity.upper()}** · {row.reference} · {plain(row.record_label)} "
                f"({plain(row.record_id)}): {plain(row.message)}"
            )
            right.page_link(
                row.page,
                label=f"Fix {plain(row.record_id)}",
                icon=":material/build:",
                query_params={"record": row.record_id},
            )
        if len(group) > LINKED_ROWS:
            st.caption(f"… and {len(group) - LINKED_ROWS} more:")
            rest = group.iloc[LINKED_ROWS:]
            columns = ["severity", "reference", "record_id", "record_label", "message"]
            st.dataframe(
                rest[columns],
                column_config=column_words(rest[columns]),
                hide_index=True,
                width="stretch",
            )
