"""Do the audited tables hold what the audit trail says they should?

Every write through the store records each changed field's new value in the trail, so a
record's current value of a field must equal the last value the trail holds for it; a
record the trail created must exist unless the trail purged it; and, in the tables every
row of which is written with the trail, no record may be missing from it. A change made to
the database behind the store's back breaks one of these.
"""

from __future__ import annotations

import json
from collections import defaultdict

import duckdb

from store.audit_trail import _text

AUDITED_TABLES: dict[str, str] = {
    **{
        table: "id"
        for table in (
            "ai_incidents",
            "ai_systems",
            "aims_scope",
            "audit_findings",
            "context_issues",
            "corrective_actions",
            "evidence_items",
            "impact_assessments",
            "interested_parties",
            "internal_audit_programmes",
            "internal_audits",
            "management_reviews",
            "monitored_models",
            "nonconformities",
            "people",
            "readiness_items",
            "remediation_actions",
            "review_actions",
            "risks",
            "statement_of_applicability",
            "training_completions",
        )
    },
    "system_classifications": "system_id",
}
"""Tables every row of which is written with the trail, and the column the trail's
``record_id`` names. A table joins when all its writes go through ``audit_trail.append``."""

PARTLY_AUDITED: dict[str, str] = {"app_settings": "key", "monitor_runs": "id"}
"""Tables of which only some rows are audited: their recorded fields are checked, but a row
without a trail entry is not a finding. (A monitor run is recorded when it finishes; a run
still going, or abandoned by a job that died, has no entry.)"""

LATEST_FIRST = {"system_classifications": "classified_at DESC, id DESC"}
"""Tables that keep every version of a record: the current one is the first in this order."""

GONE = ("purge", "delete")
SHOWN = 3
"""Examples named per table and kind of disagreement; the rest are counted."""


def disagreements(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """One sentence per table and kind of disagreement, naming the first records."""
    columns = _columns(connection)
    tables = {**AUDITED_TABLES, **PARTLY_AUDITED}
    recorded: dict[str, dict[str, dict[str, str | None]]] = defaultdict(lambda: defaultdict(dict))
    names = list(tables)
    for entity, record_id, field, value in connection.execute(
        "SELECT entity, record_id, field, new_value FROM audit_trail"
        " WHERE field IS NOT NULL AND list_contains(?, entity)"
        " QUALIFY row_number() OVER (PARTITION BY entity, record_id, field ORDER BY seq DESC) = 1",
        [names],
    ).fetchall():
        if field in columns.get(entity, ()):
            recorded[entity][record_id][field] = value
    last_action = {
        (entity, record_id): action
        for entity, record_id, action in connection.execute(
            "SELECT entity, record_id, action FROM audit_trail WHERE list_contains(?, entity)"
            " QUALIFY row_number() OVER (PARTITION BY entity, record_id ORDER BY seq DESC) = 1",
            [names],
        ).fetchall()
    }
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for table, key in tables.items():
        if table not in columns:
            continue
        fields = sorted({f for values in recorded[table].values() for f in values})
        current = _current(connection, table, key, fields)
        for record_id, values in recorded[table].items():
            row = current.get(record_id)
            if row is None:
                if last_action.get((table, record_id)) not in GONE:
                    found[(table, "deleted without the trail")].append(record_id)
                continue
            for name, value in values.items():
                if not _same(value, row[name]):
                    found[(table, "changed without the trail")].append(
                        f"{record_id}'s {name} is {_text(_plain(row[name]))!r}, the trail's"
                        f" last value {value!r}"
                    )
        if table in AUDITED_TABLES:
            for record_id in current:
                if (table, record_id) not in last_action:
                    found[(table, "added without the trail")].append(record_id)
    return [
        f"{table}: {len(items)} record(s) {kind}: {'; '.join(items[:SHOWN])}"
        + (f"; and {len(items) - SHOWN} more" if len(items) > SHOWN else "")
        for (table, kind), items in sorted(found.items())
    ]


def _columns(connection: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for table, column in connection.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'"
    ).fetchall():
        out[table].add(column)
    return dict(out)


def _current(connection, table: str, key: str, fields: list[str]) -> dict[str, dict]:
    """Each record's current values of ``fields``, by its key as text. Identifiers come from
    the declarations above and from information_schema, never from the trail's text alone."""
    selected = ", ".join(f'"{name}"' for name in [key, *fields])
    latest = LATEST_FIRST.get(table)
    qualify = (
        f' QUALIFY row_number() OVER (PARTITION BY "{key}" ORDER BY {latest}) = 1' if latest else ""
    )
    cursor = connection.execute(f'SELECT {selected} FROM "{table}"{qualify}')
    return {str(row[0]): dict(zip(fields, row[1:], strict=True)) for row in cursor.fetchall()}


def _plain(value: object) -> object:
    return value.tolist() if hasattr(value, "tolist") else value


def _same(recorded: str | None, current: object) -> bool:
    """Whether a stored value is the one the trail recorded as text (see ``audit_trail._text``)."""
    current = _plain(current)
    if recorded is None:
        return current in (None, "", [])
    text = _text(current)
    if text == recorded:
        return True
    a, b = _loose(recorded), _loose(text)
    if a == b:
        return True
    if isinstance(a, str) and isinstance(b, str):
        return a.removesuffix(" 00:00:00") == b.removesuffix(" 00:00:00")
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return False


def _loose(text: str | None) -> object:
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text
