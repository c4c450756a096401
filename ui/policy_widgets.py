"""The AI policy page's parts: the current version, a person's own acknowledgement, and
acknowledgement coverage by AIMS role and unit (ISO/IEC 42001 5.2, 7.3)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from risk_model.access import Actor, can
from risk_model.policies import ACKNOWLEDGEMENT
from risk_model.training import AIMS_ROLES, in_aims_role
from store import policies
from store.connection import Store
from store.policies import AcknowledgementOverview
from ui.tables import column_words
from ui.text import plain
from ui.widgets import attempt


def current_policy(data: AcknowledgementOverview) -> None:
    policy = data.policy
    if policy is None:
        st.warning("No AI policy is approved by top management yet (5.2).")
        return
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("AI policy version", policy.get("version") or "—", border=True)
    c2.metric("Approved on", f"{policy['approved_on']:%Y-%m-%d}", border=True)
    review = policy.get("next_review")
    c3.metric("Next review", f"{review:%Y-%m-%d}" if review else "—", border=True)
    share = data.share
    c4.metric(
        "Read by people in AIMS roles",
        "—" if share is None else f"{share:.0%}",
        help="Share of the people in AIMS roles who acknowledged the current version.",
        border=True,
    )
    st.caption(f"Approved by {plain(policy.get('approver'))}; owner {plain(policy.get('owner'))}.")


def own_acknowledgement(db: Store, actor: Actor, data: AcknowledgementOverview, day: date):
    """The signed-in person reads the current version and confirms it."""
    policy, person = data.policy, policies.person_of(db, actor)
    if policy is None or person is None or not in_aims_role(person["aims_roles"]):
        return
    mine = data.status[data.status["person_id"] == person["id"]]
    version = policy.get("version")
    if len(mine) and bool(mine["acknowledged"].iloc[0]):
        when = mine["acknowledged_on"].iloc[0]
        st.success(
            f"You acknowledged version {plain(version)} of the AI policy on {when:%Y-%m-%d}."
        )
        return
    with st.container(border=True):
        st.markdown(f"**{plain(policy['name'])}, version {plain(version)}**")
        st.text(policy.get("text") or f"See {policy.get('file_ref') or 'the policy file'}.")
        if st.button(
            f"I have read version {version} of the AI policy", type="primary", key="pol-ack"
        ) and attempt(
            lambda: policies.acknowledge(db, policy["id"], person["id"], actor, day),
            "Acknowledgement recorded",
        ):
            st.rerun()


def coverage_tables(data: AcknowledgementOverview) -> None:
    progress = st.column_config.ProgressColumn("Read", format="percent", max_value=1)
    left, right = st.columns(2)
    for column, by, table in ((left, "role", data.by_role), (right, "unit", data.by_unit)):
        column.dataframe(
            table,
            hide_index=True,
            width="stretch",
            column_config=column_words(table, {"coverage": progress}),
            key=f"pol-cov-{by}",
        )
    unread = data.status[~data.status["acknowledged"].astype(bool)]
    unread = unread.assign(aims_roles=unread["aims_roles"].map(_roles))
    st.caption(f"{len(unread)} people in AIMS roles have not read the current version.")
    st.dataframe(
        unread[["name", "unit", "aims_roles"]],
        column_config=column_words(unread),
        hide_index=True,
        width="stretch",
        key="pol-unread",
    )


def _roles(roles: list[str]) -> str:
    return ", ".join(AIMS_ROLES.get(r, r) for r in roles if r != "all_staff")


def new_version_form(db: Store, actor: Actor, frame: pd.DataFrame, day: date) -> None:
    """Top management approves a new version; earlier acknowledgements stop counting."""
    allowed = can(actor, "write", "policies")
    names = dict(zip(frame["id"], frame["name"], strict=True))
    with st.form("pol-version", clear_on_submit=True):
        policy_id = st.selectbox("Policy", list(names), format_func=names.get, key="pol-v-id")
        left, right = st.columns(2)
        version = left.text_input("New version", key="pol-v-version")
        approver = right.text_input("Approved by (top management)", key="pol-v-approver")
        approved_on = left.date_input("Approved on", day, key="pol-v-date")
        text = st.text_area("Text of the new version (empty keeps the text)", key="pol-v-text")
        submitted = st.form_submit_button(
            "Record the approved version", type="primary", disabled=not allowed
        )
        if submitted and attempt(
            lambda: policies.approve_version(
                db, policy_id, version, approver, approved_on, actor, text or None
            ),
            "New version recorded",
        ):
            st.rerun()


ACKNOWLEDGEMENT_COLUMNS = ["id", *ACKNOWLEDGEMENT.field_names]
