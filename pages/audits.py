"""Internal audits (ISO/IEC 42001 9.2): the programme by year, audits, independence, findings."""

import pandas as pd
import streamlit as st

from risk_model.internal_audit import AUDIT_STATUSES
from store import audits
from ui.audit_widgets import finding_form, raise_nonconformity
from ui.history import pick_history, record_labels, render_history
from ui.permissions import permission
from ui.session import current_actor, get_store, today
from ui.tables import column_words, sentence_case
from ui.text import plain
from ui.widgets import attempt

db, actor = get_store(), current_actor()
may = permission(actor, "internal_audits", "plan or change an audit")
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
c3.metric("Nonconformities found", int(everything[["findings_major", "findings_minor"]].sum().sum()), border=True)  # fmt: skip

st.subheader("Audit programme")
programmes = audits.list_programmes(db)
st.dataframe(
    programmes[["year", "objectives", "owner", "approved_by", "approved_on", "audits", "completed"]], column_config=column_words(programmes),
    hide_index=True, width="stretch", key="ia-programmes",
)  # fmt: skip
pick_history(db, "internal_audit_programmes", record_labels(programmes, "year"), actor, "programme")
years = sorted({*programmes["year"], *everything["programme_year"], today().year}, reverse=True)
year = st.selectbox("Programme year", years, index=years.index(today().year), key="ia-year")
shown = everything[everything["programme_year"] == year]
columns = ["id", "title", "status", "lead_auditor", "planned_start", "start_date", "end_date",
           "findings_major", "findings_minor", "observations", "opportunities"]  # fmt: skip
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
    "Audit", [None, *labels], format_func=lambda i: "New audit" if i is None else labels[i],
    key="ia-audit",
)  # fmt: skip
current = audits.get_audit(db, audit_id) if audit_id else {"programme_year": year}

may.note()
with st.form(f"ia-form-{audit_id}"):
    title = st.text_input("Audit title", current.get("title") or "")
    scope = {}
    left, right = st.columns(2)
    for column, (kind, label) in zip(
        [left, right, left, right],
        [("clauses", "Clauses in scope"), ("controls", "Annex A controls in scope"),
         ("systems", "AI systems in scope"), ("units", "Business units in scope")],
        strict=True,
    ):  # fmt: skip
        options = choices[kind]
        default = [v for v in current.get(f"scope_{kind}") or [] if v in options]
        scope[f"scope_{kind}"] = column.multiselect(
            label, list(options), default=default, format_func=options.get
        )
    criteria = st.text_area("Audit criteria", current.get("criteria") or "")
    d1, d2, d3, d4 = st.columns(4)
    dates = {
        key: col.date_input(label, current.get(key), format="YYYY-MM-DD")
        for col, key, label in zip(
            (d1, d2, d3, d4),
            ("planned_start", "planned_end", "start_date", "end_date"),
            ("Planned start", "Planned end", "Started on", "Ended on"),
            strict=True,
        )
    }
    a1, a2, a3 = st.columns(3)
    lead = a1.text_input("Lead auditor", current.get("lead_auditor") or "")
    team = a2.text_input("Auditors (comma-separated)", ", ".join(current.get("auditors") or []))
    statuses = list(AUDIT_STATUSES[:-1])
    status = a3.selectbox(
        "Status", statuses, index=statuses.index(current.get("status") or "planned")
    )
    programme_year = a1.number_input("Programme year", 2000, 2100, int(current["programme_year"]))
    report = st.text_area("Audit report", current.get("report") or "", height=150)
    if st.form_submit_button("Save audit", type="primary", **may.control):
        values = {"title": title.strip(), "programme_year": int(programme_year), **scope, **dates}
        values |= {"criteria": criteria.strip() or None, "lead_auditor": lead.strip() or None}
        values |= {"auditors": [a.strip() for a in team.split(",") if a.strip()]}
        values |= {"status": status, "report": report.strip() or None}
        save = (lambda: audits.update_audit(db, audit_id, values, actor)) if audit_id else (
            lambda: audits.add_audit(db, values, actor))  # fmt: skip
        if attempt(save, "Audit saved"):
            st.rerun()

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
        findings[["id", "class_label", "title", "reference", "system_name", "evidence",
                  "raised_on", "nonconformity_id"]],
        hide_index=True, width="stretch", key="ia-findings",
        column_config=column_words(findings, {"class_label": "Class", "nonconformity_id": "Nonconformity"}),
    )  # fmt: skip
    finding_form(db, actor, audit_id, choices)
    pick_history(db, "audit_findings", record_labels(findings, "title"), actor, "finding", audit_id)

    raise_nonconformity(db, actor, findings)
    if not findings.empty:
        counts = pd.Series(findings["class_label"]).value_counts()
        st.caption(" · ".join(f"{label}: {n}" for label, n in counts.items()))
    render_history(db, "internal_audits", audit_id, actor)
