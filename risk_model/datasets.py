"""Data for AI systems (ISO/IEC 42001 A.7.2-A.7.6, A.4.3).

A dataset record documents where data comes from and how it got here (provenance, A.7.5;
acquisition, A.7.3), its quality checks (A.7.4) and preparation (A.7.6), whether it holds
personal or special-category data and on which legal basis, and the AI systems and monitored
models that use it (A.4.3 data resources). A monitored model's reference data is a dataset:
the dataset lists the model among ``model_ids``.
"""

from __future__ import annotations

from risk_model.fields import Field, Register

LEGAL_BASES = (
    "consent",
    "contract",
    "legal obligation",
    "vital interests",
    "public task",
    "legitimate interests",
    "not applicable",
)
"""GDPR Art. 6(1) lawful bases, and "not applicable" for data with no personal data."""
PURPOSES = ("training", "validation", "testing", "reference", "production input", "other")

DATASET = Register(
    name="datasets",
    table="datasets",
    id_prefix="DS",
    label="Datasets",
    fields=(
        Field("name", "Name", required=True),
        Field("description", "Description", "long_text"),
        Field("purpose", "Used for", "enum", choices=PURPOSES),
        Field("source", "Source", expected=True),
        Field("provenance", "Provenance", "long_text", expected=True, help="A.7.5"),
        Field("acquisition", "Acquisition", "long_text", help="A.7.3: how it was obtained"),
        Field("quality_checks", "Quality checks", "long_text", expected=True, help="A.7.4"),
        Field("preparation", "Preparation steps", "long_text", help="A.7.6"),
        Field("personal_data", "Holds personal data", "bool", expected=True),
        Field("special_category", "Holds special-category data", "bool"),
        Field("legal_basis", "Legal basis", "enum", choices=LEGAL_BASES),
        Field("system_ids", "AI systems using it", "list", expected=True, help="AI system ids"),
        Field(
            "model_ids",
            "Monitored models using it",
            "list",
            help="Monitored model ids; reference data of a monitored model is a dataset",
        ),
        Field("owner", "Data owner", expected=True),
        Field("status", "Status", "enum", choices=("active", "retired")),
    ),
)


def legal_basis_gap(dataset: dict) -> bool:
    """Personal data with no legal basis (or "not applicable") is a gap."""
    return dataset.get("personal_data") is True and dataset.get("legal_basis") in (
        None,
        "not applicable",
    )


def dataset_figures(datasets: list[dict]) -> dict[str, int]:
    """The headline counts of the live datasets."""
    live = [d for d in datasets if d.get("status") != "retired"]
    return {
        "datasets": len(live),
        "with personal data": sum(d.get("personal_data") is True for d in live),
        "special-category": sum(d.get("special_category") is True for d in live),
        "personal data without legal basis": sum(map(legal_basis_gap, live)),
    }
