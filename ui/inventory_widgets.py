"""The inventory page's editor of one AI system: its form, retire/restore, classification."""

from __future__ import annotations

import streamlit as st

from risk_model.access import Actor
from risk_model.inventory import AI_SYSTEM, EU_AI_ACT_TIER_LABELS
from store import Store, classification, importer, inventory
from store.inventory import CLASSIFIER_FIELDS
from ui.forms import record_form
from ui.history import render_history
from ui.permissions import permission
from ui.widgets import attempt


def system_editor(db: Store, actor: Actor, system_id: str) -> None:
    record = inventory.get_system(db, system_id)
    may = permission(actor, AI_SYSTEM.table, "change this system", record.get("owner"))
    may.note()
    st.subheader(f"{record['name']} · {system_id}")
    with st.form(f"edit-{system_id}"):
        values = record_form(AI_SYSTEM, record, f"edit-{system_id}", CLASSIFIER_FIELDS)
        if st.form_submit_button("Save changes", type="primary", **may.control):
            if attempt(lambda: inventory.update_system(db, system_id, values, actor), "Saved"):
                st.rerun()
    if record["status"] == "active":
        if st.button("Retire this system", key=f"retire-{system_id}", **may.control):
            if attempt(lambda: inventory.retire_system(db, system_id, actor), "Retired"):
                st.rerun()
    elif st.button("Restore this system", key=f"restore-{system_id}", **may.control):
        if attempt(lambda: inventory.restore_system(db, system_id, actor), "Restored"):
            st.rerun()
    originals = importer.source_values(record)
    if originals:
        st.warning(
            "Imported values that matched no known option: "
            + "; ".join(f"{k}: “{v}”" for k, v in originals.items())
        )
    st.caption(
        f"EU AI Act tier: {EU_AI_ACT_TIER_LABELS.get(record['eu_ai_act_tier'])}"
        f" · {record.get('eu_ai_act_basis') or 'no basis yet'} — set by the classification."
    )
    with st.expander("EU AI Act classification"):
        classified = classification.classification_history(db, system_id)
        if classified.empty:
            st.info("Not classified with the assistant yet.")
            st.page_link("pages/eu_ai_act/classification.py", label="Classify this system")
        else:
            latest = classified.iloc[0]
            st.markdown(f"**{latest['label']}** — {latest['rationale']}")
            st.caption(
                f"Classified {latest['classified_at']:%Y-%m-%d} by {latest['classified_by']}"
            )
            st.dataframe(
                classified[["classified_at", "classified_by", "label"]],
                column_config={
                    "classified_at": "Classified at",
                    "classified_by": "By",
                    "label": "Tier",
                },
                hide_index=True,
            )
    render_history(db, "ai_systems", system_id, actor)
