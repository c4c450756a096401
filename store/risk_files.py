"""CSV and XLSX exchange of the risk register: the export, and the all-or-nothing import.

The import first checks the file like any register's (``importer.check_file``), then checks
each row as a risk (systems exist, scores fit the matrix, residual not worse than inherent),
and writes nothing unless every row passes; each problem names its row.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from risk_model.access import Actor
from risk_model.file_reading import FileRejected, Problem
from risk_model.risk_register import MIT_SUBDOMAIN_LABELS, RISK, SCORE_FIELDS, check_risk
from store import importer, records, risks
from store.connection import Store

DERIVED_COLUMNS = {
    "system_ids": "systems",
    "mit_subdomain": "mit_subdomain_name",
    "inherent_severity": "inherent_level",
    "residual_severity": "residual_level",
}
"""Read-only columns the export adds, each after the field it explains (ignored on import)."""


def export_frame(db: Store) -> pd.DataFrame:
    """Every risk with its systems' names, its MIT subdomain and its current levels."""
    frame = importer.export_frame(db, RISK)
    derived = risks.list_risks(db, risks.RiskFilter(include_retired=True)).set_index("id")
    extra = {
        "systems": derived["systems"],
        "mit_subdomain_name": derived["mit_subdomain"].map(
            lambda s: MIT_SUBDOMAIN_LABELS.get(s, "") if s else ""
        ),
        "inherent_level": derived["inherent_level"],
        "residual_level": derived["residual_level"],
    }
    for column in SCORE_FIELDS:
        # as text: a number column with gaps would be written as "3.0" by the CSV writer
        frame[column] = frame[column].map(lambda v: None if pd.isna(v) else str(int(v)))
    columns = list(frame.columns)
    for after, name in DERIVED_COLUMNS.items():
        frame[name] = frame["id"].map(extra[name]).values
        columns.insert(columns.index(after) + 1, name)
    return frame[columns].astype(object).where(frame[columns].notna(), None)


def _resolve_systems(values: list[str], ids: set[str], by_name: dict[str, str]) -> list[str]:
    out = []
    for value in values:
        found = value if value in ids else by_name.get(value.strip().casefold())
        if found is None:
            raise KeyError(value)
        out.append(found)
    return out


def import_file(
    db: Store, data: bytes, filename: str, actor: Actor, mapping: dict | None = None
) -> importer.ImportSummary:
    checked = importer.check_file(data, filename, RISK, mapping)
    created = updated = unchanged = 0
    at = datetime.now()
    with db.transaction() as connection:
        settings = risks.get_settings_in(connection)
        systems = connection.execute("SELECT id, name FROM ai_systems").fetchall()
        ids, by_name = {s[0] for s in systems}, {s[1].casefold(): s[0] for s in systems}
        existing = importer._existing_keys(connection, RISK, checked.match)
        problems: list[Problem] = []
        plan: list[tuple[str | None, dict]] = []
        for row, number in zip(checked.rows, checked.row_numbers, strict=True):
            values = {k: v for k, v in row.items() if k not in ("id", "source_values")}
            for name, original in (row.get("source_values") or {}).items():
                problems.append(
                    Problem(number, name, f"{original!r} is not a known {RISK.field(name).label}")
                )
            try:
                values["system_ids"] = _resolve_systems(values["system_ids"], ids, by_name)
            except KeyError as error:
                problems.append(Problem(number, "system_ids", f"no AI system {error.args[0]!r}"))
            target = importer._match(existing, row, RISK, checked.match)
            current = records.fetch(connection, RISK, target) if target else {}
            merged = {**(current or {}), **values}
            for message in check_risk(merged, settings.matrix, settings.appetite_index).errors:
                field = _field_of(message)
                problems.append(Problem(number, field, f"“{merged.get('title')}”: {message}"))
            plan.append((target, values))
        if problems:
            raise FileRejected(problems)
        for target, values in plan:
            if target is None:
                risks.insert_risk(connection, values, actor, at)
                created += 1
            elif risks.change_risk(connection, target, values, actor, at):
                updated += 1
            else:
                unchanged += 1
    notes = tuple(checked.notes)
    if checked.match.kind == "none" and created:
        notes += (importer.none_hint("risks"),)
    return importer.ImportSummary(created, updated, unchanged, checked.encoding, notes)


def _field_of(message: str) -> str:
    """The column an assessment error concerns, read from its wording."""
    words = message.lower().replace(",", " ").split()
    if words[:1] in (["inherent"], ["residual"]):
        axis = "severity" if words[1:2] == ["severity"] else "likelihood"
        return f"{words[0]}_{axis}"
    if "treatment" in words[:3]:
        return "treatment"
    return "risk"
