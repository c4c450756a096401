"""The AIMS dashboard: ``streamlit run app.py [-- --db PATH]``. It only declares navigation."""

import streamlit as st

from ui.session import current_actor, ensure_demo_on_first_start, get_store, sign_in_configured

st.set_page_config(
    page_title="AIMS · ISO/IEC 42001", page_icon=":material/verified_user:", layout="wide"
)

db = get_store()
ensure_demo_on_first_start(db)

PAGES = {
    "Overview": [
        st.Page(
            "pages/overview.py",
            title="Executive overview",
            icon=":material/dashboard:",
            default=True,
        ),
    ],
    "Govern": [
        st.Page("pages/inventory.py", title="AI system inventory", icon=":material/inventory_2:"),
        st.Page("pages/scope.py", title="AIMS scope", icon=":material/crop_free:"),
        st.Page(
            "pages/context.py", title="Context and interested parties", icon=":material/public:"
        ),
        st.Page("pages/dependencies.py", title="Integration map", icon=":material/hub:"),
        st.Page("pages/data_import.py", title="Import", icon=":material/upload_file:"),
    ],
    "Audit": [
        st.Page("pages/checks.py", title="Pre-audit checks", icon=":material/fact_check:"),
    ],
}

navigation = st.navigation(PAGES)
with st.sidebar:
    actor = current_actor()
    mode = "" if sign_in_configured() else " · local single-user mode"
    st.caption(f"Signed in as **{actor.name}** · {actor.role_label}{mode}")
    if sign_in_configured():
        st.button("Sign out", on_click=st.logout)
    st.caption(f"Store: `{db.path.name}`")
navigation.run()
