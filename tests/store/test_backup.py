"""Backup and restore round-trip the whole store; the audit-trail command finds tampering."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from risk_model.access import SYSTEM
from store import Store, inventory
from store.backup import BackupError, backup, restore

REPO = Path(__file__).resolve().parents[2]


def snapshot(db: Store) -> dict[str, pd.DataFrame]:
    with db.connect() as connection:
        tables = [
            r[0]
            for r in connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
                " AND table_type = 'BASE TABLE' ORDER BY 1"
            ).fetchall()
        ]
        return {t: connection.execute(f'SELECT * FROM "{t}" ORDER BY ALL').df() for t in tables}


def files(db: Store) -> dict[str, bytes]:
    if not db.files_dir.exists():
        return {}
    return {
        p.relative_to(db.files_dir).as_posix(): p.read_bytes()
        for p in db.files_dir.rglob("*")
        if p.is_file()
    }


def test_backup_restore_round_trip(demo_db: Store, tmp_path):
    (demo_db.files_dir / "ab").mkdir(parents=True, exist_ok=True)
    (demo_db.files_dir / "ab" / "abcdef").write_bytes(b"evidence bytes \x00\xff")
    before, before_files = snapshot(demo_db), files(demo_db)
    archive = tmp_path / "backup.zip"
    manifest = backup(demo_db, archive)
    assert set(manifest["members"]) >= {"aims.duckdb", "files/ab/abcdef"}

    # change everything after the backup, then restore
    inventory.add_system(demo_db, {"name": "Added after backup"}, SYSTEM)
    (demo_db.files_dir / "ab" / "abcdef").write_bytes(b"changed")
    restore(demo_db, archive)
    after = snapshot(demo_db)
    assert set(after) == set(before)
    for table in before:
        pd.testing.assert_frame_equal(after[table], before[table], check_dtype=False)
    assert files(demo_db) == before_files


def test_restore_rejects_a_damaged_backup(demo_db: Store, tmp_path):
    archive = tmp_path / "backup.zip"
    backup(demo_db, archive)
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(damaged, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(
                item, data[:-10] + b"0123456789" if item.filename == "aims.duckdb" else data
            )
    count = len(inventory.list_systems(demo_db))
    with pytest.raises(BackupError, match="SHA-256"):
        restore(demo_db, damaged)
    not_zip = tmp_path / "x.zip"
    not_zip.write_text("hello")
    with pytest.raises(BackupError, match="not a store backup"):
        restore(demo_db, not_zip)
    assert len(inventory.list_systems(demo_db)) == count


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "store", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_backup_restore_and_audit_trail_verify(demo_db: Store, tmp_path):
    archive = tmp_path / "b.zip"
    assert cli("backup", str(archive), "--db", str(demo_db.path)).returncode == 0
    target = tmp_path / "restored.duckdb"
    result = cli("restore", str(archive), "--db", str(target))
    assert result.returncode == 0, result.stderr
    assert len(inventory.list_systems(Store(target))) == len(inventory.list_systems(demo_db))
    # the trail's key is not in the backup: restored elsewhere, the trail needs its key
    assert "trail-key" in result.stderr
    missing = cli("audit-trail", "verify", "--db", str(target))
    assert missing.returncode == 1 and "key is missing" in missing.stderr
    key = demo_db.path.name + ".trail-key"
    shutil.copy(demo_db.path.with_name(key), target.with_name(target.name + ".trail-key"))
    ok = cli("audit-trail", "verify", "--db", str(target))
    assert ok.returncode == 0 and "chain intact" in ok.stdout
    with Store(target).connect() as connection:
        connection.execute("UPDATE audit_trail SET actor = 'mallory' WHERE seq = 7")
    broken = cli("audit-trail", "verify", "--db", str(target))
    assert broken.returncode == 1
    assert "record 7" in broken.stderr
