"""Issue 14.4: an ML owner writes only to the AI systems they own, and a risk's acceptance
needs someone other than its owner. Enforced by the store, whatever a form sends.

Before the fix, an ML owner added a risk to another owner's system by naming themselves its
owner, then accepted it as its approver."""

from __future__ import annotations

from datetime import date

import pytest

from risk_model.access import AccessDenied, Actor, acceptance_refusal, why_not
from store import monitored_models, risks
from tests.store.test_access_write_paths import COMPLIANCE, _risk_values, fingerprint

PRIYA = Actor("Priya Raman", ("ml_owner",))
"""The demo owner of SYS-0001; SYS-0002 belongs to Tom Becker."""


def test_an_ml_owner_cannot_add_a_risk_to_another_owners_system(demo_db):
    values = {**_risk_values(demo_db), "system_ids": ["SYS-0002"], "owner": PRIYA.name}
    before = fingerprint(demo_db)
    with pytest.raises(AccessDenied, match="Tom Becker"):
        risks.add_risk(demo_db, values, PRIYA)
    with pytest.raises(AccessDenied):
        risks.add_risk(demo_db, {**values, "system_ids": ["SYS-0001", "SYS-0002"]}, PRIYA)
    assert fingerprint(demo_db) == before
    own = risks.add_risk(demo_db, {**values, "system_ids": ["SYS-0001"]}, PRIYA)
    with pytest.raises(AccessDenied):  # nor move her risk onto his system
        risks.update_risk(demo_db, own, {"system_ids": ["SYS-0002"]}, PRIYA)
    assert risks.get_risk(demo_db, own)["system_ids"] == ["SYS-0001"]


def test_an_ml_owner_cannot_register_a_model_on_another_owners_system(demo_db):
    model = monitored_models.get_model(demo_db, "MM-0001")
    values = {k: v for k, v in model.items() if k not in ("id", "created_at", "updated_at")}
    values |= {"system_id": "SYS-0002", "owner": PRIYA.name, "name": "Probe"}
    with pytest.raises(AccessDenied):
        monitored_models.register_model(demo_db, values, PRIYA)
    values["system_id"] = "SYS-0001"
    assert monitored_models.register_model(demo_db, values, PRIYA).startswith("MM-")


def test_acceptance_needs_someone_other_than_the_risk_owner(demo_db):
    values = {**_risk_values(demo_db), "system_ids": ["SYS-0001"], "owner": PRIYA.name}
    risk_id = risks.add_risk(demo_db, values, PRIYA)
    day = date(2026, 11, 1)
    before = fingerprint(demo_db)
    with pytest.raises(AccessDenied, match="owns this risk"):
        risks.accept_risk(demo_db, risk_id, PRIYA.name, day, None, PRIYA)
    with pytest.raises(AccessDenied, match="owns this risk"):
        risks.accept_risk(demo_db, risk_id, "Chief Risk Officer", day, None, PRIYA)
    with pytest.raises(AccessDenied, match="other than the risk owner"):
        risks.accept_risk(demo_db, risk_id, "priya raman ", day, None, COMPLIANCE)
    with pytest.raises(AccessDenied):  # nor through a plain update
        risks.update_risk(demo_db, risk_id, {"accepted_by": PRIYA.name}, PRIYA)
    assert fingerprint(demo_db) == before
    risks.accept_risk(demo_db, risk_id, "Chief Risk Officer", day, None, COMPLIANCE)
    assert risks.get_risk(demo_db, risk_id)["accepted_by"] == "Chief Risk Officer"


def test_the_rules_in_words():
    assert acceptance_refusal(COMPLIANCE, "Priya Raman", "Chief Risk Officer") == ""
    other = Actor("Tom Becker", ("ml_owner",))
    assert "cannot approve" in acceptance_refusal(other, "Priya Raman", "Tom Becker")
    assert why_not(PRIYA, "run_monitor", "monitor_runs", PRIYA.name) == ""
    assert "Tom Becker" in why_not(PRIYA, "run_monitor", "monitor_runs", "Tom Becker")
