"""Purging: only an admin, only a retired record, recorded in the audit trail; the chain holds."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from risk_model.access import AccessDenied, Actor
from risk_model.context import CONTEXT_ISSUE
from risk_model.risk_register import RISK
from store import admin, audit_trail, context, records, risks
from tests.pages.test_access_pages import APP

COMPLIANCE = Actor("Compliance Officer", ("compliance_manager",))
ADMIN = Actor("IT Administrator", ("admin",))


def count(db, table: str, record_id: str, column: str = "id") -> int:
    with db.connect() as connection:
        return connection.execute(
            f"SELECT count(*) FROM {table} WHERE {column} = ?", [record_id]
        ).fetchone()[0]


def test_an_admin_purges_a_retired_record_and_the_trail_keeps_it(demo_db):
    before = context.list_records(demo_db, CONTEXT_ISSUE, include_retired=True)
    record = before.set_index("id").loc["CTX-0003"]
    records.retire_record(demo_db, CONTEXT_ISSUE, "CTX-0003", COMPLIANCE)
    changes = admin.purge(demo_db, CONTEXT_ISSUE, "CTX-0003", ADMIN, "Entered twice by mistake")
    assert count(demo_db, "context_issues", "CTX-0003") == 0
    assert changes["title"] == (record["title"], None)
    history = audit_trail.record_history(demo_db, "context_issues", "CTX-0003")
    purged = history[history["action"] == "purge"]
    assert set(purged["actor"]) == {ADMIN.name}
    assert purged.set_index("field").loc["reason", "new_value"] == "Entered twice by mistake"
    assert purged.set_index("field").loc["title", "old_value"] == record["title"]
    assert history["action"].tolist()[0] == "create"  # the earlier history stays
    with demo_db.connect() as connection:
        assert audit_trail.verify(connection).ok


def test_purging_a_risk_takes_its_versions_with_it(demo_db):
    risk_id = str(risks.list_risks(demo_db)["id"].iloc[0])
    versions = count(demo_db, "risk_versions", risk_id, "risk_id")
    assert versions >= 1
    risks.retire_risk(demo_db, risk_id, COMPLIANCE)
    changes = admin.purge(demo_db, RISK, risk_id, ADMIN, "Test risk")
    assert count(demo_db, "risks", risk_id) == count(demo_db, "risk_versions", risk_id, "risk_id")
    assert count(demo_db, "risks", risk_id) == 0
    assert changes["risk_versions rows"] == (versions + 1, 0)  # + the retirement's version


@pytest.mark.parametrize(
    "roles", [("viewer",), ("ml_owner",), ("auditor",), ("compliance_manager",)]
)
def test_only_an_admin_may_purge(demo_db, roles):
    records.retire_record(demo_db, CONTEXT_ISSUE, "CTX-0003", COMPLIANCE)
    with pytest.raises(AccessDenied):
        admin.purge(demo_db, CONTEXT_ISSUE, "CTX-0003", Actor("Someone", roles), "reason")
    assert count(demo_db, "context_issues", "CTX-0003") == 1


def test_an_active_record_is_retired_first_and_a_reason_is_required(demo_db):
    with pytest.raises(ValueError, match="retired"):
        admin.purge(demo_db, CONTEXT_ISSUE, "CTX-0004", ADMIN, "reason")
    records.retire_record(demo_db, CONTEXT_ISSUE, "CTX-0004", COMPLIANCE)
    with pytest.raises(ValueError, match="reason"):
        admin.purge(demo_db, CONTEXT_ISSUE, "CTX-0004", ADMIN, "  ")
    with pytest.raises(ValueError, match="not a register"):
        admin.purge(demo_db, "audit_trail", "1", ADMIN, "cover my tracks")
    assert count(demo_db, "context_issues", "CTX-0004") == 1


def test_the_history_view_offers_an_admin_the_purge_of_a_retired_system(monkeypatch, demo_db):
    from store import inventory

    inventory.retire_system(demo_db, "SYS-0002", COMPLIANCE)
    monkeypatch.setenv("AIMS_DB", str(demo_db.path))
    monkeypatch.setenv("AIMS_LOCAL_ROLES", "compliance_manager,admin")
    app = AppTest.from_file(APP, default_timeout=90)
    app.run()
    app.query_params["record"] = "SYS-0002"
    app.switch_page("pages/risk/inventory.py")
    app.run()
    app.toggle(key="inv-retired").set_value(True).run()
    assert [e for e in app.expander if e.label == "History"]
    purge = app.button(key="purge-ai_systems-SYS-0002")
    assert purge.disabled  # until the confirmation is ticked
    app.text_input(key="purge-ai_systems-SYS-0002-reason").input("Duplicate of SYS-0001")
    app.checkbox(key="purge-ai_systems-SYS-0002-sure").check().run()
    app.button(key="purge-ai_systems-SYS-0002").click().run()
    assert not app.exception
    assert inventory.get_system(demo_db, "SYS-0002") is None
    history = audit_trail.record_history(demo_db, "ai_systems", "SYS-0002")
    assert history["action"].iloc[-1] == "purge"


def test_a_compliance_manager_sees_no_purge(monkeypatch, demo_db):
    from store import inventory

    inventory.retire_system(demo_db, "SYS-0002", COMPLIANCE)
    monkeypatch.setenv("AIMS_DB", str(demo_db.path))
    monkeypatch.setenv("AIMS_LOCAL_ROLES", "compliance_manager")
    app = AppTest.from_file(APP, default_timeout=90)
    app.run()
    app.query_params["record"] = "SYS-0002"
    app.switch_page("pages/risk/inventory.py")
    app.run()
    app.toggle(key="inv-retired").set_value(True).run()
    assert [e for e in app.expander if e.label == "History"]
    assert "Purge permanently" not in [b.label for b in app.button]
