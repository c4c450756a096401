"""Who may do what (role-based access), decided here and enforced by the store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["viewer", "ml_owner", "compliance_manager", "auditor", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "ml_owner", "compliance_manager", "auditor", "admin")
ROLE_LABELS = {
    "viewer": "Viewer (executive)",
    "ml_owner": "ML owner",
    "compliance_manager": "Compliance manager",
    "auditor": "Auditor",
    "admin": "Administrator",
}

Action = Literal["read", "write", "run_monitor", "write_finding", "manage_users", "purge"]

OWNED_ENTITIES = frozenset({"ai_systems", "risks", "monitored_models", "monitor_runs"})
"""Records an ML owner may edit when they own the AI system they belong to."""

AUDIT_ENTITIES = frozenset({"audit_findings"})


class AccessDenied(PermissionError):
    """The actor's roles do not allow this action; the message says which role would."""


@dataclass(frozen=True)
class Actor:
    name: str
    roles: tuple[Role, ...]

    @property
    def role_label(self) -> str:
        return ", ".join(ROLE_LABELS[r] for r in self.roles)


LOCAL_USER = Actor("Local user", ("compliance_manager", "admin"))
"""Single-user local mode, used when no sign-in is configured."""
SYSTEM = Actor("system", ("compliance_manager",))
"""Changes made by the product itself: the demo, migrations and monitor jobs."""


def on_behalf_of(actor: Actor) -> Actor:
    """The product recording what an allowed action entails (a monitor run's incidents and
    A.6.2.6 evidence) for ``actor``, whose own right was checked; the trail names both."""
    return Actor(f"{SYSTEM.name} for {actor.name}", SYSTEM.roles)


def parse_roles(text: str) -> tuple[Role, ...]:
    """Roles from a comma-separated list such as ``"viewer"`` or ``"ml_owner, auditor"``."""
    roles = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        raise ValueError(f"unknown roles {unknown or [text]}; use some of {', '.join(ROLES)}")
    return roles  # type: ignore[return-value]


def can(actor: Actor, action: Action, entity: str = "", owner: str | None = None) -> bool:
    roles = set(actor.roles)
    if action == "read":
        return bool(roles)
    if action == "manage_users":
        return "admin" in roles
    if action == "purge":
        return "admin" in roles
    if "compliance_manager" in roles:
        return True
    if action == "write_finding":
        return "auditor" in roles and entity in AUDIT_ENTITIES
    if action in ("write", "run_monitor") and "ml_owner" in roles:
        return entity in OWNED_ENTITIES and owner is not None and owner == actor.name
    if action == "write" and "auditor" in roles:
        return entity in AUDIT_ENTITIES
    return False


def require(actor: Actor, action: Action, entity: str = "", owner: str | None = None) -> None:
    if not can(actor, action, entity, owner):
        what = f"{action} {entity}".strip()
        raise AccessDenied(f"{actor.name} ({actor.role_label}) may not {what}.")


@dataclass(frozen=True)
class RoleMap:
    """Who has which roles once signed in: e-mail -> roles, and e-mail -> name in the records."""

    users: dict[str, tuple[Role, ...]]
    names: dict[str, str]
    default_roles: tuple[Role, ...] = ("viewer",)

    @classmethod
    def from_toml(cls, text: str) -> RoleMap:
        import tomllib

        data = tomllib.loads(text)
        users = {}
        for email, roles in (data.get("users") or {}).items():
            unknown = [r for r in roles if r not in ROLES]
            if unknown:
                raise ValueError(f"roles file: {email} has unknown roles {unknown}; use {ROLES}")
            users[email.casefold()] = tuple(roles)
        default = tuple(data.get("default_roles") or ("viewer",))
        names = {k.casefold(): v for k, v in (data.get("names") or {}).items()}
        return cls(users, names, default)

    def actor_for(self, email: str, display_name: str | None = None) -> Actor:
        key = email.casefold()
        name = self.names.get(key) or display_name or email
        return Actor(name, self.users.get(key, self.default_roles))
