"""EU AI Act classification assistant: a guided questionnaire per AI system."""

import streamlit as st

from risk_model.eu_ai_act import QUESTIONNAIRE, ClassificationAnswers, classify
from risk_model.inventory import EU_AI_ACT_TIER_LABELS
from store import classification, inventory
from ui.permissions import permission
from ui.session import current_actor, get_store
from ui.tables import column_words
from ui.text import plain
from ui.widgets import attempt, stop_without_systems

db, actor = get_store(), current_actor()
st.title("EU AI Act classification")
st.caption(
    "Answer the questions for one AI system to get its risk tier under Regulation (EU) "
    "2024/1689 and the legal basis. Saving stores the answers and updates the inventory; "
    "earlier classifications stay in the history. Decision support, not legal advice."
)

systems = inventory.select_systems(
    db, ("id", "name", "business_unit", "eu_ai_act_tier", "eu_ai_act_basis")
)
overview = systems.assign(tier=systems["eu_ai_act_tier"].map(EU_AI_ACT_TIER_LABELS))
with st.expander("All systems and their current tier", expanded=False):
    st.dataframe(
        overview[["name", "business_unit", "tier", "eu_ai_act_basis"]],
        hide_index=True,
        width="stretch",
        column_config={
            "name": "AI system",
            "business_unit": "Business unit",
            "tier": "Tier",
            "eu_ai_act_basis": "Basis",
        },
    )

stop_without_systems(len(systems), "classify it")
names = dict(zip(systems["id"], systems["name"], strict=True))
system_id = st.selectbox("AI system", list(names), format_func=names.get, key="cls-system")
screen = classification.system_classification(db, system_id)
record, saved, history = screen.system, screen.answers, screen.history
st.markdown(
    f"**Current tier:** {EU_AI_ACT_TIER_LABELS.get(record['eu_ai_act_tier'])}"
    + (f" · {plain(record['eu_ai_act_basis'])}" if record.get("eu_ai_act_basis") else "")
)

values: dict = {}
for question in QUESTIONNAIRE:
    key = f"cls-{system_id}-{question.key}"
    current = getattr(saved, question.key)
    if question.kind == "multi":
        labels = {o.id: o.label for o in question.options}
        values[question.key] = st.multiselect(
            question.title,
            list(labels),
            default=sorted(current),
            format_func=labels.get,
            help=question.help,
            key=key,
            placeholder="None of these",
        )
    else:
        values[question.key] = st.toggle(
            f"{question.title}: {question.help}", value=bool(current), key=key
        )

answers = ClassificationAnswers.from_dict(values)
may = permission(actor, "ai_systems", "save a classification", record.get("owner"))
result = classify(answers)
show = {"prohibited": st.error, "high": st.warning}.get(result.tier, st.success)
show(f"**{result.label}**")
st.markdown(f"**Rationale:** {plain(result.rationale)}")
if result.basis:
    st.markdown("**Legal basis:** " + "; ".join(result.basis))
for note in result.notes:
    st.caption(note)

if st.button("Save classification", type="primary", key="cls-save", **may.control):
    save = lambda: classification.save_classification(db, system_id, answers, actor)  # noqa: E731
    if attempt(save, f"Saved: {result.label}"):
        st.rerun()

with st.expander("Classification history"):
    st.dataframe(history, column_config=column_words(history), hide_index=True, width="stretch")
