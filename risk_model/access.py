"""Who may do what (role-based access), decided here and enforced by the store."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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

OWNED_ENTITIES = frozenset(
    {"ai_systems", "risks", "monitored_models", "monitor_runs", "datasets", "lifecycle_records"}
)
"""Records an ML owner may edit when they own the AI system they belong to (a dataset: every
system that uses it)."""

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


class SignInRefused(PermissionError):
    """The identity provider's claims do not admit this person; the message says why."""


def _claimed_true(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().casefold() == "true")


def require_owner(actor: Actor, action: Action, entity: str, owners: Iterable[str | None]) -> None:
    """``require`` for a record that belongs to one or more AI systems: an ML owner must own
    every one of them (``owners`` are the systems' owners, read by the store, never a name
    the writer supplies)."""
    owners = list(owners) or [None]
    for owner in owners:
        if not can(actor, action, entity, owner):
            what = f"{action} {entity}".strip()
            whose = f" of a system owned by {owner}" if owner else ""
            raise AccessDenied(f"{actor.name} ({actor.role_label}) may not {what}{whose}.")


def why_not(actor: Actor, action: Action, entity: str = "", owner: str | None = None) -> str:
    """Why ``actor`` may not do this, in words for a disabled control's tooltip ("" if they
    may)."""
    if can(actor, action, entity, owner):
        return ""
    roles = set(actor.roles)
    if "ml_owner" in roles and entity in OWNED_ENTITIES:
        if owner is None:
            return "Only the owner of the AI system or a compliance manager can do this."
        return (
            f"Only {owner} (the system's owner) or a compliance manager can do this; "
            f"you are {actor.name}."
        )
    return f"Your role ({actor.role_label}) cannot do this; a compliance manager can."


def acceptance_refusal(actor: Actor, risk_owner: str | None, approver: str) -> str:
    """Why this acceptance of a risk may not be recorded ("" if it may). Acceptance needs
    someone other than the risk owner (ISO/IEC 42001 6.1.3 e, segregation of duties): the
    approver is not the risk owner, the risk owner does not record it, and only a compliance
    manager records an acceptance in their own name."""
    approver_key = approver.strip().casefold()
    owner_key = (risk_owner or "").strip().casefold()
    if owner_key and approver_key == owner_key:
        return (
            f"{approver.strip()} owns this risk; someone other than the risk owner must accept it."
        )
    if owner_key and actor.name.strip().casefold() == owner_key:
        return f"{actor.name} owns this risk and cannot record its acceptance."
    if approver_key == actor.name.strip().casefold() and "compliance_manager" not in actor.roles:
        return f"{actor.name} ({actor.role_label}) cannot approve a risk acceptance."
    return ""


@dataclass(frozen=True)
class RoleMap:
    """Who has which roles once signed in: e-mail -> roles, and e-mail -> name in the records.

    ``allowed_domains`` (optional) admits only e-mail addresses of those domains, plus the
    users listed by address; without it, anyone the identity provider signs in becomes a
    ``default_roles`` user (a viewer), which with a public provider means anyone at all."""

    users: dict[str, tuple[Role, ...]]
    names: dict[str, str]
    default_roles: tuple[Role, ...] = ("viewer",)
    allowed_domains: tuple[str, ...] = ()

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
        unknown = [r for r in default if r not in ROLES]
        if unknown:
            raise ValueError(f"roles file: default_roles has unknown roles {unknown}")
        names = {k.casefold(): v for k, v in (data.get("names") or {}).items()}
        domains = tuple(
            d.strip().lstrip("@").casefold() for d in data.get("allowed_domains") or () if d.strip()
        )
        return cls(users, names, default, domains)  # type: ignore[arg-type]

    def actor_for(self, email: str, display_name: str | None = None) -> Actor:
        """The actor for a signed-in e-mail address. The name in the records is the one
        ``[names]`` gives, else the e-mail address: never ``display_name``, which a user of
        a public identity provider chooses freely (and could set to a system owner's name).
        ``display_name`` is accepted for compatibility and ignored."""
        key = email.strip().casefold()
        if not key or "@" not in key:
            raise SignInRefused("The identity provider sent no e-mail address.")
        domain = key.rsplit("@", 1)[1]
        if self.allowed_domains and key not in self.users and domain not in self.allowed_domains:
            raise SignInRefused(
                f"{email} is not in an allowed domain ({', '.join(self.allowed_domains)})."
            )
        return Actor(self.names.get(key) or key, self.users.get(key, self.default_roles))

    def actor_for_claims(self, claims: Mapping[str, object]) -> Actor:
        """The actor for an identity provider's claims (``st.user``). An ``email_verified``
        claim, when the provider sends one, must be true."""
        if "email_verified" in claims and not _claimed_true(claims["email_verified"]):
            raise SignInRefused(
                "The identity provider has not verified this e-mail address; verify it there "
                "and sign in again."
            )
        return self.actor_for(str(claims.get("email") or ""))
