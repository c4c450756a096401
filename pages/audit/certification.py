"""Certification cycle: Stage 1 and 2, the certificate, surveillance audits and recertification."""

import pandas as pd
import streamlit as st

from charts.readiness import cycle_timeline
from risk_model.certification import certificate_status, next_event, recertification_warning
from store import certification
from ui.history import render_history
from ui.permissions import permission
from ui.session import current_actor, get_store, today
from ui.tables import column_words
from ui.text import plain
from ui.widgets import attempt

db, actor = get_store(), current_actor()
may = permission(actor, "certification_cycle", "record the certification cycle")
st.title("Certification cycle")
st.caption(
    "Stage 1 reviews the documentation, Stage 2 the operating effectiveness. Surveillance audits "
    "follow in years 1 and 2 after the certificate; the recertification audit and decision come "
    "before the certificate expires at 3 years (ISO/IEC 17021-1)."
)

cycle = certification.get_cycle(db)
events = certification.certification_events(db)
upcoming = next_event(events, today())
c1, c2, c3, c4 = st.columns(4)
c1.metric("Certificate", certificate_status(cycle, today()).capitalize(), border=True)
c2.metric("Certification body", cycle.certification_body or "—", border=True)
c3.metric(
    "Next event",
    upcoming.name if upcoming else "—",
    help="Projected from the target date until the certificate is issued."
    if upcoming and upcoming.projected
    else None,
    border=True,
)
c4.metric("Days to next event", upcoming.days_left(today()) if upcoming else "—", border=True)
if warning := recertification_warning(cycle):
    st.warning(warning)

if events:
    st.plotly_chart(cycle_timeline(events, today()), key="cert-timeline")
    table = pd.DataFrame(
        {
            "Event": [e.name for e in events],
            "Date": [e.day for e in events],
            "Days left": [e.days_left(today()) for e in events],
            "Basis": [
                "projected from the target date" if e.projected else "recorded" for e in events
            ],
        }
    )
    st.dataframe(
        table,
        column_config=column_words(table),
        hide_index=True,
        width="stretch",
        key="cert-events",
    )
else:
    st.info("No dates yet: record the Stage 1 and Stage 2 audit dates below.")

if cycle.scope:
    st.markdown(f"**Certification scope.** {plain(cycle.scope)}")

st.subheader("Record the cycle")
may.note()
with st.form("cert-edit"):
    left, right = st.columns(2)
    values = {
        "certification_body": left.text_input(
            "Certification body", cycle.certification_body or "", key="cert-body"
        ),
        "certificate_number": right.text_input(
            "Certificate number", cycle.certificate_number or "", key="cert-number"
        ),
        "stage1_date": left.date_input("Stage 1 audit", cycle.stage1_date, key="cert-stage1"),
        "stage2_date": right.date_input("Stage 2 audit", cycle.stage2_date, key="cert-stage2"),
        "certificate_date": left.date_input(
            "Certificate issued", cycle.certificate_date, key="cert-issued"
        ),
        "target_date": right.date_input(
            "Target certification date", cycle.target_date, key="cert-target"
        ),
        "recertification_lead_months": left.number_input(
            "Plan recertification this many months before expiry",
            0,
            24,
            cycle.recertification_lead_months,
            key="cert-lead",
        ),
        "recertification_decision_date": right.date_input(
            "Recertification decision", cycle.recertification_decision_date, key="cert-decision"
        ),
        "scope": st.text_area("Scope on the certificate", cycle.scope or "", key="cert-scope"),
    }
    if st.form_submit_button("Save cycle", type="primary", **may.control):
        if attempt(lambda: certification.save_cycle(db, values, actor), "Cycle saved"):
            st.rerun()
render_history(db, "certification_cycle", "1")
st.page_link("pages/audit/roadmap.py", label="Open the roadmap", icon=":material/arrow_forward:")
