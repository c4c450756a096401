"""The evidence library's filters (search, kind, only expired or due) on the register's rows."""

from __future__ import annotations

import pandas as pd

from risk_model.evidence import filter_items

ITEMS = pd.DataFrame(
    {
        "id": ["EV-1", "EV-2", "EV-3"],
        "title": ["AI Policy", "Model card: scoring", "Minutes of the review"],
        "kind": ["policy", "model card", "minutes"],
        "state": ["current", "expired", "review due"],
        "labels": [["governance"], [], ["Board"]],
        "controls": [["A.2.2"], ["A.6.2.7"], []],
        "clauses": [["5.2"], [], ["9.3"]],
    }
)


def ids(frame: pd.DataFrame) -> list[str]:
    return list(frame["id"])


def test_search_reads_title_labels_controls_and_clauses_without_case():
    assert ids(filter_items(ITEMS, "POLICY", [], False)) == ["EV-1"]
    assert ids(filter_items(ITEMS, "board", [], False)) == ["EV-3"]
    assert ids(filter_items(ITEMS, "a.6.2", [], False)) == ["EV-2"]
    assert ids(filter_items(ITEMS, "9.3", [], False)) == ["EV-3"]
    assert ids(filter_items(ITEMS, "a.2.[2]", [], False)) == []  # literal text, not a pattern


def test_kind_and_stale_filters_combine_with_search():
    assert ids(filter_items(ITEMS, "", ["policy", "minutes"], False)) == ["EV-1", "EV-3"]
    assert ids(filter_items(ITEMS, "", [], True)) == ["EV-2", "EV-3"]
    assert ids(filter_items(ITEMS, "o", ["minutes"], True)) == ["EV-3"]
    assert ids(filter_items(ITEMS, "", [], False)) == ["EV-1", "EV-2", "EV-3"]
