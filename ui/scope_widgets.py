"""The scope page's save of the in/out decisions edited in its table."""

from __future__ import annotations

import pandas as pd

from risk_model.access import Actor
from store import Store, inventory


def save_scope_decisions(
    db: Store, table: pd.DataFrame, edited: pd.DataFrame, actor: Actor
) -> None:
    """Record each system whose "in scope" or justification the user changed."""
    for before, after in zip(table.to_dict("records"), edited.to_dict("records"), strict=True):
        if (before["in_scope"], before["scope_justification"]) != (
            after["in_scope"],
            after["scope_justification"],
        ):
            inventory.set_scope_decision(
                db, after["id"], bool(after["in_scope"]), after["scope_justification"] or "", actor
            )
