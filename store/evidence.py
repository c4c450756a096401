"""The evidence library (ISO/IEC 42001 7.5.2, 7.5.3): documents and links under version control.

An item (EV-0001) has a title, kind, labels, owner and links to Annex A controls, clauses and AI
systems. Each upload or link is a version (1, 2, ...) with its author, change note, approver,
approval date and review or expiry date; the highest version is the current one. Every change
is written to the audit trail in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from risk_model import catalogue
from risk_model.access import Actor, require
from risk_model.evidence import EVIDENCE_ITEM, EVIDENCE_KINDS, LINK_KINDS
from store import audit_trail, evidence_files, records
from store.connection import Store
from store.evidence_files import UploadRejected

ENTITY = EVIDENCE_ITEM.table


@dataclass(frozen=True)
class VersionDetails:
    """Document control for one version (7.5.2): who wrote and approved it, and until when."""

    author: str
    change_note: str = ""
    approved_by: str | None = None
    approved_on: date | None = None
    review_due: date | None = None


def _check_item(values: dict) -> dict:
    if not str(values.get("title") or "").strip():
        raise ValueError("Evidence needs a title.")
    if values.get("kind") not in EVIDENCE_KINDS:
        raise ValueError(f"The kind must be one of: {', '.join(EVIDENCE_KINDS)}.")
    labels = values.get("labels") or []
    if isinstance(labels, str):
        labels = [part.strip() for part in labels.split(",")]
    return {**values, "labels": sorted({str(x).strip() for x in labels if str(x).strip()})}


def _check_links(links: dict[str, list[str]] | None) -> dict[str, list[str]]:
    links = {kind: sorted(set(ids or [])) for kind, ids in (links or {}).items()}
    unknown = set(links) - set(LINK_KINDS)
    if unknown:
        raise ValueError(f"Evidence links to {', '.join(LINK_KINDS)}, not {sorted(unknown)}.")
    for control_id in links.get("control", []):
        catalogue.control(control_id)
    for clause_id in links.get("clause", []):
        catalogue.clause(clause_id)
    return links


def add_document(
    db: Store,
    values: dict,
    data: bytes,
    filename: str,
    details: VersionDetails,
    actor: Actor,
    links: dict[str, list[str]] | None = None,
    at: datetime | None = None,
) -> str:
    """Create an item with its first version, an uploaded file; return the item id."""
    return _add_item(db, values, details, actor, links, at, data=data, filename=filename)


def add_link(
    db: Store,
    values: dict,
    url: str,
    details: VersionDetails,
    actor: Actor,
    links: dict[str, list[str]] | None = None,
    at: datetime | None = None,
) -> str:
    """Create an item whose first version is a link (an intranet page, a ticket, a repository)."""
    return _add_item(db, values, details, actor, links, at, url=url)


def _add_item(db, values, details, actor, links, at, data=None, filename=None, url=None) -> str:
    values, links = _check_item(values), _check_links(links)
    file = _prepare(data, filename, url)
    at = at or datetime.now()
    with db.transaction() as connection:
        if file["sha256"]:
            same = connection.execute(
                "SELECT i.id, v.version, i.title FROM evidence_versions v JOIN evidence_items i"
                " ON i.id = v.item_id WHERE v.sha256 = ? AND i.status = 'active' LIMIT 1",
                [file["sha256"]],
            ).fetchone()
            if same:
                raise UploadRejected(
                    f"{file['original_filename']} is already in the library (same SHA-256) as "
                    f"{same[0]} version {same[1]}, “{same[2]}”; add a new version of that item "
                    "instead, or link it to more controls."
                )
        item_id = records.insert(
            connection, EVIDENCE_ITEM, {"status": "active", **values}, actor, at
        )
        _write_version(db, connection, item_id, 1, details, file, actor, at)
        _write_links(connection, item_id, links, actor, at)
    return item_id


def add_version(
    db: Store,
    item_id: str,
    details: VersionDetails,
    actor: Actor,
    data: bytes | None = None,
    filename: str | None = None,
    url: str | None = None,
    at: datetime | None = None,
) -> int:
    """Record version n+1 of an item: a new file (or link). Returns the new version number.

    The same bytes as any earlier version of this item are refused as a duplicate upload.
    """
    file = _prepare(data, filename, url)
    at = at or datetime.now()
    with db.transaction() as connection:
        item = records.existing(connection, EVIDENCE_ITEM, item_id)
        require(actor, "write", ENTITY, item.get("owner"))
        if file["sha256"]:
            same = connection.execute(
                "SELECT version FROM evidence_versions WHERE item_id = ? AND sha256 = ?",
                [item_id, file["sha256"]],
            ).fetchone()
            if same:
                raise UploadRejected(
                    f"{file['original_filename']} is identical (same SHA-256) to version "
                    f"{same[0]} of {item_id}; nothing was added."
                )
        number = connection.execute(
            "SELECT coalesce(max(version), 0) + 1 FROM evidence_versions WHERE item_id = ?",
            [item_id],
        ).fetchone()[0]
        _write_version(db, connection, item_id, number, details, file, actor, at)
        records.touch(connection, EVIDENCE_ITEM, item_id, at)
    return number


def _prepare(data: bytes | None, filename: str | None, url: str | None) -> dict:
    if url is not None:
        url = url.strip()
        if not url.lower().startswith(("https://", "http://")):
            raise UploadRejected("A link must start with https:// or http://.")
        return {
            "url": url,
            "sha256": None,
            "size_bytes": None,
            "media_type": None,
            "original_filename": None,
            "data": None,
        }
    digest, name, media_type = evidence_files.check_upload(data, filename)
    return {
        "url": None,
        "sha256": digest,
        "size_bytes": len(data),
        "media_type": media_type,
        "original_filename": name,
        "data": data,
    }


def _write_version(db, connection, item_id, number, details, file, actor, at) -> None:
    if not str(details.author or "").strip():
        raise ValueError("A version needs an author.")
    if file["data"] is not None:
        evidence_files.save(db, file["data"])
    row = {
        "author": details.author.strip(),
        "change_note": details.change_note or None,
        "approved_by": details.approved_by or None,
        "approved_on": details.approved_on,
        "review_due": details.review_due,
        **{k: v for k, v in file.items() if k != "data"},
    }
    connection.execute(
        f"INSERT INTO evidence_versions (item_id, version, {', '.join(row)}, recorded_at,"
        f" recorded_by) VALUES (?, ?, {', '.join('?' for _ in row)}, ?, ?)",
        [item_id, number, *row.values(), at, actor.name],
    )
    changes = {"version": (number - 1 or None, number)}
    changes.update({k: (None, v) for k, v in row.items() if v is not None})
    audit_trail.append(connection, actor, ENTITY, item_id, "new version", changes, at)


def _write_links(connection, item_id, links, actor, at) -> None:
    for kind, ids in links.items():
        for target_id in ids:
            connection.execute(
                "INSERT OR IGNORE INTO evidence_links VALUES (?, ?, ?, ?)",
                [item_id, kind, target_id, at],
            )
    if any(links.values()):
        changes = {kind: (None, ids) for kind, ids in links.items() if ids}
        audit_trail.append(connection, actor, ENTITY, item_id, "link", changes, at)


def set_links(db: Store, item_id: str, links: dict[str, list[str]], actor: Actor) -> dict:
    """Replace the item's links of the kinds given; returns kind -> (old, new) for changed ones."""
    links = _check_links(links)
    at = datetime.now()
    with db.transaction() as connection:
        item = records.existing(connection, EVIDENCE_ITEM, item_id)
        require(actor, "write", ENTITY, item.get("owner"))
        changes = {}
        for kind, ids in links.items():
            old = sorted(
                r[0]
                for r in connection.execute(
                    "SELECT target_id FROM evidence_links WHERE item_id = ? AND target_kind = ?",
                    [item_id, kind],
                ).fetchall()
            )
            if old == ids:
                continue
            changes[kind] = (old, ids)
            connection.execute(
                "DELETE FROM evidence_links WHERE item_id = ? AND target_kind = ?", [item_id, kind]
            )
            for target_id in ids:
                connection.execute(
                    "INSERT INTO evidence_links VALUES (?, ?, ?, ?)", [item_id, kind, target_id, at]
                )
        if changes:
            audit_trail.append(connection, actor, ENTITY, item_id, "link", changes, at)
            records.touch(connection, EVIDENCE_ITEM, item_id, at)
    return changes


def update_item(db: Store, item_id: str, values: dict, actor: Actor) -> dict:
    def checked(current: dict, values: dict) -> dict:
        whole = _check_item({**current, **values})
        return {k: whole[k] for k in EVIDENCE_ITEM.field_names if k in whole}

    return records.change(db, EVIDENCE_ITEM, item_id, values, actor, check=checked)


def retire_item(db: Store, item_id: str, actor: Actor) -> None:
    with db.transaction() as connection:
        records.retire(connection, EVIDENCE_ITEM, item_id, actor)


def get_item(db: Store, item_id: str) -> dict | None:
    with db.connect() as connection:
        item = records.fetch(connection, EVIDENCE_ITEM, item_id)
    if item is not None:
        item["labels"] = list(item["labels"] or [])
    return item


def record_monitoring_evidence(
    db: Store, system_id: str, run_id: str, summary: str, actor: Actor, at: datetime | None = None
) -> str:
    """Evidence of A.6.2.6 (operation and monitoring) and 9.1 from one monitor run.

    Each system has one item, "Monitoring results — <system id>"; each run becomes its next
    version, a small Markdown report of the run's summary. Returns the item id.
    """
    at = at or datetime.now()
    title = f"Monitoring results — {system_id}"
    with db.connect() as connection:
        found = connection.execute(
            "SELECT id FROM evidence_items WHERE title = ? AND kind = 'monitoring report'",
            [title],
        ).fetchone()
    body = (
        f"# Monitor run {run_id}\n\nSystem: {system_id}\nRun at: {at:%Y-%m-%d %H:%M}\n\n{summary}\n"
    )
    details = VersionDetails(
        actor.name, f"Monitor run {run_id}", review_due=(at + timedelta(days=90)).date()
    )
    filename = f"monitor-run-{run_id}.md"
    if found:
        add_version(db, found[0], details, actor, body.encode("utf-8"), filename, at=at)
        return found[0]
    values = {
        "title": title,
        "kind": "monitoring report",
        "owner": actor.name,
        "labels": ["monitoring"],
    }
    links = {"control": ["A.6.2.6"], "clause": ["9.1"], "ai_system": [system_id]}
    return add_document(db, values, body.encode("utf-8"), filename, details, actor, links, at)
