"""The AI system inventory (ISO/IEC 42001 clause 4.1; the guide's "centralized register")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from risk_model.eu_ai_act import EU_AI_ACT_TIER_LABELS as _TIER_LABELS
from risk_model.eu_ai_act import EU_AI_ACT_TIERS
from risk_model.fields import UNKNOWN, Field, Register

AI_ROLES = ("producer", "provider", "customer", "partner")
"""The organisation's roles toward an AI system (ISO/IEC 42001 4.1, ISO/IEC 22989 5.19)."""

AI_ROLE_LABELS = {
    "producer": "AI producer",
    "provider": "AI provider",
    "customer": "AI customer",
    "partner": "AI partner",
}

EU_AI_ACT_TIER_LABELS = {**_TIER_LABELS, UNKNOWN: "Unknown"}

LIFECYCLE_STAGES = (
    "inception",
    "design and development",
    "verification and validation",
    "deployment",
    "operation and monitoring",
    "re-evaluation",
    "retirement",
)
"""The AI system life cycle stages of ISO/IEC 22989 (figure 3), used by ISO/IEC 42001 A.6."""

SOURCING = ("in-house", "procured", "hybrid")
SOURCING_LABELS = {
    "in-house": "Built in-house",
    "procured": "Procured from a third party",
    "hybrid": "Third-party model, adapted in-house",
}

STATUSES = ("active", "retired")

AI_SYSTEM = Register(
    name="inventory",
    table="ai_systems",
    id_prefix="SYS",
    label="AI system inventory",
    defaults={"eu_ai_act_tier": "unclassified", "status": "active"},
    fields=(
        Field("name", "Name", required=True),
        Field("description", "Description", "long_text"),
        Field("provider", "Vendor or provider", expected=True),
        Field(
            "sourcing",
            "Built in-house or procured",
            "enum",
            expected=True,
            choices=SOURCING,
            choice_labels=SOURCING_LABELS,
        ),
        Field("business_function", "Business function", expected=True),
        Field("business_unit", "Business unit", expected=True),
        Field("data_inputs", "Data inputs processed", "list", expected=True),
        Field("personal_data", "Processes personal data", "bool", expected=True),
        Field("makes_decisions_about_people", "Makes or influences decisions about people", "bool"),
        Field(
            "eu_ai_act_tier",
            "EU AI Act risk classification",
            "enum",
            expected=True,
            choices=EU_AI_ACT_TIERS,
            choice_labels=EU_AI_ACT_TIER_LABELS,
        ),
        Field("eu_ai_act_basis", "Classification basis", "text"),
        Field("owner", "Designated owner", expected=True),
        Field("integration_points", "Integration points", "list", expected=True),
        Field(
            "lifecycle_stage", "Lifecycle stage", "enum", expected=True, choices=LIFECYCLE_STAGES
        ),
        Field(
            "ai_roles",
            "Organisation's AI roles",
            "multi_enum",
            expected=True,
            choices=AI_ROLES,
            choice_labels=AI_ROLE_LABELS,
        ),
        Field("last_review_date", "Last review", "date", expected=True),
        Field("next_review_date", "Next review due", "date", expected=True),
        Field("status", "Status", "enum", choices=STATUSES),
    ),
)


@dataclass(frozen=True)
class Completeness:
    share: float
    missing: tuple[str, ...]
    """Labels of the required or expected fields that are empty."""


def is_blank(value: object) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    if isinstance(value, float) and value != value:  # NaN
        return True
    if isinstance(value, str):
        return not value.strip() or value == UNKNOWN
    if isinstance(value, list | tuple | set | frozenset):
        return len(value) == 0
    try:
        return len(value) == 0  # numpy arrays from DuckDB lists
    except TypeError:
        return False


def completeness(record: dict, register: Register = AI_SYSTEM) -> Completeness:
    """Share of the required and expected fields that hold a value ("unknown" counts as missing)."""
    checked = register.completeness_fields
    missing = tuple(f.label for f in checked if is_blank(record.get(f.name)))
    return Completeness(share=1 - len(missing) / len(checked), missing=missing)


def review_overdue(record: dict, today: date) -> bool:
    """A review is overdue when its due date has passed; a missing date is a completeness gap."""
    if record.get("status") == "retired":
        return False
    due = record.get("next_review_date")
    if is_blank(due):
        return False
    if isinstance(due, datetime):  # also pandas Timestamps
        due = due.date()
    return due < today


def blank_mask(column: pd.Series) -> pd.Series:
    """``is_blank`` over a whole column at once (``is_blank`` stays the row-wise oracle).

    Typed columns from DuckDB (text, dates, booleans, numbers) are checked vectorised; object
    columns (lists, mixed values) fall back to ``is_blank`` per value.
    """
    if pd.api.types.is_object_dtype(column.dtype):
        return column.map(is_blank).astype(bool)
    missing = column.isna()
    if pd.api.types.is_string_dtype(column.dtype):
        text = column.fillna("")
        return missing | text.str.strip().eq("") | text.eq(UNKNOWN)
    return missing


def completeness_columns(
    frame: pd.DataFrame, register: Register = AI_SYSTEM
) -> tuple[pd.Series, pd.Series]:
    """``completeness`` of every row: (share, missing labels joined with ", ")."""
    checked = register.completeness_fields
    blanks = pd.DataFrame(
        {
            f.label: blank_mask(frame[f.name])
            if f.name in frame
            else pd.Series(True, index=frame.index)
            for f in checked
        },
        index=frame.index,
    )
    share = 1 - blanks.sum(axis=1) / len(checked)
    labels = list(blanks.columns)
    missing = [
        ", ".join(label for label, blank in zip(labels, row, strict=True) if blank)
        for row in blanks.to_numpy().tolist()
    ]
    return share.astype(float), pd.Series(missing, index=frame.index, dtype=object)


def review_overdue_column(frame: pd.DataFrame, today: date) -> pd.Series:
    """``review_overdue`` of every row, vectorised."""
    due = pd.to_datetime(frame["next_review_date"], errors="coerce")
    active = frame["status"].astype(object).ne("retired")
    return (active & due.notna() & (due < pd.Timestamp(today))).astype(bool)
