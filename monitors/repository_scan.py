"""Discovery in a code repository's checkout: its files walked and read as text.

The scanner reads text and nothing else: it never imports, runs or builds code from the
repository, follows no symlink (a link is counted and skipped, so nothing outside the
repository is read), and skips binary and huge files with a count. A manifest it cannot parse
is a problem named by file, and the scan goes on. What a file's text holds is decided by
``risk_model.code_scan``.
"""

from __future__ import annotations

import os
from pathlib import Path

from risk_model.code_scan import (
    MAX_FILE_BYTES,
    OWNER_FILES,
    SKIPPED_DIRS,
    Catalogue,
    codeowners_owner,
    file_findings,
    is_scanned,
    manifest_author,
)
from risk_model.discovery import ScanResult


def scan_repository(root: Path, catalogue: Catalogue | None = None) -> ScanResult:
    """Every AI signature in the repository at ``root``. The repository is named by its
    folder; files by their path inside it, with ``/``."""
    catalogue = catalogue or Catalogue.build()
    root = Path(root)
    if not root.is_dir():
        raise ValueError(f"{root}: not a folder (give the path of a repository's checkout)")
    name = root.resolve().name
    result = ScanResult("code", name)
    owner = repository_owner(root)
    for folder, dirs, files in os.walk(root, followlinks=False):
        kept = []
        for d in dirs:
            if os.path.islink(os.path.join(folder, d)):
                result.skipped_symlinks += 1
            elif d not in SKIPPED_DIRS:
                kept.append(d)
        dirs[:] = sorted(kept)
        for filename in sorted(files):
            if not is_scanned(filename):
                continue
            path = os.path.join(folder, filename)
            if os.path.islink(path):
                result.skipped_symlinks += 1
                continue
            text = _read_text(path, result)
            if text is None:
                continue
            result.files_scanned += 1
            relative = os.path.relpath(path, root).replace(os.sep, "/")
            result.findings += file_findings(name, relative, text, catalogue, result, owner)
    return result


def _read_text(path: str, result: ScanResult) -> str | None:
    try:
        if os.path.getsize(path) > MAX_FILE_BYTES:
            result.skipped_huge += 1
            return None
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        result.problems.append((path, f"could not be read: {error.strerror or error}"))
        return None
    if b"\0" in data[:8192]:
        result.skipped_binary += 1
        return None
    return data.decode("utf-8", errors="replace")


def _small_text(path: Path) -> str | None:
    if path.is_file() and not path.is_symlink() and path.stat().st_size < MAX_FILE_BYTES:
        return path.read_text(encoding="utf-8", errors="replace")
    return None


def repository_owner(root: Path) -> str | None:
    """The repository's owner as it names itself: the catch-all rule of CODEOWNERS, else the
    author of package.json or pyproject.toml. None when it names nobody."""
    for name in OWNER_FILES:
        text = _small_text(root / name)
        if text is not None and (found := codeowners_owner(text)):
            return found
    for name in ("package.json", "pyproject.toml"):
        text = _small_text(root / name)
        if text is not None and (found := manifest_author(name, text)):
            return found
    return None
