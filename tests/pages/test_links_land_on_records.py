"""Issue 15 items 4 and 5: a pre-audit finding's Fix link lands on its record, selected, and an
overview tile's link lists exactly what the tile counts. Expected values come from the store
(and from counts computed here), not from the pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store import checks, impact_assessments, inventory, nonconformities, risks

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_page(monkeypatch, db, page: str, **params: str) -> AppTest:
    monkeypatch.setenv("AIMS_DB", str(db.path))
    app = AppTest.from_file(APP, default_timeout=120)
    app.run()
    for key, value in params.items():
        app.query_params[key] = value
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def metric(app: AppTest, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


def finding_for(db, page: str) -> checks.Finding:
    found = [f for f in checks.findings(db) if f.page == page]
    if not found:
        pytest.skip(f"the demo has no finding fixed on {page}")
    return found[-1]  # the last, so a page that opens its first record by default fails


def test_a_nonconformity_link_selects_that_nonconformity(monkeypatch, demo_db):
    ids = list(nonconformities.nonconformity_register(demo_db, date.today()).nonconformities["id"])
    wanted = ids[-1]  # not the one the picker starts on
    assert ids[0] != wanted
    app = open_page(monkeypatch, demo_db, "pages/audit/nonconformities.py", record=wanted)
    assert app.selectbox(key="nc-pick").value == wanted
    title = nonconformities.get_nonconformity(demo_db, wanted)["title"]
    assert any(m.value.startswith(f"**{title}**") for m in app.markdown)
    app.selectbox(key="nc-pick").set_value(ids[0]).run()  # the user's next pick stands
    assert app.selectbox(key="nc-pick").value == ids[0]


def test_an_inventory_link_opens_the_system_form_above_the_table(monkeypatch, demo_db):
    finding = finding_for(demo_db, "pages/risk/inventory.py")
    app = open_page(monkeypatch, demo_db, "pages/risk/inventory.py", record=finding.record_id)
    name = inventory.get_system(demo_db, finding.record_id)["name"]
    assert app.subheader[0].value == f"{name} · {finding.record_id}"
    order = [getattr(node, "type", "") for node in app.main.children.values()]
    assert order.index("tab_container") < order.index("expander")  # form above the filters


def test_a_risk_link_opens_that_risk(monkeypatch, demo_db):
    finding = finding_for(demo_db, "pages/risk/risks.py")
    app = open_page(monkeypatch, demo_db, "pages/risk/risks.py", record=finding.record_id)
    title = risks.get_risk(demo_db, finding.record_id)["title"]
    assert app.subheader[0].value == f"{title} · {finding.record_id}"


def test_an_impact_assessment_link_selects_the_systems_assessment(monkeypatch, demo_db):
    finding = finding_for(demo_db, "pages/risk/impact_assessments.py")
    system = finding.record_id
    app = open_page(monkeypatch, demo_db, "pages/risk/impact_assessments.py", record=system)
    assessed = impact_assessments.list_assessments(demo_db)
    own = assessed[assessed["system_id"] == system]
    name = inventory.get_system(demo_db, system)["name"]
    if own.empty:  # missing: the add form starts on that system
        assert app.selectbox(key="ia-add-system").value == system
    else:
        assert app.subheader[-1].value == f"{name} · {own['id'].iloc[0]}"


@pytest.mark.parametrize(
    ("page", "column"),
    [
        ("pages/context/scope.py", "id"),
        ("pages/controls/soa.py", "control_id"),
        ("pages/controls/training.py", "name"),
    ],
)
def test_a_link_to_a_table_page_shows_that_record_only(monkeypatch, demo_db, page, column):
    finding = finding_for(demo_db, page)
    app = open_page(monkeypatch, demo_db, page, record=finding.record_id)
    frame = next(
        f.value
        for f in app.dataframe
        if column in f.value.columns
        and (column == "name" or finding.record_id in set(f.value[column]))
    )
    if column == "name":
        assert frame[column].nunique() == 1 and finding.record_label in set(frame[column])
    else:
        assert list(frame[column]) == [finding.record_id]
    assert any(finding.record_id in i.value for i in app.info)


def test_risk_tiles_list_exactly_what_they_count(monkeypatch, demo_db):
    levels = risks.risk_levels(demo_db, today=date.today())
    above = int(levels["above_appetite"].sum())
    overdue = int(levels["treatment_overdue"].sum())
    assert 0 < above < len(levels) and 0 < overdue < len(levels)
    app = open_page(monkeypatch, demo_db, "pages/risk/risks.py", show="above_appetite")
    assert metric(app, "Risks shown") == metric(app, "Above appetite") == str(above)
    app = open_page(monkeypatch, demo_db, "pages/risk/risks.py", show="overdue_treatments")
    assert metric(app, "Risks shown") == metric(app, "Overdue treatments") == str(overdue)


def test_inventory_tiles_list_exactly_what_they_count(monkeypatch, demo_db):
    systems = inventory.list_systems(demo_db)
    high = int((systems["eu_ai_act_tier"] == "high").sum())
    overdue = int(systems["review_overdue"].sum())
    assert 0 < high < len(systems) and 0 < overdue < len(systems)
    app = open_page(monkeypatch, demo_db, "pages/risk/inventory.py", show="high_risk")
    assert metric(app, "Systems shown") == metric(app, "High-risk") == str(high)
    app = open_page(monkeypatch, demo_db, "pages/risk/inventory.py", show="overdue_reviews")
    assert metric(app, "Systems shown") == metric(app, "Overdue reviews") == str(overdue)


def test_assessment_tile_lists_the_systems_lacking_one(monkeypatch, demo_db):
    statuses = impact_assessments.system_statuses(demo_db, date.today())
    lacking = statuses[statuses["assessment_status"].isin(["missing", "outdated"])]
    app = open_page(
        monkeypatch, demo_db, "pages/risk/impact_assessments.py", show="missing_or_outdated"
    )
    table = next(f.value for f in app.dataframe if "assessment_status" in f.value.columns)
    assert sorted(table["name"]) == sorted(lacking["name"])
