"""The pre-audit findings kept on disk: reused while nothing changes, never served stale."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta

import duckdb

from monitors.repository_scan import scan_repository
from risk_model.access import SYSTEM
from risk_model.checks import run_checks
from store import check_cache, checks, context, discovery
from tests.store.test_checks import TODAY, complete_system, fired
from tests.store.test_discovery_store import REPOS


def cache_files(db) -> list:
    return sorted(check_cache.cache_dir(db).glob("findings-*.json"))


def test_findings_are_kept_and_reused_while_nothing_changes(db, monkeypatch):
    first = checks.findings(db, TODAY)
    assert len(cache_files(db)) == 1
    monkeypatch.setattr(checks, "run_checks", lambda snapshot: 1 / 0)  # a rerun would fail
    assert checks.findings(db, TODAY) == first
    assert first == run_checks(checks.load_snapshot(db, TODAY))


def test_a_write_through_the_store_is_seen_at_once(db):
    assert fired(db, "SCOPE-STATEMENT") == ["scope"]
    context.save_scope(db, {"statement": "All AI in lending."}, SYSTEM)
    assert fired(db, "SCOPE-STATEMENT") == []


def test_a_write_outside_the_store_is_seen_too(db):
    system = complete_system(db, owner=None)
    assert system in fired(db, "INVENTORY-OWNER")
    with duckdb.connect(str(db.path)) as connection:  # e.g. a DuckDB shell
        connection.execute("UPDATE ai_systems SET owner = 'Ana' WHERE id = ?", [system])
    assert system not in fired(db, "INVENTORY-OWNER")


def test_another_day_is_computed_for_that_day(db):
    system = complete_system(db, next_review_date=TODAY + timedelta(days=1))
    assert system not in fired(db, "INVENTORY-REVIEW")
    later = [f.record_id for f in checks.findings(db, TODAY + timedelta(days=2))]
    assert system in later


def test_a_damaged_cache_file_is_ignored(db):
    expected = checks.findings(db, TODAY)
    (path,) = cache_files(db)
    path.write_bytes(b'[["SCOPE-STATEMENT", "4.3"]]\xff')
    assert checks.findings(db, TODAY) == expected
    path.write_text('[{"not": "a finding"}]', encoding="utf-8")
    assert checks.findings(db, TODAY) == expected


def test_old_files_are_pruned(db):
    for offset in range(check_cache.KEPT_FILES + 3):
        checks.findings(db, TODAY + timedelta(days=offset))
    assert len(cache_files(db)) == check_cache.KEPT_FILES


def test_an_unwritable_cache_folder_changes_nothing(db):
    check_cache.cache_dir(db).write_text("a file where the folder should be")
    assert fired(db, "SCOPE-STATEMENT") == ["scope"]
    assert fired(db, "SCOPE-STATEMENT") == ["scope"]


def test_counts_match_the_findings_and_are_read_alone(db, monkeypatch):
    complete_system(db, owner=None)
    found = checks.findings(db, TODAY)
    major = sum(f.severity == "major" for f in found)
    assert major and len(found) > major
    monkeypatch.setattr(check_cache, "load", lambda *a: 1 / 0)  # the counts need no findings
    assert checks.finding_counts(db, TODAY) == (major, len(found) - major)


def test_damaged_counts_are_computed_again(db):
    found = checks.findings(db, TODAY)
    (path,) = sorted(check_cache.cache_dir(db).glob("counts-*.json"))
    for damage in ('{"major": -1, "minor": 2}', '{"major": "3"}', "not json"):
        path.write_text(damage, encoding="utf-8")
        major = sum(f.severity == "major" for f in found)
        assert checks.finding_counts(db, TODAY) == (major, len(found) - major)


def _by_check_oracle(found) -> list[tuple]:
    """The findings counted per check, clause or control and severity, with pandas."""
    frame = checks.frame_of(found)
    counted = frame.groupby(["check_id", "reference", "severity"]).size()
    return sorted((*key, int(n)) for key, n in counted.items())


def _by_check(db) -> list[tuple]:
    frame = checks.findings_by_check(db, TODAY)
    assert list(frame.columns) == checks.BY_CHECK_COLUMNS
    assert list(frame["severity"]) == sorted(frame["severity"])  # major first
    assert frame["check"].map(bool).all()
    rows = frame[["check_id", "reference", "severity", "findings"]].itertuples(index=False)
    return sorted(tuple(row) for row in rows)


def test_findings_per_check_match_the_findings_and_are_read_alone(db, monkeypatch):
    complete_system(db, owner=None)
    complete_system(db, owner=None)
    found = checks.findings(db, TODAY)
    expected = _by_check_oracle(found)
    assert ("INVENTORY-OWNER", "A.3.2", "major", 2) in expected
    monkeypatch.setattr(check_cache, "load", lambda *a: 1 / 0)  # kept beside the counts
    assert _by_check(db) == expected


def test_damaged_counts_per_check_are_computed_again(db):
    complete_system(db, owner=None)
    expected = _by_check_oracle(checks.findings(db, TODAY))
    (path,) = sorted(check_cache.cache_dir(db).glob("counts-*.json"))
    damages = (
        '{"major": 1, "minor": 0}',
        '{"by_check": [["INVENTORY-OWNER", "A.3.2", "major", "2"]]}',
        '{"by_check": [["INVENTORY-OWNER", "A.3.2", "major", 0]]}',
        '{"by_check": [["INVENTORY-OWNER", "A.3.2", "major"]]}',
    )
    for damage in damages:
        path.write_text(damage, encoding="utf-8")
        assert _by_check(db) == expected


def test_a_changed_check_setting_is_applied_at_once(db, monkeypatch, tmp_path):
    """``AIMS_DISCOVERY_OPEN_DAYS`` is read by a check: a cached result of another value is
    not served (it was before the setting became part of the key)."""
    shutil.copytree(REPOS / "claims-triage", tmp_path / "claims-triage")
    first_seen = datetime.combine(TODAY - timedelta(days=45), datetime.min.time())
    discovery.record_scan(db, scan_repository(tmp_path / "claims-triage"), SYSTEM, at=first_seen)
    monkeypatch.setenv("AIMS_DISCOVERY_OPEN_DAYS", "30")
    flagged = fired(db, "DISCOVERY-OPEN")
    assert flagged
    monkeypatch.setenv("AIMS_DISCOVERY_OPEN_DAYS", "60")
    assert fired(db, "DISCOVERY-OPEN") == []
    monkeypatch.setenv("AIMS_DISCOVERY_OPEN_DAYS", "30")
    assert fired(db, "DISCOVERY-OPEN") == flagged
