"""The store's one-call reads for a screen, and the store functions the demo now calls instead of
writing SQL itself: each gives what the single reads give, and opens the store once."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from risk_model.eu_ai_act import ClassificationAnswers
from store import (
    admin,
    classification,
    context,
    evidence_files,
    evidence_register,
    inventory,
    source_access,
)
from store.connection import Store

TODAY = date(2026, 6, 1)


@pytest.fixture
def opens(monkeypatch) -> list[str]:
    """Every time a store file is opened, in order."""
    opened: list[str] = []
    original = Store._opened

    def counted(self):
        opened.append(str(self.path))
        return original(self)

    monkeypatch.setattr(Store, "_opened", counted)
    return opened


def test_scope_screen_is_the_scope_and_the_systems_in_one_open(demo_db, opens):
    scope, systems = context.scope_screen(demo_db)
    assert len(opens) == 1
    assert scope == context.get_scope(demo_db)
    expected = inventory.select_systems(demo_db, context.SCOPE_SYSTEM_COLUMNS)
    pd.testing.assert_frame_equal(systems, expected)
    assert len(systems) > 0 and scope["statement"]


def test_scope_screen_of_an_empty_store_has_an_empty_statement(db):
    scope, systems = context.scope_screen(db)
    assert scope == {} and systems.empty


def test_system_classification_is_the_system_its_answers_and_history(demo_db, opens):
    classified = classification.latest_classifications(demo_db)["system_id"].iloc[0]
    opens.clear()
    screen = classification.system_classification(demo_db, classified)
    assert len(opens) == 1
    assert screen.system == inventory.get_system(demo_db, classified)
    assert screen.answers == classification.current_answers(demo_db, classified)
    pd.testing.assert_frame_equal(
        screen.history, classification.classification_history(demo_db, classified)
    )
    assert len(screen.history) >= 1


def test_a_never_classified_system_shows_empty_answers(demo_db):
    done = set(classification.latest_classifications(demo_db)["system_id"])
    never = next(i for i in inventory.system_names(demo_db) if i not in done)
    screen = classification.system_classification(demo_db, never)
    assert screen.answers == ClassificationAnswers()
    assert screen.history.empty


def test_library_screen_is_the_items_and_the_system_names_in_one_open(demo_db, opens):
    items, systems = evidence_register.library_screen(demo_db, TODAY)
    assert len(opens) == 1
    pd.testing.assert_frame_equal(items, evidence_register.list_items(demo_db, TODAY))
    assert systems == inventory.system_names(demo_db)
    assert len(items) > 0 and len(systems) > 0


def test_hashes_in_use_are_the_current_and_earlier_versions_files(demo_db):
    expected = set()
    for item_id in evidence_register.list_items(demo_db, TODAY)["id"]:
        versions = evidence_register.versions(demo_db, item_id)
        expected |= {h for h in versions["sha256"] if isinstance(h, str)}
    assert evidence_files.hashes_in_use(demo_db) == expected
    assert expected  # the demo holds files


def test_delete_every_record_keeps_the_schema(demo_db):
    before = admin.info(demo_db)
    admin.delete_every_record(demo_db)
    after = admin.info(demo_db)
    assert after["schema_version"] == before["schema_version"]
    assert set(after["records"]) == set(before["records"])
    assert sum(before["records"].values()) > 0
    assert sum(after["records"].values()) == 0


def test_a_data_table_written_is_read_back_by_a_source(db):
    frame = pd.DataFrame({"x": [1.5, 2.5], "label": ["a", "b"]})
    source_access.write_data_table(db, "demo_batches", frame)
    pd.testing.assert_frame_equal(source_access.read_table(db, "demo_batches"), frame)
    source_access.write_data_table(db, "demo_batches", frame.head(1))  # replaced, not appended
    assert len(source_access.read_table(db, "demo_batches")) == 1


@pytest.mark.parametrize("name", ["audit_trail", "ai_systems", 'x"; DROP TABLE risks; --', ""])
def test_a_data_table_never_replaces_an_application_table(db, name):
    with pytest.raises(ValueError, match="not a name for a data table"):
        source_access.write_data_table(db, name, pd.DataFrame({"x": [1]}))
