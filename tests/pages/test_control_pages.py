"""The SoA, coverage, evidence and crosswalk pages on the demo store (Streamlit AppTest)."""

from __future__ import annotations

import csv
from datetime import date

from risk_model import crosswalk
from store import coverage, evidence_register, soa
from tests.conftest import REPO_ROOT
from tests.pages.page_runs import metric, run_page

TODAY = date.today()


def test_soa_page_shows_the_working_version_flags_and_approves(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/controls/soa.py")
    frame = soa.soa_frame(demo_db, TODAY)
    assert app.title[0].value == "Statement of Applicability"
    applicable = frame[frame["applicable"]]
    assert metric(app, "Applicable controls") == f"{len(applicable)} of 38"
    assert metric(app, "Flags") == str(len(soa.flags(demo_db, TODAY)))
    editor = app.dataframe[0].value
    assert list(editor["control_id"]) == list(frame["control_id"])
    flags_text = " ".join(app.markdown[i].value for i in range(len(app.markdown)))
    assert "A.3.3 Reporting of concerns: excluded without justification" in flags_text
    labels = [b.label for b in app.get("download_button")]
    assert labels.count("Download SoA (XLSX)") == 2 and labels.count("Download SoA (PDF)") == 2
    app.text_input(key="soa-approver").input("Dr. Katrin Vogel, CRO")
    app.button(key="FormSubmitter:soa-approve-Approve version 2").click().run()
    assert not app.exception
    versions = soa.list_versions(demo_db)
    assert list(versions["version"]) == [2, 1]
    assert versions.iloc[0]["approved_by"] == "Dr. Katrin Vogel, CRO"


def test_soa_page_reads_an_earlier_version(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/controls/soa.py")
    app.selectbox(key="soa-version").select(1).run()
    info, snapshot = soa.read_version(demo_db, 1)
    assert f"Approved by {info.approved_by}" in " ".join(c.value for c in app.caption)
    shown = app.dataframe[-1].value
    assert list(shown["implementation_status"]) == list(snapshot["implementation_status"])


def test_coverage_page_metrics_and_drill_down(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/audit/coverage.py")
    controls = coverage.control_coverage(demo_db, TODAY)
    applicable = controls[controls["applicable"]]
    assert (
        metric(app, "Implemented") == f"{int(applicable['implemented'].sum())} of {len(applicable)}"
    )
    assert len(app.get("plotly_chart")) == 3
    app.selectbox(key="cov-domain").select("A.6").run()
    app.radio(key="cov-measure").set_value("share_implemented").run()
    drill = next(d.value for d in app.dataframe if "counted" in d.value.columns)
    expected = applicable[applicable["domain_id"] == "A.6"]
    assert set(drill["control_id"]) == set(expected["control_id"])
    assert set(drill.loc[drill["counted"], "control_id"]) == set(
        expected.loc[expected["implementation_status"] == "implemented", "control_id"]
    )
    clause_table = app.dataframe[-1].value
    assert clause_table.set_index("clause_id").loc["4.3", "status"] == "covered"


def test_evidence_page_lists_flags_and_registers_a_link(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/audit/evidence.py")
    items = evidence_register.list_items(demo_db, TODAY)
    assert metric(app, "Evidence items") == str(len(items))
    assert metric(app, "Expired (stale)") == str(int(items["stale"].sum()))
    app.toggle(key="ev-stale").set_value(True).run()
    shown = app.dataframe[0].value
    assert set(shown["id"]) == set(items.loc[items["state"] != "current", "id"])
    assert "Download audit bundle (ZIP)" in [b.label for b in app.get("download_button")]
    app.text_input(key="ev-link-url").input("https://intranet.example/raci")
    app.text_input(key="ev-link-title").input("RACI wiki page")
    app.selectbox(key="ev-link-kind").select("link")
    app.multiselect(key="ev-link-controls").select("A.3.2")
    app.button(key="FormSubmitter:ev-link-Register link").click().run()
    assert not app.exception
    added = evidence_register.list_items(demo_db, TODAY).set_index("title").loc["RACI wiki page"]
    assert (added["url"], added["controls"]) == ("https://intranet.example/raci", ["A.3.2"])


def test_crosswalk_page_answers_both_questions(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/controls/crosswalk.py")
    with (REPO_ROOT / "risk_model" / "data" / "crosswalk_annex_a.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    app.radio(key="cw-framework").set_value(crosswalk.EU_AI_ACT).run()
    app.selectbox(key="cw-target").select("Art. 9").run()
    table = next(d.value for d in app.dataframe if "rationale" in d.value.columns)
    assert set(table["control_id"]) == {r["control_id"] for r in rows if r["target"] == "Art. 9"}
    app.selectbox(key="cw-control").select("A.6.2.6").run()
    app.selectbox(key="cw-toward").select("MEASURE 2").run()
    mine = app.dataframe[-1].value
    assert list(mine["rationale"]) == [
        r["rationale"] for r in rows if r["control_id"] == "A.6.2.6" and r["target"] == "MEASURE 2"
    ]
    assert any("MEASURE 2.4" in m.value for m in app.markdown)
