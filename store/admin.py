"""Facts about a store file: its path, schema version and what it holds."""

from __future__ import annotations

from store.connection import Store
from store.migrations import current_version

COUNTED_TABLES = ("ai_systems", "context_issues", "interested_parties", "audit_trail")


def info(db: Store) -> dict:
    with db.connect() as connection:
        tables = {
            row[0]
            for row in connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        }
        counts = {}
        for table in sorted(tables - {"schema_version"}):
            counts[table] = connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        return {
            "path": str(db.path),
            "schema_version": current_version(connection),
            "records": counts,
        }


def is_empty(db: Store) -> bool:
    with db.connect() as connection:
        return connection.execute("SELECT count(*) FROM ai_systems").fetchone()[0] == 0
