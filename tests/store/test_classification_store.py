"""EU AI Act classifications stored per system, with the tier on the inventory and history."""

from __future__ import annotations

import json

import duckdb
import pytest

from demo.files import demo_file
from risk_model.access import SYSTEM
from risk_model.eu_ai_act import ClassificationAnswers, classify
from store import classification, inventory


def test_saving_answers_sets_the_tier_and_keeps_the_previous_one(db):
    system_id = inventory.add_system(db, {"name": "Consumer credit scoring"}, SYSTEM)
    first = ClassificationAnswers(transparency_50=frozenset({"50(1)"}))
    classification.save_classification(db, system_id, first, SYSTEM)
    credit = ClassificationAnswers(annex_iii_points=frozenset({"5(b)"}), profiling=True)
    result = classification.save_classification(db, system_id, credit, SYSTEM)
    system = inventory.get_system(db, system_id)
    assert (result.tier, system["eu_ai_act_tier"]) == ("high", "high")
    assert system["eu_ai_act_basis"] == "Annex III 5(b), creditworthiness"
    assert classification.current_answers(db, system_id) == credit
    history = classification.classification_history(db, system_id)
    assert history["tier"].tolist() == ["high", "limited"]
    assert json.loads(history["answers"].iloc[1])["transparency_50"] == ["50(1)"]
    trail = inventory.history(db, system_id)
    tiers = trail[trail["field"] == "eu_ai_act_tier"]["new_value"].tolist()
    assert tiers == ["unclassified", "limited", "high"]


def test_unknown_system_is_refused(db):
    try:
        classification.save_classification(db, "SYS-9999", ClassificationAnswers(), SYSTEM)
    except KeyError as error:
        assert "SYS-9999" in str(error)
    else:
        raise AssertionError("classified a system that does not exist")


def test_demo_classifications_match_the_inventory_tiers(demo_db):
    expected = {
        s["name"]: s["eu_ai_act_tier"]
        for s in json.loads(demo_file("ai_systems.json").read_text(encoding="utf-8"))["systems"]
    }
    with duckdb.connect(str(demo_db.path), read_only=True) as con:
        stored = con.execute("SELECT id, name, eu_ai_act_tier FROM ai_systems").fetchall()
    classified = 0
    for system_id, name, tier in stored:
        assert tier == expected[name], name
        answers = classification.current_answers(demo_db, system_id)
        if tier == "unclassified":
            assert answers is None
            continue
        classified += 1
        assert classify(answers).tier == tier, name
    assert classified == len(stored) - 2
    latest = classification.latest_classifications(demo_db)
    assert len(latest) == classified
    speech = next(i for i, n, _ in stored if n == "Call-centre speech and emotion analytics")
    assert len(classification.classification_history(demo_db, speech)) == 2


def test_the_inventory_cannot_set_the_tier_against_the_classification(db):
    system_id = inventory.add_system(db, {"name": "Consumer credit scoring"}, SYSTEM)
    credit = ClassificationAnswers(annex_iii_points=frozenset({"5(b)"}), profiling=True)
    classification.save_classification(db, system_id, credit, SYSTEM)
    for change in ({"eu_ai_act_tier": "minimal"}, {"eu_ai_act_basis": "none"}):
        with pytest.raises(ValueError, match="set only by the EU AI Act classification"):
            inventory.update_system(db, system_id, change, SYSTEM)
    assert inventory.get_system(db, system_id)["eu_ai_act_tier"] == "high"
    # the unchanged value, as a full form would send it, is accepted
    inventory.update_system(db, system_id, {"eu_ai_act_tier": "high", "owner": "Ann"}, SYSTEM)


def test_the_inventory_form_has_no_tier_input(monkeypatch, demo_db):
    from tests.pages.test_overview_readiness import open_page

    app = open_page(monkeypatch, demo_db, "pages/risk/inventory.py", {"record": "SYS-0001"})
    keys = {w.key for w in app.selectbox} | {w.key for w in app.text_input}
    assert "edit-SYS-0001-owner" in keys
    assert not {"edit-SYS-0001-eu_ai_act_tier", "edit-SYS-0001-eu_ai_act_basis"} & keys
    assert not {"add-eu_ai_act_tier", "add-eu_ai_act_basis"} & keys
    assert any("set by the classification" in c.value for c in app.caption)


# --- Issue 19 item 7: no write path but the classification sets the tier ----------------------


def _credit_system(db) -> str:
    system_id = inventory.add_system(db, {"name": "Consumer credit scoring"}, SYSTEM)
    credit = ClassificationAnswers(annex_iii_points=frozenset({"5(b)"}), profiling=True)
    classification.save_classification(db, system_id, credit, SYSTEM)
    return system_id


def test_an_inventory_import_cannot_lower_a_classified_tier(db):
    from risk_model.file_reading import FileRejected
    from risk_model.inventory import AI_SYSTEM
    from store import importer
    from tests.corpus.broken_files import csv_bytes

    system_id = _credit_system(db)
    rows = [["id", "name", "eu_ai_act_tier"], [system_id, "Consumer credit scoring", "minimal"]]
    with pytest.raises(FileRejected) as rejected:
        importer.import_file(db, AI_SYSTEM, csv_bytes(rows), "f.csv", SYSTEM)
    (problem,) = rejected.value.problems
    assert (problem.row, problem.field) == (2, "eu_ai_act_tier")
    assert "set only by the EU AI Act classification" in problem.message
    assert inventory.get_system(db, system_id)["eu_ai_act_tier"] == "high"
    # the classified value, as an export of the inventory writes it back, changes nothing
    rows[1][2] = "high"
    summary = importer.import_file(db, AI_SYSTEM, csv_bytes(rows), "f.csv", SYSTEM)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 1)


def test_an_imported_new_system_starts_unclassified_or_is_refused(db):
    from risk_model.file_reading import FileRejected
    from risk_model.inventory import AI_SYSTEM
    from store import importer
    from tests.corpus.broken_files import csv_bytes

    rows = [["name", "eu_ai_act_tier", "eu_ai_act_basis"], ["A", "", ""], ["B", "high", ""]]
    with pytest.raises(FileRejected) as rejected:
        importer.import_file(db, AI_SYSTEM, csv_bytes(rows), "f.csv", SYSTEM)
    assert [(p.row, p.field) for p in rejected.value.problems] == [(3, "eu_ai_act_tier")]
    assert inventory.system_names(db) == {}  # all or nothing
    importer.import_file(db, AI_SYSTEM, csv_bytes(rows[:2]), "f.csv", SYSTEM)
    (system,) = importer.export_frame(db, AI_SYSTEM).to_dict("records")
    assert system["eu_ai_act_tier"] == "unclassified"


def test_the_generic_write_path_refuses_the_tier_but_the_classification_sets_it(db):
    from risk_model.inventory import AI_SYSTEM
    from store import records

    system_id = _credit_system(db)
    with db.transaction() as connection, pytest.raises(records.ClassifierOwned):
        records.update(connection, AI_SYSTEM, system_id, {"eu_ai_act_tier": "minimal"}, SYSTEM)
    with pytest.raises(records.ClassifierOwned, match="Classification basis"):
        inventory.add_system(db, {"name": "X", "eu_ai_act_basis": "Art. 6(3)"}, SYSTEM)
    with pytest.raises(records.ClassifierOwned, match="EU AI Act risk classification"):
        inventory.add_system(db, {"name": "Y", "eu_ai_act_tier": "high"}, SYSTEM)
    assert inventory.get_system(db, system_id)["eu_ai_act_tier"] == "high"
    minimal = classification.save_classification(db, system_id, ClassificationAnswers(), SYSTEM)
    assert inventory.get_system(db, system_id)["eu_ai_act_tier"] == minimal.tier == "minimal"
