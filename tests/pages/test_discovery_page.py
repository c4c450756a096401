"""The Discovery page (in-process, Streamlit AppTest) and the overview's uncatalogued AI."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from monitors.repository_scan import scan_repository
from risk_model.access import SYSTEM
from store import discovery, inventory

APP = str(Path(__file__).resolve().parents[2] / "app.py")
REPOS = Path(__file__).parents[1] / "data" / "discovery"


def run_page(monkeypatch, db, page: str) -> AppTest:
    monkeypatch.setenv("AIMS_DB", str(db.path))
    app = AppTest.from_file(APP, default_timeout=90)
    app.run()
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def metric(app: AppTest, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


def by_provider(db) -> dict[str, dict]:
    return {r["provider"]: r for r in discovery.list_candidates(db).to_dict("records")}


def test_page_groups_candidates_and_triages(monkeypatch, db, tmp_path):
    system = inventory.add_system(db, {"name": "Claims assistant"}, SYSTEM)
    discovery.record_scan(db, scan_repository(REPOS / "claims-triage"), SYSTEM)
    discovery.record_scan(db, scan_repository(REPOS / "support-bot"), SYSTEM)
    app = run_page(monkeypatch, db, "pages/risk/discovery.py")
    assert metric(app, "Open candidates") == "8"
    assert metric(app, "Likely systems") == "2"
    headings = [m.value for m in app.markdown if m.value.startswith("**")]
    assert headings == [
        "**claims-triage** · Code repository",
        "**support-bot** · Code repository",
    ]
    first = app.dataframe[0].value
    assert sorted(first["Provider"]) == sorted(
        ["Amazon Web Services", "Anthropic", "Microsoft", "OpenAI", "scikit-learn"]
    )

    rows = by_provider(db)
    openai = discovery.list_candidates(db).query("location == 'claims-triage'")
    openai_id = openai[openai["provider"] == "OpenAI"]["id"].iloc[0]
    app.selectbox(key="dsc-pick").set_value(openai_id).run()
    app.radio(key="dsc-how").set_value("link").run()
    app.selectbox(key="dsc-link-to").set_value(system).run()
    app.button(key="dsc-link").click().run()
    assert not app.exception
    sklearn = rows["scikit-learn"]["id"]
    app.selectbox(key="dsc-pick").set_value(sklearn).run()
    app.radio(key="dsc-how").set_value("dismiss").run()
    app.text_input(key="dsc-reason").input("a notebook")  # in the form: sent on submit
    app.button(key="dsc-dismiss").click().run()
    assert not app.exception
    statuses = discovery.list_candidates(db).set_index("id")["status"]
    assert statuses[openai_id] == "linked" and statuses[sklearn] == "dismissed"
    assert metric(app, "Open candidates") == "6"


def test_page_scans_only_inside_the_allowed_folders(monkeypatch, db, tmp_path):
    monkeypatch.setenv("AIMS_DISCOVERY_ROOTS", str(REPOS))
    app = run_page(monkeypatch, db, "pages/risk/discovery.py")
    app.text_input(key="dsc-folder").input(str(tmp_path)).run()
    app.button(key="dsc-scan-code").click().run()
    assert "is outside the folders the page may scan" in " ".join(e.value for e in app.error)
    app.text_input(key="dsc-folder").input(str(REPOS / "credit-scoring")).run()
    app.button(key="dsc-scan-code").click().run()
    assert not app.exception
    assert metric(app, "Open candidates") == "2"
    assert "5 findings, 5 new" in " ".join(s.value for s in app.success)


def test_overview_shows_ai_found_but_not_catalogued(monkeypatch, demo_db):
    candidates, systems = discovery.uncatalogued(demo_db)
    assert (candidates, systems) == (2, 2)  # the demo's marketing repository and ChatGPT Team
    app = run_page(monkeypatch, demo_db, "pages/overview.py")
    assert metric(app, "AI found but not catalogued") == "2 in 2 likely systems"
