"""Issue 14.12: ``python -m store demo --db PATH`` refuses a store holding anything but the
demo as it created it, unless ``--force``; a forced wipe is recorded in the new audit trail.

Before the fix, ``demo`` silently wiped whatever store it was pointed at."""

from __future__ import annotations

import duckdb

from commands.store_cli import main
from risk_model.access import Actor
from store import admin, inventory

EDITOR = Actor("Compliance Office", ("compliance_manager",))


def _systems(db) -> int:
    with db.connect() as connection:
        return connection.execute("SELECT count(*) FROM ai_systems").fetchone()[0]


def test_demo_refuses_a_store_with_other_data_unless_forced(demo_db, capsys):
    assert admin.non_demo_data(demo_db) == ""  # the demo as created
    inventory.update_system(demo_db, "SYS-0001", {"description": "Real work"}, EDITOR)
    held = admin.non_demo_data(demo_db)
    assert "Compliance Office" in held
    assert main(["demo", "--db", str(demo_db.path)]) == 2
    assert "--force" in capsys.readouterr().err
    assert inventory.get_system(demo_db, "SYS-0001")["description"] == "Real work"

    assert main(["demo", "--db", str(demo_db.path), "--force"]) == 0
    assert inventory.get_system(demo_db, "SYS-0001")["description"] != "Real work"
    with duckdb.connect(str(demo_db.path), read_only=True) as connection:
        first = connection.execute(
            "SELECT actor, entity, action, field, old_value, new_value FROM audit_trail"
            " ORDER BY seq LIMIT 1"
        ).fetchone()
    assert first[:3] == ("system", "store", "wipe")
    assert admin.non_demo_data(demo_db) == ""  # a fresh demo again: no --force needed
    assert main(["demo", "--db", str(demo_db.path)]) == 0


def test_demo_refuses_a_store_it_did_not_create(db, capsys):
    inventory.add_system(db, {"name": "Claims triage", "owner": "Ana"}, EDITOR)
    assert main(["demo", "--db", str(db.path)]) == 2
    assert "holds" in capsys.readouterr().err
    assert _systems(db) == 1
