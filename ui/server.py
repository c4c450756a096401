"""The dashboard server's start (``streamlit run app.py``), before any visitor's session."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from streamlit.runtime.pages_manager import PagesManager


@asynccontextmanager
async def pages_folder_mode_off(_app: object) -> AsyncIterator[None]:
    """Turn off Streamlit's older pages-folder mode for the whole server process.

    Streamlit decides the mode once per process, when the first visitor's session starts: with
    a ``pages/`` folder beside ``app.py`` it runs that first request through its own navigation
    of ``pages/*.py`` instead of ``app.py`` (``PagesManager.uses_pages_directory``; the first
    ``st.navigation`` call turns it off for later requests). That navigation does not know the
    pages in section folders, so a first request for ``/inventory`` showed "Page not found".
    Turned off here, before any session, every request runs ``app.py`` and its navigation."""
    PagesManager.uses_pages_directory = False
    yield
