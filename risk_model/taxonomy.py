"""Risk taxonomies used to classify risks in the register.

- MIT AI Risk Repository domain taxonomy (v2, 2025): 7 domains, 24 subdomains, IDs 1.1 to 7.6.
- MIT AI Risk Repository causal taxonomy: entity, intent and timing, each coded 1 to 3.
- ISO/IEC 42001:2023 Annex C: organisational objectives (C.2.x) and risk sources (C.3.x).

The catalogues are the TSV files in ``risk_model/data/``, read once with the csv module.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
CAUSAL_DIMENSIONS = ("Entity", "Intent", "Timing")


@dataclass(frozen=True)
class Domain:
    id: str
    name: str


@dataclass(frozen=True)
class Subdomain:
    id: str
    domain_id: str
    domain: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.id} {self.name}"


@dataclass(frozen=True)
class CausalValue:
    dimension: str
    code: int
    value: str
    meaning: str


@dataclass(frozen=True)
class AnnexCItem:
    id: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.id} {self.name}"


@cache
def read_tsv(filename: str) -> tuple[dict[str, str], ...]:
    """Rows of a TSV file in ``risk_model/data/`` as dicts keyed by the header row."""
    with (DATA_DIR / filename).open(encoding="utf-8", newline="") as handle:
        return tuple(dict(row) for row in csv.DictReader(handle, delimiter="\t"))


@cache
def _subdomains() -> tuple[Subdomain, ...]:
    return tuple(
        Subdomain(
            id=row["id"],
            domain_id=row["id"].split(".")[0],
            domain=row["domain"],
            name=row["subdomain"],
        )
        for row in read_tsv("mit_risk_domains.tsv")
    )


def mit_subdomains() -> list[Subdomain]:
    return list(_subdomains())


def mit_domains() -> list[Domain]:
    """The 7 domains, in ID order, derived from the subdomain rows."""
    seen: dict[str, Domain] = {}
    for sub in _subdomains():
        seen.setdefault(sub.domain_id, Domain(sub.domain_id, sub.domain))
    return list(seen.values())


def subdomain(subdomain_id: str) -> Subdomain:
    """The subdomain with this ID (e.g. "7.3"); KeyError if unknown."""
    for sub in _subdomains():
        if sub.id == subdomain_id:
            return sub
    raise KeyError(f"unknown MIT AI risk subdomain {subdomain_id!r}")


@cache
def _causal() -> tuple[CausalValue, ...]:
    return tuple(
        CausalValue(row["dimension"], int(row["code"]), row["value"], row["meaning"])
        for row in read_tsv("mit_risk_causal.tsv")
    )


def causal_values(dimension: str) -> list[CausalValue]:
    """The three coded values of "Entity", "Intent" or "Timing" (case-insensitive)."""
    wanted = dimension.strip().casefold()
    values = [v for v in _causal() if v.dimension.casefold() == wanted]
    if not values:
        raise KeyError(f"unknown causal dimension {dimension!r}; known: {CAUSAL_DIMENSIONS}")
    return sorted(values, key=lambda v: v.code)


def _annex_c(kind: str) -> list[AnnexCItem]:
    return [
        AnnexCItem(row["id"], row["name"])
        for row in read_tsv("iso42001_annex_c.tsv")
        if row["type"] == kind
    ]


def annex_c_objectives() -> list[AnnexCItem]:
    """ISO/IEC 42001 Annex C.2 potential AI-related organisational objectives."""
    return _annex_c("objective")


def annex_c_risk_sources() -> list[AnnexCItem]:
    """ISO/IEC 42001 Annex C.3 possible risk sources."""
    return _annex_c("risk_source")
