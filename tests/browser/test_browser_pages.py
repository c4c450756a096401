"""Every page in the sidebar navigation renders in a real browser: its title, no exception box
and no error alert (other than the findings a page exists to show), with a full-page screenshot
of each page in ``artifacts/screenshots/<page>.png`` (``<page>`` as in ``pages/<page>.py``).

The pages are discovered from the rendered sidebar; the declarations app.py builds its
navigation from (``ui.page_catalogue``) say which pages exist, and each page script's own
``st.title`` (parsed, not run) gives the heading it must show.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    REPO_ROOT,
    SCREENSHOTS,
    main_area,
    save_screenshot,
    sidebar_link,
    sidebar_links,
    slug,
    wait_for_app,
)
from ui.page_catalogue import all_pages

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class DeclaredPage:
    script: Path
    nav_title: str
    heading: str | None  # the literal of the script's st.title(...), when it has one


def _is_st_call(node: ast.AST, name: str) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == name
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "st"
    )


def _literal(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _heading(script: Path) -> str | None:
    if not script.exists():
        return None
    for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
        if _is_st_call(node, "title") and node.args:
            return _literal(node.args[0])
    return None


def declared_pages() -> list[DeclaredPage]:
    """The pages app.py declares (``ui.page_catalogue``), in navigation order."""
    return [
        DeclaredPage(REPO_ROOT / p.script, p.title, _heading(REPO_ROOT / p.script))
        for p in all_pages()
    ]


def test_sidebar_lists_every_page_declared_in_the_app(page):
    page.goto("/")
    wait_for_app(page)
    labels = [label for label, _ in sidebar_links(page)]
    assert sorted(labels) == sorted(p.nav_title for p in declared_pages())


# Error alerts that are a page's content, not a failure: findings the demo contains on purpose.
CONTENT_ERRORS = {
    "scope.py": re.compile(r"high-risk system is excluded from the AIMS scope"),
    "incidents.py": re.compile(r"Art\. 73 clock"),
    "classification.py": re.compile(r"^Prohibited"),
    "nonconformities.py": re.compile(r"^Not ready for the external audit"),
}


def unexpected_errors(page, script: Path | None) -> list[str]:
    """Texts of the page's error alerts, except the findings it is meant to show."""
    allowed = CONTENT_ERRORS.get(script.name) if script else None
    texts = main_area(page).locator('[data-testid="stAlertContentError"]').all_inner_texts()
    return [t for t in texts if not (allowed and allowed.search(t))]


def test_every_sidebar_page_renders_its_title_without_exceptions(page):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.goto("/")
    wait_for_app(page)
    links = sidebar_links(page)
    assert links, "the sidebar shows no page links"
    declared = {p.nav_title: p for p in declared_pages()}
    headings = {title: p.heading for title, p in declared.items()}

    problems = []
    for label, href in links:
        sidebar_link(page, label).click()
        heading = main_area(page).locator("h1").first
        try:
            expect(page).to_have_url(href)
            wait_for_app(page)
            if headings.get(label):
                expect(heading).to_have_text(headings[label])
            else:
                expect(heading).not_to_be_empty()
            exceptions = page.locator('[data-testid="stException"]')
            if exceptions.count():
                problems.append(f"{label}: exception shown: {exceptions.first.inner_text()[:800]}")
            script = declared[label].script if label in declared else None
            for text in unexpected_errors(page, script):
                problems.append(f"{label}: error shown: {text[:400]}")
        except AssertionError as error:
            problems.append(f"{label}: {error}")
        finally:
            script = declared[label].script if label in declared else None
            name = script.stem if script else slug(label)
            save_screenshot(page, SCREENSHOTS / f"{name}.png")

    assert not problems, "\n\n".join(problems)
    assert not errors, "JavaScript errors in the page:\n" + "\n".join(errors)
