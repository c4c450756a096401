"""``edited_changes`` (one dict lookup per row) finds what the row-by-row ``.loc`` version did."""

from __future__ import annotations

from datetime import date

import pandas as pd

from risk_model.soa import SOA_COLUMNS
from store import soa
from ui.control_widgets import edited_changes


def _old_edited_changes(original: pd.DataFrame, edited: pd.DataFrame) -> dict[str, dict]:
    changes: dict[str, dict] = {}
    before = original.set_index("control_id")
    for row in edited.to_dict("records"):
        old = before.loc[row["control_id"]]
        diff = {}
        for field in soa.EDITABLE:
            new, was = row.get(field), old[field]
            new = "" if new is None or (isinstance(new, float) and pd.isna(new)) else new
            if (bool(new) != bool(was)) if field == "applicable" else (str(new) != str(was)):
                diff[field] = new
        if diff:
            changes[row["control_id"]] = diff
    return changes


def test_edited_changes_match_the_row_wise_rule(demo_db):
    shown = soa.soa_frame(demo_db, date.today())[list(SOA_COLUMNS)]
    assert edited_changes(shown, shown.copy()) == {} == _old_edited_changes(shown, shown)
    edited = shown.copy()
    edited.loc[0, "applicable"] = not bool(shown.loc[0, "applicable"])
    edited.loc[1, "justification"] = "Needed for the credit models"
    edited.loc[2, "owner"] = None
    edited.loc[3, "implementation_status"] = "implemented"
    edited.loc[4, "informed"] = float("nan")
    edited.loc[5, "consulted"] = shown.loc[5, "consulted"]
    found = edited_changes(shown, edited)
    assert found == _old_edited_changes(shown, edited)
    assert set(found) >= {shown.loc[i, "control_id"] for i in (0, 1)}
