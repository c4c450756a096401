"""The enterprise-scale generator, run at a tiny scale: exact counts, risk history, audit trail."""

from __future__ import annotations

import json
from datetime import date

import pytest

from commands.store_cli import build_parser
from demo.enterprise import Scale, create_enterprise
from demo.enterprise_monitoring import FEATURES, SENSITIVE
from risk_model.training import required_courses
from store import Store, audit_trail, risks

TODAY = date(2026, 11, 28)
TINY = Scale(systems=60, risks=400, models=6, days=20, people=50, remediation_actions=0, audits=2)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """Built once; the tests only read it."""
    db = Store(tmp_path_factory.mktemp("enterprise") / "tiny.duckdb")
    counts = create_enterprise(db, TODAY, TINY, base_demo=False)
    return db, counts


def rows(db, sql: str, params=None) -> list[tuple]:
    with db.connect() as connection:
        return connection.execute(sql, params or []).fetchall()


def metrics_per_run() -> int:
    """Counted from the monitor's own vocabulary, independently of the generator's template:
    drift per feature plus the drifted share; six overall performance figures; per group of
    each attribute four fairness figures, plus three pairwise measures for a two-group one."""
    fairness = sum(4 * len(g) + (3 if len(g) == 2 else 0) for g in SENSITIVE.values())
    return len(FEATURES) + 1 + 6 + fairness


def test_exact_counts(tiny):
    db, counts = tiny
    assert counts["ai_systems"] == 60
    assert counts["risks"] == 400
    assert counts["monitored_models"] == 6
    assert counts["monitor_runs"] == 6 * 20
    assert counts["monitor_metrics"] == 6 * 20 * metrics_per_run()
    assert counts["people"] == 50
    for table, expected in counts.items():
        assert rows(db, f"SELECT count(*) FROM {table}")[0][0] == expected, table
    per_run = rows(db, "SELECT DISTINCT metric_count FROM monitor_runs")
    assert per_run == [(metrics_per_run(),)]
    orphans = rows(
        db,
        "SELECT count(*) FROM monitor_metrics m LEFT JOIN monitor_runs r ON r.id = m.run_id"
        " WHERE r.id IS NULL",
    )
    assert orphans == [(0,)]


def test_every_risk_has_a_consistent_history(tiny):
    db, _ = tiny
    versions = rows(
        db,
        "SELECT risk_id, version, valid_from, valid_to, record FROM risk_versions"
        " ORDER BY risk_id, version",
    )
    by_risk: dict[str, list] = {}
    for risk_id, version, valid_from, valid_to, record in versions:
        by_risk.setdefault(risk_id, []).append((version, valid_from, valid_to, json.loads(record)))
    assert len(by_risk) == 400
    assert any(len(v) == 3 for v in by_risk.values()) and any(len(v) == 1 for v in by_risk.values())
    current = {r["id"]: r for r in risks.list_risks(db, today=TODAY).to_dict("records")}
    for risk_id, history in by_risk.items():
        assert [v[0] for v in history] == list(range(1, len(history) + 1))
        for (_, _, valid_to, _), (_, next_from, _, _) in zip(history, history[1:], strict=False):
            assert valid_to == next_from  # each version ends where the next begins
        assert history[-1][2] is None
        last = history[-1][3]
        assert last["_scale"] == [5, 5]
        assert last["status"] == current[risk_id]["status"]
        assert last["residual_likelihood"] == current[risk_id]["residual_likelihood"]
        first = history[0][3]
        assert first["residual_likelihood"] is None and first["control_ids"] == []


def test_register_as_of_a_past_day_reads_the_history(tiny):
    db, _ = tiny
    created = rows(db, "SELECT count(*) FROM risks WHERE created_at < DATE '2026-06-01'")[0][0]
    past = risks.list_risks(db, as_of=date(2026, 5, 31), today=TODAY)
    assert 0 < len(past) == created < 400
    treated_since = rows(
        db,
        "SELECT count(*) FROM risk_versions WHERE version > 1 AND valid_from >= DATE '2026-06-01'",
    )[0][0]
    assert treated_since > 0
    now = risks.list_risks(db, today=TODAY).set_index("id")
    changed = sum(row["status"] != now.loc[row["id"], "status"] for row in past.to_dict("records"))
    assert changed > 0  # the past view shows the risks as they were, not as they are


def test_runs_breach_only_when_the_drifted_share_does(tiny):
    db, _ = tiny
    mismatched = rows(
        db,
        "SELECT count(*) FROM monitor_runs r JOIN monitor_metrics m ON m.run_id = r.id"
        " WHERE m.metric = 'drifted_share' AND (r.status = 'breached') <> m.breached",
    )
    assert mismatched == [(0,)]
    share = rows(
        db,
        "SELECT r.id, avg(CASE WHEN m.breached THEN 1 ELSE 0 END), any_value(s.value)"
        " FROM monitor_runs r JOIN monitor_metrics m ON m.run_id = r.id"
        " AND m.metric = 'drift_score' JOIN monitor_metrics s ON s.run_id = r.id"
        " AND s.metric = 'drifted_share' GROUP BY r.id",
    )
    for _, drifted, reported in share:
        assert drifted == pytest.approx(reported)


def test_training_covers_required_courses_only(tiny):
    db, _ = tiny
    found = rows(
        db,
        "SELECT p.aims_roles, c.course FROM training_completions c"
        " JOIN people p ON p.id = c.person_id",
    )
    assert found
    for roles, course in found:
        assert course in required_courses(roles)


def test_audit_trail_verifies_and_records_the_generation(tiny):
    db, _ = tiny
    with db.connect() as connection:
        result = audit_trail.verify(connection)
        entry = audit_trail.history(connection, "enterprise_demo", "generated")
    assert result.ok and result.rows == len(entry)
    fields = {e["field"]: e["new_value"] for e in entry}
    assert fields["AI systems"] == "60" and fields["risks"] == "400"


def test_generation_is_deterministic(tmp_path):
    first, second = Store(tmp_path / "a.duckdb"), Store(tmp_path / "b.duckdb")
    small = Scale(systems=20, risks=50, models=2, days=5, people=10, audits=1)
    create_enterprise(first, TODAY, small, base_demo=False)
    create_enterprise(second, TODAY, small, base_demo=False)
    query = "SELECT id, title, status, residual_likelihood FROM risks ORDER BY id"
    assert rows(first, query) == rows(second, query)


def test_cli_offers_the_enterprise_scale():
    args = build_parser().parse_args(["demo", "--scale", "enterprise", "--db", "x.duckdb"])
    assert args.scale == "enterprise"
    assert build_parser().parse_args(["demo"]).scale == "demo"
