"""The AIMS dashboard: ``streamlit run app.py [-- --db PATH]``. It only declares navigation.

Every page runs inside ``app_run`` after the visitor is let in (``current_actor``); a page
requested before this script has run hands over to it (``ui.session.require_app_run``).

The pages live in section folders under ``pages/``, one folder per navigation section, and each
keeps its URL (``/inventory``). A ``pages/`` folder beside this file would make Streamlit run the
first request after a start in its older pages-folder mode, which only knows ``pages/*.py`` and
shows "Page not found" for a link to ``pages/risk/inventory.py``. So ``streamlit run app.py``
imports this file first as a server (``st.App``, below), whose start turns that mode off
(``ui.server``), and then runs it as the app's script for every visitor (``__main__``).
"""

import streamlit as st

from ui.server import pages_folder_mode_off

if __name__ != "__main__":  # imported by ``streamlit run`` to start the server: no visitor yet
    app = st.App(__file__, lifespan=pages_folder_mode_off)
else:
    from ui.date_entry import enter_applies_dates
    from ui.local_mode import local_identity_picker
    from ui.navigation import navigation_for
    from ui.page_catalogue import DEFAULT_PAGE, SECTIONS
    from ui.runtime import use_system_allocator
    from ui.session import (
        app_run,
        current_actor,
        ensure_demo_on_first_start,
        get_store,
        may_enter,
        navigation_roles,
        sign_in_configured,
    )
    from ui.text import plain
    from ui.widgets import show_queued_toasts

    use_system_allocator()

    st.set_page_config(
        page_title="AIMS · ISO/IEC 42001", page_icon=":material/verified_user:", layout="wide"
    )

    PAGES = {
        section: [
            st.Page(
                page.script,
                title=page.title,
                icon=f":material/{page.icon}:",
                url_path=page.url_path,
                default=page.script == DEFAULT_PAGE,
            )
            for page in pages
        ]
        for section, pages in SECTIONS.items()
    }

    with app_run():
        db = get_store()
        navigation = st.navigation(
            navigation_for(PAGES, navigation_roles()),  # the visitor's own pages first
            position="sidebar" if may_enter() else "hidden",
        )
        actor = current_actor()  # stops here: the sign-in button, or why the app will not start
        ensure_demo_on_first_start(db)
        with st.sidebar:
            if sign_in_configured():
                st.caption(f"Signed in as **{plain(actor.name)}** · {actor.role_label}")
                st.button("Sign out", on_click=st.logout)
            else:
                actor = local_identity_picker(db)
            st.caption(f"Store: {plain(db.path.name)}")
            enter_applies_dates()
        show_queued_toasts()  # those of a run that st.rerun() cut short
        navigation.run()
        show_queued_toasts()
