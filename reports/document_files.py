"""The EU AI Act documents as files: DOCX (python-docx), PDF (``PackPdf``) and JSON.

``export_document`` reads the system's records, builds the document, stores it as a version
(``store.regulatory_documents``: a new version only when the content changed) and renders it
with its version and approval on the cover, so a printed copy says which version it is.
"""

from __future__ import annotations

import io
import json
from datetime import date

from docx import Document

from reports.eu_ai_act_documents import BUILDERS, TO_COMPLETE, count_to_complete
from reports.pdf_tables import PackPdf
from reports.pdf_text import as_text, unicode_font_path
from risk_model.access import Actor
from store import regulatory_documents, system_records
from store.connection import Store

FORMATS = {
    "technical-documentation": ("docx", "pdf"),
    "monitoring-plan": ("docx", "pdf"),
    "fria": ("docx", "pdf"),
    "registration": ("json", "pdf"),
}


def _status_line(version: dict) -> str:
    approved = (
        f"approved by {version['approved_by']} on {version['approved_at']:%Y-%m-%d}"
        if version.get("approved_by")
        else "not yet approved"
    )
    return (
        f"Version {version['version']} ({version['id']}), generated {version['generated_at']:%Y-%m-%d}"
        f" by {version['generated_by']}; {approved}. Parts marked “{TO_COMPLETE}”: "
        f"{version['to_complete']}."
    )


def to_docx(document: dict, version: dict) -> bytes:
    doc = Document()
    doc.add_heading(document["title"], level=0)
    doc.add_paragraph(f"{document['system_name']} ({document['system_id']})")
    doc.add_paragraph(_status_line(version))
    for section in document["sections"]:
        doc.add_heading(f"{section['number']}. {section['title']}", level=1)
        for label, value in section["items"]:
            paragraph = doc.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
        for text in section["paragraphs"]:
            doc.add_paragraph(text)
        table = section.get("table")
        if table:
            _docx_table(doc, table)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _docx_table(doc, table: dict) -> None:
    if not table["rows"]:
        doc.add_paragraph("None recorded.")
        return
    grid = doc.add_table(rows=1, cols=len(table["headers"]))
    grid.style = "Table Grid"
    for cell, header in zip(grid.rows[0].cells, table["headers"], strict=True):
        cell.text = header
    for row in table["rows"]:
        for cell, value in zip(grid.add_row().cells, row, strict=True):
            cell.text = value


def to_pdf(document: dict, version: dict) -> bytes:
    title = f"{document['title']} — {document['system_name']} — v{version['version']}"
    pdf = PackPdf(title, unicode_font_path())
    pdf.set_title(pdf.text_for(title))
    pdf.add_page()
    pdf.heading(document["title"], 18)
    pdf.paragraph(f"{document['system_name']} ({document['system_id']})", 12)
    pdf.paragraph(_status_line(version), 9.5)
    for section in document["sections"]:
        pdf.heading(f"{section['number']}. {section['title']}", 13)
        if section["items"]:
            pdf.table(["Item", "From the records"], section["items"], (90, 180))
        for text in section["paragraphs"]:
            pdf.paragraph(text)
        table = section.get("table")
        if table:
            width = int(270 / len(table["headers"]))
            pdf.table(table["headers"], table["rows"], [width] * len(table["headers"]))
    return bytes(pdf.output())


def to_json(document: dict, version: dict) -> bytes:
    data = {**document, "version": {k: as_text(v) for k, v in version.items()}}
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def export_document(
    db: Store, kind: str, system_id: str, fmt: str, actor: Actor, today: date | None = None
) -> bytes:
    """Generate ``kind`` for ``system_id`` from the records, store it as a version, render it."""
    if kind not in BUILDERS:
        raise ValueError(f"no document {kind!r}; known: {sorted(BUILDERS)}")
    if fmt not in FORMATS[kind]:
        raise ValueError(f"{kind} exports as {' or '.join(FORMATS[kind])}, not {fmt}")
    bundle = system_records.system_records(db, system_id, today or date.today())
    document = BUILDERS[kind](bundle)
    version = regulatory_documents.record_version(
        db, system_id, kind, document, count_to_complete(document), actor
    )
    render = {"docx": to_docx, "pdf": to_pdf, "json": to_json}[fmt]
    return render(document, version)
