"""The AIMS dashboard: ``streamlit run app.py [-- --db PATH]``. It only declares navigation.

Every page runs inside ``app_run`` after the visitor is let in (``current_actor``); a page
requested before this script has run hands over to it (``ui.session.require_app_run``)."""

import streamlit as st

from ui.date_entry import enter_applies_dates
from ui.local_mode import local_identity_picker
from ui.runtime import use_system_allocator
from ui.session import (
    app_run,
    current_actor,
    ensure_demo_on_first_start,
    get_store,
    may_enter,
    sign_in_configured,
)
from ui.text import plain
from ui.widgets import show_queued_toasts

use_system_allocator()

st.set_page_config(
    page_title="AIMS · ISO/IEC 42001", page_icon=":material/verified_user:", layout="wide"
)

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
        st.Page("pages/discovery.py", title="Discovery", icon=":material/travel_explore:"),
        st.Page("pages/scope.py", title="AIMS scope", icon=":material/crop_free:"),
        st.Page(
            "pages/context.py", title="Context and interested parties", icon=":material/public:"
        ),
        st.Page("pages/dependencies.py", title="Integration map", icon=":material/hub:"),
        st.Page("pages/policies.py", title="AI policy and policies", icon=":material/policy:"),
        st.Page("pages/objectives.py", title="AI objectives", icon=":material/flag:"),
        st.Page(
            "pages/responsibilities.py",
            title="Roles and responsibilities",
            icon=":material/account_tree:",
        ),
        st.Page(
            "pages/documents.py", title="Documented information", icon=":material/description:"
        ),
        st.Page("pages/risks.py", title="AI risk register", icon=":material/warning:"),
        st.Page("pages/heatmap.py", title="Risk heatmap", icon=":material/grid_on:"),
        st.Page(
            "pages/classification.py", title="EU AI Act classification", icon=":material/gavel:"
        ),
        st.Page("pages/obligations.py", title="EU AI Act obligations", icon=":material/event:"),
        st.Page(
            "pages/impact_assessments.py",
            title="Impact assessments",
            icon=":material/diversity_3:",
        ),
        st.Page("pages/risk_settings.py", title="Risk matrix", icon=":material/tune:"),
        st.Page("pages/soa.py", title="Statement of Applicability", icon=":material/checklist:"),
        st.Page(
            "pages/crosswalk.py", title="Framework crosswalk", icon=":material/compare_arrows:"
        ),
        st.Page("pages/training.py", title="Training and awareness", icon=":material/school:"),
        st.Page(
            "pages/suppliers.py", title="AI suppliers and customers", icon=":material/handshake:"
        ),
        st.Page("pages/datasets.py", title="Datasets", icon=":material/database:"),
        st.Page("pages/lifecycle.py", title="Life-cycle records", icon=":material/linear_scale:"),
        st.Page("pages/data_import.py", title="Import", icon=":material/upload_file:"),
    ],
    "Monitor": [
        st.Page("pages/monitoring.py", title="Monitoring", icon=":material/monitor_heart:"),
        st.Page("pages/incidents.py", title="AI incidents", icon=":material/report:"),
    ],
    "Audit": [
        st.Page("pages/readiness.py", title="Readiness assessment", icon=":material/speed:"),
        st.Page("pages/roadmap.py", title="Certification roadmap", icon=":material/timeline:"),
        st.Page("pages/checks.py", title="Pre-audit checks", icon=":material/fact_check:"),
        st.Page("pages/coverage.py", title="Control coverage", icon=":material/bar_chart:"),
        st.Page("pages/evidence.py", title="Evidence library", icon=":material/folder_open:"),
        st.Page("pages/audits.py", title="Internal audits", icon=":material/rule:"),
        st.Page(
            "pages/nonconformities.py",
            title="Nonconformities and corrective actions",
            icon=":material/assignment_late:",
        ),
        st.Page(
            "pages/management_review.py",
            title="Management review",
            icon=":material/groups:",
        ),
        st.Page(
            "pages/certification.py",
            title="Certification cycle",
            icon=":material/workspace_premium:",
        ),
    ],
}


with app_run():
    db = get_store()
    navigation = st.navigation(PAGES, position="sidebar" if may_enter() else "hidden")
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
