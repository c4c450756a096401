"""What every enterprise seeder shares: the ``Scale`` to reach, and small SQL building blocks.

Kept apart from ``demo.enterprise`` so that the seeders of each area
(``enterprise_risks``, ``enterprise_monitoring``, ``enterprise_assurance``) and the module that
runs them all import it, and none of them imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Scale:
    """Totals to reach (the normal demo's records count towards them)."""

    systems: int = 5_000
    risks: int = 50_000
    models: int = 500
    days: int = 365
    people: int = 2_000
    remediation_actions: int = 200
    audits: int = 40


ENTERPRISE = Scale()


def max_number(connection, table: str, prefix: str) -> int:
    row = connection.execute(
        f"SELECT max(TRY_CAST(regexp_extract(id, '(\\d+)$', 1) AS BIGINT)) FROM {table}"
        " WHERE id LIKE ?",
        [prefix + "-%"],
    ).fetchone()
    return int(row[0] or 0)


def row_count(connection, table: str) -> int:
    return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def table_columns(connection, table: str) -> set[str]:
    rows = connection.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
    ).fetchall()
    return {r[0] for r in rows}


def temp_table(connection, name: str, frame: pd.DataFrame) -> None:
    connection.register("enterprise_frame", frame)
    try:
        connection.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM enterprise_frame")
    finally:
        connection.unregister("enterprise_frame")
