"""Backup and restore of a whole store: the DuckDB file and its evidence files, in one zip.

The backup is taken while holding the store's lock after a CHECKPOINT, so it is a
consistent copy even while the dashboard and monitor jobs run. A manifest lists every
member with its SHA-256; restore checks them all before it replaces anything.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

from store.connection import Store

MANIFEST = "manifest.json"
DB_MEMBER = "aims.duckdb"
FILES_PREFIX = "files/"


class BackupError(ValueError):
    """The archive is not a store backup, or a member does not match its recorded hash."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def backup(db: Store, target: Path) -> dict:
    """Write ``target`` (a zip) and return its manifest."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with db.connect() as connection:  # holds the lock: nobody writes while we copy
        connection.execute("CHECKPOINT")
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / DB_MEMBER
            shutil.copy2(db.path, copy)
            members = {DB_MEMBER: _sha256(copy)}
            files = (
                sorted(p for p in db.files_dir.rglob("*") if p.is_file())
                if db.files_dir.exists()
                else []
            )
            manifest = {
                "created_at": datetime.now().isoformat(timespec="seconds"),
                "source": str(db.path),
                "members": members,
            }
            partial = target.with_name(target.name + ".partial")
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.write(copy, DB_MEMBER)
                for path in files:
                    name = FILES_PREFIX + path.relative_to(db.files_dir).as_posix()
                    members[name] = _sha256(path)
                    archive.write(path, name)
                archive.writestr(MANIFEST, json.dumps(manifest, indent=2))
            partial.replace(target)
    return manifest


def restore(db: Store, source: Path) -> dict:
    """Replace the store (and its files) with the backup's, after verifying every hash."""
    source = Path(source)
    if not source.is_file():
        raise FileNotFoundError(f"no such backup: {source}")
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile:
        raise BackupError(f"{source} is not a store backup (not a zip file)") from None
    with (
        archive,
        tempfile.TemporaryDirectory(
            dir=db.path.parent if db.path.parent.exists() else None
        ) as scratch,
    ):
        try:
            manifest = json.loads(archive.read(MANIFEST))
            members = manifest["members"]
        except (KeyError, json.JSONDecodeError):
            raise BackupError(
                f"{source} has no valid {MANIFEST}; it is not a store backup"
            ) from None
        unpacked = Path(scratch)
        for name, expected in members.items():
            if name.startswith("/") or ".." in Path(name).parts:
                raise BackupError(f"unsafe member name in backup: {name!r}")
            target = unpacked / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(name) as src, target.open("wb") as dst:
                shutil.copyfileobj(src, dst)
            if _sha256(target) != expected:
                raise BackupError(f"{name} in {source} does not match its recorded SHA-256")
        db.path.parent.mkdir(parents=True, exist_ok=True)
        with db._file_lock():  # nobody opens the store while it is swapped
            wal = db.path.with_name(db.path.name + ".wal")
            wal.unlink(missing_ok=True)
            (unpacked / DB_MEMBER).replace(db.path)
            if db.files_dir.exists():
                shutil.rmtree(db.files_dir)
            files = unpacked / FILES_PREFIX.rstrip("/")
            if files.exists():
                shutil.move(str(files), db.files_dir)
    from store.connection import _MIGRATED

    _MIGRATED.discard(str(db.path.resolve()))  # the restored file may need migrating again
    return manifest
