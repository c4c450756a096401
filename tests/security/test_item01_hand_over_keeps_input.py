"""Issue 14.1, the hand-over: a page that Streamlit runs by itself (its pages-folder mode, which
the server turns off at its start but ``AppTest`` turns on for every run of a page) goes
through ``app.py`` in that same run, so sign-in still comes first and the visitor's input
(a form's submit, a button's click) still reaches the page.

Before the fix, the hand-over was an ``st.rerun()``, which drops a run's clicks and submits:
the form below reported nothing and wrote nothing."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store import inventory
from tests.pages.test_access_pages import APP
from tests.security.server import FAKE_AUTH

PAGES = sorted((Path(APP).parent / "pages").rglob("*.py"))


def _page(monkeypatch, db, page: str, secrets: dict | None = None) -> AppTest:
    monkeypatch.setenv("AIMS_DB", str(db.path))
    app = AppTest.from_file(APP, default_timeout=90)
    if secrets:
        app.secrets = secrets
        app.user = {"is_logged_in": False}
    app.run()
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_a_form_submitted_on_a_page_run_by_itself_is_saved(monkeypatch, demo_db):
    app = _page(monkeypatch, demo_db, "pages/risk/inventory.py")
    app.text_input(key="add-name").input("Hand-over check system")
    app.text_input(key="add-owner").input("Laura Chen")
    app.button(key="FormSubmitter:add-system-Add system").click().run()
    assert not app.exception and not app.error
    assert [t.value for t in app.toast] == ["System added"]
    found = inventory.list_systems(demo_db, inventory.SystemFilter(search="Hand-over check"))
    assert found[["name", "owner"]].values.tolist() == [["Hand-over check system", "Laura Chen"]]
    sidebar = " ".join(str(getattr(e, "value", "")) for e in app.sidebar)
    assert "local single-user mode" in sidebar  # the page ran inside app.py


def test_a_page_run_by_itself_asks_for_sign_in_first(monkeypatch, demo_db):
    monkeypatch.delenv("AIMS_LOCAL_MODE", raising=False)
    secrets = tomllib.loads(FAKE_AUTH.format(port=8501))
    app = _page(monkeypatch, demo_db, "pages/risk/inventory.py", secrets)
    assert [t.value for t in app.title] == ["AIMS · ISO/IEC 42001"]
    assert [b.label for b in app.button] == ["Sign in"]
    assert not app.dataframe and not app.text_input and not app.metric and not app.markdown


def _calls_get_store(statement: ast.stmt) -> bool:
    return any(
        isinstance(node, ast.Call) and getattr(node.func, "id", "") == "get_store"
        for node in ast.walk(statement)
    )


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_a_page_draws_nothing_before_it_hands_over(page):
    """What a page script draws before ``get_store()`` would stay on screen above the sign-in
    when the page runs by itself. A bare string there (Streamlit "magic" draws it) did."""
    body = ast.parse(page.read_text(encoding="utf-8")).body
    first = next(i for i, statement in enumerate(body) if _calls_get_store(statement))
    before = body[1:first] if ast.get_docstring(ast.Module(body, [])) else body[:first]
    drawn = [
        f"line {s.lineno}"
        for s in before
        if not isinstance(s, ast.Import | ast.ImportFrom | ast.Assign | ast.AnnAssign)
        or any(isinstance(node, ast.Call) for node in ast.walk(s))
    ]
    assert not drawn, f"{page.name} runs code before get_store(): {drawn}"
