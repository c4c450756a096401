"""The EU AI Act documents of the demo's high-risk systems, read back from DOCX, PDF and JSON.

Expected values come from the store file itself (SQL here), not from the builders."""

from __future__ import annotations

import io
import json
import re
import shutil

import duckdb
import pytest
from docx import Document
from pypdf import PdfReader

from commands.store_cli import main
from reports.document_files import export_document
from reports.eu_ai_act_documents import (
    ANNEX_IV_SECTIONS,
    FRIA_SECTIONS,
    MONITORING_PLAN_SECTIONS,
    TO_COMPLETE,
)
from risk_model.access import SYSTEM
from store import Store, regulatory_documents


@pytest.fixture(scope="module")
def demo(demo_template, tmp_path_factory) -> Store:
    target = tmp_path_factory.mktemp("docs") / "demo.duckdb"
    shutil.copy(demo_template, target)
    files = demo_template.with_name(demo_template.stem + ".files")
    if files.exists():
        shutil.copytree(files, target.with_name(target.stem + ".files"))
    return Store(target)


def _sql(db: Store, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(db.path), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return _flat("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return _flat("\n".join(parts))


def _in_order(text: str, titles) -> None:
    positions = [text.find(f"{n}. {_flat(t)}") for n, t in enumerate(titles, start=1)]
    assert -1 not in positions, [t for t, p in zip(titles, positions, strict=True) if p == -1]
    assert positions == sorted(positions)


def _high_risk(db: Store) -> list[tuple]:
    return _sql(
        db,
        "SELECT id, name, eu_ai_act_basis, data_inputs FROM ai_systems"
        " WHERE eu_ai_act_tier = 'high' AND status = 'active' ORDER BY id",
    )


def _assessment(db: Store, system_id: str) -> dict | None:
    rows = _sql(
        db,
        "SELECT purpose, human_oversight, affected_individuals, mitigations, affected_groups"
        " FROM impact_assessments WHERE system_id = ? AND status <> 'retired'"
        " ORDER BY assessed_on DESC NULLS LAST, id DESC LIMIT 1",
        [system_id],
    )
    keys = ("purpose", "human_oversight", "affected_individuals", "mitigations", "groups")
    return dict(zip(keys, rows[0], strict=True)) if rows else None


def test_the_demo_has_high_risk_systems(demo):
    assert len(_high_risk(demo)) >= 5


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_technical_documentation_for_every_high_risk_system(demo, fmt):
    read = docx_text if fmt == "docx" else pdf_text
    for system_id, name, basis, inputs in _high_risk(demo):
        text = read(export_document(demo, "technical-documentation", system_id, fmt, SYSTEM))
        _in_order(text, ANNEX_IV_SECTIONS)
        assert name in text and basis in text
        assert inputs[0] in text
        assessment = _assessment(demo, system_id)
        if assessment:
            assert _flat(assessment["human_oversight"])[:60] in text
        for (risk_id,) in _sql(
            demo,
            "SELECT id FROM risks WHERE list_contains(system_ids, ?) AND status <> 'retired'",
            [system_id],
        ):
            assert risk_id in text, (system_id, risk_id)
        for model, thresholds in _sql(
            demo,
            "SELECT name, thresholds FROM monitored_models WHERE system_id = ?"
            " AND status = 'active'",
            [system_id],
        ):
            assert model in text
            assert "demographic_parity_difference" in text
            limit = json.loads(thresholds)["fairness"]["demographic_parity_difference"]
            assert f"demographic_parity_difference {limit:g}" in text
        assert "computational resources (2(c))" in text
        assert TO_COMPLETE in text


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_monitoring_plan_lists_metrics_schedules_sources_incidents_and_reviewers(demo, fmt):
    read = docx_text if fmt == "docx" else pdf_text
    monitored = _sql(
        demo,
        "SELECT m.system_id, m.name, m.thresholds, m.stale_after_days, m.reference_source,"
        " coalesce(m.owner, s.owner) FROM monitored_models m JOIN ai_systems s"
        " ON s.id = m.system_id WHERE m.status = 'active' AND s.eu_ai_act_tier = 'high'",
    )
    assert monitored
    for system_id, model, thresholds, days, source, owner in monitored:
        text = read(export_document(demo, "monitoring-plan", system_id, fmt, SYSTEM))
        _in_order(text, MONITORING_PLAN_SECTIONS)
        assert model in text and owner in text
        assert source in text.replace(" ", "")  # a long path wraps in a PDF cell
        assert re.search(rf"{re.escape(model)} {days}\b", text)
        for family, values in json.loads(thresholds).items():
            for metric, limit in values.items():
                if limit is not None:
                    assert f"{family} {metric} {limit:g}" in text
        for (incident_id,) in _sql(
            demo, "SELECT id FROM ai_incidents WHERE system_id = ?", [system_id]
        ):
            assert incident_id in text
    unmonitored = _sql(
        demo,
        "SELECT id FROM ai_systems s WHERE eu_ai_act_tier = 'high' AND NOT EXISTS"
        " (SELECT 1 FROM monitored_models m WHERE m.system_id = s.id) ORDER BY id LIMIT 1",
    )[0][0]
    text = read(export_document(demo, "monitoring-plan", unmonitored, fmt, SYSTEM))
    assert f"No monitored model is registered for this system: {TO_COMPLETE}" in text


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_fria_reuses_the_impact_assessment(demo, fmt):
    read = docx_text if fmt == "docx" else pdf_text
    checked = 0
    for system_id, _, basis, _ in _high_risk(demo):
        assessment = _assessment(demo, system_id)
        text = read(export_document(demo, "fria", system_id, fmt, SYSTEM))
        _in_order(text, FRIA_SECTIONS)
        if "Annex III 5(b)" in basis:
            assert "Required: Annex III 5(b) system" in text
        elif "Annex III 5(c)" in basis:
            assert "Required: Annex III 5(c) system" in text
        else:
            assert "body governed by public law" in text
        if assessment is None:
            continue
        checked += 1
        for key in ("purpose", "human_oversight", "affected_individuals", "mitigations"):
            assert _flat(assessment[key])[:60] in text, (system_id, key)
        assert "Period of use: to complete" in text or "Period of use to complete" in text
    assert checked >= 3


def test_registration_json_and_sheet(demo, tmp_path):
    for system_id, name, _, _ in _high_risk(demo):
        (roles,) = _sql(demo, "SELECT ai_roles FROM ai_systems WHERE id = ?", [system_id])[0]
        data = json.loads(export_document(demo, "registration", system_id, "json", SYSTEM))
        sections = {s["number"]: dict(s["items"]) for s in data["sections"]}
        provider = bool({"producer", "provider"} & set(roles))
        assert ("A" in sections) == provider
        assert ("C" in sections) == ("customer" in roles)
        if provider:
            assert sections["A"]["4. Trade name and unambiguous reference"] == (
                f"{name} ({system_id})"
            )
            assert sections["A"]["8. Notified body certificate (type, number, expiry)"] == (
                TO_COMPLETE
            )
        text = pdf_text(export_document(demo, "registration", system_id, "pdf", SYSTEM))
        assert name in text
        for number in sections:
            assert f"{number}. Annex VIII Section {number}" in text
    args = ["export", "registration", "--system", "SYS-0001", "--format", "json"]
    assert main([*args, "--output", str(tmp_path / "r.json"), "--db", str(demo.path)]) == 0
    assert json.loads((tmp_path / "r.json").read_text())["system_id"] == "SYS-0001"


def test_documents_are_versioned_and_approved(demo, tmp_path):
    out = tmp_path / "td.docx"
    args = ["export", "technical-documentation", "--system", "SYS-0007", "--format", "docx"]
    assert main([*args, "--output", str(out), "--db", str(demo.path)]) == 0
    first = regulatory_documents.versions(demo, "SYS-0007", "technical-documentation")
    export_document(demo, "technical-documentation", "SYS-0007", "pdf", SYSTEM)
    same = regulatory_documents.versions(demo, "SYS-0007", "technical-documentation")
    assert len(same) == len(first)  # unchanged records: the same version
    latest = same.iloc[0]
    assert "not yet approved" in docx_text(out.read_bytes())
    regulatory_documents.approve(demo, latest["id"], SYSTEM)
    with pytest.raises(ValueError, match="already approved"):
        regulatory_documents.approve(demo, latest["id"], SYSTEM)
    text = pdf_text(export_document(demo, "technical-documentation", "SYS-0007", "pdf", SYSTEM))
    assert f"Version {latest['version']} ({latest['id']})" in text
    assert "approved by system" in text
    trail = regulatory_documents.history(demo, latest["id"])
    assert {"version", "approved_by"} <= set(trail["field"])
    assert main(["export", "fria", "--db", str(demo.path)]) == 2


@pytest.mark.parametrize(
    ("kind", "fmt", "magic"),
    [
        ("monitoring-plan", "docx", b"PK"),
        ("fria", "pdf", b"%PDF"),
        ("registration", "pdf", b"%PDF"),
    ],
)
def test_every_document_has_its_command_line(demo, tmp_path, kind, fmt, magic):
    """Items 2-4: ``python -m store export KIND --system ID --format FMT`` writes the file."""
    (system_id,) = _sql(
        demo, "SELECT min(id) FROM ai_systems WHERE eu_ai_act_tier = 'high' AND status = 'active'"
    )[0]
    out = tmp_path / f"{kind}.{fmt}"
    args = ["export", kind, "--system", system_id, "--format", fmt, "--output", str(out)]
    assert main([*args, "--db", str(demo.path)]) == 0
    assert out.read_bytes().startswith(magic)
    read = docx_text if fmt == "docx" else pdf_text
    assert system_id in read(out.read_bytes())
