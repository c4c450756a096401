"""Store: audits, findings, nonconformities and corrective actions, roles and the audit trail."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

import pandas as pd
import pytest

from reports.tabular import to_xlsx_bytes
from risk_model.access import SYSTEM, AccessDenied, Actor
from store import audit_trail, audits, incidents, registers
from store import nonconformities as ncs

TODAY = date.today()
CM = Actor("Julia Novak", ("compliance_manager",))
AUDITOR = Actor("Oliver Grant", ("auditor",))
VIEWER = Actor("Jonas Albrecht", ("viewer",))
ML_OWNER = Actor("Priya Raman", ("ml_owner",))


def _audit(db) -> str:
    values = {"title": "AIMS audit", "programme_year": TODAY.year, "scope_clauses": ["9.1"]}
    return audits.add_audit(db, values, CM)


def _finding(db, audit_id: str, finding_class: str = "major", actor: Actor = AUDITOR) -> str:
    values = {
        "audit_id": audit_id,
        "finding_class": finding_class,
        "title": "No monitoring",
        "reference": "A.6.2.6",
        "evidence": "No reports since go-live.",
    }
    return audits.add_finding(db, values, actor)


def _nc(db, grade: str = "major") -> str:
    return ncs.raise_from_finding(db, _finding(db, _audit(db), grade), CM, owner="Daniel Okafor")


def test_nonconformity_cannot_close_without_verification(db):
    nc_id = _nc(db)
    with pytest.raises(ValueError, match="Finish the root-cause analysis first"):
        ncs.add_action(
            db,
            {"nonconformity_id": nc_id, "action": "a", "owner": "Laura Chen", "deadline": TODAY},
            CM,
        )
    ncs.save_root_cause(db, nc_id, ["Not registered", "", "No checklist step"], "No owner", CM)
    assert ncs.get_nonconformity(db, nc_id)["whys"] == ["Not registered", "No checklist step"]
    action = ncs.add_action(
        db,
        {
            "nonconformity_id": nc_id,
            "action": "Register the model",
            "owner": "Laura Chen",
            "deadline": TODAY + timedelta(9),
        },
        CM,
    )
    assert ncs.get_nonconformity(db, nc_id)["status"] == "action planned"
    ncs.update_action(db, action, {"status": "done"}, CM, TODAY)
    assert ncs.get_nonconformity(db, nc_id)["status"] == "awaiting verification"
    with pytest.raises(ValueError, match="No verification of effectiveness"):
        ncs.close_nonconformity(db, nc_id, CM, TODAY)
    with pytest.raises(ValueError, match="owns a corrective action"):
        ncs.record_verification(db, nc_id, "Laura Chen", TODAY, "effective", None, CM, TODAY)
    ncs.record_verification(db, nc_id, "Oliver Grant", TODAY, "effective", "ok", CM, TODAY)
    ncs.close_nonconformity(db, nc_id, CM, TODAY)
    closed = ncs.get_nonconformity(db, nc_id)
    assert (closed["status"], closed["closed_on"]) == ("closed", TODAY)
    assert ncs.certification_gate(db, TODAY)["ready"]


def test_only_major_and_minor_findings_raise_once(db):
    audit_id = _audit(db)
    with pytest.raises(ValueError, match="Only major and minor"):
        ncs.raise_from_finding(db, _finding(db, audit_id, "observation"), CM)
    finding = _finding(db, audit_id, "minor")
    nc_id = ncs.raise_from_finding(db, finding, CM)
    assert ncs.get_nonconformity(db, nc_id)["grade"] == "minor"
    with pytest.raises(ValueError, match=f"already raised nonconformity {nc_id}"):
        ncs.raise_from_finding(db, finding, CM)
    assert audits.list_findings(db, audit_id).set_index("id").loc[finding, "nonconformity_id"] == (
        nc_id
    )


def test_raise_from_incident(db):
    from store import inventory

    system = inventory.add_system(db, {"name": "Credit", "owner": "Priya Raman"}, SYSTEM)
    incident = incidents.add_incident(
        db,
        {
            "title": "AUC below threshold",
            "system_id": system,
            "incident_type": "performance",
            "severity": "medium",
            "detected_on": TODAY,
        },
        SYSTEM,
    )
    nc_id = ncs.raise_from_incident(db, incident, "minor", "A.6.2.6", CM)
    record = ncs.get_nonconformity(db, nc_id)
    assert (record["source"], record["source_ref"], record["system_id"]) == (
        "incident",
        incident,
        system,
    )


def test_gate_and_overdue_match_an_independent_count(db):
    rng = random.Random(7)
    audit_id = _audit(db)
    expected_majors = expected_planless = 0
    expected_overdue = set()
    for i in range(12):
        grade = rng.choice(["major", "minor"])
        nc_id = ncs.raise_from_finding(db, _finding(db, audit_id, grade), CM)
        n_actions = rng.randint(0, 2)
        if n_actions:
            ncs.save_root_cause(db, nc_id, [f"why {i}"], "cause", CM)
        for _ in range(n_actions):
            deadline = TODAY + timedelta(rng.randint(-20, 20))
            action = ncs.add_action(
                db,
                {
                    "nonconformity_id": nc_id,
                    "action": "x",
                    "owner": "Laura Chen",
                    "deadline": deadline,
                },
                CM,
            )
            if deadline < TODAY:
                expected_overdue.add(action)
        expected_majors += grade == "major"
        expected_planless += grade == "minor" and n_actions == 0
    gate = ncs.certification_gate(db, TODAY)
    assert (gate["open_majors"], gate["minors_without_plan"]) == (
        expected_majors,
        expected_planless,
    )
    assert gate["ready"] == (expected_majors + expected_planless == 0)
    assert set(ncs.overdue_actions(db, TODAY)["id"]) == expected_overdue
    frame = ncs.open_nonconformities(db, TODAY)
    assert int(frame["overdue_actions"].sum()) == len(expected_overdue)
    assert list(frame.columns) == [
        "id",
        "title",
        "grade",
        "reference",
        "system_id",
        "source",
        "status",
        "opened_on",
        "has_plan",
        "overdue_actions",
    ]


def test_roles_viewer_reads_auditor_writes_findings_only(db):
    audit_id = _audit(db)
    with pytest.raises(AccessDenied):
        _finding(db, audit_id, actor=VIEWER)
    with pytest.raises(AccessDenied):
        audits.add_audit(
            db, {"title": "x", "programme_year": 2026, "scope_units": ["Ops"]}, AUDITOR
        )
    finding = _finding(db, audit_id, actor=AUDITOR)
    for actor in (AUDITOR, VIEWER, ML_OWNER):
        with pytest.raises(AccessDenied):
            ncs.raise_from_finding(db, finding, actor)
    assert len(audits.list_findings(db)) == 1
    assert ncs.list_nonconformities(db, TODAY).empty


def test_audit_trail_records_every_write(db):
    nc_id = _nc(db)
    ncs.save_root_cause(db, nc_id, ["why"], "cause", CM)
    with db.connect() as connection:
        trail = pd.DataFrame(audit_trail.history(connection, "nonconformities", nc_id))
        finding_trail = connection.execute(
            "SELECT DISTINCT actor, action FROM audit_trail WHERE entity = 'audit_findings'"
        ).fetchall()
        assert audit_trail.verify(connection).ok
    assert finding_trail == [("Oliver Grant", "create")]
    assert set(trail["action"]) == {"create", "update"}
    assert set(trail["actor"]) == {"Julia Novak"}
    assert set(trail.loc[trail["action"] == "update", "field"]) == {"whys", "root_cause"}


def test_demo_tells_the_story_and_gate_matches_sql(demo_db):
    with demo_db.connect() as connection:
        majors = connection.execute(
            "SELECT count(*) FROM nonconformities WHERE grade = 'major'"
            " AND status NOT IN ('closed', 'retired')"
        ).fetchone()[0]
        classes = dict(
            connection.execute(
                "SELECT finding_class, count(*) FROM audit_findings GROUP BY ALL"
            ).fetchall()
        )
    gate = ncs.certification_gate(demo_db, date.today())
    assert gate["open_majors"] == majors == 1 and not gate["ready"]
    assert classes == {"major": 1, "minor": 2, "observation": 1, "opportunity": 2}
    results = audits.audit_results(demo_db, None)
    assert results[
        ["findings_major", "findings_minor", "observations", "opportunities"]
    ].values.tolist() == [[1, 2, 1, 2]]
    last = audits.last_completed_audit(demo_db)
    assert 90 <= (date.today() - last).days <= 130
    closed = ncs.list_nonconformities(demo_db, date.today(), statuses=("closed",))
    assert len(closed) == 1 and ncs.closure_blockers(demo_db, closed["id"][0], date.today()) == []
    assert len(ncs.overdue_actions(demo_db, date.today())) == 1
    planned = audits.list_audits(demo_db)
    planned = planned[planned["status"] == "planned"].to_dict("records")[0]
    assert any("Grace Holm owns" in c.reason for c in audits.independence(demo_db, planned))
    assert len(ncs.opportunities(demo_db, None)) == 2


@pytest.mark.parametrize("name", ["nonconformities", "corrective-actions", "audit-findings"])
def test_register_exports_read_back(demo_db, name):
    frame = registers.get(name).export(demo_db)
    back = pd.read_excel(io.BytesIO(to_xlsx_bytes(frame, sheet_name="x")), dtype=str)
    table = {
        "nonconformities": "nonconformities",
        "corrective-actions": "corrective_actions",
        "audit-findings": "audit_findings",
    }[name]
    with demo_db.connect() as connection:
        ids = [r[0] for r in connection.execute(f"SELECT id FROM {table} ORDER BY id").fetchall()]
    assert sorted(back["id"]) == ids
