"""The 2023 US federal AI use-case inventory (710 real, messy rows) imports through its mapping.

The expected values are read from the CSV independently with pandas and from the mapping file.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from risk_model.access import SYSTEM
from risk_model.inventory import AI_SYSTEM, LIFECYCLE_STAGES
from store import Store, importer, inventory

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE = REPO_ROOT / "data" / "samples" / "federal_ai_inventory_2023.csv"
MAPPING_FILE = REPO_ROOT / "data" / "mappings" / "federal_ai_inventory_2023.json"


@pytest.fixture(scope="module")
def source() -> pd.DataFrame:
    return pd.read_csv(SAMPLE, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def mapping() -> dict:
    return json.loads(MAPPING_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def imported(tmp_path_factory, mapping):
    """The store after one import of the sample, the import's summary, and the stored frame."""
    db = Store(tmp_path_factory.mktemp("federal") / "t.duckdb")
    summary = importer.import_file(db, AI_SYSTEM, SAMPLE.read_bytes(), SAMPLE.name, SYSTEM, mapping)
    frame = importer.export_frame(db, AI_SYSTEM)
    return db, summary, frame.set_index("external_id", drop=False)


def test_every_row_becomes_a_system(imported, source):
    _, summary, frame = imported
    assert len(source) == 710
    assert (summary.created, summary.updated, summary.unchanged) == (710, 0, 0)
    assert summary.encoding == "utf-8"
    assert len(frame) == 710
    assert set(frame.index) == set(source["Use_Case_ID"])


def test_duplicate_titles_stay_distinct_systems(imported, source):
    _, _, frame = imported
    key = source["Title"].str.strip().str.casefold()
    duplicated = source[key.duplicated(keep=False)]
    assert duplicated["Title"].str.strip().nunique() == 3
    assert len(duplicated) == 6
    for title, group in duplicated.groupby(duplicated["Title"].str.strip()):
        stored = frame[frame["name"] == title]
        assert sorted(stored["external_id"]) == sorted(group["Use_Case_ID"]), title
        assert stored["id"].nunique() == len(group)


def test_reimport_creates_nothing(imported, mapping):
    db, _, frame = imported
    again = importer.import_file(db, AI_SYSTEM, SAMPLE.read_bytes(), SAMPLE.name, SYSTEM, mapping)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 710)
    assert importer.export_frame(db, AI_SYSTEM).set_index("external_id", drop=False).equals(frame)


def _expected_stage(text: str, stages: dict[str, str]) -> tuple[str | None, str | None]:
    """(stored stage, original text kept) for a Development_Stage cell, from the mapping file."""
    text = text.strip()
    if not text:
        return None, None
    if text in stages:
        return stages[text], None
    direct = [s for s in LIFECYCLE_STAGES if s.casefold() == text.casefold()]
    return (direct[0], None) if direct else ("unknown", text)


def test_lifecycle_stages_follow_the_mapping(imported, source, mapping):
    db, _, frame = imported
    stages = mapping["values"]["lifecycle_stage"]
    assert set(stages.values()) <= set(LIFECYCLE_STAGES)
    expected = {
        row.Use_Case_ID: _expected_stage(row.Development_Stage, stages)
        for row in source.itertuples()
    }
    assert dict(zip(frame.index, frame["lifecycle_stage"], strict=True)) == {
        k: v[0] for k, v in expected.items()
    }
    unknown = {k: v[1] for k, v in expected.items() if v[0] == "unknown"}
    assert len(unknown) == 4, "four free-text stages are not in the mapping"
    with db.connect():
        for external_id, original in unknown.items():
            record = inventory.get_system(db, frame.loc[external_id, "id"])
            assert record["lifecycle_stage"] == "unknown"
            assert importer.source_values(record) == {"lifecycle_stage": original}


def test_stage_counts_match_the_source(imported, source, mapping):
    _, _, frame = imported
    stages = mapping["values"]["lifecycle_stage"]
    expected = Counter(_expected_stage(t, stages)[0] for t in source["Development_Stage"])
    assert Counter(frame["lifecycle_stage"]) == expected
    assert frame["lifecycle_stage"].isna().sum() == 321


@pytest.mark.parametrize("position", [0, 1, 65, 366, 395, 500, 709])
def test_rows_match_the_csv_read_independently(imported, source, position):
    _, _, frame = imported
    row = source.iloc[position]
    stored = frame.loc[row["Use_Case_ID"]]
    expected = {
        "name": row["Title"].strip(),
        "description": row["Summary"].strip() or None,
        "business_unit": row["Department"].strip() or None,
        "business_function": row["Office"].strip() or None,
    }
    assert {k: stored[k] for k in expected} == expected
    assert stored["status"] == "active"
    assert stored["eu_ai_act_tier"] == "unclassified"
    assert stored["owner"] is None, "the sample names no owners"


def test_multiline_summaries_are_kept_whole(imported, source):
    _, _, frame = imported
    multiline = source[source["Summary"].str.contains("\n")]
    assert len(multiline) > 10
    for row in multiline.head(20).itertuples():
        assert frame.loc[row.Use_Case_ID, "description"] == row.Summary.strip()
