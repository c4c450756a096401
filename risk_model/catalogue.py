"""The frameworks' catalogues: ISO/IEC 42001:2023, EU AI Act obligations, NIST AI RMF 1.0.

Read once from the tab-separated files in ``risk_model/data`` and cached. Everything returned is
immutable (frozen dataclasses in tuples), so callers can share the cached values safely.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

NIST_FUNCTIONS = ("GOVERN", "MAP", "MEASURE", "MANAGE")
OPERATOR_ROLES = ("provider", "deployer", "importer", "distributor", "GPAI model provider")
"""Roles that ``obligations_for_role`` understands; "all operators" rows apply to each of them."""


@dataclass(frozen=True)
class Clause:
    id: str
    title: str
    parent_id: str | None
    is_heading: bool
    """True when the clause only groups subclauses (4, 6.1, 7.5, 9.2 ...): assess its children."""


@dataclass(frozen=True)
class Control:
    id: str
    domain_id: str
    domain: str
    title: str


@dataclass(frozen=True)
class Obligation:
    article: str
    role: str
    scope: str
    short_name: str

    @property
    def article_number(self) -> int:
        return int(self.article.removeprefix("Art. "))


@dataclass(frozen=True)
class NistCategory:
    id: str
    function: str
    short_title: str
    n_subcategories: int
    statement: str


@dataclass(frozen=True)
class NistSubcategory:
    id: str
    category_id: str
    function: str
    statement: str


def _rows(filename: str) -> list[dict[str, str]]:
    with (DATA_DIR / filename).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _id_key(identifier: str) -> tuple[int, ...]:
    """Numeric sort key for "A.6.2.10", "9.3.1" or "MEASURE 2.10"."""
    return tuple(int(part) for part in re.findall(r"\d+", identifier))


# --- ISO/IEC 42001 clauses 4-10 -----------------------------------------------------------------


@cache
def clauses() -> tuple[Clause, ...]:
    rows = _rows("iso42001_clauses.tsv")
    ids = {row["id"] for row in rows}
    parents = {row["id"].rpartition(".")[0] for row in rows if "." in row["id"]}
    out = []
    for row in rows:
        parent = row["id"].rpartition(".")[0] or None
        if parent is not None and parent not in ids:
            raise ValueError(f"clause {row['id']} has no parent {parent} in the catalogue")
        out.append(Clause(row["id"], row["title"], parent, row["id"] in parents))
    return tuple(out)


def assessable_clauses() -> tuple[Clause, ...]:
    """The clauses an audit checks: every clause that is not only a heading."""
    return tuple(item for item in clauses() if not item.is_heading)


def clause(clause_id: str) -> Clause:
    for item in clauses():
        if item.id == clause_id:
            return item
    raise KeyError(f"no ISO/IEC 42001 clause {clause_id!r}")


# --- ISO/IEC 42001 Annex A ----------------------------------------------------------------------


@cache
def annex_a_controls() -> tuple[Control, ...]:
    out = []
    for row in _rows("iso42001_annex_a.tsv"):
        domain_id, _, domain_name = row["domain"].partition(" ")
        out.append(Control(row["id"], domain_id, domain_name, row["title"]))
    return tuple(out)


@cache
def annex_a_domains() -> tuple[tuple[str, str], ...]:
    """(domain_id, name) in Annex A order, e.g. ("A.2", "Policies related to AI")."""
    seen: dict[str, str] = {}
    for item in annex_a_controls():
        seen.setdefault(item.domain_id, item.domain)
    return tuple(sorted(seen.items(), key=lambda pair: _id_key(pair[0])))


@cache
def _controls_by_id() -> dict[str, Control]:
    return {item.id: item for item in annex_a_controls()}


def control(control_id: str) -> Control:
    try:
        return _controls_by_id()[control_id]
    except KeyError:
        raise KeyError(f"no ISO/IEC 42001 Annex A control {control_id!r}") from None


def controls_in_domain(domain_id: str) -> tuple[Control, ...]:
    return tuple(item for item in annex_a_controls() if item.domain_id == domain_id)


# --- EU AI Act ----------------------------------------------------------------------------------


@cache
def eu_ai_act_obligations() -> tuple[Obligation, ...]:
    return tuple(
        Obligation(row["article"], row["role"], row["scope"], row["short_name"])
        for row in _rows("eu_ai_act_obligations.tsv")
    )


@cache
def eu_ai_act_articles() -> tuple[Obligation, ...]:
    """The obligations, plus the other articles the crosswalk cites (``eu_ai_act_other_articles.tsv``,
    e.g. Art. 87 on reporting infringements), which bind no operator role."""
    others = tuple(
        Obligation(row["article"], row["role"], row["scope"], row["short_name"])
        for row in _rows("eu_ai_act_other_articles.tsv")
    )
    return eu_ai_act_obligations() + others


def obligation(article: str) -> Obligation:
    for item in eu_ai_act_articles():
        if item.article == article:
            return item
    raise KeyError(f"no EU AI Act obligation for {article!r}")


def roles_of(item: Obligation) -> frozenset[str]:
    """The operator roles an obligation binds.

    Text in parentheses only qualifies a role ("deployer (public bodies, ...)"), so it is ignored;
    "all operators" and "any operator" bind every role.
    """
    text = item.role
    while re.search(r"\([^()]*\)", text):
        text = re.sub(r"\([^()]*\)", "", text)
    text = text.strip().lower()
    if text in ("all operators", "any operator"):
        return frozenset(OPERATOR_ROLES)
    roles = set()
    for part in re.split(r"[+;,]", text):
        part = part.strip()
        if part.startswith("gpai"):
            roles.add("GPAI model provider")
        elif part.endswith("provider"):
            roles.add("provider")
        elif part.endswith("deployer"):
            roles.add("deployer")
        elif part in ("importer", "distributor"):
            roles.add(part)
        elif part:
            raise ValueError(f"unknown role {part!r} in {item.article}")
    return frozenset(roles)


def obligations_for_role(role: str) -> tuple[Obligation, ...]:
    if role not in OPERATOR_ROLES:
        raise ValueError(f"role must be one of {OPERATOR_ROLES}, not {role!r}")
    return tuple(item for item in eu_ai_act_obligations() if role in roles_of(item))


# --- NIST AI RMF 1.0 ----------------------------------------------------------------------------


@cache
def nist_categories() -> tuple[NistCategory, ...]:
    return tuple(
        NistCategory(
            row["id"],
            row["function"],
            row["short_title"],
            int(row["n_subcategories"]),
            row["category_statement"],
        )
        for row in _rows("nist_ai_rmf_categories.tsv")
    )


@cache
def nist_subcategories() -> tuple[NistSubcategory, ...]:
    return tuple(
        NistSubcategory(row["id"], row["category"], row["category"].split()[0], row["statement"])
        for row in _rows("nist_ai_rmf_subcategories.tsv")
    )


def nist_category(category_id: str) -> NistCategory:
    for item in nist_categories():
        if item.id == category_id:
            return item
    raise KeyError(f"no NIST AI RMF category {category_id!r}")


def nist_category_of(nist_id: str) -> str:
    """The category of a NIST AI RMF id: "MEASURE 2.4" -> "MEASURE 2"; a category maps to itself."""
    function, _, number = nist_id.strip().upper().partition(" ")
    category_id = f"{function} {number.split('.')[0]}"
    nist_category(category_id)
    return category_id
