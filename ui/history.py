"""The History view of one record: its audit trail, and (admin only) purging a retired record."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from risk_model.access import Actor, can
from store import admin, audit_trail
from store.connection import Store
from ui.cache import cached_read
from ui.tables import column_words
from ui.text import plain
from ui.widgets import attempt

EMPTY = "—"


def history_view(trail: pd.DataFrame) -> pd.DataFrame:
    """One row per recorded field change, newest first: when, who, action, field, old -> new."""
    if trail.empty:
        return pd.DataFrame(columns=["When", "Who", "Action", "Field", "Change"])

    def shown(value: object) -> str:
        return EMPTY if value is None or value != value else str(value)

    pairs = zip(trail["old_value"], trail["new_value"], strict=True)
    change = [f"{shown(old)} → {shown(new)}" for old, new in pairs]
    view = pd.DataFrame(
        {
            "When": trail["recorded_at"],
            "Who": trail["actor"] + " (" + trail["actor_role"].fillna("") + ")",
            "Action": trail["action"],
            "Field": trail["field"].fillna(EMPTY),
            "Change": change,
        }
    )
    return view.iloc[::-1].reset_index(drop=True)


def render_history(db: Store, entity: str, record_id: str, actor: Actor | None = None) -> None:
    """An expander with the record's audit trail; an admin may purge it once retired."""
    with st.expander("History"):
        trail = cached_read(audit_trail.record_history)(db, entity, record_id)
        if trail.empty:
            st.info("No change to this record is recorded yet.")
        else:
            st.caption(f"{len(trail)} recorded changes to {plain(record_id)}, newest first.")
            st.dataframe(
                history_view(trail),
                hide_index=True,
                width="stretch",
                key=f"history-{entity}-{record_id}",
                column_config=column_words(
                    history_view(trail),
                    {"When": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm")},
                ),
            )
        if (
            actor is not None
            and can(actor, "purge", entity)
            and cached_read(_retired)(db, entity, record_id)
        ):
            _purge(db, entity, record_id, actor)


def record_labels(frame: pd.DataFrame, *titles: str) -> dict[str, str]:
    """Id -> "ID · title, …" for a picker, in the frame's order; a missing title shows as —."""
    columns = frame[list(titles)]
    shown = columns.astype(object).where(columns.notna(), EMPTY).astype(str)
    text = (
        shown.iloc[:, 0].str.cat([shown[t] for t in titles[1:]], sep=", ")
        if titles[1:]
        else shown.iloc[:, 0]
    )
    return {i: f"{i} · {t}" for i, t in zip(frame["id"], text, strict=True)}


def pick_history(
    db: Store,
    entity: str,
    labels: Mapping[str, str],
    actor: Actor | None = None,
    noun: str = "record",
    scope: str = "",
) -> str | None:
    """A "Show history of …" picker over ``labels`` (id -> label), then that record's History.

    For lists where the page selects no record of its own. Nothing is picked at first, so
    the page reads no trail until asked. ``scope`` (e.g. the parent record) keeps one picker
    per parent, so a stale choice never outlives its list. Returns the picked id.
    """
    if not labels:
        return None
    picked = st.selectbox(
        f"Show history of {noun}",
        list(labels),
        index=None,
        format_func=lambda i: labels[i],
        placeholder=f"Choose a {noun}",
        key="-".join(filter(None, ("history-pick", entity, scope))),
    )
    if picked is not None:
        render_history(db, entity, picked, actor)
    return picked


def _retired(db: Store, entity: str, record_id: str) -> bool:
    try:
        return admin.record_status(db, entity, record_id) == "retired"
    except ValueError:  # a record without a status (a setting, the scope) is never purged
        return False


def _purge(db: Store, entity: str, record_id: str, actor: Actor) -> None:
    st.markdown("**Purge permanently** (administrator)")
    st.caption(
        "Deletes this retired record for good, e.g. personal data entered in error. "
        "The audit trail keeps its history, its last values and your reason."
    )
    key = f"purge-{entity}-{record_id}"
    reason = st.text_input("Reason for purging", key=f"{key}-reason")
    sure = st.checkbox(
        f"I understand that {record_id} will be deleted permanently", key=f"{key}-sure"
    )
    if st.button("Purge permanently", key=key, type="primary", disabled=not sure):
        if attempt(lambda: admin.purge(db, entity, record_id, actor, reason), "Purged"):
            st.rerun()
