"""The store handle and the signed-in actor for the running dashboard.

The dashboard holds a store *handle* (a path), never a connection: every store call opens
and closes its own, so a monitor job or an import in another process can write meanwhile.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from datetime import date

import streamlit as st

from risk_model.access import LOCAL_USER, Actor, RoleMap, parse_roles
from store import Store, admin, open_store, settings

_FIRST_START = threading.Lock()


def _db_argument() -> str | None:
    """``streamlit run app.py -- --db PATH`` overrides ``$AIMS_DB`` and the default path."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db")
    known, _ = parser.parse_known_args(sys.argv[1:])
    return known.db


def get_store() -> Store:
    return open_store(settings.db_path(_db_argument()))


def ensure_demo_on_first_start(db: Store) -> None:
    """On the default path only, a store that does not exist yet starts with the demo."""
    if db.path.resolve() != settings.default_db_path().resolve() or db.exists():
        return
    with _FIRST_START:
        if db.exists() and not admin.is_empty(db):
            return
        from store.demo import create_demo

        with st.spinner("First start: creating the demo organisation…"):
            create_demo(db)


ROLES_FILE = settings.PROJECT_ROOT / "config" / "roles.toml"


def sign_in_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets.toml at all: local mode
        return False


LOCAL_ROLES_VARIABLE = "AIMS_LOCAL_ROLES"
"""In local mode, ``AIMS_LOCAL_ROLES=viewer`` runs the app with these roles instead of
compliance manager and admin, e.g. to see it as an executive or an auditor would."""


def local_actor() -> Actor:
    roles = os.environ.get(LOCAL_ROLES_VARIABLE, "").strip()
    return Actor(LOCAL_USER.name, parse_roles(roles)) if roles else LOCAL_USER


def current_actor() -> Actor:
    """Local single-user mode unless OIDC sign-in is configured (see README).

    With sign-in configured, an anonymous visitor sees only the sign-in button, and a
    signed-in user gets the roles that ``config/roles.toml`` gives their e-mail.
    """
    if not sign_in_configured():
        return local_actor()
    if not st.user.is_logged_in:
        st.title("AIMS · ISO/IEC 42001")
        st.button("Sign in", on_click=st.login, type="primary")
        st.stop()
    role_map = RoleMap.from_toml(ROLES_FILE.read_text(encoding="utf-8"))
    return role_map.actor_for(str(st.user.get("email") or ""), st.user.get("name"))


def today() -> date:
    return date.today()
