"""``python -m store export checks --format csv|json`` carries the new checks' findings, one row
per finding, read back and compared with the findings computed in process."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from risk_model.access import SYSTEM
from store import checks, inventory, risks, soa, training

REPO = Path(__file__).resolve().parents[2]
TODAY = date.today()


@pytest.fixture
def faulty(db):
    system = inventory.add_system(db, {"name": "Pricing", "owner": "Ana"}, SYSTEM)
    base = {"system_ids": [system], "inherent_likelihood": 5, "inherent_severity": 5}
    risks.add_risk(db, {"title": "Untreated, critical", **base}, SYSTEM)
    risks.add_risk(
        db,
        {
            "title": "Late plan",
            **base,
            "treatment": "mitigate",
            "treatment_status": "planned",
            "treatment_due": TODAY - timedelta(days=2),
        },
        SYSTEM,
    )
    soa.update_control(db, "A.10.4", {"applicable": False, "justification": ""}, SYSTEM)
    training.add_person(
        db, {"name": 'Jo, "the auditor"', "aims_roles": ["internal_auditor"]}, SYSTEM
    )
    return db


def export(db, fmt: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "store", "export", "checks", "--format", fmt, "--db", str(db.path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


NEW_CHECKS = {"RISK-UNTREATED", "RISK-TREATMENT-OVERDUE", "SOA-EXCLUSION", "TRAINING-OVERDUE"}


def expected_rows(db) -> set[tuple]:
    return {
        (f.check_id, f.reference, f.severity, f.record_id, f.message)
        for f in checks.findings(db, TODAY)
    }


def test_json_export_has_one_row_per_finding_of_the_new_checks(faulty):
    rows = json.loads(export(faulty, "json"))
    got = {
        (r["check_id"], r["clause_or_control"], r["severity"], r["record"], r["message"])
        for r in rows
    }
    assert len(rows) == len(got) == len(expected_rows(faulty))
    assert got == expected_rows(faulty)
    assert {r["check_id"] for r in rows} >= NEW_CHECKS
    (exclusion,) = [r for r in rows if r["check_id"] == "SOA-EXCLUSION"]
    assert (exclusion["record"], exclusion["clause_or_control"]) == ("A.10.4", "6.1.3 f)")


def test_csv_export_reads_back_to_the_same_findings(faulty):
    frame = pd.read_csv(io.StringIO(export(faulty, "csv")), dtype=str, keep_default_na=False)
    assert list(frame.columns[:5]) == [
        "check_id",
        "clause_or_control",
        "severity",
        "record_type",
        "record",
    ]
    got = set(
        frame[["check_id", "clause_or_control", "severity", "record", "message"]].itertuples(
            index=False, name=None
        )
    )
    assert got == expected_rows(faulty)
    training_rows = frame[frame["check_id"] == "TRAINING-OVERDUE"]
    assert list(training_rows["record_label"]) == ['Jo, "the auditor"']
