"""Issue 14 item 10: restore checks the archive before it replaces anything.

A backup whose database is garbage, or at a schema this code does not know, is refused;
a zip bomb is refused before it is unpacked; a malformed manifest gives one clear line
and exit code 2; and the replaced store is kept beside the restored one.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest

from store import Store, inventory
from store.backup import BackupError, backup, restore

REPO = Path(__file__).resolve().parents[2]


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "store", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_backup(path: Path, members: dict[str, bytes], manifest: object = None) -> Path:
    """A zip shaped like a backup; the manifest records the members' true hashes by default."""
    if manifest is None:
        manifest = {
            "created_at": "2026-01-01T00:00:00",
            "members": {name: digest(data) for name, data in members.items()},
        }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        archive.writestr(
            "manifest.json", manifest if isinstance(manifest, str) else json.dumps(manifest)
        )
    return path


def live_state(db: Store) -> tuple[str, int]:
    return digest(db.path.read_bytes()), len(inventory.list_systems(db))


@pytest.fixture
def live(db) -> Store:
    inventory.add_system(db, {"name": "Live system"}, _system_actor())
    return db


def _system_actor():
    from risk_model.access import SYSTEM

    return SYSTEM


def assert_refused(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_a_backup_whose_database_is_garbage_is_refused_and_the_store_kept(live, tmp_path):
    before = live_state(live)
    archive = write_backup(tmp_path / "garbage.zip", {"aims.duckdb": os.urandom(300_000)})
    result = cli("restore", str(archive), "--db", str(live.path))
    assert_refused(result, "database")
    assert live_state(live) == before
    assert not list(tmp_path.glob("*.before-restore-*"))


def test_a_database_at_an_unknown_schema_version_is_refused(live, tmp_path):
    newer = tmp_path / "newer.duckdb"
    with duckdb.connect(str(newer)) as connection:
        connection.execute("CREATE TABLE schema_version (version INTEGER, name VARCHAR)")
        connection.execute("INSERT INTO schema_version VALUES (1, 'foundation'), (9999, 'future')")
    no_schema = tmp_path / "plain.duckdb"
    with duckdb.connect(str(no_schema)) as connection:
        connection.execute("CREATE TABLE t (x INTEGER)")
    before = live_state(live)
    for source, words in ((newer, ("schema", "9999")), (no_schema, ("schema",))):
        archive = write_backup(
            tmp_path / f"{source.stem}.zip", {"aims.duckdb": source.read_bytes()}
        )
        assert_refused(cli("restore", str(archive), "--db", str(live.path)), *words)
        with pytest.raises(BackupError, match="schema"):
            restore(live, archive)
    assert live_state(live) == before


def test_a_zip_bomb_is_refused_before_it_is_unpacked(live, tmp_path, monkeypatch):
    bomb = write_backup(tmp_path / "bomb.zip", {"aims.duckdb": bytes(64 << 20)})
    assert bomb.stat().st_size < 300_000
    unpacked = []
    real_open = zipfile.ZipFile.open

    def counting_open(self, name, *args, **kwargs):
        handle = real_open(self, name, *args, **kwargs)
        real_read = handle.read

        def read(n=-1):
            data = real_read(n)
            unpacked.append(len(data))
            return data

        handle.read = read
        return handle

    monkeypatch.setattr(zipfile.ZipFile, "open", counting_open)
    monkeypatch.setenv("AIMS_RESTORE_LIMIT_MB", "16")
    before = live_state(live)
    with pytest.raises(BackupError, match="limit"):
        restore(live, bomb)
    assert sum(unpacked) < 1 << 20  # the manifest, not the 64 MB member
    assert live_state(live) == before
    assert_refused(
        cli("restore", str(bomb), "--db", str(live.path), env={"AIMS_RESTORE_LIMIT_MB": "16"}),
        "limit",
    )


@pytest.mark.parametrize(
    ("manifest", "members", "words"),
    [
        ("{not json", {}, ("manifest.json",)),
        ("[]", {}, ("manifest.json",)),
        ({"members": []}, {}, ("manifest.json",)),
        (
            {"created_at": "x", "members": {"aims.duckdb": 5}},
            {"aims.duckdb": b"x"},
            ("manifest.json",),
        ),
        ({"created_at": "x", "members": {"aims.duckdb": "0" * 64}}, {}, ("aims.duckdb",)),
        (
            {"created_at": "x", "members": {"files/a": "0" * 64}},
            {"files/a": b"x"},
            ("aims.duckdb",),
        ),
        (
            {"created_at": "x", "members": {"aims.duckdb": "0" * 64, "../evil": "0" * 64}},
            {"aims.duckdb": b"x", "../evil": b"x"},
            ("../evil",),
        ),
        (
            {"created_at": "x", "members": {"aims.duckdb": "0" * 64, "files/../../e": "0" * 64}},
            {"aims.duckdb": b"x", "files/../../e": b"x"},
            ("files/../../e",),
        ),
        (
            {"created_at": "x", "members": {"aims.duckdb": "0" * 64, "/etc/evil": "0" * 64}},
            {"aims.duckdb": b"x", "/etc/evil": b"x"},
            ("/etc/evil",),
        ),
    ],
)
def test_a_malformed_manifest_gives_one_clear_line_and_exit_2(
    live, tmp_path, manifest, members, words
):
    before = live_state(live)
    archive = write_backup(tmp_path / "bad.zip", members, manifest)
    assert_refused(cli("restore", str(archive), "--db", str(live.path)), *words)
    assert live_state(live) == before
    assert not (tmp_path / "evil").exists()


def test_restore_keeps_the_replaced_store_beside_it(demo_db, tmp_path):
    archive = tmp_path / "backup.zip"
    backup(demo_db, archive)
    added = inventory.add_system(demo_db, {"name": "Added after the backup"}, _system_actor())
    result = cli("restore", str(archive), "--db", str(demo_db.path))
    assert result.returncode == 0, result.stderr
    assert added not in set(inventory.list_systems(demo_db)["id"])
    (kept,) = demo_db.path.parent.glob(demo_db.path.name + ".before-restore-*")
    assert kept.name in result.stdout
    replaced = Store(kept / demo_db.path.name)
    assert added in set(inventory.list_systems(replaced)["id"])
