"""Issue 14.8: text from data (a model's source note, an incident's title, a system's name,
the certification scope…) renders as text: no image is loaded, no link or HTML is made.

Pages are rendered with AppTest on a store holding a hostile value in those fields; every
string Streamlit would render as markdown (markdown, captions, alerts, headings, labels) is
rendered with a CommonMark parser (raw HTML allowed, as the worst case), and must yield no
``<img``, ``<a`` or raw HTML tag. Before the fix, the source note was shown with ``st.info``
as given, so ``![x](http://evil…)`` loaded an image from another host."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from store import certification, incidents, inventory, monitored_models
from tests.pages.test_access_pages import APP
from tests.store.test_access_write_paths import COMPLIANCE
from ui.text import plain

HOSTILE = (
    "![x](http://evil.example/x.png) <img src=x onerror=alert(1)> [click](http://evil.example)"
    " <https://evil.example/a> :red[red] $x$ **bold** `code` # heading"
)
MARKDOWN = MarkdownIt("commonmark")
FORBIDDEN = ("<img", "<a ", "<script")


def rendered(text: str) -> str:
    return MARKDOWN.render(text)


def test_plain_text_renders_as_itself():
    html = rendered(plain(HOSTILE))
    assert not any(tag in html for tag in FORBIDDEN), html
    text = html.removeprefix("<p>").removesuffix("</p>\n")
    assert text == HOSTILE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert plain(None) == ""
    assert rendered(plain("a\n\nb")) == "<p>a</p>\n<p>b</p>\n"


def _markdown_strings(app: AppTest) -> list[str]:
    """Every string on the page that Streamlit renders as markdown."""
    found = []
    for kind in (
        "markdown",
        "caption",
        "title",
        "header",
        "subheader",
        "info",
        "warning",
        "error",
        "success",
    ):
        found += [str(e.value) for e in getattr(app, kind)]
    for kind in ("expander", "tabs", "metric", "button", "checkbox", "toggle"):
        found += [str(e.label) for e in getattr(app, kind)]
    return found


@pytest.fixture
def hostile_db(demo_db):
    monitored_models.update_model(demo_db, "MM-0001", {"source_note": HOSTILE}, COMPLIANCE)
    inventory.update_system(demo_db, "SYS-0001", {"name": f"Credit {HOSTILE}"}, COMPLIANCE)
    inventory.update_system(demo_db, "SYS-0011", {"name": f"WorkPulse {HOSTILE}"}, COMPLIANCE)
    incidents.update_incident(
        demo_db, "INC-0001", {"title": f"Drift {HOSTILE}", "serious": True}, COMPLIANCE
    )
    certification.save_cycle(demo_db, {"scope": HOSTILE}, COMPLIANCE)
    return demo_db


@pytest.mark.parametrize(
    "page",
    [
        "pages/monitor/monitoring.py",
        "pages/monitor/incidents.py",
        "pages/audit/certification.py",
        "pages/audit/checks.py",
    ],
)
def test_hostile_data_renders_as_text_on_the_page(monkeypatch, hostile_db, page):
    monkeypatch.setenv("AIMS_DB", str(hostile_db.path))
    app = AppTest.from_file(APP, default_timeout=120)
    app.run()
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    strings = _markdown_strings(app)
    carrying = [s for s in strings if "evil" in s]
    assert carrying, f"the hostile value is not shown on {page}"
    unsafe = [(s, rendered(s)) for s in carrying if any(t in rendered(s) for t in FORBIDDEN)]
    assert not unsafe, unsafe
