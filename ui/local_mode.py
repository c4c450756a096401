"""Local mode's sidebar: who the one local person acts as, and that no one signs in.

Local mode has no sign-in (``ui.sign_in``), so acting as someone is a convenience, not a
proof of identity: an ML owner can try their own systems' monitors and forms as themselves,
and anyone can preview the app in a narrower role."""

from __future__ import annotations

import os

import streamlit as st

from risk_model.access import LOCAL_USER, ROLE_LABELS, ROLES, Actor, parse_roles
from store import Store, inventory
from ui.session import (
    ACT_AS_KEY,
    ACT_ROLES_KEY,
    LOCAL_ROLES_VARIABLE,
    LOCAL_USER_VARIABLE,
    local_actor,
    local_mode,
)
from ui.text import plain


def _defaults() -> tuple[str, list[str]]:
    name = os.environ.get(LOCAL_USER_VARIABLE, "").strip() or LOCAL_USER.name
    roles = os.environ.get(LOCAL_ROLES_VARIABLE, "").strip()
    return name, list(parse_roles(roles) if roles else LOCAL_USER.roles)


def local_identity_picker(db: Store) -> Actor:
    """Announce local mode and offer "Act as": a person (the local user or an AI system's
    owner) and roles, starting from ``$AIMS_LOCAL_USER`` and ``$AIMS_LOCAL_ROLES``."""
    name, roles = _defaults()
    people = [LOCAL_USER.name, *inventory.system_owners(db)]
    if name not in people:
        people.insert(1, name)
    st.session_state.setdefault(ACT_AS_KEY, name)
    st.session_state.setdefault(ACT_ROLES_KEY, roles)
    actor = local_actor()
    st.caption(
        f"Signed in as **{plain(actor.name)}** · {actor.role_label} · local single-user mode"
    )
    with st.expander("Act as someone else", icon=":material/person:"):
        st.caption(
            f"Local mode ({plain(local_mode())}): no one signs in, so whoever opens this "
            "address acts as the person and roles below."
        )
        st.selectbox(
            "Person",
            people,
            key=ACT_AS_KEY,
            help="An AI system's owner can run the monitors and edit the records of their "
            "own systems (with the ML owner role).",
        )
        st.multiselect("Roles", list(ROLES), key=ACT_ROLES_KEY, format_func=ROLE_LABELS.get)
    return local_actor()
