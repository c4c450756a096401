"""The store handle and the signed-in actor for the running dashboard.

The dashboard holds a store *handle* (a path), never a connection: every store call opens
and closes its own, so a monitor job or an import in another process can write meanwhile.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import types
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import streamlit as st
from streamlit.runtime.scriptrunner import ScriptRunContext, get_script_run_ctx

from risk_model.access import LOCAL_USER, Actor, RoleMap, SignInRefused, parse_roles
from store import Store, admin, open_store, settings
from ui.sign_in import (
    NOT_CONFIGURED,
    SignInConfigError,
    auth_settings,
    local_mode_reason,
    stop_with,
)
from ui.text import plain

_FIRST_START = threading.Lock()


def _db_argument() -> str | None:
    """``streamlit run app.py -- --db PATH`` overrides ``$AIMS_DB`` and the default path."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db")
    known, _ = parser.parse_known_args(sys.argv[1:])
    return known.db


_APP_RUN = threading.local()


@contextmanager
def app_run() -> Iterator[None]:
    """``app.py`` runs inside this, so that a page knows it was reached through the app's
    navigation and sign-in (``require_app_run``)."""
    previous = getattr(_APP_RUN, "active", False)
    _APP_RUN.active = True
    try:
        yield
    finally:
        _APP_RUN.active = previous


def require_app_run() -> None:
    """Every page starts here (through ``get_store``): a page script that runs without
    ``app.py`` hands over to ``app.py``, which signs the visitor in and draws the grouped
    navigation, then runs the requested page. Any other run without ``app.py`` stops.

    Streamlit runs ``pages/*.py`` by itself (its older pages-folder mode, since a ``pages/``
    folder exists) until the first ``st.navigation`` call of the process. The server turns that
    mode off at its start (``ui.server``); ``AppTest`` turns it on again for every run. The
    hand-over runs ``app.py`` within this same run, then ends it: a rerun (``st.rerun``) would
    drop what this run carries, a form's submit or a button's click, so the visitor's input
    would be lost."""
    if getattr(_APP_RUN, "active", False):
        return
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        _run_app_script(ctx)
        st.stop()  # app.py ran the page; nothing of this direct run is left to do
    stop_with("This page opens through the app: go to its start page.")


def _run_app_script(ctx: ScriptRunContext) -> None:
    """Run ``app.py`` as Streamlit runs a page script (``st.Page.run``): its cached byte code
    in a fresh ``__main__`` module, in the current script run."""
    path = ctx.pages_manager.main_script_path
    code = ctx.pages_manager.get_page_script_byte_code(path)
    module = types.ModuleType("__main__")
    module.__dict__["__file__"] = path
    exec(code, module.__dict__)


def get_store() -> Store:
    """The store handle; also the first call of every page (``require_app_run``)."""
    require_app_run()
    return open_store(settings.db_path(_db_argument()))


def ensure_demo_on_first_start(db: Store) -> None:
    """On the default path only, a store that does not exist yet starts with the demo."""
    if db.path.resolve() != settings.default_db_path().resolve() or db.exists():
        return
    with _FIRST_START:
        if db.exists() and not admin.is_empty(db):
            return
        from demo import create_demo

        with st.spinner("First start: creating the demo organisation…"):
            create_demo(db)


ROLES_FILE = settings.PROJECT_ROOT / "config" / "roles.toml"


def sign_in_configured() -> bool:
    """True when ``[auth]`` is configured; raises ``SignInConfigError`` when it is broken."""
    return auth_settings() is not None


LOCAL_ROLES_VARIABLE = "AIMS_LOCAL_ROLES"
"""In local mode, ``AIMS_LOCAL_ROLES=viewer`` runs the app with these roles instead of
compliance manager and admin, e.g. to see it as an executive or an auditor would."""
LOCAL_USER_VARIABLE = "AIMS_LOCAL_USER"
"""In local mode, ``AIMS_LOCAL_USER="Priya Raman"`` acts as that person (e.g. the owner of an
AI system, with ``AIMS_LOCAL_ROLES=ml_owner``); the sidebar's "Act as" picker changes it."""
ACT_AS_KEY = "local-act-as"
ACT_ROLES_KEY = "local-act-roles"


def local_actor() -> Actor:
    """The local-mode actor: the sidebar's choice, else ``$AIMS_LOCAL_USER`` and
    ``$AIMS_LOCAL_ROLES``, else the local user as compliance manager and admin."""
    name = st.session_state.get(ACT_AS_KEY) or os.environ.get(LOCAL_USER_VARIABLE, "").strip()
    chosen = st.session_state.get(ACT_ROLES_KEY)
    text = ", ".join(chosen) if chosen else os.environ.get(LOCAL_ROLES_VARIABLE, "").strip()
    roles = parse_roles(text) if text else LOCAL_USER.roles
    return Actor(name or LOCAL_USER.name, roles)


def local_mode() -> str:
    """Why local mode is on ("" when sign-in is configured or local mode is not allowed);
    raises ``SignInConfigError`` when the sign-in configuration is broken."""
    if sign_in_configured():
        return ""
    return local_mode_reason(settings.db_path(_db_argument()))


def may_enter() -> bool:
    """Whether this visitor gets the app (signed in, or local mode), without drawing
    anything: ``app.py`` hides the navigation otherwise."""
    try:
        if not sign_in_configured():
            return bool(local_mode())
        return bool(st.user.is_logged_in)
    except SignInConfigError:
        return False


def navigation_roles() -> tuple[str, ...]:
    """The roles whose pages the navigation lists first (``ui.navigation``), found without
    drawing anything: the signed-in user's, or the local-mode actor's. A visitor who is not let
    in gets none, and ``current_actor`` then stops them with the reason."""
    try:
        if not sign_in_configured():
            return local_actor().roles if local_mode() else ()
        if not st.user.is_logged_in:
            return ()
        role_map = RoleMap.from_toml(ROLES_FILE.read_text(encoding="utf-8"))
        return role_map.actor_for_claims(st.user.to_dict()).roles
    except (SignInConfigError, SignInRefused, OSError, ValueError):
        return ()


def current_actor() -> Actor:
    """The signed-in user, or the local-mode actor (see README, Security model).

    With sign-in configured, an anonymous visitor sees only the sign-in button, and a
    signed-in user gets the roles that ``config/roles.toml`` gives their e-mail. A broken
    sign-in configuration, or no sign-in outside local mode, stops the app with the reason.
    """
    try:
        configured = sign_in_configured()
    except SignInConfigError as error:
        stop_with(f"The sign-in configuration is broken, so the app will not start: {plain(error)}")
    if not configured:
        if not local_mode():
            stop_with(NOT_CONFIGURED)
        return local_actor()
    if not st.user.is_logged_in:
        st.title("AIMS · ISO/IEC 42001")
        st.button("Sign in", on_click=st.login, type="primary")
        st.stop()
    try:
        role_map = RoleMap.from_toml(ROLES_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        stop_with(f"The roles file config/roles.toml cannot be read: {plain(error)}")
    try:
        return role_map.actor_for_claims(st.user.to_dict())
    except SignInRefused as error:
        st.button("Sign out", on_click=st.logout)
        stop_with(f"Not signed in: {plain(error)}")
    raise AssertionError("unreachable")


def today() -> date:
    return date.today()
