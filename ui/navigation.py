"""The sidebar's navigation for the visitor's roles: their own pages first, then every other
page in its section.

Every role may read every page (``risk_model.access.can``), so every role's navigation lists
every page: a deep link (``/inventory``) opens its page whoever follows it. Only the order
changes: an executive starts from the overview and the readiness, an ML owner from monitoring,
a compliance manager from the registers, an auditor from the checks and the evidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from risk_model.access import ROLES, Role

YOUR_PAGES = "Your pages"
"""The first section of the navigation: the pages of the visitor's roles."""

ROLE_PAGES: dict[Role, tuple[str, ...]] = {
    "viewer": ("overview", "heatmap", "readiness", "management_review"),
    "ml_owner": ("monitoring", "incidents", "inventory"),
    "compliance_manager": (
        "risks",
        "impact_assessments",
        "nonconformities",
        "policies",
        "objectives",
        "training",
        "suppliers",
        "datasets",
    ),
    "auditor": ("checks", "evidence", "audits", "soa"),
    "admin": ("responsibilities", "risk_settings", "data_import"),
}
"""Each role's own pages, by URL path, in the order the role meets them."""

P = TypeVar("P")


def url_name(page: object) -> str:
    """A page's own URL path (``inventory``). ``st.Page.url_path`` is "" for the default page,
    since it also opens at the root; the path it was declared with is kept as ``_url_path``."""
    return str(getattr(page, "_url_path", None) or getattr(page, "url_path", ""))


def own_pages(roles: Iterable[str]) -> list[str]:
    """The URL paths of the pages of ``roles``, in the order of ``ROLES``, each once."""
    chosen = set(roles)
    found: list[str] = []
    for role in ROLES:
        if role in chosen:
            found += [name for name in ROLE_PAGES[role] if name not in found]
    return found


def navigation_for(sections: Mapping[str, Sequence[P]], roles: Iterable[str]) -> dict[str, list[P]]:
    """``sections`` reordered for ``roles``: "Your pages" first, then every other page in its
    own section. No page is left out or listed twice; with no roles, ``sections`` as declared.
    A role's page that ``sections`` does not declare is an error, not a silent gap."""
    by_name = {url_name(page): page for pages in sections.values() for page in pages}
    own = own_pages(roles)
    missing = [name for name in own if name not in by_name]
    if missing:
        raise ValueError(f"pages of a role that the app does not declare: {', '.join(missing)}")
    navigation: dict[str, list[P]] = {YOUR_PAGES: [by_name[name] for name in own]} if own else {}
    for section, pages in sections.items():
        rest = [page for page in pages if url_name(page) not in own]
        if rest:
            navigation[section] = rest
    return navigation
