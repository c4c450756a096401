"""The Statement of Applicability's record (ISO/IEC 42001 6.1.3 f): one row per Annex A control.

``SOA_ENTRY`` is what is edited; ``SOA_LAYOUT`` is the row a document shows, with the risks and
evidence behind the control; ``SoAVersion`` names an approved (or draft) version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from risk_model.fields import Field, Register

IMPLEMENTATION_STATUSES = (
    "not started",
    "planned",
    "partially implemented",
    "implemented",
    "not applicable",
)
# (column, header shown in the workbook, column width in characters)
SOA_LAYOUT = (
    ("control_id", "Control", 10),
    ("domain", "Domain", 24),
    ("title", "Title", 36),
    ("applicable", "Applicable", 11),
    ("justification", "Justification", 50),
    ("implementation_status", "Implementation status", 20),
    ("owner", "Owner", 16),
    ("responsible", "Responsible", 16),
    ("accountable", "Accountable", 16),
    ("consulted", "Consulted", 16),
    ("informed", "Informed", 16),
    ("risks", "Risks", 36),
    ("evidence", "Evidence", 36),
    ("evidence_current", "Evidence current", 11),
    ("flags", "Flags", 30),
)
SOA_COLUMNS = tuple(column for column, _, _ in SOA_LAYOUT)


@dataclass(frozen=True)
class SoAVersion:
    version: int
    title: str
    organisation: str
    approved_by: str | None
    approved_on: date | None
    created_on: date


SOA_ENTRY = Register(
    name="soa",
    table="statement_of_applicability",
    id_prefix="A",
    label="Statement of Applicability",
    title_field="id",
    external_id=False,
    fields=(
        Field("applicable", "Applicable", "bool", required=True),
        Field("justification", "Justification", "long_text", expected=True),
        Field(
            "implementation_status",
            "Implementation status",
            "enum",
            required=True,
            choices=IMPLEMENTATION_STATUSES,
        ),
        Field("owner", "Owner", expected=True),
        Field("responsible", "Responsible"),
        Field("accountable", "Accountable"),
        Field("consulted", "Consulted"),
        Field("informed", "Informed"),
    ),
)
