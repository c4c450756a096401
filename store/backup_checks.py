"""What restore checks in a backup before it trusts it.

A backup is a zip from anyone: damaged, crafted (a "zip bomb" that declares gigabytes in
a few kilobytes, a member named ``../../x``), or written by another version of this code.
Each check raises ``BackupError`` with one sentence that names the archive and the member.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
import zlib
from pathlib import Path, PurePosixPath

import duckdb

from store import settings
from store.trail_anchor import Head

MANIFEST = "manifest.json"
DB_MEMBER = "aims.duckdb"
FILES_PREFIX = "files/"
MANIFEST_LIMIT = 64 << 20
"""A manifest lists names and hashes; anything larger is not one."""
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_MB = 1 << 20


class BackupError(ValueError):
    """The archive is not a store backup, or a member does not match its recorded hash."""


def read_manifest(archive: zipfile.ZipFile, source: Path) -> dict:
    """The manifest, checked: a JSON object whose ``members`` map safe names to SHA-256s."""
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError:
        raise BackupError(f"{source} has no {MANIFEST}; it is not a store backup") from None
    if info.file_size > MANIFEST_LIMIT:
        raise BackupError(f"{MANIFEST} in {source} is {info.file_size:,} bytes; it is not one")
    try:
        manifest = json.loads(_read_small(archive, info, source))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise BackupError(f"{MANIFEST} in {source} is not valid JSON") from None
    members = manifest.get("members") if isinstance(manifest, dict) else None
    if not isinstance(members, dict):
        raise BackupError(f"{MANIFEST} in {source} has no table of members; it is not a backup")
    for name, digest in members.items():
        check_name(name, source)
        if not isinstance(digest, str) or not _SHA256.match(digest):
            raise BackupError(f"{MANIFEST} in {source} gives no SHA-256 for {name!r}")
    if DB_MEMBER not in members:
        raise BackupError(f"{MANIFEST} in {source} lists no database ({DB_MEMBER})")
    return manifest


def check_name(name: str, source: Path) -> None:
    """Only the database and relative paths under ``files/``: nothing that leaves the folder."""
    path = PurePosixPath(name)
    safe = name == DB_MEMBER or (
        name.startswith(FILES_PREFIX)
        and not path.is_absolute()
        and len(path.parts) > 1
        and all(part not in ("", ".", "..") for part in name.split("/"))
        and "\\" not in name
        and "\x00" not in name
    )
    if not safe:
        raise BackupError(f"unsafe member name in {source}: {name!r}")


def check_sizes(archive: zipfile.ZipFile, manifest: dict, source: Path, folder: Path) -> None:
    """Refuse, before unpacking a byte, what would exceed the limit or the free disk space."""
    recorded = manifest.get("sizes") if isinstance(manifest.get("sizes"), dict) else {}
    total = 0
    for name in manifest["members"]:
        try:
            info = archive.getinfo(name)
        except KeyError:
            raise BackupError(f"{source} lacks {name}, which its manifest lists") from None
        if name in recorded and recorded[name] != info.file_size:
            raise BackupError(
                f"{name} in {source} declares {info.file_size:,} bytes; "
                f"its manifest records {recorded[name]!r}"
            )
        total += info.file_size
    limit_mb = int(settings.RESTORE_LIMIT_MB.value())
    if total > limit_mb * _MB:
        raise BackupError(
            f"{source} would unpack to {total / _MB:,.0f} MB, over the restore limit of "
            f"{limit_mb:,} MB (set {settings.RESTORE_LIMIT_MB.env} to raise it)"
        )
    free = shutil.disk_usage(folder).free
    if total > free:
        raise BackupError(
            f"{source} would unpack to {total / _MB:,.0f} MB; {folder} has only "
            f"{free / _MB:,.0f} MB free"
        )


def unpack(archive: zipfile.ZipFile, name: str, expected: str, target: Path, source: Path) -> None:
    """Stream one member to ``target``, never past its declared size, and check its hash."""
    info = archive.getinfo(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, written = hashlib.sha256(), 0
    try:
        with archive.open(info) as src, target.open("xb") as dst:
            while chunk := src.read(1 << 20):
                written += len(chunk)
                if written > info.file_size:
                    raise BackupError(f"{name} in {source} is larger than it declares")
                digest.update(chunk)
                dst.write(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise BackupError(f"{name} in {source} is damaged: {_first_line(error)}") from None
    if digest.hexdigest() != expected:
        raise BackupError(f"{name} in {source} does not match its recorded SHA-256")


def check_database(path: Path, source: Path) -> None:
    """The unpacked database must open, and be at schema versions this code knows."""
    from store.migrations import available

    try:
        with duckdb.connect(str(path), read_only=True) as connection:
            tables = {
                row[0]
                for row in connection.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
                ).fetchall()
            }
            if "schema_version" not in tables:
                raise BackupError(
                    f"the database in {source} has no schema version; it is not an AIMS store"
                )
            versions = {
                row[0]
                for row in connection.execute("SELECT version FROM schema_version").fetchall()
            }
    except duckdb.Error as error:
        raise BackupError(f"the database in {source} does not open: {_first_line(error)}") from None
    known = {migration.version for migration in available()}
    unknown = sorted(versions - known)
    if not versions or unknown:
        found = max(versions) if versions else "none"
        raise BackupError(
            f"the database in {source} is at schema version {found}, which this version of the "
            f"software does not know (it knows up to {max(known)}); restore it with the "
            "version that wrote it"
        )


def trail_head(manifest: dict, source: Path) -> Head | None:
    """The signed head of the backup's audit trail, if its manifest has one."""
    data = manifest.get("trail_head")
    if data is None:
        return None
    try:
        return Head.from_dict(data if isinstance(data, dict) else {})
    except ValueError as error:
        raise BackupError(f"{MANIFEST} in {source}: {error}") from None


def _read_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: Path) -> bytes:
    try:
        with archive.open(info) as handle:
            return handle.read(MANIFEST_LIMIT + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise BackupError(f"{info.filename} in {source} is damaged: {_first_line(error)}") from None


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
