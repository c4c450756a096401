"""The Nonconformities page's one-read register gives what the separate store reads gave.

The oracles are the row-wise reads as they were before the register (one query each)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta

import pandas as pd
import pytest

from risk_model import nonconformity as rules
from store import nonconformities as ncs


def _old_list(db, today, statuses=(), grades=(), sources=()) -> pd.DataFrame:
    with db.connect() as connection:
        frame = connection.execute(
            "SELECT n.*, s.name AS system_name FROM nonconformities n"
            " LEFT JOIN ai_systems s ON s.id = n.system_id"
            " WHERE n.status <> 'retired' ORDER BY n.raised_on DESC, n.id DESC"
        ).df()
        actions = ncs._actions_by_nc(ncs.list_actions(db, today))
    frame = ncs._tidy(frame, ncs.NC_DATES, ("whys",))
    for column, chosen in (("status", statuses), ("grade", grades), ("source", sources)):
        if chosen:
            frame = frame[frame[column].isin(chosen)]
    mine = [actions.get(i, []) for i in frame["id"]]
    frame["actions"] = [len(rules.live_actions(a)) for a in mine]
    frame["has_plan"] = [rules.has_plan(a) for a in mine]
    frame["overdue_actions"] = [sum(rules.action_overdue(x, today) for x in a) for a in mine]
    return frame.reset_index(drop=True)


def _old_gate(db, today) -> dict:
    frame = _old_list(db, today)
    actions = ncs._actions_by_nc(ncs.list_actions(db, today))
    return asdict(rules.certification_gate(frame.to_dict("records"), actions))


def _old_export(db, today) -> pd.DataFrame:
    frame = _old_list(db, today)
    frame["whys"] = frame["whys"].map(lambda v: " | ".join(v))
    keep = ["id", *ncs.NONCONFORMITY.field_names, "actions", "has_plan", "overdue_actions"]
    return frame[[c for c in keep if c in frame]]


@pytest.mark.parametrize("days", [0, 45, 400])
def test_register_matches_the_separate_reads(demo_db, days):
    today = date.today() + timedelta(days=days)
    register = ncs.nonconformity_register(demo_db, today)
    pd.testing.assert_frame_equal(register.nonconformities, _old_list(demo_db, today))
    pd.testing.assert_frame_equal(register.actions, ncs.list_actions(demo_db, today))
    assert register.gate == _old_gate(demo_db, today) == ncs.certification_gate(demo_db, today)
    pd.testing.assert_frame_equal(
        ncs.overdue_in(register.actions), ncs.overdue_actions(demo_db, today)
    )
    pd.testing.assert_frame_equal(
        ncs.nonconformities_export(register.nonconformities), _old_export(demo_db, today)
    )
    pd.testing.assert_frame_equal(
        ncs.export_nonconformities(demo_db, today), _old_export(demo_db, today)
    )
    pd.testing.assert_frame_equal(
        ncs.actions_export(register.actions), ncs.export_actions(demo_db, today)
    )
    for filters in [
        (rules.STATUSES[:3], (), ()),
        ((), ("major",), ()),
        ((), (), ("incident", "internal audit")),
        (("closed",), ("minor",), ()),
    ]:
        expected = _old_list(demo_db, today, *filters)
        pd.testing.assert_frame_equal(
            ncs.filter_nonconformities(register.nonconformities, *filters), expected
        )
        pd.testing.assert_frame_equal(ncs.list_nonconformities(demo_db, today, *filters), expected)
    for nc_id in register.nonconformities["id"]:
        mine = ncs.actions_of(register.actions, nc_id)
        pd.testing.assert_frame_equal(
            mine, ncs.list_actions(demo_db, today, nc_id), check_dtype=bool(len(mine))
        )
        nc = ncs.get_nonconformity(demo_db, nc_id)
        assert ncs.blockers_of(nc, mine, today) == ncs.closure_blockers(demo_db, nc_id, today)
