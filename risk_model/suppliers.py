"""AI suppliers and customers (ISO/IEC 42001 A.10.2-A.10.4).

A supplier is a model provider, a data provider or an AI service (SaaS) the organisation's AI
systems depend on; a customer is a party the organisation provides an AI system to (A.10.4).
Each supplier carries its due-diligence assessment (a questionnaire with a score and a date),
the AI clauses of its contract (data use, incident notification, audit rights) and the date of
its next review. A supplier *is assessed* when its assessment has a date and was not rejected.
"""

from __future__ import annotations

from datetime import date

from risk_model.certification import add_months
from risk_model.fields import Field, Register

RELATIONSHIPS = ("supplier", "customer")
RELATIONSHIP_LABELS = {
    "supplier": "Supplier to us (A.10.3)",
    "customer": "Customer of ours (A.10.4)",
}
SUPPLIER_KINDS = ("model provider", "data provider", "AI SaaS", "other")
ASSESSMENT_RESULTS = ("approved", "approved with conditions", "rejected")
REVIEW_MONTHS = 12
"""A supplier whose review date is not set is due 12 months after its last assessment."""
AI_CLAUSES = {
    "clause_data_use": "data use",
    "clause_incident_notification": "incident notification",
    "clause_audit_rights": "audit rights",
}
"""The contract clauses on AI a supplier's contract should hold (A.10.3), in words."""

SUPPLIER = Register(
    name="suppliers",
    table="suppliers",
    id_prefix="SUP",
    label="AI suppliers and customers",
    fields=(
        Field("name", "Name", required=True),
        Field(
            "relationship",
            "Relationship",
            "enum",
            required=True,
            choices=RELATIONSHIPS,
            choice_labels=RELATIONSHIP_LABELS,
        ),
        Field("kind", "Kind", "enum", expected=True, choices=SUPPLIER_KINDS),
        Field("system_ids", "AI systems", "list", expected=True, help="AI system ids"),
        Field("services", "What they supply or receive", "long_text"),
        Field("owner", "Relationship owner", expected=True),
        Field("questionnaire", "Due-diligence questionnaire", "long_text"),
        Field("assessment_score", "Assessment score", "float", help="0-100"),
        Field("assessed_on", "Assessed on", "date", expected=True),
        Field("assessment_result", "Assessment result", "enum", choices=ASSESSMENT_RESULTS),
        Field("clause_data_use", "Contract: data use", "bool", expected=True),
        Field("clause_incident_notification", "Contract: incident notification", "bool"),
        Field("clause_audit_rights", "Contract: audit rights", "bool"),
        Field("contract_reference", "Contract reference"),
        Field("next_review_date", "Next review due", "date", expected=True),
        Field("status", "Status", "enum", choices=("active", "retired")),
    ),
)


def is_assessed(supplier: dict) -> bool:
    return supplier.get("assessed_on") is not None and supplier.get("assessment_result") != (
        "rejected"
    )


def review_due(supplier: dict) -> date | None:
    """The next review date, or 12 months after the assessment when none is set."""
    if supplier.get("next_review_date") is not None:
        return supplier["next_review_date"]
    assessed = supplier.get("assessed_on")
    return add_months(assessed, REVIEW_MONTHS) if assessed is not None else None


def missing_clauses(supplier: dict) -> list[str]:
    """The AI contract clauses a supplier's contract lacks, in words."""
    return [words for name, words in AI_CLAUSES.items() if supplier.get(name) is not True]


def supplier_figures(suppliers: list[dict], today: date) -> dict[str, int]:
    """The headline counts of the live suppliers (customers left out)."""
    live = [
        s for s in suppliers if s.get("status") != "retired" and s.get("relationship") == "supplier"
    ]
    due = [review_due(s) for s in live]
    return {
        "suppliers": len(live),
        "assessed": sum(map(is_assessed, live)),
        "review overdue": sum(d is not None and d < today for d in due),
        "missing AI clauses": sum(bool(missing_clauses(s)) for s in live),
    }
