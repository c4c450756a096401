"""The AI risk register: changes with their version history, reads as of any date, the matrix.

Each change writes the risk, its audit-trail rows and a new ``risk_versions`` snapshot in
one transaction, so the register can be rebuilt as it stood at the end of any past day.
Levels are derived at read time (``risk_register.derive``) from the matrix in app_settings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import duckdb
import pandas as pd

from risk_model.access import AccessDenied, Actor, acceptance_refusal, require
from risk_model.risk_derivation import DERIVED_COLUMNS, derive_frame
from risk_model.risk_matrix import DEFAULT_MATRIX, Appetite, RiskMatrix
from risk_model.risk_register import RETIRED, RISK, SCORE_FIELDS, check_risk, fit_score
from store import audit_trail, records
from store.connection import Store

MATRIX_KEY = "risk_matrix"
DEFAULT_APPETITE = DEFAULT_MATRIX.level_index_by_name("Medium")
SCALE_KEY = "_scale"
"""Snapshot key holding the (likelihood, severity) scale sizes the scores were given on."""
VERSION_FIELDS = (
    "status",
    "owner",
    "mit_subdomain",
    "system_ids",
    *SCORE_FIELDS,
    "treatment_due",
    "treatment_status",
    "accepted_by",
    "accepted_on",
    "acceptance_expires",
)
"""Snapshot fields that ``risk_versions`` also keeps as typed columns (migration 0051), with
the scale sizes as ``likelihood_size`` and ``severity_size``: what a level, its flags and the
register's filters need, so a past register's levels are read without parsing JSON."""


@dataclass(frozen=True)
class RiskSettings:
    matrix: RiskMatrix
    appetite_index: int

    @property
    def appetite_name(self) -> str:
        return self.matrix.levels[self.appetite_index].name


@dataclass(frozen=True)
class RiskFilter:
    business_units: tuple[str, ...] = ()
    system_ids: tuple[str, ...] = ()
    mit_domains: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()
    include_retired: bool = False
    ids: tuple[str, ...] = ()
    """Only these risks (e.g. the page of a large register being shown)."""


def get_settings(db: Store) -> RiskSettings:
    """The risk matrix and appetite in force (the default 5x5 with appetite Medium if unset)."""
    with db.connect() as connection:
        return get_settings_in(connection)


def save_settings(
    db: Store, matrix: RiskMatrix, appetite_index: int, actor: Actor, at: datetime | None = None
) -> int:
    """Store the matrix and appetite. On a change of scale size every risk's scores move to
    the new scales (``fit_score``), each as an audited, versioned change. Returns that count."""
    require(actor, "write", "app_settings")
    Appetite(appetite_index).check(matrix)
    at = at or datetime.now()
    moved = 0
    with db.transaction() as connection:
        old = get_settings_in(connection)
        sizes = (old.matrix.likelihood.size, old.matrix.severity.size)
        new_sizes = (matrix.likelihood.size, matrix.severity.size)
        if sizes != new_sizes:
            for row in _current_rows(connection, include_retired=False):
                values = {}
                for field in ("inherent", "residual"):
                    for axis, old_size, new_size in zip(
                        ("likelihood", "severity"), sizes, new_sizes, strict=True
                    ):
                        value = row.get(f"{field}_{axis}")
                        if value is not None:
                            values[f"{field}_{axis}"] = fit_score(int(value), old_size, new_size)
                if records.update(connection, RISK, row["id"], values, actor, at):
                    _snapshot(connection, row["id"], actor, at, new_sizes)
                    moved += 1
        value = {"matrix": matrix.to_dict(), "appetite_index": appetite_index}
        connection.execute(
            "INSERT OR REPLACE INTO app_settings (key, value, updated_at) VALUES (?, ?, ?)",
            [MATRIX_KEY, json.dumps(value), at],
        )
        change = {
            "matrix": (old.matrix.to_dict(), matrix.to_dict()),
            "appetite": (old.appetite_name, matrix.levels[appetite_index].name),
        }
        audit_trail.append(connection, actor, "app_settings", MATRIX_KEY, "update", change, at)
    return moved


def get_settings_in(connection) -> RiskSettings:
    row = connection.execute(
        "SELECT value FROM app_settings WHERE key = ?", [MATRIX_KEY]
    ).fetchone()
    if row is None:
        return RiskSettings(DEFAULT_MATRIX, DEFAULT_APPETITE)
    data = json.loads(row[0])
    return RiskSettings(RiskMatrix.from_dict(data["matrix"]), int(data["appetite_index"]))


def _check(connection, values: dict, settings: RiskSettings) -> None:
    if not str(values.get("title") or "").strip():
        raise ValueError("A risk needs a title.")
    systems = list(values.get("system_ids") or [])
    if not systems:
        raise ValueError("A risk belongs to at least one AI system.")
    known = {r[0] for r in connection.execute("SELECT id FROM ai_systems").fetchall()}
    unknown = [s for s in systems if s not in known]
    if unknown:
        raise ValueError(f"No AI system with id {', '.join(unknown)}.")
    check = check_risk(values, settings.matrix, settings.appetite_index)
    if check.errors:
        raise ValueError(" ".join(check.errors))


def _check_acceptance(actor: Actor, before: dict, after: dict) -> None:
    """A newly recorded acceptance (or a change of owner or approver on an accepted risk)
    needs someone other than the risk owner (``access.acceptance_refusal``)."""
    approver = str(after.get("accepted_by") or "").strip()
    if not approver:
        return
    if approver == str(before.get("accepted_by") or "").strip() and after.get(
        "owner"
    ) == before.get("owner"):
        return
    refusal = acceptance_refusal(actor, after.get("owner"), approver)
    if refusal:
        raise AccessDenied(refusal)


def _snapshot(connection, risk_id: str, actor: Actor, at: datetime, sizes: tuple) -> None:
    last = connection.execute(
        "SELECT max(version), max(valid_from) FROM risk_versions WHERE risk_id = ?", [risk_id]
    ).fetchone()
    if last[1] is not None and at < last[1]:
        raise ValueError(f"{risk_id}: a change at {at} would precede its last version {last[1]}.")
    record = records.fetch(connection, RISK, risk_id)
    record[SCALE_KEY] = list(sizes)
    connection.execute(
        "UPDATE risk_versions SET valid_to = ? WHERE risk_id = ? AND valid_to IS NULL",
        [at, risk_id],
    )
    typed = [record.get(name) for name in VERSION_FIELDS]
    connection.execute(
        "INSERT INTO risk_versions (risk_id, version, valid_from, valid_to, record, changed_by,"
        f" {', '.join(VERSION_FIELDS)}, likelihood_size, severity_size)"
        f" VALUES (?, ?, ?, NULL, ?, ?, {', '.join('?' * len(VERSION_FIELDS))}, ?, ?)",
        [
            risk_id,
            (last[0] or 0) + 1,
            at,
            json.dumps(record, default=str),
            actor.name,
            *typed,
            *sizes,
        ],
    )


def _sizes(settings: RiskSettings) -> tuple[int, int]:
    return settings.matrix.likelihood.size, settings.matrix.severity.size


def insert_risk(connection, values: dict, actor: Actor, at: datetime) -> str:
    """Insert inside the caller's transaction (the demo and the import use it)."""
    settings = get_settings_in(connection)
    values = {**RISK.defaults, **values}
    for name in ("system_ids", "stakeholders", "control_ids"):
        values[name] = list(values.get(name) or [])
    _check(connection, values, settings)
    _check_acceptance(actor, {}, values)
    risk_id = records.insert(connection, RISK, values, actor, at)
    _snapshot(connection, risk_id, actor, at, _sizes(settings))
    return risk_id


def change_risk(connection, risk_id: str, values: dict, actor: Actor, at: datetime) -> dict:
    settings = get_settings_in(connection)

    def checked(current: dict, values: dict) -> None:
        _check(connection, {**current, **values}, settings)
        _check_acceptance(actor, current, {**current, **values})

    changes = records.update(connection, RISK, risk_id, values, actor, at, check=checked)
    if changes:
        _snapshot(connection, risk_id, actor, at, _sizes(settings))
    return changes


def add_risk(db: Store, values: dict, actor: Actor, at: datetime | None = None) -> str:
    with db.transaction() as connection:
        return insert_risk(connection, values, actor, at or datetime.now())


def update_risk(
    db: Store, risk_id: str, values: dict, actor: Actor, at: datetime | None = None
) -> dict:
    with db.transaction() as connection:
        return change_risk(connection, risk_id, values, actor, at or datetime.now())


def accept_risk(
    db: Store,
    risk_id: str,
    approver: str,
    accepted_on: date,
    expires_on: date | None,
    actor: Actor,
    at: datetime | None = None,
) -> dict:
    """Record a risk acceptance: the approver, the date and an expiry (ISO 31000 6.5.3)."""
    if not approver.strip():
        raise ValueError("An acceptance needs the approver's name.")
    if expires_on is not None and expires_on <= accepted_on:
        raise ValueError("The acceptance must expire after the date it was given.")
    values = {
        "treatment": "accept",
        "status": "accepted",
        "accepted_by": approver.strip(),
        "accepted_on": accepted_on,
        "acceptance_expires": expires_on,
    }
    return update_risk(db, risk_id, values, actor, at)


def retire_risk(db: Store, risk_id: str, actor: Actor, at: datetime | None = None) -> dict:
    return update_risk(db, risk_id, {"status": RETIRED}, actor, at)


def get_risk(db: Store, risk_id: str) -> dict | None:
    with db.connect() as connection:
        return records.fetch(connection, RISK, risk_id)


def _current_rows(connection, include_retired: bool) -> list[dict]:
    where = "" if include_retired else "WHERE status <> 'retired'"
    cursor = connection.execute(f"SELECT * FROM risks {where} ORDER BY id")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def end_of(day: date) -> datetime:
    """The first instant after ``day``: a version counts on ``day`` if valid just before it."""
    return datetime.combine(day + timedelta(days=1), time.min)


def version_rows(connection: duckdb.DuckDBPyConnection, as_of: date) -> list[dict]:
    """Every risk as it stood at the end of ``as_of`` (risks created later are absent)."""
    cutoff = end_of(as_of)
    rows = connection.execute(
        "SELECT record FROM risk_versions WHERE valid_from < ?"
        " AND (valid_to IS NULL OR valid_to >= ?) ORDER BY risk_id",
        [cutoff, cutoff],
    ).fetchall()
    return [json.loads(r[0]) for r in rows]


def fit_to(row: dict, matrix: RiskMatrix) -> dict:
    """A snapshot's scores moved onto the current scales if it was taken on other ones."""
    sizes = row.pop(SCALE_KEY, None) or (matrix.likelihood.size, matrix.severity.size)
    row = dict(row)
    for field in ("inherent", "residual"):
        for axis, old_size, scale in zip(
            ("likelihood", "severity"), sizes, (matrix.likelihood, matrix.severity), strict=True
        ):
            value = row.get(f"{field}_{axis}")
            if value is not None:
                row[f"{field}_{axis}"] = fit_score(int(value), int(old_size), scale.size)
    return row


LIST_COLUMNS = ("system_ids", "stakeholders", "control_ids", "business_units")

_NAMED_SQL = """
links AS (
    SELECT id, unnest(system_ids) AS system_id, unnest(range(1, len(system_ids) + 1)) AS position
    FROM base
),
named AS (
    SELECT l.id,
        string_agg(coalesce(s.name, l.system_id), ', ' ORDER BY l.position) AS systems,
        list_sort(list_distinct(list(s.business_unit) FILTER (WHERE s.business_unit <> '')))
            AS business_units
    FROM links l LEFT JOIN ai_systems s ON s.id = l.system_id
    GROUP BY l.id
),
register AS (
    SELECT base.*, coalesce(named.systems, '') AS systems,
        coalesce(named.business_units, []::VARCHAR[]) AS business_units, {mit_domain}
    FROM base LEFT JOIN named USING (id)
)"""
"""The rows with the names and business units of their systems and their MIT domain."""
_UNNAMED_SQL = "register AS (SELECT base.*, {mit_domain} FROM base)"
_MIT_DOMAIN = (
    "CASE WHEN contains(base.mit_subdomain, '.') THEN split_part(base.mit_subdomain, '.', 1)"
    " END AS mit_domain"
)
_REGISTER_SQL = (
    "WITH base AS ({source}), {register} SELECT {columns} FROM register {where} ORDER BY id"
)
"""The register rows (from ``risks`` or, as of a day, from ``risk_versions``) filtered by
``RiskFilter``; the systems' names are joined only when they are read or filtered on."""

_FILTERS = {
    "business_units": "list_has_any(business_units, $business_units)",
    "system_ids": "list_has_any(system_ids, $system_ids)",
    "mit_domains": "list_contains($mit_domains, mit_domain)",
    "owners": "list_contains($owners, owner)",
    "ids": "list_contains($ids, id)",
}
LEVEL_COLUMNS = (
    "id",
    "inherent_likelihood",
    "inherent_severity",
    "residual_likelihood",
    "residual_severity",
    "status",
    "accepted_by",
    "accepted_on",
    "acceptance_expires",
    "treatment_due",
    "treatment_status",
)
"""What ``risk_levels`` reads: enough to derive every level and flag but the assessment's."""


def _fitted(column: str, old: str, axis: int) -> str:
    """SQL for a snapshot's score given on a scale of size ``old`` moved onto the current
    scale's size (``fit_score``)."""
    new = "$likelihood_size" if axis == 1 else "$severity_size"
    return (
        f"CASE WHEN {column} IS NULL OR {old} IS NULL OR {old} = {new} THEN {column}"
        f" ELSE greatest(1, least({new}, CAST(ceil({column} * {new} / {old}) AS INTEGER))) END"
    )


def _axis(score: str) -> int:
    return 1 if score.endswith("likelihood") else 2


_FILTERED_ON = ("id", "status", "system_ids", "mit_subdomain", "owner")
"""Fields the register SQL reads whatever columns are asked for (filters, names, MIT domain)."""
_VALID_AT_CUTOFF = "valid_from < $cutoff AND (valid_to IS NULL OR valid_to >= $cutoff)"
_ONLY_IDS = " AND list_contains($ids, risk_id)"
_SIZE_COLUMNS = {1: "likelihood_size", 2: "severity_size"}


def _as_of_source(connection, needed: tuple[str, ...] | None = None, ids: bool = False) -> str:
    """Snapshots valid at ``$cutoff`` (of ``$ids`` only when ``ids``) as rows with the
    columns and types of ``risks``; only the ``needed`` ones (and those filtered on) when
    given. Scores move onto the current scale sizes.

    Fields in ``VERSION_FIELDS`` are read from their typed columns; any other field means
    parsing the JSON records, which for 50,000 snapshots costs time and memory. There dates
    and times are read as text first, since a snapshot holds them as ``str(value)``; a date
    is its first ten characters (as ``risk_register._day`` reads it)."""
    where = _VALID_AT_CUTOFF + (_ONLY_IDS if ids else "")
    if needed is not None and {*needed, *_FILTERED_ON} <= {"id", *VERSION_FIELDS}:
        fields = ["risk_id AS id"] + [
            f"{_fitted(name, _SIZE_COLUMNS[_axis(name)], _axis(name))} AS {name}"
            if name in SCORE_FIELDS
            else name
            for name in VERSION_FIELDS
        ]
        return f"SELECT {', '.join(fields)} FROM risk_versions WHERE {where}"
    columns = connection.execute(
        "SELECT column_name, data_type FROM information_schema.columns"
        " WHERE table_name = 'risks' ORDER BY ordinal_position"
    ).fetchall()
    if needed is not None:
        wanted = {*needed, *_FILTERED_ON}
        columns = [(name, kind) for name, kind in columns if name in wanted]
    text = ("DATE", "TIMESTAMP")
    structure = {name: "VARCHAR" if kind in text else kind for name, kind in columns}
    structure[SCALE_KEY] = "INTEGER[]"
    fields = []
    for name, kind in columns:
        if name in SCORE_FIELDS:
            axis = _axis(name)
            fields.append(f"{_fitted(name, f'{SCALE_KEY}[{axis}]', axis)} AS {name}")
        elif kind == "DATE":
            fields.append(f"CAST(left({name}, 10) AS DATE) AS {name}")
        elif kind == "TIMESTAMP":
            fields.append(f"CAST({name} AS TIMESTAMP) AS {name}")
        else:
            fields.append(name)
    return (
        f"SELECT {', '.join(fields)} FROM (SELECT unnest(json_transform(record,"
        f" '{json.dumps(structure)}')) FROM risk_versions WHERE {where})"
    )


def register_rows(
    connection,
    where: RiskFilter,
    as_of: date | None,
    settings: RiskSettings,
    columns: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """The filtered register rows before derivation (lists as lists, dates as ``date``);
    ``columns`` (code constants) reads only those."""
    params: dict = {}
    if as_of is None:
        source = "SELECT * FROM risks"
    else:
        source = _as_of_source(connection, columns, ids=bool(where.ids))
        params |= {"cutoff": end_of(as_of), "likelihood_size": settings.matrix.likelihood.size}
        params["severity_size"] = settings.matrix.severity.size
    clauses = [] if where.include_retired else [f"coalesce(status, 'open') <> '{RETIRED}'"]
    for name, clause in _FILTERS.items():
        if getattr(where, name):
            clauses.append(clause)
            params[name] = list(getattr(where, name))
    if where.ids and as_of is None:  # before the names are joined: a page of a large register
        source = f"SELECT * FROM ({source}) WHERE list_contains($ids, id)"
    named = columns is None or "systems" in columns or bool(where.business_units)
    sql = _REGISTER_SQL.format(
        source=source,
        register=(_NAMED_SQL if named else _UNNAMED_SQL).format(mit_domain=_MIT_DOMAIN),
        where=f"WHERE {' AND '.join(clauses)}" if clauses else "",
        columns=", ".join(columns) if columns else "*",
    )
    frame = connection.execute(sql, params).df(date_as_object=columns is None)
    for name in LIST_COLUMNS:
        if name in frame:
            frame[name] = [[] if v is None else list(v) for v in frame[name]]
    return frame


def list_risks(
    db: Store,
    where: RiskFilter | None = None,
    as_of: date | None = None,
    today: date | None = None,
) -> pd.DataFrame:
    """The register with levels and flags, now (``as_of`` None) or at the end of a past day.

    Flags such as "overdue" are judged on ``as_of`` for a past view, else on ``today``.
    Filtering and the systems' names are set-based (SQL), the levels and flags vectorised
    (``risk_derivation.derive_frame``, checked against the row-wise ``derive`` in tests).
    """
    where = where or RiskFilter()
    on = as_of or today or date.today()
    with db.connect() as connection:
        settings = get_settings_in(connection)
        rows = register_rows(connection, where, as_of, settings)
    frame = derive_frame(rows, settings.matrix, settings.appetite_index, on)
    extra = ["systems", "business_units", "mit_domain"]
    base = [c for c in rows.columns if c not in extra]
    frame = frame[[*base, *DERIVED_COLUMNS, *extra]]
    return frame.astype(object).where(frame.notna(), None)


def risk_levels(
    db: Store,
    where: RiskFilter | None = None,
    as_of: date | None = None,
    today: date | None = None,
) -> pd.DataFrame:
    """``list_risks`` narrowed to ``LEVEL_COLUMNS`` and the derived levels and flags except
    the assessment's ``flags`` and ``unjustified_reduction``; typed columns, for summaries
    of a large register (counts, heatmaps, a page of it: see ``list_risks`` with ``ids``)."""
    where = where or RiskFilter()
    on = as_of or today or date.today()
    with db.connect() as connection:
        settings = get_settings_in(connection)
        rows = register_rows(connection, where, as_of, settings, LEVEL_COLUMNS)
    return derive_frame(rows, settings.matrix, settings.appetite_index, on, flags=False)


NOT_PLOTTED = (RETIRED, "closed")
"""Statuses whose risks are left off the heatmaps and their level counts."""


def heatmap_points(frame: pd.DataFrame) -> tuple[list, list]:
    """(inherent, residual) points ``(id, likelihood, severity)``; an unassessed residual is
    shown at its inherent cell, since nothing has lowered it yet. Closed and retired risks
    (by ``effective_status``, when the frame has it) are not plotted: the register does not
    count them as live or above the appetite either."""
    if "effective_status" in frame.columns:
        frame = frame[~frame["effective_status"].isin(NOT_PLOTTED)]
    if frame.empty:
        return [], []
    ids = frame["id"].tolist()
    lik = pd.to_numeric(frame["inherent_likelihood"]).astype(int)
    sev = pd.to_numeric(frame["inherent_severity"]).astype(int)
    r_lik = pd.to_numeric(frame.get("residual_likelihood"), errors="coerce")
    r_sev = pd.to_numeric(frame.get("residual_severity"), errors="coerce")
    assessed = r_lik.notna() & r_sev.notna()
    r_lik = r_lik.where(assessed, lik).astype(int)
    r_sev = r_sev.where(assessed, sev).astype(int)
    inherent = list(zip(ids, lik.tolist(), sev.tolist(), strict=True))
    residual = list(zip(ids, r_lik.tolist(), r_sev.tolist(), strict=True))
    return inherent, residual


def versions(db: Store, risk_id: str) -> pd.DataFrame:
    with db.connect() as connection:
        return connection.execute(
            "SELECT version, valid_from, valid_to, changed_by, record FROM risk_versions"
            " WHERE risk_id = ? ORDER BY version",
            [risk_id],
        ).df()


def history(db: Store, risk_id: str) -> pd.DataFrame:
    return records.history(db, RISK, risk_id)


def owners(db: Store) -> list[str]:
    with db.connect() as connection:
        rows = connection.execute(
            "SELECT DISTINCT owner FROM risks WHERE owner IS NOT NULL ORDER BY 1"
        ).fetchall()
    return [r[0] for r in rows]


def first_recorded(db: Store) -> date | None:
    """The day the register's first risk was recorded (None for an empty register): an
    as-of day before it shows no risks at all."""
    with db.connect() as connection:
        first = connection.execute("SELECT min(valid_from) FROM risk_versions").fetchone()[0]
    return None if first is None else first.date()
