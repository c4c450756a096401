"""Discovery: AI found where it shows up, before anyone catalogued it (ISO/IEC 42001 4.1, A.4.2).

A *finding* is one piece of evidence (a manifest line, an import, a registered model, a row of a
spend export). Findings are grouped into *candidates*: one per source, place and provider
(a repository that calls OpenAI, a registered model, a vendor on the invoices), and candidates
sharing a place are one *likely system*. A candidate is triaged: linked to an inventory record,
turned into a new pre-filled record, or dismissed with a reason.

The signature and vendor catalogues are data (``risk_model/data/ai_code_signatures.tsv``,
``ai_vendors.tsv``): a row added there is found on the next scan, without code.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"

SOURCES = {"code": "Code repository", "mlflow": "Model registry", "spend": "Spend or network"}
STATUSES = {
    "open": "Open",
    "linked": "Linked to an inventory record",
    "created": "New inventory record created",
    "dismissed": "Dismissed",
}
OPEN_DAYS = 30
"""A candidate still open after this many days is a pre-audit finding (4.1 / A.4.2)."""

KIND_SOURCING = {"api": "procured", "framework": "hybrid", "model library": "in-house"}
"""How an AI system found through a signature of this kind is likely sourced."""


@dataclass(frozen=True)
class Signature:
    signature: str
    ecosystem: str
    package: str
    module: str
    provider: str
    product: str
    kind: str


@dataclass(frozen=True)
class Vendor:
    vendor: str
    provider: str
    product: str
    names: tuple[str, ...]
    domains: tuple[str, ...]


def _rows(filename: str) -> list[dict[str, str]]:
    with (DATA_DIR / filename).open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def code_signatures() -> tuple[Signature, ...]:
    return tuple(
        Signature(**{k: (v or "").strip() for k, v in r.items()})
        for r in _rows("ai_code_signatures.tsv")
    )


def ai_vendors() -> tuple[Vendor, ...]:
    return tuple(
        Vendor(
            r["vendor"],
            r["provider"],
            r["product"],
            tuple(n.strip().lower() for n in r["names"].split("|") if n.strip()),
            tuple(d.strip().lower() for d in r["domains"].split("|") if d.strip()),
        )
        for r in _rows("ai_vendors.tsv")
    )


@dataclass(frozen=True)
class Finding:
    """One piece of evidence. ``location`` is the repository, registered model or vendor;
    ``file`` and ``line`` say where inside it (a manifest line, a spend export's row)."""

    source: str
    location: str
    file: str
    line: int | None
    signature: str
    provider: str
    product: str
    kind: str
    evidence: str
    details: dict = field(default_factory=dict, compare=False, hash=False)
    """What a new inventory record can be pre-filled with: owner, data inputs, stage, path."""

    @property
    def fingerprint(self) -> str:
        """The same evidence in the same file is the same finding, wherever its line moves."""
        key = "\x1f".join((self.source, self.location, self.file, self.signature, self.evidence))
        return hashlib.sha256(key.encode()).hexdigest()[:24]

    @property
    def candidate_key(self) -> str:
        return "\x1f".join((self.source, self.location, self.provider))


@dataclass
class ScanResult:
    """What one scan found, and what it could not read."""

    source: str
    target: str
    findings: list[Finding] = field(default_factory=list)
    files_scanned: int = 0
    skipped_binary: int = 0
    skipped_huge: int = 0
    skipped_symlinks: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)
    """``(file, message)`` for a manifest or file that could not be read; the scan goes on."""


def prefill(source: str, location: str, provider: str, findings: list[Finding]) -> dict:
    """The inventory record a candidate would become: name, provider, sourcing, owner, data
    inputs where known, and a description naming the evidence."""
    details: dict = {}
    for finding in findings:
        for key, value in finding.details.items():
            details.setdefault(key, value)
    kinds = {f.kind for f in findings}
    kind = next((k for k in ("api", "framework", "model library") if k in kinds), "api")
    products = sorted({f.product for f in findings})
    where = {"code": "repository", "mlflow": "model registry", "spend": "spend export"}[source]
    values = {
        "name": details.get("name") or location,
        "provider": provider,
        "sourcing": details.get("sourcing") or KIND_SOURCING.get(kind, "procured"),
        "owner": details.get("owner"),
        "data_inputs": details.get("data_inputs") or [],
        "description": f"Found by discovery in the {where} {location}: uses "
        + ", ".join(products)
        + ".",
        "lifecycle_stage": details.get("lifecycle_stage"),
    }
    return {k: v for k, v in values.items() if v not in (None, "", [])}


def open_too_long(first_seen: date | datetime, today: date, days: int = OPEN_DAYS) -> bool:
    day = first_seen.date() if isinstance(first_seen, datetime) else first_seen
    return (today - day).days > days
