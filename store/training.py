"""People in AIMS roles, their training completions, and coverage (ISO/IEC 42001 7.2, 7.3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from risk_model import training as rules
from risk_model.access import Actor
from risk_model.file_reading import FileRejected, Problem
from risk_model.row_validation import Mapping, ValidatedRows
from risk_model.training import PERSON, TRAINING_COMPLETION
from store import importer, records
from store.connection import Store


def _frame(frame: pd.DataFrame, list_columns=(), date_columns=()) -> pd.DataFrame:
    frame = frame.astype(object).where(frame.notna(), None)
    for column in list_columns:
        frame[column] = [[] if v is None else list(v.tolist()) for v in frame[column]]
    for column in date_columns:
        frame[column] = frame[column].map(records.as_date)
    return frame


def list_people(db: Store, include_retired: bool = False) -> pd.DataFrame:
    where = "" if include_retired else "WHERE status <> 'retired'"
    with db.connect() as connection:
        frame = connection.execute(
            "SELECT id, external_id, name, email, unit, job_title, aims_roles, status"
            f" FROM people {where} ORDER BY name, id"
        ).df()
    return _frame(frame, ("aims_roles",))


def list_completions(db: Store, include_retired: bool = False) -> pd.DataFrame:
    where = "" if include_retired else "WHERE c.status <> 'retired'"
    with db.connect() as connection:
        frame = connection.execute(
            "SELECT c.id, c.person_id, p.name, p.unit, c.course, c.completed_on, c.score,"
            " c.assessment, c.evaluated_by, c.reference, c.status FROM training_completions c"
            f" LEFT JOIN people p ON p.id = c.person_id {where} ORDER BY c.completed_on DESC, c.id"
        ).df()
    return _frame(frame, date_columns=("completed_on",))


def add_person(db: Store, values: dict, actor: Actor) -> str:
    if not str(values.get("name") or "").strip():
        raise ValueError("Name is required.")
    with db.transaction() as connection:
        return records.insert(connection, PERSON, {"status": "active", **values}, actor)


def update_person(db: Store, person_id: str, values: dict, actor: Actor) -> dict:
    with db.transaction() as connection:
        return records.update(connection, PERSON, person_id, values, actor)


def retire_person(db: Store, person_id: str, actor: Actor) -> None:
    with db.transaction() as connection:
        records.retire(connection, PERSON, person_id, actor)


def _completion_problem(values: dict) -> str | None:
    if values.get("course") not in rules.COURSES:
        return f"{values.get('course')!r} is not a course; choose one of {', '.join(rules.COURSES)}"
    score = values.get("score")
    if score is not None and not 0 <= float(score) <= 100:
        return f"the effectiveness score {score:g} is outside 0-100"
    return None


def add_completion(db: Store, values: dict, actor: Actor, at: datetime | None = None) -> str:
    for spec in TRAINING_COMPLETION.required_fields:
        if values.get(spec.name) in (None, ""):
            raise ValueError(f"{spec.label} is required.")
    problem = _completion_problem(values)
    if problem:
        raise ValueError(problem[0].upper() + problem[1:] + ".")
    with db.transaction() as connection:
        if records.fetch(connection, PERSON, values["person_id"]) is None:
            raise ValueError(f"No person {values['person_id']}.")
        return records.insert(
            connection, TRAINING_COMPLETION, {"status": "active", **values}, actor, at
        )


# --- status, coverage, flags --------------------------------------------------------------------


STATUS_COLUMNS = [
    "person_id",
    "name",
    "unit",
    "aims_roles",
    "course",
    "completed_on",
    "valid_until",
    "score",
    "state",
    "overdue",
    "expiring",
]


@dataclass(frozen=True)
class TrainingOverview:
    """What the training page shows, from one read of people and completions."""

    people: pd.DataFrame
    completions: pd.DataFrame
    status: pd.DataFrame
    coverage_by_role: pd.DataFrame
    coverage_by_unit: pd.DataFrame


def overview(db: Store, today: date) -> TrainingOverview:
    """``list_people``, ``list_completions``, ``status_frame`` and both ``coverage_frame``s."""
    with db.connect():
        people, completions = list_people(db), list_completions(db)
    rows = rules.training_status(people.to_dict("records"), completions.to_dict("records"), today)
    return TrainingOverview(
        people,
        completions,
        pd.DataFrame(rows, columns=STATUS_COLUMNS),
        _coverage_table(rows, "role"),
        _coverage_table(rows, "unit"),
    )


def status_frame(db: Store, today: date) -> pd.DataFrame:
    """One row per active person and required course, with its state (see risk_model.training)."""
    return pd.DataFrame(_status_rows(db, today), columns=STATUS_COLUMNS)


def _status_rows(db: Store, today: date) -> list[dict]:
    with db.connect():
        people = list_people(db).to_dict("records")
        completions = list_completions(db).to_dict("records")
    return rules.training_status(people, completions, today)


def coverage_frame(db: Store, today: date, by: str) -> pd.DataFrame:
    """Coverage per ``role`` or ``unit``: requirements met, required, and their share."""
    return _coverage_table(_status_rows(db, today), by)


def _coverage_table(status_rows: list[dict], by: str) -> pd.DataFrame:
    counts = rules.coverage(status_rows, by)
    frame = pd.DataFrame(
        [(group, met, total) for group, (met, total) in counts.items()],
        columns=[by, "met", "required"],
    )
    frame["coverage"] = frame["met"] / frame["required"]
    if by == "role":
        frame["role"] = frame["role"].map(rules.AIMS_ROLES)
    return frame.sort_values("coverage").reset_index(drop=True)


def overdue_in_aims_roles(db: Store, today: date) -> pd.DataFrame:
    """People in AIMS roles (beyond all staff) with overdue training, for the pre-audit checks.

    Columns: person_id, name, unit, aims_roles, overdue_courses (course ids).
    """
    status = status_frame(db, today)
    late = status[status["overdue"] & status["aims_roles"].map(rules.in_aims_role)]
    grouped = late.groupby("person_id", sort=True).agg(
        name=("name", "first"),
        unit=("unit", "first"),
        aims_roles=("aims_roles", "first"),
        overdue_courses=("course", list),
    )
    return grouped.reset_index()


def checks_records(db: Store, today: date) -> dict:
    """``{"training_overdue": [...]}`` for ``store.checks.EXTRA_LOADERS``."""
    return {"training_overdue": overdue_in_aims_roles(db, today).to_dict("records")}


# --- import and export --------------------------------------------------------------------------


def _unknown_choices(checked, register) -> list[Problem]:
    problems = []
    for row, number in zip(checked.rows, checked.row_numbers, strict=True):
        for name, original in (row.get("source_values") or {}).items():
            spec = register.field(name)
            problems.append(
                Problem(
                    number,
                    name,
                    f"{original!r} is not a known {spec.label.lower()}; use "
                    + ", ".join(spec.label_of(c) for c in spec.choices),
                )
            )
    return problems


def _validated(data: bytes, filename: str, register, mapping) -> ValidatedRows:
    """Read and validate without raising, so that this module's own checks join the list.

    A column named ``external_id`` maps to the external id even when the mapping omits it
    (as every column named like a field does).
    """
    try:
        mapping = Mapping.from_dict(mapping)
    except ValueError as error:
        raise FileRejected([Problem(0, "mapping", str(error))]) from None
    return importer.validated(data, filename, register, mapping)


def import_people(db: Store, data: bytes, filename: str, actor: Actor, mapping=None):
    checked = _validated(data, filename, PERSON, mapping)
    problems = checked.problems + _unknown_choices(checked, PERSON)
    if problems:
        raise FileRejected(problems)
    rows = [{k: v for k, v in r.items() if k != "source_values"} for r in checked.rows]
    return importer.import_rows(db, PERSON, rows, actor, checked)


def _person_keys(db: Store) -> dict[str, str]:
    people = list_people(db, include_retired=True)
    keys: dict[str, str] = {}
    for row in people.itertuples():
        for key in (row.name, row.email, row.external_id, row.id):
            if key:
                keys.setdefault(str(key).strip().casefold(), row.id)
    return keys


def import_completions(db: Store, data: bytes, filename: str, actor: Actor, mapping=None):
    """All or nothing. The person is named by id, employee number, e-mail or name; a row
    updates the completion with the same id, external id, or person, course and date."""
    checked = _validated(data, filename, TRAINING_COMPLETION, mapping)
    problems = checked.problems + _unknown_choices(checked, TRAINING_COMPLETION)
    keys = _person_keys(db)
    rows = []
    for row, number in zip(checked.rows, checked.row_numbers, strict=True):
        row = {k: v for k, v in row.items() if k != "source_values"}
        person = keys.get(str(row.get("person_id") or "").strip().casefold())
        if person is None and row.get("person_id"):
            problems.append(Problem(number, "person_id", f"no person {row.get('person_id')!r}"))
        row["person_id"] = person
        score = row.get("score")
        if isinstance(score, float) and not 0 <= score <= 100:
            problems.append(Problem(number, "score", f"{score:g} is outside 0-100"))
        rows.append(row)
    if problems:
        raise FileRejected(problems)
    created = updated = unchanged = 0
    at = datetime.now()
    with db.transaction() as connection:
        existing = connection.execute(
            "SELECT id, external_id, person_id, course, completed_on FROM training_completions"
        ).fetchall()
        by_id = {r[0]: r[0] for r in existing}
        by_external = {r[1]: r[0] for r in existing if r[1]}
        by_natural = {(r[2], r[3], records.as_date(r[4])): r[0] for r in existing}
        chosen = None
        if checked.match.kind != "default":  # the user chose the key: fields, or none
            chosen = importer._existing_keys(connection, TRAINING_COMPLETION, checked.match)
        for row in rows:
            natural = (row["person_id"], row["course"], row["completed_on"])
            target = by_id.get(row.get("id")) or by_external.get(row.get("external_id"))
            target = target or by_natural.get(natural)
            if chosen is not None:
                target = importer._match(chosen, row, TRAINING_COMPLETION, checked.match)
            values = {k: v for k, v in row.items() if k != "id"}
            if not values.get("status"):  # an empty status cell keeps the status as it is
                values.pop("status", None)
            if target is None:
                values.setdefault("status", "active")
                new_id = records.insert(connection, TRAINING_COMPLETION, values, actor, at)
                by_natural[natural] = new_id
                if chosen is not None:
                    importer.remember(chosen, row, TRAINING_COMPLETION, checked.match, new_id)
                created += 1
            elif records.update(connection, TRAINING_COMPLETION, target, values, actor, at):
                updated += 1
            else:
                unchanged += 1
    notes = tuple(checked.notes)
    if checked.match.kind == "none" and created:
        notes += (importer.none_hint("training"),)
    return importer.ImportSummary(created, updated, unchanged, checked.encoding, notes)


def export_people(db: Store) -> pd.DataFrame:
    return importer.export_frame(db, PERSON)


def export_completions(db: Store) -> pd.DataFrame:
    """The completions with the person's name beside the id (ignored on re-import)."""
    frame = importer.export_frame(db, TRAINING_COMPLETION)
    people = list_people(db, include_retired=True)
    names = dict(zip(people["id"], people["name"], strict=True))
    frame.insert(
        frame.columns.get_loc("person_id") + 1, "person_name", frame["person_id"].map(names)
    )
    return frame
