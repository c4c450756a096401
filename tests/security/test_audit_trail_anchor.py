"""Issue 14 item 11: the audit trail is anchored outside the database.

Each attack below passed ``python -m store audit-trail verify`` before the anchor: the
trail cut short or emptied, a row edited and the chain re-hashed, a record changed without
the trail, a backdated row appended. And a head an auditor kept (``audit-trail head``) shows
a trail rewritten even by someone who holds the key (``verify --expect``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from store import Store, audit_trail

REPO = Path(__file__).resolve().parents[2]
COLUMNS = (
    "seq, recorded_at, actor, actor_role, entity, record_id, action, field, old_value,"
    " new_value, prev_hash, hash"
)


def cli(db: Store, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "store", "audit-trail", *args, "--db", str(db.path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )


def rows(connection) -> list[list]:
    cursor = connection.execute(f"SELECT {COLUMNS} FROM audit_trail ORDER BY seq")
    return [list(r) for r in cursor.fetchall()]


def body(row: list) -> tuple:
    return (row[0], row[1].isoformat(sep=" "), *row[2:10])


def rehash_from(connection, start: int) -> None:
    """What someone without the key does after editing a row: recompute the chain."""
    trail = rows(connection)
    prev = trail[start - 2][11] if start > 1 else audit_trail.GENESIS
    for row in trail[start - 1 :]:
        digest = audit_trail._hash(prev, body(row))
        connection.execute(
            "UPDATE audit_trail SET prev_hash = ?, hash = ? WHERE seq = ?", [prev, digest, row[0]]
        )
        prev = digest


def delete_last_540(connection) -> None:
    connection.execute(
        "DELETE FROM audit_trail WHERE seq > (SELECT max(seq) - 540 FROM audit_trail)"
    )


def delete_every_row(connection) -> None:
    connection.execute("DELETE FROM audit_trail")


def edit_and_rehash(connection) -> None:
    last = connection.execute("SELECT max(seq) FROM audit_trail").fetchone()[0]
    connection.execute("UPDATE audit_trail SET actor = 'Mallory' WHERE seq = ?", [last - 30])
    rehash_from(connection, last - 30)


def change_a_record(connection) -> None:
    connection.execute("UPDATE ai_systems SET owner = 'Mallory' WHERE id = 'SYS-0001'")


def append_backdated_row(connection) -> None:
    last = rows(connection)[-1]
    row = [
        last[0] + 1,
        datetime(2021, 3, 1, 9, 0),
        "Compliance Officer",
        "compliance_manager",
        "risks",
        "RSK-0001",
        "accept",
        "status",
        "open",
        "accepted",
        last[11],
    ]
    row.append(audit_trail._hash(last[11], body([*row, None])))
    connection.execute(f"INSERT INTO audit_trail ({COLUMNS}) VALUES ({', '.join('?' * 12)})", row)


def add_a_record_without_the_trail(connection) -> None:
    connection.execute(
        "INSERT INTO ai_systems SELECT * REPLACE ('SYS-9999' AS id, NULL AS external_id)"
        " FROM ai_systems"
        " WHERE id = 'SYS-0001'"
    )


def delete_a_record(connection) -> None:
    connection.execute("DELETE FROM ai_systems WHERE id = 'SYS-0002'")


ATTACKS = {
    "the last 540 rows deleted": (delete_last_540, "deleted"),
    "every row deleted": (delete_every_row, "deleted"),
    "a row edited and the chain re-hashed": (edit_and_rehash, "signature"),
    "a record changed without the trail": (change_a_record, "SYS-0001's owner is"),
    "a backdated row appended": (append_backdated_row, "record"),
    "a record added without the trail": (add_a_record_without_the_trail, "SYS-9999"),
    "a record deleted without the trail": (delete_a_record, "SYS-0002"),
}


def test_an_untouched_demo_trail_verifies(demo_db):
    done = cli(demo_db, "verify")
    assert done.returncode == 0, done.stderr
    assert "signed head at record" in done.stdout


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_verify_finds_the_attack(demo_db, attack):
    tamper, words = ATTACKS[attack]
    with duckdb.connect(str(demo_db.path)) as connection:
        tamper(connection)
    done = cli(demo_db, "verify")
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "BROKEN" in done.stderr and words in done.stderr, done.stderr


def test_a_backdated_row_is_found_even_with_a_valid_signature(demo_db):
    """Someone with the key could sign a backdated row; its written time still gives it away."""
    from store.trail_anchor import load_key, row_mac, seal

    with demo_db.connect() as connection:
        last = connection.execute(
            "SELECT seq, hash FROM audit_trail ORDER BY seq DESC LIMIT 1"
        ).fetchone()
    with duckdb.connect(str(demo_db.path)) as connection:
        append_backdated_row(connection)
        written = datetime(2021, 3, 1, 9, 0)
        digest = connection.execute(
            "SELECT hash FROM audit_trail WHERE seq = ?", [last[0] + 1]
        ).fetchone()[0]
        mac = row_mac(load_key(demo_db.path), digest, written)
        connection.execute(
            "UPDATE audit_trail SET written_at = ?, mac = ? WHERE seq = ?",
            [written, mac, last[0] + 1],
        )
    with demo_db.connect() as connection:
        seal(connection, demo_db.path)
    done = cli(demo_db, "verify")
    assert done.returncode == 1
    assert f"row {last[0] + 1} was written before row {last[0]}" in done.stderr


def test_head_prints_the_signed_head_and_verify_checks_it(demo_db, tmp_path):
    done = cli(demo_db, "head")
    assert done.returncode == 0, done.stderr
    head = json.loads(done.stdout)
    with demo_db.connect() as connection:
        seq, digest = connection.execute(
            "SELECT seq, hash FROM audit_trail ORDER BY seq DESC LIMIT 1"
        ).fetchone()
    assert (head["seq"], head["hash"]) == (seq, digest)
    assert set(head) == {"seq", "hash", "written_at", "hmac"}
    kept = tmp_path / "head.json"
    kept.write_text(done.stdout)
    assert cli(demo_db, "verify", "--expect", str(kept)).returncode == 0
    assert cli(demo_db, "verify", "--expect", done.stdout.strip()).returncode == 0
    forged = dict(head, hmac="0" * 64)
    refused = cli(demo_db, "verify", "--expect", json.dumps(forged))
    assert refused.returncode == 1 and "not signed" in refused.stderr
    bad = cli(demo_db, "verify", "--expect", "{not a head")
    assert bad.returncode == 2 and bad.stderr.startswith("error: ")


def test_the_expected_head_finds_a_rewrite_by_someone_with_the_key(demo_db):
    """With the key, the trail can be rewritten and re-signed; the head an auditor kept cannot."""
    from store.trail_anchor import load_key, row_mac, seal

    auditor = cli(demo_db, "head").stdout.strip()
    key = load_key(demo_db.path)
    with duckdb.connect(str(demo_db.path)) as connection:
        last = connection.execute("SELECT max(seq) FROM audit_trail").fetchone()[0]
        connection.execute("UPDATE audit_trail SET actor = 'Mallory' WHERE seq = ?", [last - 3])
        rehash_from(connection, last - 3)
        for seq, digest, written in connection.execute(
            "SELECT seq, hash, written_at FROM audit_trail WHERE seq >= ?", [last - 3]
        ).fetchall():
            connection.execute(
                "UPDATE audit_trail SET mac = ? WHERE seq = ?", [row_mac(key, digest, written), seq]
            )
    demo_db.path.with_name(demo_db.path.name + ".trail-head").unlink()
    with demo_db.connect() as connection:
        seal(connection, demo_db.path)  # the rewriter signs a new head with the key
    assert cli(demo_db, "verify").returncode == 0
    done = cli(demo_db, "verify", "--expect", auditor)
    assert done.returncode == 1
    assert f"row {last} is not the one in the expected head" in done.stderr
    with duckdb.connect(str(demo_db.path)) as connection:
        delete_last_540(connection)
    shorter = cli(demo_db, "verify", "--expect", auditor)
    assert shorter.returncode == 1 and f"expected head is row {last}" in shorter.stderr


def test_a_backup_carries_the_signed_head(demo_db, tmp_path):
    from store.backup import backup

    head = json.loads(cli(demo_db, "head").stdout)
    manifest = backup(demo_db, tmp_path / "b.zip")
    assert manifest["trail_head"] == head


def test_a_trail_from_before_the_anchor_verifies_and_is_anchored_by_its_first_head(db):
    from risk_model.access import SYSTEM
    from store import inventory, trail_check
    from store.trail_anchor import head_path, key_path

    inventory.add_system(db, {"name": "Before the anchor", "owner": "Ana"}, SYSTEM)
    with duckdb.connect(str(db.path)) as connection:  # as migration 0065 leaves an old trail
        connection.execute("UPDATE audit_trail SET written_at = NULL, mac = NULL")
    head_path(db.path).unlink()
    key_path(db.path).unlink()
    assert trail_check.check(db).ok
    done = cli(db, "head")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["seq"] == 4 and key_path(db.path).exists()
    assert oct(key_path(db.path).stat().st_mode & 0o777) == "0o600"
    with duckdb.connect(str(db.path)) as connection:  # now a rewrite of the old rows shows
        connection.execute("UPDATE audit_trail SET actor = 'Mallory' WHERE seq = 2")
        rehash_from(connection, 2)
    result = trail_check.check(db)
    assert not result.ok
    assert "row 4 is not the one in the signed head on file" in result.findings[0].text


def test_a_backup_from_before_the_anchor_is_anchored_when_restored(db, tmp_path):
    from risk_model.access import SYSTEM
    from store import inventory, trail_check
    from store.backup import backup, restore
    from store.trail_anchor import head_path

    inventory.add_system(db, {"name": "Old"}, SYSTEM)
    with duckdb.connect(str(db.path)) as connection:
        connection.execute("UPDATE audit_trail SET written_at = NULL, mac = NULL")
    head_path(db.path).unlink()
    manifest = backup(db, tmp_path / "old.zip")
    assert manifest["trail_head"] is None
    elsewhere = Store(tmp_path / "elsewhere" / "aims.duckdb")
    inventory.add_system(elsewhere, {"name": "Live"}, SYSTEM)  # has its own key and head
    done = restore(elsewhere, tmp_path / "old.zip")
    assert "anchored from now on" in done.trail_note
    result = trail_check.check(elsewhere)
    assert result.ok, result.findings
    assert result.head is not None and result.head.seq == result.rows
