"""Issue 14.13: every ``python -m store`` command exits 0 when done, 1 on a breach or finding,
2 on bad input or a failure, with one clear line and no traceback, also on a truncated store
or a full disk.

Before the fix, a truncated store gave a raw DuckDB traceback with exit 1 (the code that
means "breach") in ``info``, ``audit-trail verify``, ``export``, ``backup`` and ``import``."""

from __future__ import annotations

import errno
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from commands import store_cli as cli

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = {
    "info": ["info"],
    "verify": ["audit-trail", "verify"],
    "export": ["export", "risks"],
    "backup": ["backup", "{tmp}/backup.zip"],
    "import": ["import", "inventory", "{tmp}/systems.csv"],
}


def _run(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "store", *args], cwd=ROOT, capture_output=True, text=True
    )


@pytest.fixture
def truncated(demo_db, tmp_path) -> Path:
    path = tmp_path / "truncated.duckdb"
    shutil.copy(demo_db.path, path)
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 3)
    return path


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_truncated_store_is_one_line_and_exit_2(truncated, tmp_path, command):
    args = [a.replace("{tmp}", str(tmp_path)) for a in COMMANDS[command]]
    (tmp_path / "systems.csv").write_text("name,owner\nClaims triage,Ana Lopez\n")
    result = _run([*args, "--db", str(truncated)])
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert str(truncated) in lines[0] and "restore it from a backup" in lines[0]


def test_a_full_disk_is_one_line_and_exit_2(demo_db):
    result = _run(["export", "risks", "--output", "/dev/full", "--db", str(demo_db.path)])
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: no space left on the device; free some space and run the command again"
    ]


def test_a_full_disk_inside_the_store_is_one_line_and_exit_2(monkeypatch, demo_db, capsys):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(demo_db.path) + ".wal")

    monkeypatch.setitem(cli.COMMANDS, "info", full)
    assert cli.main(["info", "--db", str(demo_db.path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"error: no space left on the device writing {demo_db.path}.wal; free some space and "
        "run the command again"
    ]


def test_the_exit_codes_are_documented():
    assert "Exit codes: 0 done; 1 a breach or finding" in cli.build_parser().format_help()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "0 done, 1 a breach or finding, 2 bad input or a failure" in readme
