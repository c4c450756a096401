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
        "Overview": [
            st.Page(
                "pages/overview.py",
                title="Executive overview",
                icon=":material/dashboard:",
                url_path="overview",
                default=True,
            ),
        ],
        "Context and leadership": [
            st.Page(
                "pages/context/scope.py",
                title="AIMS scope",
                icon=":material/crop_free:",
                url_path="scope",
            ),
            st.Page(
                "pages/context/context.py",
                title="Context and interested parties",
                icon=":material/public:",
                url_path="context",
            ),
            st.Page(
                "pages/context/dependencies.py",
                title="Integration map",
                icon=":material/hub:",
                url_path="dependencies",
            ),
            st.Page(
                "pages/context/policies.py",
                title="AI policy and policies",
                icon=":material/policy:",
                url_path="policies",
            ),
            st.Page(
                "pages/context/objectives.py",
                title="AI objectives",
                icon=":material/flag:",
                url_path="objectives",
            ),
            st.Page(
                "pages/context/responsibilities.py",
                title="Roles and responsibilities",
                icon=":material/account_tree:",
                url_path="responsibilities",
            ),
        ],
        "Inventory and risk": [
            st.Page(
                "pages/risk/inventory.py",
                title="AI system inventory",
                icon=":material/inventory_2:",
                url_path="inventory",
            ),
            st.Page(
                "pages/risk/discovery.py",
                title="Discovery",
                icon=":material/travel_explore:",
                url_path="discovery",
            ),
            st.Page(
                "pages/risk/datasets.py",
                title="Datasets",
                icon=":material/database:",
                url_path="datasets",
            ),
            st.Page(
                "pages/risk/lifecycle.py",
                title="Life-cycle records",
                icon=":material/linear_scale:",
                url_path="lifecycle",
            ),
            st.Page(
                "pages/risk/risks.py",
                title="AI risk register",
                icon=":material/warning:",
                url_path="risks",
            ),
            st.Page(
                "pages/risk/heatmap.py",
                title="Risk heatmap",
                icon=":material/grid_on:",
                url_path="heatmap",
            ),
            st.Page(
                "pages/risk/impact_assessments.py",
                title="Impact assessments",
                icon=":material/diversity_3:",
                url_path="impact_assessments",
            ),
            st.Page(
                "pages/risk/risk_settings.py",
                title="Risk matrix",
                icon=":material/tune:",
                url_path="risk_settings",
            ),
        ],
        "Controls and support": [
            st.Page(
                "pages/controls/soa.py",
                title="Statement of Applicability",
                icon=":material/checklist:",
                url_path="soa",
            ),
            st.Page(
                "pages/controls/crosswalk.py",
                title="Framework crosswalk",
                icon=":material/compare_arrows:",
                url_path="crosswalk",
            ),
            st.Page(
                "pages/controls/documents.py",
                title="Documented information",
                icon=":material/description:",
                url_path="documents",
            ),
            st.Page(
                "pages/controls/training.py",
                title="Training and awareness",
                icon=":material/school:",
                url_path="training",
            ),
            st.Page(
                "pages/controls/suppliers.py",
                title="AI suppliers and customers",
                icon=":material/handshake:",
                url_path="suppliers",
            ),
            st.Page(
                "pages/controls/data_import.py",
                title="Import",
                icon=":material/upload_file:",
                url_path="data_import",
            ),
        ],
        "EU AI Act": [
            st.Page(
                "pages/eu_ai_act/classification.py",
                title="EU AI Act classification",
                icon=":material/gavel:",
                url_path="classification",
            ),
            st.Page(
                "pages/eu_ai_act/obligations.py",
                title="EU AI Act obligations",
                icon=":material/event:",
                url_path="obligations",
            ),
        ],
        "Monitor": [
            st.Page(
                "pages/monitor/monitoring.py",
                title="Monitoring",
                icon=":material/monitor_heart:",
                url_path="monitoring",
            ),
            st.Page(
                "pages/monitor/incidents.py",
                title="AI incidents",
                icon=":material/report:",
                url_path="incidents",
            ),
        ],
        "Audit": [
            st.Page(
                "pages/audit/readiness.py",
                title="Readiness assessment",
                icon=":material/speed:",
                url_path="readiness",
            ),
            st.Page(
                "pages/audit/roadmap.py",
                title="Certification roadmap",
                icon=":material/timeline:",
                url_path="roadmap",
            ),
            st.Page(
                "pages/audit/checks.py",
                title="Pre-audit checks",
                icon=":material/fact_check:",
                url_path="checks",
            ),
            st.Page(
                "pages/audit/coverage.py",
                title="Control coverage",
                icon=":material/bar_chart:",
                url_path="coverage",
            ),
            st.Page(
                "pages/audit/evidence.py",
                title="Evidence library",
                icon=":material/folder_open:",
                url_path="evidence",
            ),
            st.Page(
                "pages/audit/audits.py",
                title="Internal audits",
                icon=":material/rule:",
                url_path="audits",
            ),
            st.Page(
                "pages/audit/nonconformities.py",
                title="Nonconformities and corrective actions",
                icon=":material/assignment_late:",
                url_path="nonconformities",
            ),
            st.Page(
                "pages/audit/management_review.py",
                title="Management review",
                icon=":material/groups:",
                url_path="management_review",
            ),
            st.Page(
                "pages/audit/certification.py",
                title="Certification cycle",
                icon=":material/workspace_premium:",
                url_path="certification",
            ),
        ],
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
