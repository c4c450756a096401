"""R6: every write path is recorded (who, when, entity, field, old, new), the chain verifies,
and a row changed behind the store's back is found by ``python -m store audit-trail verify``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from risk_model.access import Actor, on_behalf_of
from store import audit_trail, inventory
from tests.store.test_access_write_paths import PERMITTED_ACTORS, WRITE_PATHS

ROOT = Path(__file__).resolve().parents[2]


def trail(db, after_seq: int = 0) -> list[dict]:
    with db.connect() as connection:
        cursor = connection.execute(
            "SELECT * FROM audit_trail WHERE seq > ? ORDER BY seq", [after_seq]
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def last_seq(db) -> int:
    rows = trail(db)
    return rows[-1]["seq"] if rows else 0


def verify_cli(db) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "store", "audit-trail", "verify", "--db", str(db.path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


RECORDED = sorted(name for name, path in WRITE_PATHS.items() if path.entities)


@pytest.mark.parametrize("name", RECORDED)
def test_every_write_path_is_recorded_and_the_chain_verifies(demo_db, name):
    path = WRITE_PATHS[name]
    prepared = path.prepare(demo_db)
    since, started = last_seq(demo_db), datetime.now() - timedelta(seconds=1)
    actor = PERMITTED_ACTORS[path.allowed[0]]
    path.call(demo_db, actor, prepared)
    rows = trail(demo_db, since)
    assert rows, f"{name} wrote nothing to the audit trail"
    mine = [r for r in rows if r["entity"] in path.entities]
    assert mine, f"{name} recorded {sorted({r['entity'] for r in rows})}, not {path.entities}"
    # What a permitted action entails (a monitor run's incidents and evidence) is recorded by
    # the product on the actor's behalf, naming both.
    proxy = on_behalf_of(actor)
    for row in rows:
        assert (row["actor"], row["actor_role"]) in (
            (actor.name, ",".join(actor.roles)),
            (proxy.name, ",".join(proxy.roles)),
        )
        assert row["recorded_at"] >= started - timedelta(days=1)
        assert row["record_id"] and row["action"]
    assert any(r["field"] and (r["old_value"] is not None or r["new_value"]) for r in mine)
    with demo_db.connect() as connection:
        assert audit_trail.verify(connection).ok


def test_an_update_names_the_field_with_its_old_and_new_value(demo_db):
    actor = Actor("Compliance Officer", ("compliance_manager",))
    old = inventory.get_system(demo_db, "SYS-0001")["business_unit"]
    since = last_seq(demo_db)
    inventory.update_system(demo_db, "SYS-0001", {"business_unit": "Group Risk"}, actor)
    (row,) = trail(demo_db, since)
    assert (row["entity"], row["record_id"], row["action"]) == ("ai_systems", "SYS-0001", "update")
    assert (row["field"], row["old_value"], row["new_value"]) == (
        "business_unit",
        old,
        "Group Risk",
    )
    history = audit_trail.record_history(demo_db, "ai_systems", "SYS-0001")
    assert history.iloc[-1][["field", "old_value", "new_value"]].tolist() == [
        "business_unit",
        old,
        "Group Risk",
    ]


def test_the_cli_verifies_an_intact_chain(demo_db):
    done = verify_cli(demo_db)
    assert done.returncode == 0, done.stderr
    assert f"{len(trail(demo_db))} records" in done.stdout


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        ("UPDATE audit_trail SET new_value = ? WHERE seq = ?", "altered"),
        ("UPDATE audit_trail SET actor = ? WHERE seq = ?", "altered"),
        ("DELETE FROM audit_trail WHERE seq = ? OR ? IS NULL", "missing"),
    ],
)
def test_tampering_is_found_at_the_first_broken_link(demo_db, tamper, reason):
    rows = trail(demo_db)
    target = rows[len(rows) // 2]["seq"]
    params = ["Mallory", target] if tamper.startswith("UPDATE") else [target, target]
    with duckdb.connect(str(demo_db.path)) as connection:
        connection.execute(tamper, params)
    done = verify_cli(demo_db)
    assert done.returncode != 0
    assert f"BROKEN at record {target}" in done.stderr
    assert reason in done.stderr


def test_a_forged_row_with_a_recomputed_hash_still_breaks_the_next_link(demo_db):
    rows = trail(demo_db)
    target = rows[len(rows) // 3]
    forged = dict(target, new_value=json.dumps("forged"))
    body = (
        forged["seq"],
        forged["recorded_at"].isoformat(sep=" "),
        *(forged[k] for k in ("actor", "actor_role", "entity", "record_id", "action", "field")),
        forged["old_value"],
        forged["new_value"],
    )
    digest = audit_trail._hash(forged["prev_hash"], body)
    with duckdb.connect(str(demo_db.path)) as connection:
        connection.execute(
            "UPDATE audit_trail SET new_value = ?, hash = ? WHERE seq = ?",
            [forged["new_value"], digest, target["seq"]],
        )
    done = verify_cli(demo_db)
    assert done.returncode != 0
    assert f"BROKEN at record {target['seq'] + 1}" in done.stderr
    assert "does not link" in done.stderr
