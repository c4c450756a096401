"""Training and awareness: coverage, overdue and expiring flags, import and export."""

from __future__ import annotations

import io
from datetime import date, timedelta

import openpyxl
import pandas as pd
import pytest
from dateutil.relativedelta import relativedelta

from reports.tabular import to_csv_bytes, to_xlsx_bytes
from risk_model.access import LOCAL_USER
from risk_model.file_reading import FileRejected
from risk_model.training import COURSES, ROLE_COURSES
from store import training

TODAY = date(2026, 6, 15)


def independent_status(db, today: date) -> pd.DataFrame:
    """Each active person's required courses and whether a passing completion is still valid."""
    people = training.list_people(db)
    done = training.list_completions(db)
    passed = done[(done["score"].fillna(100) >= 70) & (done["assessment"] != "not effective")]
    rows = []
    for person in people.itertuples():
        required = set(ROLE_COURSES["all_staff"])
        for role in person.aims_roles:
            required |= set(ROLE_COURSES[role])
        for course in required:
            mine = passed[(passed["person_id"] == person.id) & (passed["course"] == course)]
            until = None
            if len(mine):
                months = COURSES[course].validity_months
                until = max(mine["completed_on"]) + relativedelta(months=months)
            rows.append(
                {
                    "unit": person.unit,
                    "roles": person.aims_roles,
                    "course": course,
                    "met": until is not None and until >= today,
                    "expiring": until is not None and today <= until <= today + timedelta(30),
                }
            )
    return pd.DataFrame(rows)


def test_coverage_per_unit_and_role_equals_an_independent_count(demo_db):
    today = date.today()
    truth = independent_status(demo_db, today)
    by_unit = training.coverage_frame(demo_db, today, "unit").set_index("unit")
    expected = truth.groupby("unit")["met"].agg(["sum", "count"])
    assert len(by_unit) == len(expected)
    for unit, row in expected.iterrows():
        assert (by_unit.loc[unit, "met"], by_unit.loc[unit, "required"]) == tuple(row)
    by_role = training.coverage_frame(demo_db, today, "role").set_index("role")
    owners = truth[
        truth["roles"].map(lambda r: "ai_system_owner" in r) & (truth["course"] == "system-owner")
    ]
    assert by_role.loc["AI system owner", "met"] == owners["met"].sum()
    assert by_role.loc["AI system owner", "required"] == len(owners)
    everyone = truth[truth["course"].isin(ROLE_COURSES["all_staff"])]
    assert by_role.loc["All staff", "required"] == len(everyone)
    assert by_role.loc["All staff", "met"] == everyone["met"].sum()
    status = training.status_frame(demo_db, today)
    assert status["expiring"].sum() == truth["expiring"].sum() > 0
    assert status["overdue"].sum() == (~truth["met"]).sum() > 0


def _person(db, name, roles):
    return training.add_person(
        db, {"name": name, "unit": "Data Science", "aims_roles": roles}, LOCAL_USER
    )


def _done(db, person, course, day, score=85.0, assessment=None):
    values = {"person_id": person, "course": course, "completed_on": day, "score": score}
    training.add_completion(db, {**values, "assessment": assessment}, LOCAL_USER)


def test_overdue_and_expiring_flags(db):
    nadia = _person(db, "Nadia Haddad", ["data_scientist"])
    awareness_expired = TODAY - relativedelta(months=12) - timedelta(days=1)
    _done(db, nadia, "ai-awareness", awareness_expired)
    _done(db, nadia, "ai-literacy", TODAY - relativedelta(months=24) + timedelta(days=10))
    _done(db, nadia, "ml-lifecycle", TODAY - timedelta(days=40))
    _done(db, nadia, "fairness", TODAY - timedelta(days=5), score=55.0)  # failed: does not count
    state = training.status_frame(db, TODAY).set_index("course")["state"].to_dict()
    assert state == {
        "ai-awareness": "expired",
        "ai-literacy": "expiring",
        "ml-lifecycle": "current",
        "fairness": "missing",
    }
    overdue = training.overdue_in_aims_roles(db, TODAY)
    assert overdue["overdue_courses"].tolist() == [["ai-awareness", "fairness"]]
    _done(db, nadia, "fairness", TODAY, score=91.0)
    _done(db, nadia, "ai-awareness", TODAY, assessment="effective")
    assert training.overdue_in_aims_roles(db, TODAY).empty
    staff = _person(db, "Zoe Clarke", [])  # all staff only: not an AIMS role
    assert training.overdue_in_aims_roles(db, TODAY).empty
    assert training.status_frame(db, TODAY).query("person_id == @staff")["overdue"].all()
    with pytest.raises(ValueError, match="outside 0-100"):
        _done(db, staff, "ai-awareness", TODAY, score=120.0)
    with pytest.raises(ValueError, match="not a course"):
        _done(db, staff, "python-basics", TODAY)


def test_export_import_round_trip(demo_db, db):
    people = training.export_people(demo_db)
    completions = training.export_completions(demo_db)
    people_file, completions_file = to_csv_bytes(people), to_xlsx_bytes(completions, "Training")
    sheet = openpyxl.load_workbook(io.BytesIO(completions_file)).active
    assert [c.value for c in sheet[1]][:5] == [
        "id",
        "external_id",
        "person_id",
        "person_name",
        "course",
    ]
    assert sheet.max_row == len(completions) + 1
    result = training.import_people(db, people_file, "people.csv", LOCAL_USER)
    assert (result.created, result.updated) == (len(people), 0)
    result = training.import_completions(db, completions_file, "training.xlsx", LOCAL_USER)
    assert result.created == len(completions)
    again = training.import_completions(db, completions_file, "training.xlsx", LOCAL_USER)
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(completions))
    pd.testing.assert_frame_equal(training.export_people(db), people)
    pd.testing.assert_frame_equal(training.export_completions(db), completions)
    today = date.today()
    pd.testing.assert_frame_equal(
        training.status_frame(db, today), training.status_frame(demo_db, today)
    )


def test_a_bad_file_is_rejected_by_row_and_field(db):
    _person(db, "Priya Raman", ["ai_system_owner"])
    good = "person_id,course,completed_on,score\nPriya Raman,AI awareness,2026-01-10,88\n"
    bad = good + (
        "Priya Raman,Blockchain basics,2026-01-11,90\n"
        "Nobody Known,ai-literacy,2026-01-12,75\n"
        "Priya Raman,ai-literacy,31/31/2026,75\n"
        "Priya Raman,system-owner,2026-01-12,175\n"
    )
    with pytest.raises(FileRejected) as rejected:
        training.import_completions(db, bad.encode(), "training.csv", LOCAL_USER)
    where = {(p.row, p.field) for p in rejected.value.problems}
    assert {(3, "course"), (4, "person_id"), (5, "completed_on"), (6, "score")} <= where
    assert training.list_completions(db).empty  # all or nothing
    done = training.import_completions(db, good.encode(), "training.csv", LOCAL_USER)
    assert done.created == 1
    assert training.list_completions(db)["course"].tolist() == ["ai-awareness"]
    with pytest.raises(FileRejected) as rejected:
        training.import_people(db, b"name,aims_roles\nTom Becker,Wizard\n", "p.csv", LOCAL_USER)
    assert [(p.row, p.field) for p in rejected.value.problems] == [(2, "aims_roles")]
