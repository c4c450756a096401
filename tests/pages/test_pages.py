"""Every page runs in-process (Streamlit AppTest) on the demo store and shows its content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store import inventory
from tests.pages.page_runs import metric, run_page

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_overview_counts_match_the_inventory(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/overview.py")
    systems = inventory.list_systems(demo_db)
    assert app.title[0].value == "Executive overview"
    assert metric(app, "High-risk systems") == str(int((systems["eu_ai_act_tier"] == "high").sum()))
    assert metric(app, "Overdue reviews") == str(int(systems["review_overdue"].sum()))
    in_scope = int(systems["in_scope"].fillna(False).astype(bool).sum())
    assert metric(app, "Systems in scope") == f"{in_scope} of {len(systems)}"


def test_inventory_lists_the_demo_and_filters(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/risk/inventory.py")
    table = app.dataframe[0].value
    assert len(table) == 25  # 26 demo systems, one retired
    assert "Consumer credit scoring model" in set(table["name"])
    assert metric(app, "Systems shown") == "25"
    app.text_input(key="inv-search").input("scorecard").run()  # in the description only
    names = set(app.dataframe[0].value["name"])
    assert names == {"Consumer credit scoring model"}
    app.text_input(key="inv-search").input("").run()
    app.toggle(key="inv-retired").set_value(True).run()
    assert metric(app, "Systems shown") == "26"


def test_inventory_add_system_form(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/risk/inventory.py")
    app.text_input(key="add-name").input("Invoice anomaly detector")
    app.text_input(key="add-owner").input("Laura Chen")
    app.button(key="FormSubmitter:add-system-Add system").click().run()
    assert not app.exception
    found = inventory.list_systems(demo_db, inventory.SystemFilter(search="Invoice anomaly"))
    assert found[["name", "owner", "status"]].values.tolist() == [
        ["Invoice anomaly detector", "Laura Chen", "active"]
    ]


def test_scope_page_warns_about_excluded_high_risk(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/context/scope.py")
    errors = " ".join(e.value for e in app.error)
    assert "Call-centre speech and emotion analytics" in errors
    assert "high-risk system is excluded" in errors
    warnings = " ".join(w.value for w in app.warning)
    assert "Customer churn prediction" in warnings  # in scope, no justification


@pytest.mark.parametrize(
    ("page", "title"),
    [
        ("pages/context/context.py", "Context of the organisation"),
        ("pages/context/dependencies.py", "Integration and dependency map"),
        ("pages/controls/data_import.py", "Import"),
    ],
)
def test_other_pages_render(monkeypatch, demo_db, page, title):
    app = run_page(monkeypatch, demo_db, page)
    assert app.title[0].value == title


def test_context_page_lists_issues_and_parties(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/context/context.py")
    issues, parties = app.dataframe[0].value, app.dataframe[1].value
    assert len(issues) == 10 and set(issues["pestle"]) == {
        "political",
        "economic",
        "social",
        "technological",
        "legal",
        "environmental",
    }
    assert len(parties) == 9
    (chart,) = [json.loads(c.proto.spec) for c in app.get("plotly_chart")]
    drawn = {
        (trace["name"].lower(), factor): n
        for trace in chart["data"]
        for factor, n in zip(trace["y"], trace["x"], strict=True)
        if n
    }
    counted = {(k, p): int(n) for (k, p), n in issues.groupby(["kind", "pestle"]).size().items()}
    assert drawn == counted and sum(drawn.values()) == 10


def test_checks_page_lists_findings_with_fix_links(monkeypatch, demo_db):
    from store import checks

    app = run_page(monkeypatch, demo_db, "pages/audit/checks.py")
    expected = checks.findings_frame(demo_db)
    assert metric(app, "Major findings") == str(int((expected["severity"] == "major").sum()))
    assert metric(app, "Minor findings") == str(int((expected["severity"] == "minor").sum()))
    text = " ".join(m.value for m in app.markdown)
    assert "Call-centre speech and emotion analytics" in text


def test_inventory_shows_the_classification_of_the_selected_system(monkeypatch, demo_db):
    from store import classification

    app = run_page(monkeypatch, demo_db, "pages/risk/inventory.py")
    table = app.dataframe[0].value
    row = int(table.index[table["name"] == "Consumer credit scoring model"][0])
    app.session_state["inv-table"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    app.run()
    assert not app.exception
    latest = classification.classification_history(demo_db, table.iloc[row]["id"]).iloc[0]
    shown = " ".join(m.value for m in app.markdown)
    assert latest["tier"] == "high"
    assert f"**{latest['label']}**" in shown and "5(b)" in latest["label"]
