"""The store: migrations, serialised connections, records and the audit trail."""

from __future__ import annotations

import fcntl
import os

import duckdb
import pytest

from risk_model.access import SYSTEM, AccessDenied, Actor
from risk_model.inventory import AI_SYSTEM
from store import audit_trail, inventory, records
from store.migrations import available, current_version


def test_migrations_apply_once_and_record_versions(db):
    with db.connect() as connection:
        version = current_version(connection)
        rows = connection.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
    assert version == max(m.version for m in available())
    assert [r[0] for r in rows] == [m.version for m in available()]
    # a second process-level open does not re-apply anything
    with db.connect() as connection:
        assert connection.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(rows)


def test_migration_numbers_are_unique_and_ordered():
    versions = [m.version for m in available()]
    assert versions == sorted(set(versions))
    assert versions[0] == 1


def test_add_update_retire_keeps_record_and_history(db):
    system_id = inventory.add_system(db, {"name": "Loan triage", "owner": "Ana"}, SYSTEM)
    assert system_id == "SYS-0001"
    assert inventory.add_system(db, {"name": "Second"}, SYSTEM) == "SYS-0002"
    changes = inventory.update_system(
        db, system_id, {"owner": "Ben", "name": "Loan triage"}, SYSTEM
    )
    assert changes == {"owner": ("Ana", "Ben")}
    inventory.retire_system(db, system_id, SYSTEM)
    record = inventory.get_system(db, system_id)
    assert record["status"] == "retired" and record["owner"] == "Ben"
    active = inventory.list_systems(db)
    assert list(active["id"]) == ["SYS-0002"]
    both = inventory.list_systems(db, inventory.SystemFilter(statuses=("active", "retired")))
    assert set(both["id"]) == {"SYS-0001", "SYS-0002"}
    history = inventory.history(db, system_id)
    assert list(dict.fromkeys(history["action"])) == ["create", "update", "retire"]
    update = history[history["action"] == "update"]
    assert update[["field", "old_value", "new_value"]].values.tolist() == [["owner", "Ana", "Ben"]]
    retire = history[history["action"] == "retire"]
    assert retire[["field", "old_value", "new_value"]].values.tolist() == [
        ["status", "active", "retired"]
    ]


def test_name_is_required(db):
    with pytest.raises(ValueError, match="needs a name"):
        inventory.add_system(db, {"name": "  "}, SYSTEM)


def test_search_treats_wildcards_as_text(db):
    inventory.add_system(db, {"name": "100% automated"}, SYSTEM)
    inventory.add_system(db, {"name": "Other"}, SYSTEM)
    found = inventory.list_systems(db, inventory.SystemFilter(search="%"))
    assert list(found["name"]) == ["100% automated"]
    hostile = inventory.list_systems(
        db, inventory.SystemFilter(search="'; DROP TABLE ai_systems;--")
    )
    assert hostile.empty
    assert len(inventory.list_systems(db)) == 2


def test_failed_transaction_leaves_nothing(db):
    inventory.add_system(db, {"name": "Kept"}, SYSTEM)
    with pytest.raises(RuntimeError), db.transaction() as connection:
        records.insert(connection, AI_SYSTEM, {"name": "Lost"}, SYSTEM)
        raise RuntimeError("boom")
    assert list(inventory.list_systems(db)["name"]) == ["Kept"]
    with db.connect() as connection:
        assert audit_trail.verify(connection).ok


def test_audit_trail_chain_detects_tampering(db):
    system_id = inventory.add_system(db, {"name": "A", "owner": "x"}, SYSTEM)
    inventory.update_system(db, system_id, {"owner": "y"}, SYSTEM)
    inventory.update_system(db, system_id, {"owner": "z"}, SYSTEM)
    with db.connect() as connection:
        check = audit_trail.verify(connection)
        # create writes one row per field given (name, owner, status, tier), then 2 updates
        assert check.ok and check.rows == 6
        connection.execute("UPDATE audit_trail SET new_value = 'evil' WHERE seq = 3")
        broken = audit_trail.verify(connection)
    assert not broken.ok and broken.first_broken_seq == 3
    assert "altered" in broken.reason


def test_audit_trail_detects_a_deleted_row(db):
    system_id = inventory.add_system(db, {"name": "A"}, SYSTEM)
    inventory.update_system(db, system_id, {"owner": "y"}, SYSTEM)
    with db.connect() as connection:
        connection.execute("DELETE FROM audit_trail WHERE seq = 2")
        broken = audit_trail.verify(connection)
    assert broken.first_broken_seq == 2 and "missing" in broken.reason


def test_viewer_cannot_write(db):
    viewer = Actor("Eve", ("viewer",))
    with pytest.raises(AccessDenied):
        inventory.add_system(db, {"name": "X"}, viewer)
    system_id = inventory.add_system(db, {"name": "X", "owner": "Eve"}, SYSTEM)
    with pytest.raises(AccessDenied):
        inventory.update_system(db, system_id, {"owner": "Eve2"}, viewer)
    assert inventory.get_system(db, system_id)["owner"] == "Eve"


def test_ml_owner_edits_only_own_systems(db):
    mine = inventory.add_system(db, {"name": "Mine", "owner": "Olu"}, SYSTEM)
    theirs = inventory.add_system(db, {"name": "Theirs", "owner": "Kim"}, SYSTEM)
    owner = Actor("Olu", ("ml_owner",))
    inventory.update_system(db, mine, {"description": "ok"}, owner)
    with pytest.raises(AccessDenied):
        inventory.update_system(db, theirs, {"description": "no"}, owner)


def test_store_file_is_a_plain_duckdb_file_when_closed(db):
    inventory.add_system(db, {"name": "Visible"}, SYSTEM)
    connection = duckdb.connect(str(db.path), read_only=True)
    try:
        assert connection.execute("SELECT name FROM ai_systems").fetchall() == [("Visible",)]
    finally:
        connection.close()


def _count_opens(db, monkeypatch) -> list:
    opened = []
    real = db._open

    def counting():
        opened.append(1)
        return real()

    monkeypatch.setattr(db, "_open", counting)
    return opened


def test_a_held_block_opens_the_store_once_and_only_when_read(db, monkeypatch):
    inventory.add_system(db, {"name": "Held"}, SYSTEM)
    opened = _count_opens(db, monkeypatch)
    with db.held():
        pass
    assert opened == []
    with db.held():
        names = [inventory.list_systems(db)["name"].tolist() for _ in range(3)]
        inventory.add_system(db, {"name": "Written while held"}, SYSTEM)
        count = len(inventory.list_systems(db))
    assert opened == [1] and names == [["Held"]] * 3 and count == 2
    with db.connect() as connection:  # closed at the end of the block: a new open
        assert connection.execute("SELECT count(*) FROM ai_systems").fetchone() == (2,)
    assert opened == [1, 1]


def _lock_is_free(db) -> bool:
    """Whether another process could take the store's file lock now."""
    handle = os.open(db.lock_path, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(handle)


def test_a_held_connection_is_closed_when_the_block_raises(db, monkeypatch):
    inventory.add_system(db, {"name": "Before"}, SYSTEM)
    opened = _count_opens(db, monkeypatch)
    with pytest.raises(RuntimeError), db.held():
        inventory.list_systems(db)
        assert not _lock_is_free(db)  # held: other processes' writes wait
        raise RuntimeError("a page stops or reruns")
    assert _lock_is_free(db)
    inventory.list_systems(db)
    assert opened == [1, 1]
