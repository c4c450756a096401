"""A monitored model's record: which data a monitor reads for an AI system, and its thresholds.

The thresholds are stored as JSON, one object per family (``THRESHOLD_FAMILIES``), each read
by its typed settings class in ``risk_model.monitor_thresholds``.
"""

from __future__ import annotations

from risk_model.fields import Field, Register
from risk_model.monitor_thresholds import DriftThresholds, FairnessThresholds, PerformanceThresholds

COLUMN_TYPES = ("numerical", "categorical")
THRESHOLD_FAMILIES = ("fairness", "drift", "performance")

MONITORED_MODEL = Register(
    name="monitored-models",
    table="monitored_models",
    id_prefix="MM",
    label="Monitored models",
    defaults={"status": "active", "positive_label": "1", "intersections": False},
    fields=(
        Field("name", "Model name", required=True),
        Field("system_id", "AI system", required=True),
        Field("owner", "Owner", expected=True),
        Field("reference_source", "Reference data", required=True),
        Field("current_source", "Current data", required=True),
        Field("source_note", "Where the data comes from", "long_text"),
        Field("target_column", "Target column", required=True),
        Field("prediction_column", "Prediction column", required=True),
        Field("probability_column", "Probability column"),
        Field("positive_label", "Positive (favourable) label"),
        Field("features", "Features and types (JSON)", required=True),
        Field("sensitive_attributes", "Sensitive attributes", "list"),
        Field("intersections", "Also check intersections", "bool"),
        Field("thresholds", "Thresholds (JSON)", required=True),
        Field("stale_after_days", "Stale after (days)", "int"),
        Field("keep_snapshots", "Evidently snapshots kept", "int"),
        Field("schedule", "Schedule (cron, e.g. 0 6 * * *)"),
        Field("status", "Status", "enum", choices=("active", "retired")),
    ),
)


def default_thresholds() -> dict[str, dict]:
    return {
        "fairness": FairnessThresholds().to_dict(),
        "drift": DriftThresholds().to_dict(),
        "performance": PerformanceThresholds().to_dict(),
    }


def validate_thresholds(merged: dict[str, dict]) -> None:
    """Raise ``ValueError`` if a family holds a key its settings class does not know."""
    FairnessThresholds.from_dict(merged["fairness"])
    DriftThresholds.from_dict(merged["drift"])
    PerformanceThresholds.from_dict(merged["performance"])
