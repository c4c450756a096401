"""Demo evidence library: about 40 small generated documents (Markdown, PDF) and links.

Each item of ``data/demo/evidence.json`` gets its versions in order, dated back from ``today``,
with review dates that leave a few of them expired so the stale flags show.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

from fpdf import FPDF

from demo import organisation
from risk_model.access import SYSTEM
from store import evidence
from store.connection import Store

ORGANISATION = "Meridian Financial Group"
_LATIN1 = str.maketrans({"—": "-", "–": "-", "’": "'", "“": '"', "”": '"', "…": "..."})


def _day(today: date, offset: int | None) -> date | None:
    return None if offset is None else today + timedelta(days=offset)


def document_text(item: dict, number: int, version: dict, on: date) -> str:
    approval = version["approved_by"] or "not yet approved"
    return (
        f"# {item['title']}\n\n"
        f"{ORGANISATION} · AI management system (ISO/IEC 42001)\n\n"
        f"| Version | {number} |\n|---|---|\n| Date | {on:%Y-%m-%d} |\n"
        f"| Author | {version['author']} |\n| Approved by | {approval} |\n"
        f"| Owner | {item['owner']} |\n\n"
        f"## Purpose\n\n{item['summary']}\n\n"
        f"## Change in this version\n\n{version['note']}\n\n"
        f"## Applies to\n\nControls: {', '.join(item['controls']) or '—'}; "
        f"clauses: {', '.join(item['clauses']) or '—'}.\n"
    )


def document_pdf(text: str, on: date) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime.combine(on, time(9, 0)))
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in text.translate(_LATIN1).splitlines():
        line = line.encode("latin-1", "replace").decode("latin-1")
        if line.startswith("# "):
            pdf.set_font("Helvetica", "B", 15)
            pdf.multi_cell(0, 8, line[2:], new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Helvetica", size=10)
        elif line.startswith("|---"):
            continue
        else:
            pdf.multi_cell(
                0, 5, line.replace("## ", "").strip("| ") or " ", new_x="LMARGIN", new_y="NEXT"
            )
    return bytes(pdf.output())


def _slug(title: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in title.lower()).split())[:60]


def seed(db: Store, today: date) -> dict[str, int]:
    from demo.files import demo_file

    data = json.loads(demo_file("evidence.json").read_text(encoding="utf-8"))
    versions = 0
    for item in data["items"]:
        values = {k: item[k] for k in ("title", "kind", "owner", "labels")}
        values["description"] = item["summary"] if item["format"] != "link" else None
        if item["format"] == "link":
            values["description"] = f"Link to {item['title'].lower()}."
        links = {
            "control": item["controls"],
            "clause": item["clauses"],
            "ai_system": [organisation.SYSTEM_IDS[key] for key in item["systems"]],
        }
        item_id = None
        for number, version in enumerate(item["versions"], start=1):
            on = today - timedelta(days=version["days_ago"])
            at = datetime.combine(on, time(10, 0))
            details = evidence.VersionDetails(
                version["author"],
                version["note"],
                version["approved_by"],
                on if version["approved_by"] else None,
                _day(today, version["review_in_days"]),
            )
            if item["format"] == "link":
                url, data_bytes, name = item["summary"], None, None
            else:
                text = document_text(item, number, version, on)
                if item["format"] == "pdf":
                    data_bytes, name = (
                        document_pdf(text, on),
                        f"{_slug(item['title'])}-v{number}.pdf",
                    )
                else:
                    data_bytes, name = text.encode("utf-8"), f"{_slug(item['title'])}-v{number}.md"
                url = None
            if item_id is None:
                if url:
                    item_id = evidence.add_link(db, values, url, details, SYSTEM, links, at)
                else:
                    item_id = evidence.add_document(
                        db, values, data_bytes, name, details, SYSTEM, links, at
                    )
            else:
                evidence.add_version(db, item_id, details, SYSTEM, data_bytes, name, url, at)
            versions += 1
    return {"evidence items": len(data["items"]), "evidence versions": versions}
