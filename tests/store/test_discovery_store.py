"""Discovery in the store: candidates by likely system, triage through the audit trail, and a
re-scan that shows only what is new and never re-opens a dismissed candidate without news."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from commands.store_cli import main
from monitors.repository_scan import scan_repository
from risk_model.access import SYSTEM, AccessDenied, Actor
from store import audit_trail, discovery, inventory

REPOS = Path(__file__).parents[1] / "data" / "discovery"
VIEWER = Actor("Vera", ("viewer",))


@pytest.fixture
def repo(tmp_path) -> Path:
    copy = tmp_path / "claims-triage"
    shutil.copytree(REPOS / "claims-triage", copy)
    return copy


def by_provider(db) -> dict[str, dict]:
    frame = discovery.list_candidates(db)
    return {row["provider"]: row for row in frame.to_dict("records")}


def test_candidates_group_findings_by_repository_and_provider(db, repo):
    summary = discovery.record_scan(db, scan_repository(repo), SYSTEM)
    assert (summary.findings, summary.new, summary.changed, summary.candidates_new) == (7, 7, 0, 5)
    rows = by_provider(db)
    assert set(rows) == {"OpenAI", "Microsoft", "Anthropic", "Amazon Web Services", "scikit-learn"}
    assert {r["location"] for r in rows.values()} == {"claims-triage"}
    assert rows["OpenAI"]["findings"] == 2 and rows["scikit-learn"]["findings"] == 2
    assert rows["OpenAI"]["status"] == "open" and rows["OpenAI"]["new_findings"] == 2
    found = discovery.candidate_findings(db, rows["OpenAI"]["id"])
    assert list(zip(found["file"], found["line"], strict=True)) == [
        ("requirements.txt", 3),
        ("src/claims/summarise.py", 5),
    ]


def test_triage_link_create_dismiss_and_rescan(db, repo):
    discovery.record_scan(db, scan_repository(repo), SYSTEM, at=datetime(2026, 1, 5, 9))
    rows = by_provider(db)
    existing = inventory.add_system(db, {"name": "Claims assistant"}, SYSTEM)
    discovery.link_candidate(db, rows["OpenAI"]["id"], existing, SYSTEM)
    created = discovery.create_from_candidate(db, rows["Anthropic"]["id"], SYSTEM)
    discovery.dismiss_candidate(db, rows["scikit-learn"]["id"], "a notebook, not a system", SYSTEM)

    record = inventory.get_system(db, created)
    assert record["name"] == "claims-triage"
    assert (record["provider"], record["sourcing"], record["owner"]) == (
        "Anthropic",
        "procured",
        "claims-ml-team",
    )
    assert "Claude API" in record["description"]
    with db.connect() as connection:
        trail = audit_trail.history(connection, "ai_systems", created)
        cand = audit_trail.history(connection, "discovery_candidates", rows["Anthropic"]["id"])
    assert {r["action"] for r in trail} == {"create"}
    assert {(r["field"], r["new_value"]) for r in cand} >= {("system_id", created)}

    # a re-scan of the same code: nothing new, nothing re-opened
    summary = discovery.record_scan(db, scan_repository(repo), SYSTEM)
    assert (summary.new, summary.candidates_new, summary.reopened) == (0, 0, 0)
    after = by_provider(db)
    assert after["OpenAI"]["status"] == "linked" and after["OpenAI"]["system_name"] == (
        "Claims assistant"
    )
    assert after["Anthropic"]["status"] == "created"
    assert after["scikit-learn"]["status"] == "dismissed"
    assert discovery.latest_changes(db).empty

    # new code: a new provider is a new candidate; more sklearn is new evidence, re-opening it
    (repo / "src/claims/rank.py").write_text("import xgboost\nfrom sklearn import svm\n")
    summary = discovery.record_scan(db, scan_repository(repo), SYSTEM)
    assert (summary.new, summary.candidates_new, summary.reopened) == (2, 1, 1)
    after = by_provider(db)
    assert after["scikit-learn"]["status"] == "open"
    assert after["XGBoost"]["status"] == "open"
    assert after["Anthropic"]["status"] == "created"
    news = discovery.latest_changes(db)
    assert set(zip(news["file"], news["line"], news["change"], strict=True)) == {
        ("src/claims/rank.py", 1, "new"),
        ("src/claims/rank.py", 2, "new"),
    }


def test_a_moved_line_is_changed_not_new(db, repo):
    discovery.record_scan(db, scan_repository(repo), SYSTEM)
    discovery.dismiss_candidate(db, by_provider(db)["OpenAI"]["id"], "wrapper only", SYSTEM)
    path = repo / "src/claims/summarise.py"
    path.write_text("# a new first line\n" + path.read_text())
    summary = discovery.record_scan(db, scan_repository(repo), SYSTEM)
    assert (summary.new, summary.changed, summary.reopened) == (0, 1, 0)
    assert by_provider(db)["OpenAI"]["status"] == "dismissed"
    news = discovery.latest_changes(db)
    assert list(zip(news["file"], news["line"], news["change"], strict=True)) == [
        ("src/claims/summarise.py", 6, "moved")
    ]


def test_triage_needs_a_reason_a_record_and_the_right(db, repo):
    discovery.record_scan(db, scan_repository(repo), SYSTEM)
    candidate = by_provider(db)["OpenAI"]["id"]
    with pytest.raises(ValueError, match="why"):
        discovery.dismiss_candidate(db, candidate, "  ", SYSTEM)
    with pytest.raises(ValueError, match="No AI system SYS-9999"):
        discovery.link_candidate(db, candidate, "SYS-9999", SYSTEM)
    with pytest.raises(AccessDenied):
        discovery.dismiss_candidate(db, candidate, "no", VIEWER)
    with pytest.raises(AccessDenied):
        discovery.record_scan(db, scan_repository(repo), VIEWER)
    assert by_provider(db)["OpenAI"]["status"] == "open"


def test_open_candidates_and_review_counts(db, repo):
    discovery.record_scan(db, scan_repository(repo), SYSTEM, at=datetime(2026, 1, 5, 9))
    rows = by_provider(db)
    discovery.dismiss_candidate(db, rows["OpenAI"]["id"], "duplicate", SYSTEM)
    extra = discovery.checks_records(db, date(2026, 3, 1))["discovery_open"]
    assert len(extra["candidates"]) == 4 and {r["open_since"] for r in extra["candidates"]} == {
        date(2026, 1, 5)
    }
    assert discovery.discoveries_between(db, date(2026, 1, 1), date(2026, 3, 1)) == {
        "open": 4,
        "dismissed": 1,
    }
    assert discovery.discoveries_between(db, date(2026, 1, 5), date(2026, 3, 1)) == {}


def test_command_line_scans_and_reports(tmp_path, repo, capsys):
    store_file = str(tmp_path / "cli.duckdb")
    assert (
        main(["discover", "code", str(repo), str(REPOS / "support-bot"), "--db", store_file]) == 0
    )
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("SCN-0001 code claims-triage: 7 findings, 7 new, 0 moved;")
    assert out[1].startswith("SCN-0002 code support-bot: 5 findings, 5 new, 0 moved;")
    assert main(["discover", "code", str(repo), "--db", store_file]) == 0
    assert "7 findings, 0 new, 0 moved; 0 new candidates" in capsys.readouterr().out
    (repo / "pyproject.toml").write_text("[project\n")
    assert main(["discover", "code", str(repo), "--db", store_file]) == 0
    assert "warning: claims-triage: pyproject.toml: pyproject.toml is not valid TOML" in (
        capsys.readouterr().err
    )
    assert main(["discover", "code", str(tmp_path / "nope"), "--db", store_file]) == 2
    assert "not a folder" in capsys.readouterr().err
