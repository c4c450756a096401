"""The internal-audit page's findings form and its "raise a nonconformity" control."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from risk_model.access import Actor
from risk_model.internal_audit import FINDING_CLASSES, NONCONFORMITY_CLASSES
from store import Store, audits, nonconformities
from ui.permissions import permission
from ui.widgets import attempt


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
