"""The bytes of evidence files: checked on the way in, stored by SHA-256 next to the database.

Files live in ``Store.files_dir/<first two hex digits>/<sha256>``. The name is the content's
hash, so a user-supplied filename never becomes a path, identical files are stored once, a
half-written file can never be mistaken for a complete one (it is written under a temporary
name and renamed), and reading a file back re-checks its hash. The backup command already
archives ``files_dir`` with the database, so a backup is complete.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from store import settings
from store.connection import Store

MAX_FILENAME_CHARS = 120
_UNSAFE = re.compile(r"[^\w.() +-]+")
"""Anything but letters and digits of any script, ``_``, ``.``, ``(``, ``)``, space, ``+``, ``-``."""
_MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


BLOCKED_SUFFIXES = frozenset(
    (
        "exe",
        "dll",
        "com",
        "scr",
        "msi",
        "msp",
        "bat",
        "cmd",
        "ps1",
        "psm1",
        "vbs",
        "vbe",
        "js",
        "jse",
        "wsf",
        "wsh",
        "hta",
        "cpl",
        "jar",
        "apk",
        "app",
        "dmg",
        "pkg",
        "deb",
        "rpm",
        "sh",
        "bash",
        "zsh",
        "elf",
        "so",
        "dylib",
        "lnk",
        "reg",
    )
)
"""Programs and scripts: evidence is read by people, never run, so these have no place in it."""
_PROGRAM_MAGIC = (b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xcf", b"\xca\xfe\xba\xbe")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class UploadRejected(ValueError):
    """The file cannot be accepted; the message says why in the user's words.

    ``field`` names what is wrong: ``"file"`` (its content or size) or ``"file name"``.
    """

    def __init__(self, message: str, field: str = "file"):
        super().__init__(message)
        self.field = field


def upload_limit_bytes() -> int:
    return int(float(settings.UPLOAD_LIMIT_MB.value()) * 1024 * 1024)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sanitise_filename(name: str | None) -> str:
    """A plain file name: no folders, no control or shell characters, no leading dots.

    "../../etc/passwd" -> "passwd"; "C:\\x\\Q3 <report>.pdf" -> "Q3 _report_.pdf".
    """
    text = unicodedata.normalize("NFKC", str(name or ""))
    text = re.split(r"[\\/]", text)[-1]
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = _UNSAFE.sub("_", text).strip(" ._")
    if len(text) > MAX_FILENAME_CHARS:
        stem, dot, suffix = text.rpartition(".")
        if dot and len(suffix) <= 10:
            text = stem[: MAX_FILENAME_CHARS - len(suffix) - 1] + "." + suffix
        else:
            text = text[:MAX_FILENAME_CHARS]
    return text or "file"


def media_type_of(filename: str, data: bytes) -> str:
    """From the content's signature when it has one, else from the extension."""
    for magic, media_type in _MAGIC:
        if data.startswith(magic):
            return media_type
    guessed, _ = mimetypes.guess_type(filename, strict=False)
    if guessed:
        return guessed
    if filename.lower().endswith(".md"):
        return "text/markdown"
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    return "text/plain"


def check_upload(data: bytes | None, filename: str | bytes | None) -> tuple[str, str, str]:
    """(sha256, sanitised filename, media type), or UploadRejected saying what is wrong.

    Refused: an empty or oversized file, a program or script (by name or by content), and a
    name that is not plain text, holds control characters or names a folder (``../x``).
    Other odd characters (``<>:|?``) are replaced, so a normal name is never refused.
    """
    name = _checked_name(filename)
    shown = sanitise_filename(name)
    if not data:
        raise UploadRejected(f"file {shown}: it is empty (0 bytes); choose a file with content.")
    limit = upload_limit_bytes()
    if len(data) > limit:
        raise UploadRejected(
            f"file {shown}: it is {len(data) / 1024 / 1024:.1f} MB; the upload limit is "
            f"{settings.UPLOAD_LIMIT_MB.value()} MB "
            f"(set ${settings.UPLOAD_LIMIT_MB.env} to change it)."
        )
    suffix = shown.rpartition(".")[2].lower() if "." in shown else ""
    if suffix in BLOCKED_SUFFIXES:
        raise UploadRejected(
            f"file name {shown}: .{suffix} files are programs or scripts, which are not accepted "
            "as evidence; upload a document, image, spreadsheet or export instead.",
            "file name",
        )
    if data.startswith(_PROGRAM_MAGIC) or _is_windows_program(data):
        raise UploadRejected(
            f"file {shown}: the content is a program or script, whatever its name says; "
            "it is not accepted as evidence.",
        )
    return sha256_of(data), shown, media_type_of(shown, data)


def _is_windows_program(data: bytes) -> bool:
    """An MZ header whose pointer at 0x3C leads to a PE signature (a .exe or .dll)."""
    if not data.startswith(b"MZ") or len(data) < 0x40:
        return False
    offset = int.from_bytes(data[0x3C:0x40], "little")
    return data[offset : offset + 4] == b"PE\x00\x00"


def _checked_name(filename: str | bytes | None) -> str:
    if isinstance(filename, bytes):
        try:
            filename = filename.decode("utf-8")
        except UnicodeDecodeError as error:
            raise UploadRejected(
                f"file name: byte 0x{filename[error.start]:02x} at position {error.start + 1} "
                "is not UTF-8 text; rename the file and upload it again.",
                "file name",
            ) from None
    name = str(filename or "")
    bad = next((c for c in name if 0xD800 <= ord(c) <= 0xDFFF), None)
    if bad is not None:
        raise UploadRejected(
            f"file name: position {name.index(bad) + 1} holds bytes that are not text; rename "
            "the file and upload it again.",
            "file name",
        )
    shown = sanitise_filename(name)
    control = _CONTROL.search(name)
    if control:
        raise UploadRejected(
            f"file name {shown}: it holds the control character U+{ord(control.group()):04X} "
            f"at position {control.start() + 1}; rename the file and upload it again.",
            "file name",
        )
    if "/" in name or "\\" in name:
        raise UploadRejected(
            f"file name {name[:80]!r}: it names a folder"
            f"{' (path traversal)' if '..' in name else ''}; upload the file under its own "
            "name, without folders.",
            "file name",
        )
    return name


def path_of(db: Store, sha256: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise ValueError(f"not a SHA-256 digest: {sha256!r}")
    return db.files_dir / sha256[:2] / sha256


def save(db: Store, data: bytes) -> str:
    """Store the bytes (once) and return their SHA-256."""
    digest = sha256_of(data)
    target = path_of(db, digest)
    if target.exists() and target.stat().st_size == len(data):
        return digest
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".partial-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return digest


def load(db: Store, sha256: str) -> bytes:
    """The stored bytes, after checking that they still hash to their name."""
    path = path_of(db, sha256)
    if not path.is_file():
        raise FileNotFoundError(f"evidence file {sha256[:12]}… is missing from {db.files_dir}")
    data = path.read_bytes()
    if sha256_of(data) != sha256:
        raise ValueError(f"evidence file {sha256[:12]}… was altered: its hash no longer matches")
    return data


def hashes_in_use(db: Store) -> set[str]:
    """The SHA-256 of every file some evidence version refers to."""
    with db.connect() as connection:
        rows = connection.execute(
            "SELECT DISTINCT sha256 FROM evidence_versions WHERE sha256 IS NOT NULL"
        ).fetchall()
    return {row[0] for row in rows}
