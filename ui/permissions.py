"""What the signed-in actor may change on a page, and in words why not.

The store refuses a write the actor may not make (``risk_model.access.require``); pages ask
here first, so that a role sees only what it may do: a write control is disabled and says
who to ask, instead of failing on Save with a message about a table.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from risk_model.access import OWNED_ENTITIES, Action, Actor, can

WHAT_ROLES_MAY_DO = {
    "viewer": "Viewers can read and export",
    "auditor": "Auditors can read, export and record internal audit findings",
    "ml_owner": "ML owners can change the AI systems, risks and monitored models they own",
}


def denial_reason(actor: Actor, doing: str) -> str:
    """``doing`` says what was not allowed in the user's words, e.g. "save the scope"."""
    role = next((r for r in ("ml_owner", "auditor", "viewer") if r in actor.roles), "viewer")
    return f"{WHAT_ROLES_MAY_DO[role]}; ask a compliance manager to {doing}."


@dataclass(frozen=True)
class Permission:
    """The answer for one write control: ``reason`` is None when the actor may use it."""

    reason: str | None = None

    @property
    def denied(self) -> bool:
        return self.reason is not None

    @property
    def control(self) -> dict:
        """``disabled`` and ``help`` for a button or form submit button."""
        return {"disabled": self.denied, "help": self.reason}

    def note(self) -> None:
        """A one-line lock note above a form the actor may not submit."""
        if self.reason:
            st.caption(f":material/lock: {self.reason}")


def permission(
    actor: Actor,
    entity: str,
    doing: str,
    owner: str | None = None,
    action: Action = "write",
) -> Permission:
    """May ``actor`` write ``entity`` (a record of ``owner``, for owned registers)?

    For a register an ML owner may edit when they own the record, a new record (``owner``
    None) is allowed: the store checks the owner given in the form on saving."""
    if can(actor, action, entity, owner):
        return Permission()
    if owner is None and entity in OWNED_ENTITIES and can(actor, action, entity, actor.name):
        return Permission()
    return Permission(denial_reason(actor, doing))
