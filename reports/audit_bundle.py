"""The audit bundle: one zip of the current evidence, organised for an auditor by clause and control.

Layout (following "organising evidence for the auditor's access"):

    index.csv                                   every item, its version, SHA-256 and links
    README.txt
    clauses/7.5.3 Control of documented information/EV-0004 v2 - document-control.md
    controls/A.6 AI system life cycle/A.6.2.6 AI system operation and monitoring/EV-0012 v5 - ...
    unlinked/EV-0040 v1 - ...                    items linked to no clause or control

An item linked to several clauses or controls is copied into each of their folders; the index
lists every path. Links (URLs) have no file: the index holds the URL. Index cells that a
spreadsheet would run as a formula get a leading quote, as in every other export.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from datetime import datetime

from reports.tabular import neutralise_cell
from risk_model import catalogue

INDEX_NAME = "index.csv"
INDEX_COLUMNS = (
    "item_id",
    "title",
    "kind",
    "version",
    "sha256",
    "size_bytes",
    "media_type",
    "original_filename",
    "url",
    "owner",
    "author",
    "approved_by",
    "approved_on",
    "review_due",
    "state",
    "controls",
    "clauses",
    "ai_systems",
    "paths",
)
REGISTERS_FOLDER = "registers"
_UNSAFE = re.compile(r"[^\w.,()&' +-]+")


def safe_name(text: str, limit: int = 90) -> str:
    """A folder or file name that is safe in a zip on any system."""
    cleaned = _UNSAFE.sub("_", str(text)).strip(" ._")
    return cleaned[:limit] or "_"


def clause_folder(clause_id: str) -> str:
    return f"clauses/{safe_name(f'{clause_id} {catalogue.clause(clause_id).title}')}"


def control_folder(control_id: str) -> str:
    control = catalogue.control(control_id)
    domain = safe_name(f"{control.domain_id} {control.domain}")
    return f"controls/{domain}/{safe_name(f'{control.id} {control.title}')}"


def member_paths(item: dict) -> list[str]:
    """Where an item's current file goes in the bundle (none for a link)."""
    if not item.get("sha256"):
        return []
    name = safe_name(f"{item['id']} v{item['version']} - {item['original_filename']}", 150)
    folders = [clause_folder(c) for c in item.get("clauses") or []]
    folders += [control_folder(c) for c in item.get("controls") or []]
    return [f"{folder}/{name}" for folder in folders or ["unlinked"]]


def build_bundle(
    items: Iterable[dict],
    read_file: Callable[[str], bytes],
    created_at: datetime,
    registers: dict[str, bytes] | None = None,
) -> bytes:
    """The zip's bytes. ``items`` are current versions (``store.evidence_register.list_items``);
    ``registers`` (name -> CSV bytes) are the documented AIMS's registers (the AI policy and
    policies, their acknowledgements, objectives, responsibilities, documented information, suppliers, datasets, life-cycle records),
    written under ``registers/``."""
    buffer = io.BytesIO()
    index = io.StringIO()
    writer = csv.DictWriter(index, fieldnames=INDEX_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in items:
            paths = member_paths(item)
            if paths:
                data = read_file(item["sha256"])
                for path in paths:
                    archive.writestr(path, data)
            row = {column: item.get(column) for column in INDEX_COLUMNS}
            row["item_id"] = item["id"]
            for column in ("controls", "clauses", "ai_systems"):
                row[column] = "; ".join(item.get(column) or [])
            row["paths"] = "; ".join(paths)
            writer.writerow({k: "" if v is None else neutralise_cell(v) for k, v in row.items()})
        archive.writestr(INDEX_NAME, index.getvalue().encode("utf-8-sig"))
        for name, data in (registers or {}).items():
            archive.writestr(f"{REGISTERS_FOLDER}/{safe_name(name)}.csv", data)
        archive.writestr("README.txt", _readme(created_at))
    return buffer.getvalue()


def _readme(created_at: datetime) -> str:
    return (
        "AIMS evidence bundle (ISO/IEC 42001 7.5)\n"
        f"Created {created_at:%Y-%m-%d %H:%M}.\n\n"
        "clauses/<clause>/ and controls/<domain>/<control>/ hold the current version of every\n"
        "evidence file linked to them; unlinked/ holds the rest. index.csv lists every item with\n"
        "its version, SHA-256, links and paths: check a file with `sha256sum <file>`.\n"
        f"{REGISTERS_FOLDER}/ holds the AI policy and policies, their acknowledgements, the AI\n"
        "objectives, the responsibilities (RACI), the documented information, the AI suppliers and\n"
        "customers (A.10), the datasets (A.7) and the AI system life-cycle records (A.6.2), as CSV.\n"
    )
