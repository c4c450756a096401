"""Each pre-audit check fires on its fault and clears once the fault is fixed."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from risk_model.access import SYSTEM
from store import checks, context, inventory
from tests import classified

TODAY = date(2026, 6, 1)
REPO = Path(__file__).resolve().parents[2]


def fired(db, check_id: str) -> list[str]:
    return [f.record_id for f in checks.findings(db, TODAY) if f.check_id == check_id]


def complete_system(db, **overrides) -> str:
    values = {
        "name": "Complete",
        "provider": "Us",
        "sourcing": "in-house",
        "business_function": "F",
        "business_unit": "U",
        "data_inputs": ["x"],
        "personal_data": False,
        "eu_ai_act_tier": "minimal",
        "owner": "Ana",
        "integration_points": ["CRM"],
        "lifecycle_stage": "deployment",
        "ai_roles": ["producer"],
        "last_review_date": TODAY - timedelta(days=10),
        "next_review_date": TODAY + timedelta(days=10),
    }
    return classified.add_system(db, {**values, **overrides})


def test_scope_statement_fires_and_clears(db):
    assert fired(db, "SCOPE-STATEMENT") == ["scope"]
    context.save_scope(db, {"statement": "All AI in lending."}, SYSTEM)
    assert fired(db, "SCOPE-STATEMENT") == []


def test_excluded_high_risk_system_fires_and_clears(db):
    system = complete_system(db, eu_ai_act_tier="high")
    inventory.set_scope_decision(db, system, False, "vendor certified", SYSTEM)
    found = [f for f in checks.findings(db, TODAY) if f.check_id == "SCOPE-DECISIONS"]
    assert [(f.record_id, f.severity, f.reference) for f in found] == [(system, "major", "4.3")]
    inventory.set_scope_decision(db, system, True, "core decision system", SYSTEM)
    assert fired(db, "SCOPE-DECISIONS") == []


def test_missing_justification_fires_and_clears(db):
    system = complete_system(db)
    inventory.set_scope_decision(db, system, True, "", SYSTEM)
    assert fired(db, "SCOPE-DECISIONS") == [system]
    inventory.set_scope_decision(db, system, True, "in the lending process", SYSTEM)
    assert fired(db, "SCOPE-DECISIONS") == []


def test_owner_fields_and_review_checks(db):
    system = complete_system(db, owner=None, next_review_date=TODAY - timedelta(days=1))
    inventory.set_scope_decision(db, system, True, "ok", SYSTEM)
    assert fired(db, "INVENTORY-OWNER") == [system]
    assert fired(db, "INVENTORY-REVIEW") == [system]
    assert fired(db, "INVENTORY-FIELDS") == []  # the owner is reported by its own check
    inventory.update_system(
        db, system, {"owner": "Ben", "next_review_date": TODAY, "provider": None}, SYSTEM
    )
    assert fired(db, "INVENTORY-OWNER") == []
    assert fired(db, "INVENTORY-REVIEW") == []
    (finding,) = [f for f in checks.findings(db, TODAY) if f.check_id == "INVENTORY-FIELDS"]
    assert finding.message == "missing: Vendor or provider"


def test_retired_systems_are_not_checked(db):
    system = complete_system(db, owner=None)
    inventory.retire_system(db, system, SYSTEM)
    assert fired(db, "INVENTORY-OWNER") == []


def test_checks_export_command(demo_db):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "store",
            "export",
            "checks",
            "--format",
            "json",
            "--db",
            str(demo_db.path),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    expected = checks.findings(demo_db)
    assert len(rows) == len(expected) > 0
    assert {r["check_id"] for r in rows} == {f.check_id for f in expected}
    assert set(rows[0]) >= {"check_id", "clause_or_control", "severity", "record", "message"}
