"""``python -m store export soa``: the XLSX and PDF files, opened and read back."""

from __future__ import annotations

import csv
import io
import re
import zlib

from openpyxl import load_workbook

from commands import store_cli as cli
from store import soa
from tests.conftest import REFERENCE


def export(db, tmp_path, fmt: str, *extra: str) -> bytes:
    target = tmp_path / f"soa.{fmt}"
    args = ["export", "soa", "--format", fmt, "--output", str(target), "--db", str(db.path)]
    assert cli.main([*args, *extra]) == 0
    return target.read_bytes()


def reference() -> dict[str, str]:
    with (REFERENCE / "iso42001_annex_a.tsv").open(encoding="utf-8") as handle:
        return {row["id"]: row["title"] for row in csv.DictReader(handle, delimiter="\t")}


def pdf_text(data: bytes) -> str:
    """The text drawn by a PDF, decoded through each font's ToUnicode map (no PDF library)."""
    objects = {int(n): body for n, body in re.findall(rb"(\d+) 0 obj(.*?)endobj", data, re.S)}

    def stream(body: bytes) -> bytes:
        raw = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S).group(1)
        return zlib.decompress(raw) if b"/FlateDecode" in body else raw

    fonts: dict[bytes, dict[int, str] | None] = {}
    for body in objects.values():
        for block in re.findall(rb"/Font\s*<<(.*?)>>", body, re.S):
            for name, ref in re.findall(rb"/(\w+)\s+(\d+) 0 R", block):
                tounicode = re.search(rb"/ToUnicode (\d+) 0 R", objects[int(ref)])
                cmap = None
                if tounicode:
                    text = stream(objects[int(tounicode.group(1))])
                    pairs = re.findall(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4,})>", text)
                    cmap = {
                        int(a, 16): bytes.fromhex(b.decode()).decode("utf-16-be") for a, b in pairs
                    }
                fonts[name] = cmap
    out = []
    for body in objects.values():
        if b"stream" not in body or b"/ToUnicode" in body or b"/Length1" in body:
            continue
        try:
            content = stream(body)
        except zlib.error:
            continue
        font = None
        for token in re.finditer(rb"/(\w+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", content, re.S):
            if token.group(1):
                font = fonts.get(token.group(1))
                continue
            raw = re.sub(rb"\\([nrtbf()\\]|[0-7]{1,3})", _unescape, token.group(2))
            if font is None:
                out.append(raw.decode("latin-1"))
            else:
                codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]
                out.append("".join(font.get(c, "?") for c in codes))
        out.append("\n")
    return " ".join(out)


def _unescape(match: re.Match) -> bytes:
    value = match.group(1)
    simple = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
    if value in simple:
        return simple[value]
    if value.isdigit():
        return bytes([int(value, 8)])
    return value


def test_xlsx_export_has_one_row_per_control_with_all_fields(demo_db, tmp_path):
    workbook = load_workbook(io.BytesIO(export(demo_db, tmp_path, "xlsx")))
    rows = list(workbook["Statement of Applicability"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:6] == (
        "Control",
        "Domain",
        "Title",
        "Applicable",
        "Justification",
        "Implementation status",
    )
    assert {
        "Owner",
        "Responsible",
        "Accountable",
        "Consulted",
        "Informed",
        "Risks",
        "Evidence",
    } <= set(header)
    assert {r[0]: r[2] for r in body} == reference()
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in body}
    assert by_id["A.10.4"]["Applicable"] == "No"
    assert by_id["A.10.4"]["Justification"].startswith("Meridian does not provide AI systems")
    assert by_id["A.3.3"]["Justification"] is None
    assert "excluded without justification" in by_id["A.3.3"]["Flags"]
    assert by_id["A.2.2"]["Evidence"].startswith("EV-0001 v3 AI policy")
    approval = dict(workbook["Approval"].iter_rows(values_only=True))
    assert approval["Organisation"] == "Meridian Financial Group"
    assert approval["Version"] == 2 and approval["Status"].startswith("Draft")


def test_approved_version_export_and_csv(demo_db, tmp_path):
    workbook = load_workbook(io.BytesIO(export(demo_db, tmp_path, "xlsx", "--soa-version", "1")))
    approval = dict(workbook["Approval"].iter_rows(values_only=True))
    assert approval["Version"] == 1 and approval["Status"] == "Approved"
    assert approval["Approved by"] == "Dr. Katrin Vogel, Chief Risk Officer"
    text = export(demo_db, tmp_path, "csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["control_id"] for r in rows] == list(reference())


def test_pdf_export_has_a_cover_the_version_and_every_control(demo_db, tmp_path):
    data = export(demo_db, tmp_path, "pdf")
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert "Statement of Applicability" in text
    assert "Meridian Financial Group" in text
    assert "Version 2" in text and "Draft" in text
    for control_id in reference():
        assert control_id in text
    soa.approve_version(demo_db, "Board of Directors", soa.date(2026, 1, 15), cli.SYSTEM)
    approved = pdf_text(export(demo_db, tmp_path, "pdf", "--soa-version", "2"))
    assert "Approved by Board of Directors on 2026-01-15" in approved
