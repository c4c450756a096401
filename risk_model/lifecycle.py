"""AI system life-cycle records (ISO/IEC 42001 A.6.2.2-A.6.2.8).

Each AI system keeps a record per life-cycle stage: its requirements, design and development,
verification and validation (the test results, with monitor runs as evidence), deployment plan,
operation and monitoring, technical documentation and event logs. A system *in operation*
(life-cycle stage "operation and monitoring" or "re-evaluation", not retired) must hold a verification and
validation record and a deployment record.
"""

from __future__ import annotations

from risk_model.fields import Field, Register

STAGES: dict[str, str] = {
    "requirements": "A.6.2.2",
    "design and development": "A.6.2.3",
    "verification and validation": "A.6.2.4",
    "deployment": "A.6.2.5",
    "operation and monitoring": "A.6.2.6",
    "technical documentation": "A.6.2.7",
    "event logs": "A.6.2.8",
}
"""Each record's stage and the Annex A control it evidences."""
STAGE_LABELS = {stage: f"{stage.capitalize()} ({control})" for stage, control in STAGES.items()}
REQUIRED_IN_OPERATION = ("verification and validation", "deployment")
IN_OPERATION = ("operation and monitoring", "re-evaluation")
"""The inventory's life-cycle stages (``risk_model.inventory.LIFECYCLE_STAGES``) of a system in
operation."""

LIFECYCLE_RECORD = Register(
    name="lifecycle",
    table="lifecycle_records",
    id_prefix="LCR",
    label="Life-cycle records",
    title_field="title",
    fields=(
        Field("system_id", "AI system", required=True, help="AI system id"),
        Field(
            "stage",
            "Stage",
            "enum",
            required=True,
            choices=tuple(STAGES),
            choice_labels=STAGE_LABELS,
        ),
        Field("title", "Title", required=True),
        Field("summary", "Summary", "long_text", expected=True),
        Field("test_results", "Test results", "long_text", help="Verification and validation"),
        Field(
            "monitor_run_ids",
            "Monitor runs as evidence",
            "list",
            help="Monitor run ids that show the result",
        ),
        Field("evidence_ids", "Evidence items", "list", help="Evidence library ids"),
        Field("approved_by", "Approved by", expected=True),
        Field("recorded_on", "Recorded on", "date", expected=True),
        Field("status", "Status", "enum", choices=("active", "retired")),
    ),
)


def in_operation(system: dict) -> bool:
    return system.get("status") != "retired" and system.get("lifecycle_stage") in IN_OPERATION


def missing_stages(system_id: str, records: list[dict]) -> list[str]:
    """The stages a system in operation must hold a live record for and does not."""
    held = {
        r.get("stage")
        for r in records
        if r.get("system_id") == system_id and r.get("status") != "retired"
    }
    return [stage for stage in REQUIRED_IN_OPERATION if stage not in held]


def stage_matrix(systems: list[dict], records: list[dict]) -> list[dict]:
    """One row per live system: its life-cycle stage, what it lacks if in operation, and the
    count of live records per record stage; the systems lacking a record first."""
    counts: dict[tuple[str, str], int] = {}
    for record in records:
        if record.get("status") != "retired":
            key = (record.get("system_id"), record.get("stage"))
            counts[key] = counts.get(key, 0) + 1
    rows = []
    for system in systems:
        if system.get("status") == "retired":
            continue
        missing = missing_stages(system["id"], records) if in_operation(system) else []
        row = {
            "system_id": system["id"],
            "system": system.get("name"),
            "stage": system.get("lifecycle_stage"),
            "missing": ", ".join(missing),
        }
        rows.append(row | {stage: counts.get((system["id"], stage), 0) for stage in STAGES})
    return sorted(rows, key=lambda r: (not r["missing"], str(r["system"])))
