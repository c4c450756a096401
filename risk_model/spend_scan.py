"""Spend and network exports against the catalogue of AI vendors and domains.

An expense, procurement or SaaS-management export names a vendor; a web-proxy log names a
domain or URL. Each row naming a catalogued AI vendor is a finding, located at its row (the
header is row 1). An export with neither a vendor nor a domain column is refused, naming the
columns it has.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from risk_model.discovery import Finding, ScanResult, Vendor, ai_vendors
from risk_model.file_reading import FileRejected, Problem, read_table

VENDOR_COLUMNS = (
    "vendor",
    "vendor name",
    "supplier",
    "supplier name",
    "merchant",
    "merchant name",
    "payee",
    "application",
    "app",
    "app name",
    "saas application",
    "service",
)
DOMAIN_COLUMNS = (
    "domain",
    "host",
    "hostname",
    "url",
    "destination",
    "dest host",
    "cs host",
    "site",
    "website",
    "fqdn",
)
OWNER_COLUMNS = ("owner", "cost center owner", "budget owner", "requester", "employee")
EVIDENCE_CHARS = 200


def _header(name: str) -> str:
    return re.sub(r"[\s_\-()]+", " ", name).strip().lower()


def _words(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9.]+", " ", text.lower()).replace(". ", " ").strip() + " "


def host_of(value: str) -> str:
    value = value.strip().lower()
    if "//" not in value:
        value = "//" + value
    try:
        host = urlsplit(value).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".")


def match_vendor(text: str, vendors: tuple[Vendor, ...]) -> Vendor | None:
    """The vendor whose name appears in ``text`` as whole words (``OpenAI, L.L.C.`` is
    OpenAI; ``OpenAIR Logistics`` is not); the longest name wins (Azure OpenAI over OpenAI)."""
    words = _words(text)
    best: tuple[int, Vendor] | None = None
    for vendor in vendors:
        for name in vendor.names:
            if f" {name} " in words and (best is None or len(name) > best[0]):
                best = (len(name), vendor)
    return best[1] if best else None


def _domain_pattern(domain: str) -> re.Pattern:
    labels = [r"[^.]+" if label == "*" else re.escape(label) for label in domain.split(".")]
    return re.compile(r"^(?:.+\.)?" + r"\.".join(labels) + "$")


def match_domain(text: str, vendors: tuple[Vendor, ...]) -> Vendor | None:
    """The vendor whose domain is the host or a parent of it (``api.openai.com``), never a
    host that merely ends with its letters (``notopenai.com``); a ``*`` in a catalogued
    domain stands for one label (``bedrock-runtime.*.amazonaws.com``). The longest wins."""
    host = host_of(text)
    best: tuple[int, Vendor] | None = None
    for vendor in vendors:
        for domain in vendor.domains:
            if _domain_pattern(domain).match(host) and (best is None or len(domain) > best[0]):
                best = (len(domain), vendor)
    return best[1] if best else None


def scan_spend(data: bytes, filename: str, vendors: tuple[Vendor, ...] | None = None) -> ScanResult:
    vendors = vendors if vendors is not None else ai_vendors()
    table = read_table(data, filename)
    headers = [_header(c) for c in table.columns]
    vendor_at = [i for i, h in enumerate(headers) if h in VENDOR_COLUMNS]
    domain_at = [i for i, h in enumerate(headers) if h in DOMAIN_COLUMNS]
    if not vendor_at and not domain_at:
        raise FileRejected(
            [
                Problem(
                    1,
                    "",
                    f"{filename} has no vendor or domain column: its columns are "
                    f"{', '.join(table.columns) or 'none'}. Name the column holding the vendor "
                    f"(e.g. Vendor, Supplier, Merchant) or the domain (Domain, Host, URL).",
                )
            ]
        )
    owner_at = next((i for i, h in enumerate(headers) if h in OWNER_COLUMNS), None)
    result = ScanResult("spend", filename)
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        result.files_scanned += 1
        for index in vendor_at + domain_at:
            cell = row[index] if index < len(row) else ""
            if not cell.strip():
                continue
            vendor = (
                match_vendor(cell, vendors) if index in vendor_at else match_domain(cell, vendors)
            )
            if vendor is None:
                continue
            # a proxy log's hits on one host are one finding; an invoice row is its own
            evidence = (
                " | ".join(c.strip() for c in row if c.strip())[:EVIDENCE_CHARS]
                if index in vendor_at
                else host_of(cell)
            )
            owner = row[owner_at].strip() if owner_at is not None and owner_at < len(row) else ""
            result.findings.append(
                Finding(
                    "spend",
                    vendor.product,
                    filename,
                    number,
                    vendor.vendor,
                    vendor.provider,
                    vendor.product,
                    "api",
                    evidence,
                    {"owner": owner} if owner else {},
                )
            )
            break
    return result
