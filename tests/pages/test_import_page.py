"""The Import page (issue 13, item 6): a saved mapping loads, the first rows show, each
unrecognised value is listed with its row count, bulk choices map the rest, blank-like values
and the match choice are offered, and the import runs from the page."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from risk_model.inventory import AI_SYSTEM
from store import importer

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "samples" / "federal_ai_inventory_2024_shaped.csv"
MAPPING = ROOT / "data" / "mappings" / "federal_ai_inventory_2024_shaped.json"


def import_page(monkeypatch, db) -> AppTest:
    monkeypatch.setenv("AIMS_DB", str(db.path))
    monkeypatch.setenv("AIMS_LOCAL_MODE", "1")
    monkeypatch.delenv("AIMS_LOCAL_ROLES", raising=False)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.run()
    app.switch_page("pages/controls/data_import.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def texts(app: AppTest) -> str:
    return " ".join(
        str(getattr(e, "value", ""))
        for kind in ("success", "info", "error", "caption", "markdown")
        for e in getattr(app, kind)
    )


def test_the_federal_shaped_file_imports_from_the_page_with_its_saved_mapping(monkeypatch, db):
    app = import_page(monkeypatch, db)
    saved = MAPPING.read_text(encoding="utf-8").replace('"blank"', '"match": "none",\n  "blank"')
    app.file_uploader[0].upload(SAMPLE.name, SAMPLE.read_bytes(), "text/csv")
    app.file_uploader[1].upload("mapping.json", saved.encode(), "application/json")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    shown = texts(app)
    assert "246 rows, 62 columns, read as windows-1252." in shown
    preview = app.dataframe[0].value
    assert len(preview) == 10
    assert (
        preview.iloc[0]["Use Case Name"]
        == SAMPLE.read_bytes().decode("cp1252").split("\r\n")[1].split(",")[0]
    )
    assert "If Other, please explain. (#27)" in preview.columns
    assert "ignored 8 columns headed 'If Other, please explain.'" in shown
    blank = app.multiselect(key=next(m.key for m in app.multiselect if m.key.endswith("-blank")))
    assert {"N/A", "TBD", "-"} <= set(blank.value)
    assert app.radio(key=next(r.key for r in app.radio if r.key.endswith("-match"))).value == (
        "none"
    )
    assert "246 rows are valid." in shown
    next(b for b in app.button if b.label.startswith("Import 246 rows")).click()
    app.run()
    assert "246 created, 0 updated, 0 unchanged." in texts(app)
    assert len(importer.export_frame(db, AI_SYSTEM)) == 246


def test_unrecognised_values_are_listed_with_counts_and_mapped_in_bulk(monkeypatch, db):
    app = import_page(monkeypatch, db)
    data = b"name,lifecycle stage\nA,Pilot\nB,Pilot\nC,Pilot\nD,Prod\nE,deployment\n"
    app.file_uploader[0].upload("f.csv", data, "text/csv")
    app.run()
    assert "Lifecycle stage: 2 unrecognised values in 4 rows" in [e.label for e in app.expander]
    counts = next(d.value for d in app.dataframe if "Rows" in d.value.columns)
    assert counts.to_dict("records") == [
        {"Value": "Pilot", "Rows": 3},
        {"Value": "Prod", "Rows": 1},
    ]
    assert [s.label for s in app.selectbox if s.label.startswith(("Pilot", "Prod"))] == [
        "Pilot (3 rows)",
        "Prod (1 rows)",
    ]
    bulk = next(r for r in app.radio if r.key.endswith("-bulk-lifecycle_stage"))
    bulk.set_value("map them all to one value")
    app.run()
    next(s for s in app.selectbox if s.label == "Map them all to").set_value(
        "verification and validation"
    )
    app.run()
    next(b for b in app.button if b.label.startswith("Import 5 rows")).click()
    app.run()
    stages = importer.export_frame(db, AI_SYSTEM).set_index("name")["lifecycle_stage"].to_dict()
    assert stages == {
        "A": "verification and validation",
        "B": "verification and validation",
        "C": "verification and validation",
        "D": "verification and validation",
        "E": "deployment",
    }
