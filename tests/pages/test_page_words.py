"""Issue 15 items 2, 3, 7 and 10 without a browser: no bare strings in page scripts, field
names in words, the reason a control is disabled, and the getting-started progress."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

from risk_model.access import LOCAL_USER, Actor
from risk_model.getting_started import STEPS, is_new, progress
from ui.permissions import permission
from ui.tables import column_words, in_words

PAGES = sorted((Path(__file__).resolve().parents[2] / "pages").rglob("*.py"))


@pytest.mark.parametrize("script", PAGES, ids=lambda p: p.stem)
def test_no_page_has_a_bare_string_that_streamlit_magic_would_show(script):
    tree = ast.parse(script.read_text(encoding="utf-8"))
    body = tree.body[1:] if ast.get_docstring(tree) else tree.body  # the docstring is not shown
    bare = [
        node.lineno
        for top in body
        for node in ast.walk(top)
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    ]
    assert not bare, f"{script.name}: bare strings on lines {bare}"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("review_date", "Review date"),
        ("open_actions", "Open actions"),
        ("rows_used", "Rows used"),
        ("check_id", "Check ID"),
        ("days_left", "Days left"),
        ("demographic_parity_difference", "Demographic parity difference"),
        ("eu_ai_act_tier", "EU AI Act tier"),
        ("severity", "Severity"),
        ("Already words", "Already words"),
    ],
)
def test_field_names_read_as_words(name, words):
    assert in_words(name) == words


def test_configured_columns_keep_their_titles_and_the_rest_get_words():
    frame = pd.DataFrame(columns=["id", "review_date", "notes"])
    config = column_words(frame, {"id": "Nonconformity", "notes": None})
    assert config == {"id": "Nonconformity", "notes": None, "review_date": "Review date"}


def test_each_role_is_told_why_a_control_is_disabled_and_whom_to_ask():
    viewer = permission(Actor("Ann", ("viewer",)), "aims_scope", "save the scope")
    assert viewer.control == {
        "disabled": True,
        "help": "Viewers can read and export; ask a compliance manager to save the scope.",
    }
    auditor = Actor("Al", ("auditor",))
    assert permission(auditor, "audit_findings", "record findings").control["disabled"] is False
    assert permission(auditor, "internal_audits", "plan an audit").reason.startswith("Auditors")
    owner = Actor("Laura Chen", ("ml_owner",))
    assert not permission(owner, "ai_systems", "change it", "Laura Chen").denied
    assert permission(owner, "ai_systems", "change it", "Tom Becker").reason.startswith(
        "ML owners can change the AI systems, risks and monitored models they own"
    )
    assert not permission(owner, "ai_systems", "add a system").denied  # the store checks owner
    assert not permission(LOCAL_USER, "aims_scope", "save the scope").denied


def test_getting_started_counts_each_steps_milestones():
    assert is_new({}) and not is_new({"ai_systems": 1})
    steps = progress({"scope_statement": 1, "context_issues": 3, "ai_systems": 2})
    by_title = {s.step.title: (s.done, s.of) for s in steps}
    assert by_title["Context and scope"] == (2, 3)
    assert by_title["AI system inventory"] == (1, 2)
    assert by_title["Readiness assessment"] == (0, 1)
    assert [s.step for s in steps] == list(STEPS)
    assert STEPS[0].title == "Readiness assessment" and STEPS[-1].title == "Certification"
