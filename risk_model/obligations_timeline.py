"""Each AI system's EU AI Act obligations by operator role and application date.

The application dates live in one place, ``data/eu_ai_act_application_dates.tsv``: one row per
track (general, GPAI, transparency, Annex III high-risk, Annex I high-risk) with the date it
applies from, the original date of Regulation (EU) 2024/1689 Art. 113, and the text followed.
The shipped file follows the Digital Omnibus on AI (Annex III from 2 December 2027, Annex I
from 2 August 2028); edit that file to follow another text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from risk_model import catalogue

INVENTORY_ROLE_TO_OPERATOR = {
    "producer": "provider",
    "provider": "provider",
    "customer": "deployer",
}
"""The inventory's ISO/IEC 22989 roles, as the Act's operator roles (a partner has none)."""

_ANNEX_I = re.compile(r"Art\. 6\(1\)|Annex I(?![IV])")


@dataclass(frozen=True)
class ApplicationDate:
    track: str
    title: str
    applies_from: date
    original_date: date
    provisions: tuple[str, ...]
    source: str


@cache
def application_dates() -> tuple[ApplicationDate, ...]:
    return tuple(
        ApplicationDate(
            row["track"],
            row["title"],
            date.fromisoformat(row["applies_from"]),
            date.fromisoformat(row["original_date"]),
            tuple(p.strip() for p in row["provisions"].split(";")),
            row["source"],
        )
        for row in catalogue._rows("eu_ai_act_application_dates.tsv")
    )


def track_titles() -> dict[str, str]:
    """Each track's name as the page shows it (``annex_iii``: "High-risk systems (Annex III)")."""
    return {item.track: item.title for item in application_dates()}


def track_date(track: str) -> ApplicationDate:
    for item in application_dates():
        if item.track == track:
            return item
    raise KeyError(f"no application date for track {track!r}")


@dataclass(frozen=True)
class DueObligation:
    system_id: str
    role: str
    article: str
    obligation: str
    applies_from: date
    track: str

    def days_left(self, today: date) -> int:
        return (self.applies_from - today).days


def high_risk_track(tier: str, basis: str | None) -> str | None:
    """ "annex_i" for an Art. 6(1) product, "annex_iii" for another high-risk system."""
    if tier != "high":
        return None
    return "annex_i" if _ANNEX_I.search(basis or "") else "annex_iii"


def _applies(scope: str, tier: str, basis: str, gpai: bool) -> bool:
    scope = scope.lower()
    if scope.startswith("high-risk") or scope == "classification":
        return tier == "high"
    if scope.startswith("limited"):
        return tier == "limited" or "Art. 50" in basis
    if scope.startswith("gpai"):
        return gpai and ("systemic" not in scope or "systemic" in basis)
    return scope in ("all ai systems", "penalties")


def _date_for(article: str, high_track: str | None) -> ApplicationDate:
    tracks = [t for t in application_dates() if article in t.provisions]
    if high_track:
        for item in tracks:
            if item.track == high_track:
                return item
    general = [t for t in tracks if t.track not in ("annex_i", "annex_iii")]
    return (general or tracks or [track_date("general")])[0]


def system_obligations(system: dict) -> list[DueObligation]:
    """The obligations of one system for each of the organisation's roles toward it, in date
    order. ``system``: id, eu_ai_act_tier, eu_ai_act_basis, ai_roles."""
    tier, basis = (
        system.get("eu_ai_act_tier") or "unclassified",
        system.get("eu_ai_act_basis") or "",
    )
    gpai = "GPAI" in basis or "Arts. 51" in basis or "General-purpose" in basis
    high = high_risk_track(tier, basis)
    mapped = INVENTORY_ROLE_TO_OPERATOR
    roles = sorted({mapped[r] for r in system.get("ai_roles") or [] if r in mapped})
    if gpai and "provider" in roles:
        roles.append("GPAI model provider")
    found = []
    for role in roles:
        for item in catalogue.obligations_for_role(role):
            if not _applies(item.scope, tier, basis, gpai):
                continue
            when = _date_for(item.article, high)
            found.append(
                DueObligation(
                    system["id"], role, item.article, item.short_name, when.applies_from, when.track
                )
            )
    return sorted(found, key=lambda o: (o.applies_from, o.role, int(o.article[5:])))


def due_next(obligations: list[DueObligation], today: date) -> list[DueObligation]:
    """The obligations on the next application date after ``today`` (none when all apply)."""
    upcoming = [o for o in obligations if o.applies_from > today]
    if not upcoming:
        return []
    first = min(o.applies_from for o in upcoming)
    return [o for o in upcoming if o.applies_from == first]
