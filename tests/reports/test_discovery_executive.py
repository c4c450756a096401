"""The executive view of discovery: the pre-audit check on candidates left open, the review
pack's count of discoveries since the last review, and the overview's uncatalogued AI."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

from pypdf import PdfReader

from monitors.repository_scan import scan_repository
from reports.review_pack import review_pack_pdf
from risk_model.access import SYSTEM
from risk_model.checks import CHECKS
from risk_model.checks_discovery import discovery_open
from risk_model.findings import AimsSnapshot
from store import checks, discovery, review_inputs

REPOS = Path(__file__).parents[1] / "data" / "discovery"
FOUND = datetime(2026, 1, 5, 9)


def candidate(day: date, cid: str = "DSC-0001") -> dict:
    return {
        "id": cid,
        "location": "repo",
        "provider": "OpenAI",
        "source": "code",
        "open_since": day,
    }


def test_check_fires_only_after_the_days_allowed():
    rows = [candidate(date(2026, 1, 1), "DSC-0001"), candidate(date(2026, 1, 2), "DSC-0002")]
    snapshot = AimsSnapshot(
        date(2026, 2, 1), extra={"discovery_open": {"days": 30, "candidates": rows}}
    )
    found = discovery_open(snapshot)
    assert [f.record_id for f in found] == ["DSC-0001"]  # 31 days open; DSC-0002 only 30
    assert found[0].reference == "4.1; A.4.2" and found[0].page == "pages/risk/discovery.py"
    assert "neither in the inventory nor dismissed after 30 days" in found[0].message
    assert discovery_open(AimsSnapshot(date(2026, 2, 1), extra={})) == []
    assert "DISCOVERY-OPEN" in CHECKS


def test_check_runs_on_the_store_and_honours_the_setting(db, monkeypatch):
    discovery.record_scan(db, scan_repository(REPOS / "support-bot"), SYSTEM, at=FOUND)
    ids = discovery.list_candidates(db)["id"].tolist()
    discovery.dismiss_candidate(db, ids[0], "a test double", SYSTEM)
    flagged = [
        f.record_id for f in checks.findings(db, date(2026, 2, 5)) if f.check_id == "DISCOVERY-OPEN"
    ]
    assert sorted(flagged) == sorted(ids[1:])
    monkeypatch.setenv("AIMS_DISCOVERY_OPEN_DAYS", "60")
    later = [f for f in checks.findings(db, date(2026, 2, 6)) if f.check_id == "DISCOVERY-OPEN"]
    assert later == []


def test_review_pack_counts_discoveries_since_the_last_review(db):
    discovery.record_scan(db, scan_repository(REPOS / "claims-triage"), SYSTEM, at=FOUND)
    ids = discovery.list_candidates(db)["id"].tolist()
    discovery.dismiss_candidate(db, ids[0], "duplicate", SYSTEM)
    inputs = review_inputs.compile_inputs(db, date(2026, 2, 1))
    assert inputs.figures["ai_discovered"] == 5
    assert inputs.figures["ai_discovered_open"] == 4
    text = " ".join(
        " ".join(p.extract_text().split())
        for p in PdfReader(io.BytesIO(review_pack_pdf(inputs))).pages
    )
    assert "AI found by discovery since the last review 5" in text
    assert "not yet catalogued or dismissed 4" in text
