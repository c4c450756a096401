"""The typed level columns of ``risk_versions`` (migration 0051): a past register's levels
read from them equal those rebuilt from the JSON snapshots, and the migration fills them
on a store written before it."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pandas as pd
import pytest

from risk_model.access import SYSTEM
from risk_model.risk_matrix import standard_matrix
from store import inventory, risks
from store.connection import Store
from store.migrations import migrate

DATES = ("treatment_due", "accepted_on", "acceptance_expires")
TYPED = (*risks.VERSION_FIELDS, "likelihood_size", "severity_size")


def _past_levels(db: Store, day: date, typed: bool) -> pd.DataFrame:
    """The level columns as of ``day``, from the typed columns or (the oracle) from JSON."""
    with db.connect() as connection:
        settings = risks.get_settings_in(connection)
        columns = risks.LEVEL_COLUMNS if typed else None
        rows = risks.register_rows(connection, risks.RiskFilter(), day, settings, columns)
    rows = rows[list(risks.LEVEL_COLUMNS)].set_index("id").sort_index()
    for name in DATES:  # typed reads give datetime64, whole records give date objects
        rows[name] = pd.to_datetime(rows[name]).dt.date
    return rows.astype(object).where(rows.notna(), None)


def _typed_columns(path) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(
            f"SELECT risk_id, version, {', '.join(TYPED)} FROM risk_versions ORDER BY ALL"
        ).fetchall()


@pytest.mark.parametrize("days_ago", [0, 45, 120, 160])
def test_past_levels_from_the_typed_columns_equal_those_from_the_snapshots(demo_db, days_ago):
    day = date.today() - timedelta(days=days_ago)
    typed = _past_levels(demo_db, day, typed=True)
    assert len(typed) > 10
    pd.testing.assert_frame_equal(typed, _past_levels(demo_db, day, typed=False))


def test_after_a_scale_change_past_scores_are_fitted_alike(demo_db):
    risks.add_risk(
        demo_db,
        {
            "title": "Late change",
            "system_ids": [_a_system(demo_db)],
            "mit_subdomain": "2.1",
            "inherent_likelihood": 5,
            "inherent_severity": 5,
        },
        SYSTEM,
    )
    risks.save_settings(demo_db, standard_matrix(4), 1, SYSTEM)
    day = date.today() - timedelta(days=100)
    typed = _past_levels(demo_db, day, typed=True)
    assert typed["inherent_likelihood"].max() == 4  # 5 on the old scale is 4 on the new
    pd.testing.assert_frame_equal(typed, _past_levels(demo_db, day, typed=False))
    today = _past_levels(demo_db, date.today(), typed=True)
    assert today["inherent_likelihood"].max() == 4


def test_the_migration_fills_the_columns_of_a_store_written_before_it(demo_db):
    written = _typed_columns(demo_db.path)
    assert any(row[2] == "accepted" for row in written)  # a status among them
    with duckdb.connect(str(demo_db.path)) as con:  # back to the schema before 0051
        con.execute("DROP INDEX risk_versions_period")  # DuckDB drops no indexed table's column
        for column in TYPED:
            con.execute(f"ALTER TABLE risk_versions DROP COLUMN {column}")
        con.execute("CREATE INDEX risk_versions_period ON risk_versions (valid_from, valid_to)")
        con.execute("DELETE FROM schema_version WHERE version = 51")
        con.execute("CHECKPOINT")
        applied = migrate(con)
    assert [m.version for m in applied] == [51]
    assert _typed_columns(demo_db.path) == written


def _a_system(db: Store) -> str:
    return inventory.list_systems(db)["id"].iloc[0]
