"""Documented information (ISO/IEC 42001 7.5): procedures, plans and records under control.

Each document has a version, an approver, a review date, its distribution and retention, and
the clauses and controls it serves. The evidence library keeps the evidence that a procedure
is followed; a document links to those items (``evidence_ids``) rather than copying them.
"""

from __future__ import annotations

from datetime import date

from risk_model.fields import Field, Register

KINDS = {"procedure": "Procedure", "plan": "Plan", "record": "Record", "form": "Form or template"}
CONTROLLED = ("procedure", "plan")
"""Kinds that need an approver and a review date to be under control (7.5.2, 7.5.3)."""

DOCUMENT = Register(
    name="documents",
    table="documents",
    id_prefix="DI",
    label="Documented information",
    fields=(
        Field("name", "Title", required=True),
        Field("kind", "Kind", "enum", choices=tuple(KINDS), choice_labels=KINDS, expected=True),
        Field("version", "Version", expected=True),
        Field("owner", "Owner", expected=True),
        Field("approver", "Approved by", expected=True),
        Field("approved_on", "Approved on", "date"),
        Field("next_review", "Next review", "date", expected=True),
        Field("distribution", "Distribution", "list", help="Who receives it"),
        Field("retention", "Retention", expected=True, help="e.g. 7 years after superseded"),
        Field("location", "Where it is kept"),
        Field("clauses", "Clauses", "list", help="e.g. 7.5, 8.1"),
        Field("controls", "Annex A controls", "list", help="e.g. A.6.2.6"),
        Field("evidence_ids", "Evidence items", "list", help="Evidence library ids (EV-...)"),
        Field("status", "Status", "enum", choices=("active", "retired")),
    ),
)


def control_gaps(document: dict, today: date) -> list[str]:
    """Why a procedure or plan is not under control: no approver, or past its review date."""
    if document.get("status") == "retired" or document.get("kind") not in CONTROLLED:
        return []
    gaps = []
    if not str(document.get("approver") or "").strip():
        gaps.append("it has no approver")
    due = document.get("next_review")
    if due is None:
        gaps.append("it has no review date")
    elif due < today:
        gaps.append(f"its review was due on {due:%Y-%m-%d}")
    return gaps


def refers_to(document: dict, reference: str) -> bool:
    """Whether the document serves a clause or control (a clause covers its subclauses)."""
    for item in [*(document.get("clauses") or []), *(document.get("controls") or [])]:
        item = str(item).strip()
        if item == reference or reference.startswith(item + "."):
            return True
    return False
