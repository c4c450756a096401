"""Numbered schema migrations, applied in order on first use of a store by each process.

Each ``NNNN_name.sql`` file in this folder runs once, inside one transaction, and is then
recorded in ``schema_version``. Never edit a migration that has shipped: add the next one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

MIGRATIONS_DIR = Path(__file__).parent
_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path


def available() -> list[Migration]:
    found = []
    for path in MIGRATIONS_DIR.glob("*.sql"):
        match = _NAME.match(path.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), path))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(versions) != len(set(versions)):
        raise RuntimeError(f"two migrations share a number: {versions}")
    return found


def applied(connection: duckdb.DuckDBPyConnection) -> set[int]:
    connection.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    return {row[0] for row in connection.execute("SELECT version FROM schema_version").fetchall()}


def migrate(connection: duckdb.DuckDBPyConnection) -> list[Migration]:
    """Apply every migration not yet recorded; return the ones applied now."""
    done = applied(connection)
    pending = [m for m in available() if m.version not in done]
    for migration in pending:
        connection.execute("BEGIN TRANSACTION")
        try:
            connection.execute(migration.path.read_text(encoding="utf-8"))
            connection.execute(
                "INSERT INTO schema_version (version, name) VALUES (?, ?)",
                [migration.version, migration.name],
            )
            connection.execute("COMMIT")
        except Exception:
            connection.execute("ROLLBACK")
            raise
    return pending


def current_version(connection: duckdb.DuckDBPyConnection) -> int:
    done = applied(connection)
    return max(done) if done else 0
