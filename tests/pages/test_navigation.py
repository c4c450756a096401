"""The navigation: every page script under ``pages/`` is declared (``ui/page_catalogue.py``,
which app.py turns into ``st.Page``) in the section of its folder, at its own URL, and each role's navigation lists its own pages first and then
every other page, so a deep link opens its page in every role (issue 16, step 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from ui.page_catalogue import SECTIONS

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")

FOLDER_SECTIONS = {
    ".": "Overview",
    "context": "Context and leadership",
    "risk": "Inventory and risk",
    "controls": "Controls and support",
    "eu_ai_act": "EU AI Act",
    "monitor": "Monitor",
    "audit": "Audit",
}
"""The section of each folder under ``pages/`` (``.``: the files in ``pages/`` itself)."""

OWN_TITLES = {
    "viewer": [
        "Executive overview",
        "Risk heatmap",
        "Readiness assessment",
        "Management review",
    ],
    "ml_owner": ["Monitoring", "AI incidents", "AI system inventory"],
    "compliance_manager": [
        "AI risk register",
        "Impact assessments",
        "Nonconformities and corrective actions",
        "AI policy and policies",
        "AI objectives",
        "Training and awareness",
        "AI suppliers and customers",
        "Datasets",
    ],
    "auditor": [
        "Pre-audit checks",
        "Evidence library",
        "Internal audits",
        "Statement of Applicability",
    ],
    "admin": ["Roles and responsibilities", "Risk matrix", "Import"],
}
"""What each role's "Your pages" section lists, in order, written out by title."""


def _declared() -> dict[str, list[tuple[str, str, str]]]:
    """The pages app.py declares: section -> [(script, title, url_path)]."""
    return {
        section: [(page.script, page.title, page.url_path) for page in pages]
        for section, pages in SECTIONS.items()
    }


DECLARED = _declared()
TITLES = [title for pages in DECLARED.values() for _, title, _ in pages]


def test_every_page_file_is_declared_in_the_section_of_its_folder():
    files = {
        str(p.relative_to(ROOT)): FOLDER_SECTIONS.get(str(p.parent.relative_to(ROOT / "pages")))
        for p in (ROOT / "pages").rglob("*.py")
    }
    declared = {script: section for section, pages in DECLARED.items() for script, *_ in pages}
    assert declared == files
    assert len(files) == 34


def test_every_page_keeps_its_url_the_name_of_its_file():
    urls = [(Path(script).stem, url) for pages in DECLARED.values() for script, _, url in pages]
    assert [url for _, url in urls] == [stem for stem, _ in urls]
    assert len(set(TITLES)) == len(TITLES)


def _navigation(monkeypatch, db, roles: str | None) -> tuple[dict[str, list[str]], str]:
    """The sections (by page title) and the position that app.py gives ``st.navigation`` for a
    visitor in local mode with ``roles`` (``None``: local mode off, so no one is let in)."""
    monkeypatch.setenv("AIMS_DB", str(db.path))
    if roles is None:
        monkeypatch.delenv("AIMS_LOCAL_MODE", raising=False)
    else:
        monkeypatch.setenv("AIMS_LOCAL_MODE", "1")
        monkeypatch.setenv("AIMS_LOCAL_ROLES", roles)
    calls = []
    original = streamlit.navigation

    def recording(pages, **kwargs):
        calls.append(({s: [p.title for p in ps] for s, ps in pages.items()}, kwargs["position"]))
        return original(pages, **kwargs)

    monkeypatch.setattr(streamlit, "navigation", recording)
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert len(calls) == 1
    return calls[0]


@pytest.mark.parametrize("role", list(OWN_TITLES))
def test_a_role_gets_its_own_pages_first_and_every_page(monkeypatch, db, role):
    sections, position = _navigation(monkeypatch, db, role)
    assert position == "sidebar"
    assert next(iter(sections)) == "Your pages"
    assert sections["Your pages"] == OWN_TITLES[role]
    listed = [title for titles in sections.values() for title in titles]
    assert sorted(listed) == sorted(TITLES)  # every page, each once
    rest = {s: t for s, t in sections.items() if s != "Your pages"}
    expected_rest = {
        section: [t for _, t, _ in pages if t not in OWN_TITLES[role]]
        for section, pages in DECLARED.items()
    }
    assert rest == {s: t for s, t in expected_rest.items() if t}


def test_several_roles_list_the_pages_of_each_role_once(monkeypatch, db):
    sections, _ = _navigation(monkeypatch, db, "compliance_manager, admin")
    assert sections["Your pages"] == OWN_TITLES["compliance_manager"] + OWN_TITLES["admin"]
    listed = [title for titles in sections.values() for title in titles]
    assert sorted(listed) == sorted(TITLES)


def test_a_visitor_not_let_in_gets_a_hidden_navigation_in_the_declared_order(monkeypatch, db):
    sections, position = _navigation(monkeypatch, db, None)
    assert position == "hidden"
    assert sections == {s: [t for _, t, _ in pages] for s, pages in DECLARED.items()}
