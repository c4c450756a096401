"""The internal-audit page's audit and findings forms and its "raise a nonconformity" control."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from risk_model.access import Actor
from risk_model.internal_audit import AUDIT_STATUSES, FINDING_CLASSES, NONCONFORMITY_CLASSES
from store import Store, audits, nonconformities
from ui.permissions import permission
from ui.widgets import attempt


def audit_form(db: Store, actor: Actor, audit_id: str | None, current: dict, choices: dict) -> None:
    """Plan a new audit (``audit_id`` None) or change ``current``: scope, dates, team, report."""
    may = permission(actor, "internal_audits", "plan or change an audit")
    may.note()
    with st.form(f"ia-form-{audit_id}"):
        title = st.text_input("Audit title", current.get("title") or "")
        scope = {}
        left, right = st.columns(2)
        for column, (kind, label) in zip(
            [left, right, left, right],
            [
                ("clauses", "Clauses in scope"),
                ("controls", "Annex A controls in scope"),
                ("systems", "AI systems in scope"),
                ("units", "Business units in scope"),
            ],
            strict=True,
        ):
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
        programme_year = a1.number_input(
            "Programme year", 2000, 2100, int(current["programme_year"])
        )
        report = st.text_area("Audit report", current.get("report") or "", height=150)
        if st.form_submit_button("Save audit", type="primary", **may.control):
            values = {
                "title": title.strip(),
                "programme_year": int(programme_year),
                **scope,
                **dates,
            }
            values |= {"criteria": criteria.strip() or None, "lead_auditor": lead.strip() or None}
            values |= {"auditors": [a.strip() for a in team.split(",") if a.strip()]}
            values |= {"status": status, "report": report.strip() or None}
            save = (
                (lambda: audits.update_audit(db, audit_id, values, actor))
                if audit_id
                else (lambda: audits.add_audit(db, values, actor))
            )
            if attempt(save, "Audit saved"):
                st.rerun()


def finding_form(db: Store, actor: Actor, audit_id: str, choices: dict) -> None:
    """Record a finding of ``audit_id`` (auditors and compliance managers)."""
    may = permission(actor, "audit_findings", "record findings")
    with st.form(f"ia-finding-{audit_id}", clear_on_submit=True):
        may.note()
        f1, f2 = st.columns(2)
        finding_class = f1.selectbox(
            "Class", list(FINDING_CLASSES), format_func=FINDING_CLASSES.get
        )
        reference = f2.selectbox("Clause or control", [*choices["clauses"], *choices["controls"]])
        finding_title = st.text_input("Finding")
        system = f1.selectbox(
            "AI system",
            [None, *choices["systems"]],
            format_func=lambda s: "—" if s is None else choices["systems"][s],
        )
        evidence_ids = f2.text_input("Evidence ids (comma-separated)")
        evidence = st.text_area("Evidence seen")
        if st.form_submit_button("Add finding", **may.control):
            values = {"audit_id": audit_id, "finding_class": finding_class, "title": finding_title}
            values |= {"reference": reference, "system_id": system, "evidence": evidence}
            values |= {"evidence_ids": [e.strip() for e in evidence_ids.split(",") if e.strip()]}
            if attempt(lambda: audits.add_finding(db, values, actor), "Finding added"):
                st.rerun()


def raise_nonconformity(db: Store, actor: Actor, findings: pd.DataFrame) -> None:
    """Raise a nonconformity from a major or minor finding not raised yet."""
    raisable = findings[
        findings["finding_class"].isin(NONCONFORMITY_CLASSES) & findings["nonconformity_id"].isna()
    ]
    if raisable.empty:
        return
    may = permission(actor, "nonconformities", "raise a nonconformity")
    pick = st.selectbox("Finding to raise as a nonconformity", list(raisable["id"]), key="ia-raise")
    if st.button("Raise nonconformity", key="ia-raise-button", **may.control) and attempt(
        lambda: nonconformities.raise_from_finding(db, pick, actor), f"Raised from {pick}"
    ):
        st.rerun()
    st.caption("Raised nonconformities are worked on the Nonconformities page.")
