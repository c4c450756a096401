"""Widgets of the Nonconformities page: the certification gate, raising a nonconformity, and
verifying and closing one."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from risk_model.access import Actor
from risk_model.nonconformity import GRADES, SOURCES, VERIFICATION_RESULTS
from store import Store
from store import nonconformities as ncs
from ui.permissions import Permission
from ui.session import today
from ui.tables import column_words
from ui.text import plain
from ui.widgets import attempt


def certification_gate(gate: dict) -> None:
    """The certification gate (``store.nonconformities``): ready, or what blocks it."""
    with st.container(border=True):
        st.markdown("**Certification gate:** all majors closed, and every minor with a plan.")
        if gate["ready"]:
            st.success("Ready for the external audit: no open major, every minor has a plan.")
            return
        st.error(
            f"Not ready for the external audit: {gate['open_majors']} open major"
            f" nonconformit{'y' if gate['open_majors'] == 1 else 'ies'},"
            f" {gate['minors_without_plan']} minor without a plan."
        )
        st.dataframe(
            pd.DataFrame(gate["blocking"]),
            column_config=column_words(pd.DataFrame(gate["blocking"])),
            hide_index=True,
            key="nc-gate",
        )


RAISE = "Raise a nonconformity (incident, monitor breach, surveillance or external audit)"


def raise_form(db: Store, actor: Actor, may: Permission) -> None:
    """Raise a nonconformity by hand, in an expander."""
    with st.expander(RAISE), st.form("nc-raise", clear_on_submit=True):
        r1, r2 = st.columns(2)
        values = {
            "title": st.text_input("Nonconformity"),
            "source": r1.selectbox("Source", SOURCES),
        }
        values["grade"] = r2.selectbox("Grade", list(GRADES), format_func=GRADES.get)
        values["reference"] = r1.text_input("Clause or control")
        values["source_ref"] = r2.text_input("Raised from (incident, run or finding id)")
        values["system_id"] = r1.text_input("AI system id")
        values["owner"] = r2.text_input("Owner")
        values["description"] = st.text_area("Description")
        if st.form_submit_button("Raise nonconformity", **may.control) and attempt(
            lambda: ncs.raise_nonconformity(db, values, actor), "Nonconformity raised"
        ):
            st.rerun()


def verify_and_close(
    db: Store, actor: Actor, nc_id: str, nc: dict, actions: pd.DataFrame, may: Permission
) -> None:
    """Record the verification of effectiveness of ``nc``, then close it, or say what blocks it."""
    with st.form(f"nc-verify-{nc_id}"):
        v1, v2, v3 = st.columns(3)
        verified_by = v1.text_input("Verified by", nc.get("verified_by") or "")
        verified_on = v2.date_input("Verified on", nc.get("verified_on"), format="YYYY-MM-DD")
        results = list(VERIFICATION_RESULTS)
        result = v3.selectbox(
            "Result", results, index=results.index(nc.get("verification_result") or "effective")
        )
        notes = st.text_area("Verification notes", nc.get("verification_notes") or "")
        if st.form_submit_button("Record verification", **may.control) and attempt(
            lambda: ncs.record_verification(
                db, nc_id, verified_by, verified_on, result, notes, actor, today()
            ),
            "Verification recorded",
        ):
            st.rerun()
    st.caption("The verifier must not own any of the corrective actions.")

    if nc["status"] == "closed":
        st.success(
            f"Closed on {nc['closed_on']}; verified by {plain(nc['verified_by'])} on {nc['verified_on']}."
        )
    else:
        blockers = ncs.blockers_of(nc, actions, today())
        if blockers:
            st.info("**Cannot close yet:**\n\n" + "\n".join(f"- {plain(b)}" for b in blockers))
        if st.button(
            "Close nonconformity", type="primary", key=f"nc-close-{nc_id}", **may.control
        ) and attempt(
            lambda: ncs.close_nonconformity(db, nc_id, actor, today()), f"{nc_id} closed"
        ):
            st.rerun()
