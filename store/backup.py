"""Backup and restore of a whole store: the DuckDB file and its evidence files, in one zip.

The backup is taken while holding the store's lock after a CHECKPOINT, so it is a
consistent copy even while the dashboard and monitor jobs run. A manifest lists every
member with its size and SHA-256.

Restore trusts nothing in the archive (``store.backup_checks``): the manifest's shape and
member names, the sizes the zip declares (against a limit and the free disk space, before
anything is unpacked), every byte as it is unpacked (never more than declared), every hash,
and that the database opens at a schema version this code knows. Only then does it swap
the stores, keeping the replaced one in ``<db>.before-restore-<time>/``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from store import backup_checks, settings, trail_anchor
from store.backup_checks import DB_MEMBER, FILES_PREFIX, MANIFEST, BackupError
from store.connection import Store

__all__ = ["BackupError", "Restored", "backup", "restore"]


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
            sizes = {DB_MEMBER: copy.stat().st_size}
            files = (
                sorted(p for p in db.files_dir.rglob("*") if p.is_file())
                if db.files_dir.exists()
                else []
            )
            head = trail_anchor.read_head(db.path)
            manifest = {
                "created_at": datetime.now().isoformat(timespec="seconds"),
                "source": str(db.path),
                "members": members,
                "sizes": sizes,
                "trail_head": asdict(head) if head else None,
            }
            partial = target.with_name(target.name + ".partial")
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.write(copy, DB_MEMBER)
                for path in files:
                    name = FILES_PREFIX + path.relative_to(db.files_dir).as_posix()
                    members[name] = _sha256(path)
                    sizes[name] = path.stat().st_size
                    archive.write(path, name)
                archive.writestr(MANIFEST, json.dumps(manifest, indent=2))
            partial.replace(target)
    return manifest


@dataclass(frozen=True)
class Restored:
    """What a restore did."""

    members: int
    """Files restored, the database included."""
    created_at: str
    """When the backup was taken, as its manifest says."""
    kept: Path | None
    """The folder holding the replaced store, or None if there was none."""
    trail_note: str | None = None
    """Why ``audit-trail verify`` will not pass on the restored trail as it stands, if so."""


def restore(db: Store, source: Path) -> Restored:
    """Replace the store (and its files) with the backup's, once every check has passed."""
    source = Path(source)
    if not source.is_file():
        raise FileNotFoundError(f"no such backup: {source}")
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile):
        raise BackupError(f"{source} is not a store backup (not a zip file)") from None
    db.path.parent.mkdir(parents=True, exist_ok=True)
    with archive, tempfile.TemporaryDirectory(dir=db.path.parent) as scratch:
        manifest = backup_checks.read_manifest(archive, source)
        members = manifest["members"]
        backup_checks.check_sizes(archive, manifest, source, db.path.parent)
        unpacked = Path(scratch)
        for name, expected in members.items():
            backup_checks.unpack(archive, name, expected, unpacked / name, source)
        backup_checks.check_database(unpacked / DB_MEMBER, source)
        head = backup_checks.trail_head(manifest, source)
        kept = _swap(db, unpacked, head)
    from store.connection import _MIGRATED

    _MIGRATED.discard(str(db.path.resolve()))  # the restored file may need migrating again
    taken = str(manifest.get("created_at") or "at an unknown time")
    note = _trail_note(db, head)
    if head is None:  # a backup from before the anchor: anchor its trail from now on
        with db.connect() as connection:
            trail_anchor.seal(connection, db.path)
    return Restored(len(members), taken, kept, note)


def _trail_note(db: Store, head: trail_anchor.Head | None) -> str | None:
    key = trail_anchor.load_key(db.path)
    if head is None:
        return (
            "the backup carries no signed head of its audit trail (made before the anchor);"
            " the restored trail is anchored from now on"
        )
    if key is None:
        return (
            f"the audit trail is signed with its store's key: copy that key to "
            f"{trail_anchor.key_path(db.path)} (or set ${settings.TRAIL_KEY.env})"
        )
    if not head.signed_by(key):
        return (
            f"the audit trail was signed with another key than {trail_anchor.key_path(db.path)}"
            " holds: put the original store's key there to verify it"
        )
    return None


def _swap(db: Store, unpacked: Path, head: trail_anchor.Head | None) -> Path | None:
    """Move the live store (its trail's head too) aside and the unpacked one in, holding
    the store's lock. The key stays: it belongs to the place, not to one copy."""
    with db._file_lock():  # nobody opens the store while it is swapped
        anchor = trail_anchor.head_path(db.path)
        live = [p for p in (db.path, db.wal_path, db.files_dir, anchor) if p.exists()]
        kept = None
        if live:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            kept = db.path.with_name(f"{db.path.name}.before-restore-{stamp}")
            suffix = 1
            while kept.exists():
                suffix += 1
                kept = db.path.with_name(f"{db.path.name}.before-restore-{stamp}-{suffix}")
            kept.mkdir()
            for path in live:
                path.rename(kept / path.name)
        (unpacked / DB_MEMBER).replace(db.path)
        files = unpacked / FILES_PREFIX.rstrip("/")
        if files.exists():
            files.rename(db.files_dir)
        if head is not None:
            trail_anchor.write_head(db.path, head)
    return kept
