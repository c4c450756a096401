"""Discovery in the store: scans, their findings, and the candidates they add up to.

A scan keeps every finding with its evidence (where, first and last seen, in how many scans).
A finding seen before is the same finding, even on another line; a candidate already triaged
stays triaged, and a dismissed one is re-opened only when a scan brings evidence it did not
have. Triage goes through ``store.records`` and the audit trail.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from risk_model.access import Actor, require
from risk_model.discovery import Finding, ScanResult, prefill
from risk_model.inventory import AI_SYSTEM
from store import audit_trail, records, settings
from store.connection import Store

ENTITY = "discovery_candidates"


@dataclass(frozen=True)
class ScanSummary:
    scan_id: str
    findings: int
    new: int
    changed: int
    candidates_new: int
    reopened: int
    problems: list[tuple[str, str]]


def _next_number(connection, table: str, prefix: str) -> int:
    (top,) = connection.execute(
        f"SELECT max(TRY_CAST(regexp_extract(id, '(\\d+)$', 1) AS INTEGER)) FROM {table}"
        " WHERE id LIKE ?",
        [prefix + "-%"],
    ).fetchone()
    return (top or 0) + 1


def record_scan(
    db: Store, result: ScanResult, actor: Actor, at: datetime | None = None
) -> ScanSummary:
    """Keep what a scan found, in one transaction: new findings are added, findings seen
    before are stamped (and moved to their new line), candidates are created or re-opened."""
    require(actor, "write", ENTITY)
    at = at or datetime.now()
    unique: dict[str, Finding] = {}
    for finding in result.findings:
        unique.setdefault(finding.fingerprint, finding)
    with db.transaction() as connection:
        scan_id = f"SCN-{_next_number(connection, 'discovery_scans', 'SCN'):04d}"
        known = dict(
            connection.execute(
                "SELECT fingerprint, line FROM discovery_findings"
                " WHERE list_contains(?, fingerprint)",
                [list(unique)],
            ).fetchall()
        )
        new = [f for p, f in unique.items() if p not in known]
        moved = {p for p, f in unique.items() if p in known and known[p] != f.line}
        by_key: dict[str, list[Finding]] = {}
        for finding in unique.values():
            by_key.setdefault(finding.candidate_key, []).append(finding)
        candidates = {
            row[1]: row
            for row in connection.execute(
                "SELECT id, candidate_key, status, products, prefill FROM discovery_candidates"
                " WHERE list_contains(?, candidate_key)",
                [list(by_key)],
            ).fetchall()
        }
        new_keys = {f.candidate_key for f in new}
        number = _next_number(connection, "discovery_candidates", "DSC")
        ids, created, reopened = {}, 0, 0
        for key, found in by_key.items():
            first = found[0]
            fill = prefill(first.source, first.location, first.provider, found)
            products = sorted({f.product for f in found})
            if key not in candidates:
                ids[key] = f"DSC-{number:04d}"
                number += 1
                created += 1
                connection.execute(
                    "INSERT INTO discovery_candidates (id, candidate_key, source, location,"
                    " provider, products, prefill, status, first_seen, last_seen, open_since)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)",
                    [
                        ids[key],
                        key,
                        first.source,
                        first.location,
                        first.provider,
                        products,
                        json.dumps(fill, ensure_ascii=False),
                        at,
                        at,
                        at,
                    ],
                )
                continue
            candidate_id, _, status, old_products, _ = candidates[key]
            ids[key] = candidate_id
            merged = sorted(set(old_products or []) | set(products))
            connection.execute(
                "UPDATE discovery_candidates SET last_seen = ?, products = ?, prefill = ?"
                " WHERE id = ?",
                [at, merged, json.dumps(fill, ensure_ascii=False), candidate_id],
            )
            if status == "dismissed" and key in new_keys:
                reopened += 1
                connection.execute(
                    "UPDATE discovery_candidates SET status = 'open', reopened_at = ?,"
                    " open_since = ? WHERE id = ?",
                    [at, at, candidate_id],
                )
                audit_trail.append(
                    connection,
                    actor,
                    ENTITY,
                    candidate_id,
                    "reopen",
                    {"status": ("dismissed", "open")},
                    at,
                )
        if new:
            frame = pd.DataFrame(
                [
                    (
                        f.fingerprint,
                        ids[f.candidate_key],
                        f.source,
                        f.location,
                        f.file,
                        f.line,
                        f.signature,
                        f.product,
                        f.kind,
                        f.evidence,
                    )
                    for f in new
                ],
                columns=[
                    "fingerprint",
                    "candidate_id",
                    "source",
                    "location",
                    "file",
                    "line",
                    "signature",
                    "product",
                    "kind",
                    "evidence",
                ],
            )
            frame["line"] = frame["line"].astype("Int64")
            connection.register("new_findings", frame)
            connection.execute(
                "INSERT INTO discovery_findings (fingerprint, candidate_id, source, location,"
                " file, line, signature, product, kind, evidence, first_scan, last_scan,"
                " first_seen, last_seen, times_seen) SELECT fingerprint, candidate_id, source,"
                " location, file, line, signature, product, kind, evidence, ?, ?, ?, ?, 1"
                " FROM new_findings",
                [scan_id, scan_id, at, at],
            )
            connection.unregister("new_findings")
        seen = [(p, unique[p].line) for p in unique if p in known]
        if seen:
            frame = pd.DataFrame(seen, columns=["fingerprint", "line"])
            frame["line"] = frame["line"].astype("Int64")
            frame["moved"] = [p in moved for p in frame["fingerprint"]]
            connection.register("seen_findings", frame)
            connection.execute(
                "UPDATE discovery_findings SET last_scan = ?, last_seen = ?,"
                " times_seen = times_seen + 1, line = s.line,"
                " changed_scan = CASE WHEN s.moved THEN ? ELSE changed_scan END"
                " FROM seen_findings s WHERE discovery_findings.fingerprint = s.fingerprint",
                [scan_id, at, scan_id],
            )
            connection.unregister("seen_findings")
        problems = [f"{file}: {message}" for file, message in result.problems]
        connection.execute(
            "INSERT INTO discovery_scans VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                scan_id,
                result.source,
                result.target,
                at,
                datetime.now(),
                result.files_scanned,
                result.skipped_binary,
                result.skipped_huge,
                result.skipped_symlinks,
                len(unique),
                len(new),
                len(moved),
                problems,
                actor.name,
            ],
        )
        audit_trail.append(
            connection,
            actor,
            "discovery_scans",
            scan_id,
            "scan",
            {"target": (None, result.target), "new_findings": (None, len(new))},
            at,
        )
    return ScanSummary(
        scan_id, len(unique), len(new), len(moved), created, reopened, list(result.problems)
    )


CANDIDATES_SQL = """
SELECT c.id, c.location, c.source, c.provider, c.products, c.status, c.system_id,
    s.name AS system_name, c.dismissed_reason, c.triaged_by, c.first_seen, c.last_seen,
    c.open_since, c.reopened_at, count(f.fingerprint) AS findings,
    count(f.fingerprint) FILTER (WHERE f.first_scan = l.scan_id) AS new_findings
FROM discovery_candidates c
LEFT JOIN discovery_findings f ON f.candidate_id = c.id
LEFT JOIN (SELECT source, max(id) AS scan_id FROM discovery_scans GROUP BY source) l
    ON l.source = c.source
LEFT JOIN ai_systems s ON s.id = c.system_id
GROUP BY ALL
ORDER BY c.location, c.provider, c.id
"""


def list_candidates(db: Store) -> pd.DataFrame:
    """Every candidate, by likely system (its ``location``), with its finding counts."""
    with db.connect() as connection:
        frame = connection.execute(CANDIDATES_SQL).df()
    frame["products"] = [list(p) if p is not None else [] for p in frame["products"]]
    return frame.astype(object).where(frame.notna(), None)


def candidate_findings(db: Store, candidate_id: str) -> pd.DataFrame:
    with db.connect() as connection:
        return connection.execute(
            "SELECT file, line, product, evidence, first_seen, last_seen, times_seen"
            " FROM discovery_findings WHERE candidate_id = ? ORDER BY file, line",
            [candidate_id],
        ).df()


def latest_changes(db: Store) -> pd.DataFrame:
    """What the last scan of each source found new, or saw move: a re-scan's news."""
    with db.connect() as connection:
        return connection.execute(
            "SELECT f.location, f.file, f.line, f.product, f.evidence, c.id AS candidate_id,"
            " c.status, CASE WHEN f.first_scan = l.scan_id THEN 'new' ELSE 'moved' END AS change"
            " FROM discovery_findings f JOIN discovery_candidates c ON c.id = f.candidate_id"
            " JOIN (SELECT source, max(id) AS scan_id FROM discovery_scans GROUP BY source) l"
            " ON l.source = f.source AND l.scan_id IN (f.first_scan, f.changed_scan)"
            " ORDER BY f.location, f.file, f.line"
        ).df()


def list_scans(db: Store) -> pd.DataFrame:
    with db.connect() as connection:
        return connection.execute(
            "SELECT id, source, target, finished_at, files_scanned, skipped_binary,"
            " skipped_huge, skipped_symlinks, findings, new_findings, changed_findings,"
            " problems, actor FROM discovery_scans ORDER BY id DESC"
        ).df()


def _candidate(connection, candidate_id: str) -> dict:
    return records.existing(connection, ENTITY, candidate_id)


def _triage(connection, candidate: dict, status: str, actor: Actor, at: datetime, **extra) -> None:
    values = {"status": status, "triaged_by": actor.name, "triaged_at": at, **extra}
    connection.execute(
        "UPDATE discovery_candidates SET status = ?, triaged_by = ?, triaged_at = ?,"
        " system_id = ?, dismissed_reason = ? WHERE id = ?",
        [
            status,
            actor.name,
            at,
            extra.get("system_id"),
            extra.get("dismissed_reason"),
            candidate["id"],
        ],
    )
    changes = {k: (candidate.get(k), v) for k, v in values.items() if k in ("status", *extra)}
    audit_trail.append(connection, actor, ENTITY, candidate["id"], status, changes, at)


def link_candidate(
    db: Store, candidate_id: str, system_id: str, actor: Actor, at: datetime | None = None
) -> None:
    """The candidate is an AI system the inventory already holds."""
    require(actor, "write", ENTITY)
    with db.transaction() as connection:
        candidate = _candidate(connection, candidate_id)
        if records.fetch(connection, AI_SYSTEM, system_id) is None:
            raise ValueError(f"No AI system {system_id} in the inventory.")
        _triage(connection, candidate, "linked", actor, at or datetime.now(), system_id=system_id)


def candidate_prefill(db: Store, candidate_id: str) -> dict:
    """The inventory record the candidate would become (name, provider, sourcing, owner...)."""
    with db.connect() as connection:
        return json.loads(_candidate(connection, candidate_id)["prefill"] or "{}")


def create_from_candidate(
    db: Store,
    candidate_id: str,
    actor: Actor,
    changes: dict | None = None,
    at: datetime | None = None,
) -> str:
    """A new inventory record, pre-filled from the evidence (``changes`` override it), created
    through ``store.records`` so the audit trail holds it; the candidate points to it."""
    require(actor, "write", ENTITY)
    at = at or datetime.now()
    with db.transaction() as connection:
        candidate = _candidate(connection, candidate_id)
        values = {**AI_SYSTEM.defaults, **json.loads(candidate["prefill"] or "{}")}
        values.update({k: v for k, v in (changes or {}).items() if v not in (None, "")})
        if not str(values.get("name") or "").strip():
            raise ValueError("An AI system needs a name.")
        system_id = records.insert(connection, AI_SYSTEM, values, actor, at)
        _triage(connection, candidate, "created", actor, at, system_id=system_id)
    return system_id


def dismiss_candidate(
    db: Store, candidate_id: str, reason: str, actor: Actor, at: datetime | None = None
) -> None:
    """Not an AI system to catalogue (a test, a look-alike, a retired tool): the reason stays."""
    require(actor, "write", ENTITY)
    if not str(reason or "").strip():
        raise ValueError("Say why the candidate is dismissed.")
    with db.transaction() as connection:
        candidate = _candidate(connection, candidate_id)
        _triage(
            connection,
            candidate,
            "dismissed",
            actor,
            at or datetime.now(),
            dismissed_reason=reason.strip(),
        )


def open_candidates(db: Store) -> list[dict]:
    """The candidates still open, for the pre-audit check and the overview."""
    with db.connect() as connection:
        cursor = connection.execute(
            "SELECT id, location, provider, source, open_since FROM discovery_candidates"
            " WHERE status = 'open' ORDER BY open_since, id"
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def checks_records(db: Store, today: date) -> dict:
    """``snapshot.extra["discovery_open"]`` for the pre-audit check (``checks_discovery``)."""
    rows = open_candidates(db)
    for row in rows:
        row["open_since"] = row["open_since"].date()
    days = int(settings.DISCOVERY_OPEN_DAYS.value())
    return {"discovery_open": {"days": days, "candidates": rows}}


def discoveries_between(db: Store, since: date | None, until: date) -> dict[str, int]:
    """Candidates first seen after ``since`` (the last management review) up to ``until``, by
    what became of them: the review pack's count."""
    with db.connect() as connection:
        rows = connection.execute(
            "SELECT status, count(*) FROM discovery_candidates"
            " WHERE (? IS NULL OR first_seen::DATE > ?) AND first_seen::DATE <= ?"
            " GROUP BY status",
            [since, since, until],
        ).fetchall()
    return dict(rows)


def uncatalogued(db: Store) -> tuple[int, int]:
    """``(open candidates, likely systems they belong to)``: AI found but not catalogued."""
    with db.connect() as connection:
        (candidates, systems) = connection.execute(
            "SELECT count(*), count(DISTINCT source || '/' || location)"
            " FROM discovery_candidates WHERE status = 'open'"
        ).fetchone()
    return int(candidates), int(systems)


def scannable_folder(text: str) -> Path:
    """The folder the Discovery page may scan: inside one of ``AIMS_DISCOVERY_ROOTS``, symbolic
    links resolved first, so that a page user cannot point the scanner anywhere else."""
    roots = [
        Path(r).expanduser().resolve()
        for r in settings.DISCOVERY_ROOTS.value().split(os.pathsep)
        if r.strip()
    ]
    if not roots:
        raise ValueError(
            "The page scans no folder until an administrator sets AIMS_DISCOVERY_ROOTS; "
            "`python -m store discover code PATH` scans any repository."
        )
    if not str(text or "").strip():
        raise ValueError("Give the folder of a repository's checkout.")
    folder = Path(text.strip()).expanduser().resolve()
    if not any(folder == root or root in folder.parents for root in roots):
        allowed = ", ".join(str(r) for r in roots)
        raise ValueError(f"{text.strip()} is outside the folders the page may scan ({allowed}).")
    if not folder.is_dir():
        raise ValueError(f"{text.strip()} is not a folder.")
    return folder


def scannable_registries() -> list[str]:
    """The MLflow tracking URIs the Discovery page may scan (``AIMS_MLFLOW_URIS``).

    A page user never types a URI: MLflow's client opens whatever it is given (a SQLite file
    anywhere on the server, which it creates and migrates; a file store; any host the server
    reaches), so only an administrator's list is offered."""
    return [uri for uri in settings.MLFLOW_URIS.value().split() if uri.strip()]


def scannable_registry(uri: str) -> str:
    """``uri`` if the page may scan it; otherwise a ``ValueError`` that says how to allow it."""
    allowed = scannable_registries()
    if not allowed:
        raise ValueError(
            "The page scans no registry until an administrator sets AIMS_MLFLOW_URIS; "
            "`python -m store discover mlflow URI` scans any tracking server."
        )
    if uri not in allowed:
        raise ValueError(f"{uri} is not one of the registries the page may scan.")
    return uri
