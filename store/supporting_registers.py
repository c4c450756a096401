"""AI suppliers (A.10), datasets (A.7) and life-cycle records (A.6.2): reads and writes.

The three registers share one shape (a ``Register`` of fields, retired by status, changed
through ``store.records`` with its access checks and audit trail), so one set of functions
serves them all; the pre-audit checks read them through ``checks_records``.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from risk_model.access import Actor, can, why_not
from risk_model.datasets import DATASET
from risk_model.fields import Register
from risk_model.lifecycle import LIFECYCLE_RECORD, STAGES
from risk_model.suppliers import SUPPLIER
from store import records, register_reads
from store.connection import Store

REGISTERS: tuple[Register, ...] = (SUPPLIER, DATASET, LIFECYCLE_RECORD)


def list_records(db: Store, register: Register, include_retired: bool = False) -> pd.DataFrame:
    if register not in REGISTERS:
        raise KeyError(f"not a supporting register: {register.name}")
    table = records._ident(register.table)
    where = "" if include_retired else "WHERE status <> 'retired'"
    with db.connect() as connection:
        frame = connection.execute(f"SELECT * FROM {table} {where} ORDER BY id").df()
    return register_reads.plain(frame, register)


def get_record(db: Store, register: Register, record_id: str) -> dict | None:
    with db.connect() as connection:
        return records.fetch(connection, register, record_id)


def change_refusal(db: Store, register: Register, record_id: str, actor: Actor) -> str:
    """Why ``actor`` may not change this record ("" if they may): an ML owner changes the
    datasets and life-cycle records of the systems they own, read from the inventory."""
    with db.connect() as connection:
        current = records.fetch(connection, register, record_id)
        if current is None:
            return records.missing_message(register, record_id)
        owners = records.owners_of(connection, register, current)
    if all(can(actor, "write", register.table, owner) for owner in owners):
        return ""
    return why_not(actor, "write", register.table, next(iter(owners), None))


def _plain(frame: pd.DataFrame) -> list[dict]:
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    for row in rows:
        for name in ("personal_data", "special_category", "in_scope"):
            if name in row and row[name] is not None:
                row[name] = bool(row[name])
    return rows


def checks_records(db: Store, today: date) -> dict:
    """The live records ``risk_model.checks_records`` reads."""
    with db.connect():
        return {
            "suppliers": _plain(list_records(db, SUPPLIER)),
            "datasets": _plain(list_records(db, DATASET)),
            "lifecycle_records": _plain(list_records(db, LIFECYCLE_RECORD)),
        }


def counts(db: Store) -> dict[str, int]:
    """Live records per register, by register name."""
    out = {}
    with db.connect() as connection:
        for register in REGISTERS:
            table = records._ident(register.table)
            (out[register.name],) = connection.execute(
                f"SELECT count(*) FROM {table} WHERE status <> 'retired'"
            ).fetchone()
    return out


def datasets_of_model(db: Store, model_id: str) -> pd.DataFrame:
    """The datasets that name a monitored model (its reference data among them)."""
    with db.connect() as connection:
        return connection.execute(
            "SELECT id, name, purpose, source FROM datasets"
            " WHERE status <> 'retired' AND list_contains(model_ids, ?) ORDER BY id",
            [model_id],
        ).df()


CONTROL_RECORDS_SQL = """
SELECT control_id, count(*) FROM (
    SELECT unnest(['A.10.2', 'A.10.3']) AS control_id FROM suppliers
    WHERE status <> 'retired' AND relationship = 'supplier'
    UNION ALL SELECT 'A.10.4' FROM suppliers
    WHERE status <> 'retired' AND relationship = 'customer'
    UNION ALL SELECT unnest(['A.7.2', 'A.4.3']) FROM datasets WHERE status <> 'retired'
    UNION ALL SELECT 'A.7.3' FROM datasets
    WHERE status <> 'retired' AND nullif(trim(acquisition), '') IS NOT NULL
    UNION ALL SELECT 'A.7.4' FROM datasets
    WHERE status <> 'retired' AND nullif(trim(quality_checks), '') IS NOT NULL
    UNION ALL SELECT 'A.7.5' FROM datasets
    WHERE status <> 'retired' AND nullif(trim(provenance), '') IS NOT NULL
    UNION ALL SELECT 'A.7.6' FROM datasets
    WHERE status <> 'retired' AND nullif(trim(preparation), '') IS NOT NULL
    UNION ALL SELECT s.control_id FROM lifecycle_records l
    JOIN (SELECT unnest(?::VARCHAR[]) AS stage, unnest(?::VARCHAR[]) AS control_id) s
        ON s.stage = l.stage
    WHERE l.status <> 'retired'
) GROUP BY control_id
"""
"""Live records per Annex A control they show: suppliers (A.10.2, A.10.3) and customers
(A.10.4); datasets (A.7.2, A.4.3, and A.7.3-A.7.6 when the field for that control is filled);
life-cycle records by their stage (A.6.2.2-A.6.2.8)."""


def control_record_counts(db: Store) -> dict[str, int]:
    """Annex A control -> live supplier, dataset and life-cycle records that show it."""
    with db.connect() as connection:
        rows = connection.execute(
            CONTROL_RECORDS_SQL, [list(STAGES), list(STAGES.values())]
        ).fetchall()
    return dict(rows)


REVIEW_AREAS = (
    (
        "AI suppliers and customers",
        "A.10.2-A.10.4",
        SUPPLIER,
        ("SUPPLIER-ASSESSED", "SUPPLIER-REVIEW"),
    ),
    ("Datasets", "A.7.2-A.7.6, A.4.3", DATASET, ("DATASET-RECORD",)),
    ("Life-cycle records", "A.6.2.2-A.6.2.8", LIFECYCLE_RECORD, ("LIFECYCLE-RECORDS",)),
)
"""The management review's view of these registers: (area, controls, register, its checks)."""


def review_rows(db: Store, by_check: pd.DataFrame) -> pd.DataFrame:
    """Per register: live records and the pre-audit findings on it (``by_check`` is
    ``store.checks.findings_by_check``), for the review pack (9.3.2 b, d)."""
    held = counts(db)
    found = by_check.groupby("check_id")["findings"].sum().to_dict() if len(by_check) else {}
    rows = []
    for area, controls, register, check_ids in REVIEW_AREAS:
        gaps = sum(int(found.get(c, 0)) for c in check_ids)
        rows.append(
            {"area": area, "controls": controls, "records": held[register.name], "gaps": gaps}
        )
    return pd.DataFrame(rows, columns=["area", "controls", "records", "gaps"])


def first_model_by_system(db: Store) -> dict[str, str]:
    """System id -> its first monitored model's id (a dataset's reference-data link)."""
    with db.connect() as connection:
        rows = connection.execute(
            "SELECT system_id, min(id) FROM monitored_models GROUP BY system_id"
        ).fetchall()
    return dict(rows)


def latest_run_ids(db: Store, model_id: str | None) -> list[str]:
    """The id of the model's latest monitor run, as a V&V record's evidence ([] if none)."""
    if model_id is None:
        return []
    with db.connect() as connection:
        row = connection.execute(
            "SELECT id FROM monitor_runs WHERE model_id = ? ORDER BY started_at DESC LIMIT 1",
            [model_id],
        ).fetchone()
    return [row[0]] if row else []


def active_system_stages(db: Store) -> list[tuple[str, str, str]]:
    """``(id, name, life-cycle stage)`` of every active AI system."""
    with db.connect() as connection:
        return connection.execute(
            "SELECT id, name, lifecycle_stage FROM ai_systems WHERE status = 'active'"
        ).fetchall()
