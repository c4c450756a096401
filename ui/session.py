"""The store handle and the signed-in actor for the running dashboard.

The dashboard holds a store *handle* (a path), never a connection: every store call opens
and closes its own, so a monitor job or an import in another process can write meanwhile.
"""

from __future__ import annotations

import argparse
import sys
import threading
from datetime import date

import streamlit as st

from risk_model.access import LOCAL_USER, Actor
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


def current_actor() -> Actor:
    """Local single-user mode unless OIDC sign-in is configured (see README)."""
    return LOCAL_USER


def today() -> date:
    return date.today()
