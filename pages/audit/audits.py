"""Internal audits (ISO/IEC 42001 9.2): the programme by year, audits, independence, findings."""

import pandas as pd
import streamlit as st

from store import audits
from ui.audit_widgets import audit_form, finding_form, raise_nonconformity
from ui.history import pick_history, record_labels, render_history
from ui.session import current_actor, get_store, today
from ui.tables import column_words, sentence_case
from ui.text import plain

db, actor = get_store(), current_actor()
st.title("Internal audits")
st.caption(
    "ISO/IEC 42001 9.2: audits at planned intervals, by auditors independent of the areas they "
    "audit. Findings are major or minor nonconformities, observations or opportunities."
)

last = audits.last_completed_audit(db)
everything = audits.list_audits(db)
c1, c2, c3 = st.columns(3)
c1.metric("Last completed audit", str(last) if last else "none", border=True)
c2.metric("Audits planned", int((everything["status"] == "planned").sum()), border=True)
c3.metric(
    "Nonconformities found",
    int(everything[["findings_major", "findings_minor"]].sum().sum()),
    border=True,
)

st.subheader("Audit programme")
programmes = audits.list_programmes(db)
st.dataframe(
    programmes[
        ["year", "objectives", "owner", "approved_by", "approved_on", "audits", "completed"]
    ],
    column_config=column_words(programmes),
    hide_index=True,
    width="stretch",
    key="ia-programmes",
)
pick_history(db, "internal_audit_programmes", record_labels(programmes, "year"), actor, "programme")
years = sorted({*programmes["year"], *everything["programme_year"], today().year}, reverse=True)
year = st.selectbox("Programme year", years, index=years.index(today().year), key="ia-year")
shown = everything[everything["programme_year"] == year]
columns = [
    "id",
    "title",
    "status",
    "lead_auditor",
    "planned_start",
    "start_date",
    "end_date",
    "findings_major",
    "findings_minor",
    "observations",
    "opportunities",
]
st.dataframe(
    shown[columns].assign(status=sentence_case(shown["status"])),
    column_config=column_words(shown[columns]),
    hide_index=True,
    width="stretch",
    key="ia-list",
)

choices = audits.scope_choices(db)
labels = dict(zip(everything["id"], everything["id"] + " · " + everything["title"], strict=True))
audit_id = st.selectbox(
    "Audit",
    [None, *labels],
    format_func=lambda i: "New audit" if i is None else labels[i],
    key="ia-audit",
)
current = audits.get_audit(db, audit_id) if audit_id else {"programme_year": year}

audit_form(db, actor, audit_id, current, choices)

if audit_id:
    conflicts = audits.independence(db, current)
    if conflicts:
        st.warning(
            "**Auditor independence:** an auditor may not audit an area they own.\n\n"
            + "\n".join(f"- {plain(c.reason)}" for c in conflicts)
        )
    else:
        st.success("Independence: no auditor owns a system, unit, control or risk in scope.")
    if current.get("report"):
        with st.expander("Audit report", expanded=current.get("status") == "completed"):
            st.markdown(plain(current["report"]))

    st.subheader("Findings")
    findings = audits.list_findings(db, audit_id)
    st.dataframe(
        findings[
            [
                "id",
                "class_label",
                "title",
                "reference",
                "system_name",
                "evidence",
                "raised_on",
                "nonconformity_id",
            ]
        ],
        hide_index=True,
        width="stretch",
        key="ia-findings",
        column_config=column_words(
            findings, {"class_label": "Class", "nonconformity_id": "Nonconformity"}
        ),
    )
    finding_form(db, actor, audit_id, choices)
    pick_history(db, "audit_findings", record_labels(findings, "title"), actor, "finding", audit_id)

    raise_nonconformity(db, actor, findings)
    if not findings.empty:
        counts = pd.Series(findings["class_label"]).value_counts()
        st.caption(" · ".join(f"{label}: {n}" for label, n in counts.items()))
    render_history(db, "internal_audits", audit_id, actor)
