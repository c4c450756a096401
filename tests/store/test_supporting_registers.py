"""AI suppliers, datasets and life-cycle records (issue 18, items 5-7): import and export round
trip, roles, history, and each of their pre-audit checks firing on a gap and clearing once the
record is fixed through the store's own write path."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from commands.store_cli import main as store_cli
from reports import exports
from reports.tabular import to_csv_bytes
from risk_model.access import SYSTEM, AccessDenied, Actor
from risk_model.datasets import DATASET
from risk_model.lifecycle import LIFECYCLE_RECORD, stage_matrix
from risk_model.suppliers import SUPPLIER
from store import Store, checks, coverage, inventory, records, review_inputs
from store import supporting_registers as registers
from store.registers import REGISTERS
from tests import classified

TODAY = date.today()
ROOT = Path(__file__).resolve().parents[2]
COMPLIANCE = Actor("Carla", ("compliance_manager",))
PRIYA = Actor("Priya", ("ml_owner",))
VIEWER = Actor("Vic", ("viewer",))
AUDITOR = Actor("Aud", ("auditor",))


def found(db, check_id: str) -> list[tuple[str, str]]:
    return [(f.record_id, f.severity) for f in checks.findings(db, TODAY) if f.check_id == check_id]


def system(db, **values) -> str:
    base = {"name": "Credit scoring", "owner": "Priya", "eu_ai_act_tier": "minimal"}
    return classified.add_system(db, {**base, **values})


def seeded(db) -> dict[str, str]:
    """Two systems and one record of each register naming them."""
    credit = system(db, sourcing="procured", personal_data=True)
    chatbot = system(db, name="Chatbot", owner="Sam")
    ids = {"credit": credit, "chatbot": chatbot}
    ids["supplier"] = records.add_record(
        db,
        SUPPLIER,
        {
            "name": "ScoreCo",
            "relationship": "supplier",
            "kind": "model provider",
            "system_ids": [credit],
            "assessment_score": 81.5,
            "assessed_on": TODAY,
            "assessment_result": "approved",
            "clause_data_use": True,
            "clause_incident_notification": False,
            "next_review_date": TODAY + timedelta(200),
            "questionnaire": '=SUM(A1), Q1 "data use"',
        },
        COMPLIANCE,
    )
    ids["dataset"] = records.add_record(
        db,
        DATASET,
        {
            "name": "Applications 2024",
            "purpose": "training",
            "personal_data": True,
            "special_category": False,
            "legal_basis": "contract",
            "system_ids": [credit],
            "model_ids": ["MM-0001"],
            "provenance": "Core banking extract",
        },
        COMPLIANCE,
    )
    ids["lifecycle"] = records.add_record(
        db,
        LIFECYCLE_RECORD,
        {
            "system_id": credit,
            "stage": "verification and validation",
            "title": "V&V 1.0",
            "test_results": "AUC 0.81",
            "monitor_run_ids": ["MR-000001"],
            "recorded_on": TODAY - timedelta(3),
        },
        COMPLIANCE,
    )
    return ids


# --- import and export ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["suppliers", "datasets", "lifecycle"])
def test_export_imports_back_unchanged_and_into_a_new_store(db, tmp_path, name):
    seeded(db)
    io = REGISTERS[name]
    exported = io.export(db)
    data = to_csv_bytes(exported)
    again = io.import_file(db, data, f"{name}.csv", COMPLIANCE, None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)

    other = Store(tmp_path / "other.duckdb")
    fresh = io.import_file(other, data, f"{name}.csv", COMPLIANCE, None)
    assert fresh.created == 1
    keep = [c for c in exported.columns if c not in ("created_at", "updated_at")]
    assert io.export(other)[keep].equals(exported[keep])


def test_command_line_exports_and_imports_suppliers(db, tmp_path):
    seeded(db)
    out = tmp_path / "suppliers.csv"
    assert store_cli(["export", "suppliers", "--output", str(out), "--db", str(db.path)]) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "ScoreCo" in text and "81.5" in text
    assert "'=SUM(A1)" in text  # formula-like text is neutralised in the export
    other = tmp_path / "other.duckdb"
    assert store_cli(["import", "suppliers", str(out), "--db", str(other)]) == 0
    (row,) = registers.list_records(Store(other), SUPPLIER).to_dict("records")
    assert row["name"] == "ScoreCo" and row["questionnaire"] == '=SUM(A1), Q1 "data use"'
    assert row["clause_incident_notification"] is False and row["assessed_on"] == TODAY


def test_a_bad_row_is_named_and_nothing_is_written(db):
    from risk_model.file_reading import FileRejected

    seeded(db)
    rows = (
        b"name,relationship,assessed_on\nGood Ltd,supplier,2026-01-01\nBad Ltd,supplier,someday\n"
    )
    with pytest.raises(FileRejected) as error:
        REGISTERS["suppliers"].import_file(db, rows, "s.csv", COMPLIANCE, None)
    text = str(error.value)
    assert text.startswith("row 3, assessed_on: 'someday' is not a date")
    assert len(registers.list_records(db, SUPPLIER)) == 1


# --- roles ---------------------------------------------------------------------------------------


def test_only_a_compliance_manager_writes_suppliers(db):
    ids = seeded(db)
    for actor in (PRIYA, VIEWER, AUDITOR):
        with pytest.raises(AccessDenied):
            records.add_record(db, SUPPLIER, {"name": "X", "relationship": "supplier"}, actor)
        with pytest.raises(AccessDenied):
            records.change_record(db, SUPPLIER, ids["supplier"], {"kind": "other"}, actor)
    assert registers.change_refusal(db, SUPPLIER, ids["supplier"], PRIYA)
    assert registers.change_refusal(db, SUPPLIER, ids["supplier"], COMPLIANCE) == ""


def test_an_ml_owner_writes_the_records_of_their_own_systems_only(db):
    ids = seeded(db)
    own = {"system_id": ids["credit"], "stage": "deployment", "title": "Go-live plan"}
    assert records.add_record(db, LIFECYCLE_RECORD, own, PRIYA).startswith("LCR-")
    with pytest.raises(AccessDenied, match="Sam"):
        records.add_record(db, LIFECYCLE_RECORD, {**own, "system_id": ids["chatbot"]}, PRIYA)
    with pytest.raises(AccessDenied):  # nor move a record to a system they do not own
        records.change_record(
            db, LIFECYCLE_RECORD, ids["lifecycle"], {"system_id": ids["chatbot"]}, PRIYA
        )
    records.change_record(db, DATASET, ids["dataset"], {"quality_checks": "Nulls"}, PRIYA)
    shared = {"system_ids": [ids["credit"], ids["chatbot"]]}
    with pytest.raises(AccessDenied):  # a dataset shared with a system Priya does not own
        records.change_record(db, DATASET, ids["dataset"], shared, PRIYA)
    for actor in (VIEWER, AUDITOR):
        with pytest.raises(AccessDenied):
            records.add_record(db, LIFECYCLE_RECORD, own, actor)
    assert registers.change_refusal(db, LIFECYCLE_RECORD, ids["lifecycle"], PRIYA) == ""
    assert registers.change_refusal(db, LIFECYCLE_RECORD, ids["lifecycle"], VIEWER)


# --- history -------------------------------------------------------------------------------------


def test_every_change_and_the_retirement_are_in_the_history(db):
    ids = seeded(db)
    records.change_record(db, SUPPLIER, ids["supplier"], {"assessment_score": 90.0}, COMPLIANCE)
    records.retire_record(db, SUPPLIER, ids["supplier"], COMPLIANCE)
    trail = records.history(db, SUPPLIER, ids["supplier"])
    assert list(trail["action"].drop_duplicates()) == ["create", "update", "retire"]
    score = trail.loc[(trail["action"] == "update") & (trail["field"] == "assessment_score")]
    assert list(score["new_value"]) == ["90.0"] and set(trail["actor"]) == {"Carla"}
    assert registers.list_records(db, SUPPLIER).empty  # retired: kept, not listed
    assert len(registers.list_records(db, SUPPLIER, include_retired=True)) == 1


def test_a_required_field_cannot_be_emptied(db):
    ids = seeded(db)
    with pytest.raises(ValueError, match="Title is required"):
        records.change_record(db, LIFECYCLE_RECORD, ids["lifecycle"], {"title": " "}, COMPLIANCE)


# --- checks --------------------------------------------------------------------------------------


def test_procured_system_without_an_assessed_supplier_fires_and_clears(db):
    procured = system(db, sourcing="procured", eu_ai_act_tier="high")
    hybrid = system(db, name="Chatbot", sourcing="hybrid")
    system(db, name="In-house", sourcing="in-house")
    assert sorted(found(db, "SUPPLIER-ASSESSED")) == sorted(
        [(procured, "major"), (hybrid, "minor")]
    )
    supplier = records.add_record(
        db,
        SUPPLIER,
        {"name": "Vendor", "relationship": "supplier", "system_ids": [procured, hybrid]},
        COMPLIANCE,
    )
    assert len(found(db, "SUPPLIER-ASSESSED")) == 2  # named, but never assessed
    records.change_record(
        db, SUPPLIER, supplier, {"assessed_on": TODAY, "assessment_result": "rejected"}, COMPLIANCE
    )
    assert len(found(db, "SUPPLIER-ASSESSED")) == 2  # a rejected supplier is no assessed one
    records.change_record(db, SUPPLIER, supplier, {"assessment_result": "approved"}, COMPLIANCE)
    assert found(db, "SUPPLIER-ASSESSED") == []


def test_overdue_supplier_assessment_fires_and_clears(db):
    supplier = records.add_record(
        db,
        SUPPLIER,
        {"name": "Vendor", "relationship": "supplier", "assessed_on": TODAY - timedelta(400)},
        COMPLIANCE,
    )
    (finding,) = [f for f in checks.findings(db, TODAY) if f.check_id == "SUPPLIER-REVIEW"]
    due = TODAY - timedelta(400)
    assert (finding.record_id, finding.reference, finding.page) == (
        supplier,
        "A.10.3",
        "pages/controls/suppliers.py",
    )
    assert finding.message == (
        f"supplier assessment overdue since {due.replace(year=due.year + 1):%Y-%m-%d}"
    )
    records.change_record(
        db, SUPPLIER, supplier, {"next_review_date": TODAY + timedelta(30)}, COMPLIANCE
    )
    assert found(db, "SUPPLIER-REVIEW") == []


def test_system_with_personal_data_and_no_dataset_fires_and_clears(db):
    gap = system(db, personal_data=True)
    system(db, name="No personal data", personal_data=False)
    outside = system(db, name="Out of scope", personal_data=True)
    inventory.set_scope_decision(db, gap, True, "core lending", SYSTEM)
    inventory.set_scope_decision(db, outside, False, "research only", SYSTEM)
    assert found(db, "DATASET-RECORD") == [(gap, "minor")]
    dataset = records.add_record(db, DATASET, {"name": "Apps", "system_ids": []}, COMPLIANCE)
    assert found(db, "DATASET-RECORD") == [(gap, "minor")]
    records.change_record(db, DATASET, dataset, {"system_ids": [gap]}, COMPLIANCE)
    assert found(db, "DATASET-RECORD") == []
    records.retire_record(db, DATASET, dataset, COMPLIANCE)
    assert found(db, "DATASET-RECORD") == [(gap, "minor")]


def test_system_in_operation_without_vv_or_deployment_fires_and_clears(db):
    live = system(db, lifecycle_stage="operation and monitoring", eu_ai_act_tier="high")
    system(db, name="Prototype", lifecycle_stage="design and development")
    (finding,) = [f for f in checks.findings(db, TODAY) if f.check_id == "LIFECYCLE-RECORDS"]
    assert (finding.record_id, finding.severity, finding.reference) == (
        live,
        "major",
        "A.6.2.4, A.6.2.5",
    )
    assert finding.message.endswith("verification and validation or deployment")
    records.add_record(
        db,
        LIFECYCLE_RECORD,
        {"system_id": live, "stage": "verification and validation", "title": "V&V"},
        COMPLIANCE,
    )
    (finding,) = [f for f in checks.findings(db, TODAY) if f.check_id == "LIFECYCLE-RECORDS"]
    assert finding.message.endswith("record of deployment")
    records.add_record(
        db, LIFECYCLE_RECORD, {"system_id": live, "stage": "deployment", "title": "Go-live"}, PRIYA
    )
    assert found(db, "LIFECYCLE-RECORDS") == []


def test_the_demo_holds_each_deliberate_gap(demo_db):
    names = dict(inventory.system_names(demo_db))
    by_check = {}
    for f in checks.findings(demo_db, TODAY):
        by_check.setdefault(f.check_id, []).append(f.record_label)
    assert by_check["SUPPLIER-ASSESSED"] == ["WorkPulse employee performance analytics"]
    assert by_check["SUPPLIER-REVIEW"] == ["Medivise GmbH"]
    assert by_check["DATASET-RECORD"] == ["Customer churn prediction"]
    assert by_check["LIFECYCLE-RECORDS"] == ["Ask Meridian customer chatbot"]
    reference = registers.datasets_of_model(demo_db, "MM-0001")
    assert list(reference["purpose"]) == ["reference"] and names


# --- coverage, management review and audit bundle (item 9) --------------------------------------


def test_control_coverage_counts_supplier_dataset_and_lifecycle_records(db):
    def state(control_id: str) -> tuple[int, bool]:
        controls = coverage.control_coverage(db, TODAY).set_index("control_id")
        return int(controls.loc[control_id, "record_count"]), bool(
            controls.loc[control_id, "with_evidence"]
        )

    assert [state(c) for c in ("A.10.3", "A.7.4", "A.7.3", "A.6.2.4")] == [(0, False)] * 4
    ids = seeded(db)  # a supplier, a dataset with provenance only, and a V&V record
    assert state("A.10.3") == (1, True) and state("A.10.4") == (0, False)
    assert state("A.7.2") == (1, True) and state("A.4.3") == (1, True)
    assert state("A.7.5") == (1, True) and state("A.7.4") == (0, False)  # no quality checks
    assert state("A.6.2.4") == (1, True) and state("A.6.2.5") == (0, False)
    records.change_record(db, DATASET, ids["dataset"], {"quality_checks": "Nulls"}, COMPLIANCE)
    assert state("A.7.4") == (1, True)
    records.retire_record(db, SUPPLIER, ids["supplier"], COMPLIANCE)
    assert state("A.10.3") == (0, False)
    clause = coverage.clause_status(db, TODAY).set_index("clause_id").loc["8.1"]
    assert clause["records"] == 2 + 1  # two systems and one life-cycle record


def test_review_pack_reports_the_registers_and_their_gaps(db):
    seeded(db)  # the credit system is procured, with an assessed supplier
    system(db, name="Vendor chatbot", sourcing="hybrid")
    inputs = review_inputs.compile_inputs(db, TODAY)
    rows = inputs.supporting_records.set_index("area")
    assert rows.loc["AI suppliers and customers", ["records", "gaps"]].tolist() == [1, 1]
    assert rows.loc["Datasets", ["records", "gaps"]].tolist() == [1, 0]
    assert rows.loc["Life-cycle records", ["records", "gaps"]].tolist() == [1, 0]
    reader = PdfReader(io.BytesIO(exports.review_pack(db, TODAY)))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert "Suppliers, data and life-cycle records (9.3.2 b, d)" in text
    assert "AI suppliers and customers A.10.2-A.10.4 1 1" in text


def test_audit_bundle_carries_the_registers(db):
    seeded(db)
    with zipfile.ZipFile(io.BytesIO(exports.audit_bundle(db, TODAY))) as bundle:
        names = set(bundle.namelist())
        suppliers = bundle.read("registers/suppliers.csv").decode("utf-8-sig")
        lifecycle = bundle.read("registers/lifecycle.csv").decode("utf-8-sig")
    assert {"registers/suppliers.csv", "registers/datasets.csv", "registers/lifecycle.csv"} <= names
    assert "ScoreCo" in suppliers and "'=SUM(A1)" in suppliers  # neutralised, as every export
    assert "V&V 1.0" in lifecycle and "MR-000001" in lifecycle


def test_stage_matrix_counts_records_and_lists_the_gaps_first():
    systems = [
        {"id": "S1", "name": "Alpha", "lifecycle_stage": "operation and monitoring"},
        {"id": "S2", "name": "Beta", "lifecycle_stage": "operation and monitoring"},
        {"id": "S3", "name": "Gamma", "lifecycle_stage": "design and development"},
        {"id": "S4", "name": "Old", "lifecycle_stage": "retirement", "status": "retired"},
    ]
    records_ = [
        {"system_id": "S1", "stage": "verification and validation"},
        {"system_id": "S1", "stage": "deployment"},
        {"system_id": "S1", "stage": "deployment"},
        {"system_id": "S2", "stage": "deployment"},
        {"system_id": "S2", "stage": "verification and validation", "status": "retired"},
    ]
    rows = stage_matrix(systems, records_)
    assert [(r["system_id"], r["missing"]) for r in rows] == [
        ("S2", "verification and validation"),
        ("S1", ""),
        ("S3", ""),
    ]
    assert (rows[1]["deployment"], rows[1]["verification and validation"]) == (2, 1)
    assert rows[0]["verification and validation"] == 0  # the retired record does not count


def _open(monkeypatch, db, page: str, record: str):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("AIMS_DB", str(db.path))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.run()
    app.query_params["record"] = record
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_fix_links_open_the_record_or_the_add_form_for_the_system(monkeypatch, demo_db):
    found = {f.check_id: f for f in checks.findings(demo_db, TODAY)}
    review = found["SUPPLIER-REVIEW"]
    app = _open(monkeypatch, demo_db, review.page, review.record_id)
    assert app.selectbox(key="edit-pick-suppliers").value == review.record_id
    gap = found["LIFECYCLE-RECORDS"]
    app = _open(monkeypatch, demo_db, gap.page, gap.record_id)
    assert app.text_input(key="add-lifecycle-system_id").value == gap.record_id
    assert any(gap.record_id in i.value for i in app.info)
    gap = found["DATASET-RECORD"]
    app = _open(monkeypatch, demo_db, gap.page, gap.record_id)
    assert app.text_area(key="add-datasets-system_ids").value == gap.record_id
