"""The risk pages and the executive overview, run in-process on the demo store (AppTest)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta

import duckdb
from streamlit.testing.v1 import AppTest

from risk_model.eu_ai_act import ClassificationAnswers, classify
from store import inventory, risks
from tests.pages.page_runs import metric, run_page
from tests.store.test_impact_assessment_store import independent_statuses
from tests.store.test_risk_store import current_cell, replay_audit_trail


def heatmap_counts(app: AppTest, index: int = 0) -> dict[str, Counter]:
    """{"Inherent risk": Counter((l, s) -> n), "Residual risk": ...} read off the page's
    ``index``-th risk heatmap (charts without heatmap traces are skipped)."""
    specs = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    spec = [s for s in specs if any(t["type"] == "heatmap" for t in s["data"])][index]
    counts = {}
    for trace in spec["data"]:
        if trace["type"] != "heatmap":
            continue
        cells = Counter()
        for lik, row in enumerate(trace["text"], start=1):
            for sev, text in enumerate(row, start=1):
                if text:
                    cells[(lik, sev)] = int(text)
        counts[trace["name"]] = cells
    return counts


def expected_counts(path, day: date) -> dict[str, Counter]:
    replayed = replay_audit_trail(path, risks.end_of(day))
    # closed and retired risks are not plotted (issue 19)
    live = [r for r in replayed.values() if r.get("status") not in ("retired", "closed")]
    inherent = Counter((int(r["inherent_likelihood"]), int(r["inherent_severity"])) for r in live)
    return {"Inherent risk": inherent, "Residual risk": Counter(current_cell(r) for r in live)}


def test_overview_kpis_and_heatmap_match_independent_counts(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/overview.py")
    today = date.today()
    assert heatmap_counts(app) == expected_counts(demo_db.path, today)
    with duckdb.connect(str(demo_db.path), read_only=True) as con:
        rows = con.execute(
            "SELECT coalesce(residual_likelihood, inherent_likelihood)"
            " * coalesce(residual_severity, inherent_severity), status, treatment_due,"
            " treatment_status FROM risks WHERE status NOT IN ('retired', 'closed')"
        ).fetchall()
    above = sum(1 for product, *_ in rows if product >= 12)  # above Medium on the 5 x 5 bands
    overdue = sum(1 for _, _, due, done in rows if due and due < today and done != "done")
    assert metric(app, "Risks above appetite") == str(above)
    assert metric(app, "Overdue treatments") == str(overdue)
    statuses = independent_statuses(demo_db.path, today).values()
    lacking = sum(1 for s in statuses if s in ("missing", "outdated"))
    assert metric(app, "Systems without a current impact assessment") == str(lacking) != "0"
    names = set(inventory.system_names(demo_db).values())
    top = next(frame.value for frame in app.dataframe if "residual_level" in frame.value.columns)
    assert len(top) == 10
    assert all(part in names for cell in top["systems"] for part in cell.split(", "))
    assert top["residual_level"].iloc[0] == "High"
    links = {
        link.proto.label: (link.proto.page, link.proto.query_string)
        for link in app.get("page_link")
    }  # each tile opens exactly the list it counts (issue 15, item 5)
    assert links["Open risks above appetite"] == ("risks", "show=above_appetite")
    assert links["Open overdue treatments"] == ("risks", "show=overdue_treatments")
    assert links["Open systems without a current impact assessment"] == (
        "impact_assessments",
        "show=missing_or_outdated",
    )
    assert links["Open high-risk systems"] == ("inventory", "show=high_risk")
    assert links["Open overdue reviews"] == ("inventory", "show=overdue_reviews")
    assert "Open AI found but not catalogued" in links  # not "Open ai found ..."


def test_heatmap_page_as_of_shows_the_earlier_state(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/risk/heatmap.py")
    today = date.today()
    now = heatmap_counts(app)
    assert now == expected_counts(demo_db.path, today)
    earlier = today - timedelta(days=150)
    app.date_input(key="hm-asof").set_value(earlier).run()
    then = heatmap_counts(app)
    assert then == expected_counts(demo_db.path, earlier)
    assert sum(then["Residual risk"].values()) < sum(now["Residual risk"].values())
    assert any(
        s.value.startswith(f"{sum(then['Inherent risk'].values())} risks as of")
        for s in app.subheader
    )


def test_choosing_a_cell_lists_its_risks(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/risk/heatmap.py")
    app.selectbox(key="hm-cell").set_value(("residual", 3, 3)).run()
    listed = app.dataframe[0].value
    frame = risks.list_risks(demo_db)
    expected = {r["id"] for r in frame.to_dict("records") if current_cell(r) == (3, 3)}
    assert set(listed["id"]) == expected and expected


def test_add_a_risk_on_the_register_page_and_see_it_in_the_heatmap(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/risk/heatmap.py")
    before = heatmap_counts(app)["Inherent risk"][(5, 1)]
    app = run_page(monkeypatch, demo_db, "pages/risk/risks.py")
    credit = next(k for k, v in inventory.system_names(demo_db).items() if "credit" in v.lower())
    app.text_input(key="add-risk-title").input("Model card missing for the scorecard")
    app.multiselect(key="add-risk-system_ids").set_value([credit])
    app.selectbox(key="add-risk-inherent_likelihood").set_value(5)
    app.selectbox(key="add-risk-inherent_severity").set_value(1)
    app.button(key="FormSubmitter:add-risk-Add risk").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    assert metric(app, "Risks shown") == str(len(risks.list_risks(demo_db)))
    app = run_page(monkeypatch, demo_db, "pages/risk/heatmap.py")
    assert heatmap_counts(app)["Inherent risk"][(5, 1)] == before + 1


def test_register_page_filters_and_as_of(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/risk/risks.py")
    assert len(app.dataframe[0].value) == len(risks.list_risks(demo_db))
    app.multiselect(key="rsk-domains").set_value(["7"]).run()
    shown = app.dataframe[0].value
    assert len(shown) > 0 and all(s.startswith("7.") for s in shown["mit_subdomain"])
    earlier = date.today() - timedelta(days=120)
    app.date_input(key="rsk-asof").set_value(earlier).run()
    replayed = replay_audit_trail(demo_db.path, risks.end_of(earlier))
    expected = {i for i, r in replayed.items() if str(r.get("mit_subdomain", "")).startswith("7.")}
    assert set(app.dataframe[0].value["id"]) == expected


def test_classification_page_shows_the_tier_and_saves(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/eu_ai_act/classification.py")
    names = inventory.system_names(demo_db)
    spam = next(k for k, v in names.items() if "spam" in v.lower())
    app.selectbox(key="cls-system").set_value(spam).run()
    assert any("Minimal risk" in s.value for s in app.success)
    app.multiselect(key=f"cls-{spam}-annex_iii_points").set_value(["4(a)"]).run()
    expected = classify(ClassificationAnswers(annex_iii_points=frozenset({"4(a)"})))
    assert any(expected.label in w.value for w in app.warning)
    app.button(key="cls-save").click().run()
    assert inventory.get_system(demo_db, spam)["eu_ai_act_tier"] == "high"


def test_impact_assessment_page_counts(monkeypatch, demo_db):
    from store import impact_assessments

    app = run_page(monkeypatch, demo_db, "pages/risk/impact_assessments.py")
    frame = impact_assessments.system_statuses(demo_db, date.today())
    required = frame[frame["required"]]
    assert metric(app, "Systems needing one") == str(len(required))
    missing = int((required["assessment_status"] == "missing").sum())
    assert metric(app, "Missing") == str(missing)
    app.toggle(key="ia-gaps").set_value(True).run()
    assert "WorkPulse employee performance analytics" in set(app.dataframe[0].value["name"])


def test_risk_settings_page_switches_to_4x4(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/risk/risk_settings.py")
    app.radio(key="rs-size").set_value(4).run()
    app.selectbox(key="rs-appetite").set_value("Medium").run()
    app.button(key="rs-save").click().run()
    settings = risks.get_settings(demo_db)
    assert (settings.matrix.likelihood.size, settings.appetite_name) == (4, "Medium")
    assert risks.list_risks(demo_db)["inherent_likelihood"].max() <= 4
