"""Demo AI suppliers and customers (A.10), datasets (A.7) and life-cycle records (A.6.2).

Deliberate gaps the pre-audit checks find:

- WorkPulse's due-diligence questionnaire was sent but never scored, so the procured
  WorkPulse analytics system has no assessed supplier (SUPPLIER-ASSESSED);
- Medivise's assessment is past its review date (SUPPLIER-REVIEW);
- the customer churn model processes personal data with no dataset record (DATASET-RECORD);
- the customer chatbot is in operation without a verification and validation record
  (LIFECYCLE-RECORDS), the gap behind its prompt-change nonconformity.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from demo import organisation
from risk_model.access import SYSTEM
from risk_model.datasets import DATASET
from risk_model.lifecycle import IN_OPERATION, LIFECYCLE_RECORD
from risk_model.suppliers import SUPPLIER
from store import records, supporting_registers
from store.connection import Store

CLAUSES = {"clause_data_use": True, "clause_incident_notification": True}

SUPPLIERS = (
    ("HireLogic Ltd", "model provider", ("cv",), 78, -120, 245, "approved with conditions"),
    ("Microsoft (Azure OpenAI Service)", "AI SaaS", ("chatbot", "kb"), 85, -60, 300, "approved"),
    ("Medivise GmbH", "model provider", ("triage",), 71, -400, -35, "approved with conditions"),
    ("Proofpoint", "AI SaaS", ("spam",), 82, -200, 165, "approved"),
    ("ABBYY", "AI SaaS", ("ocr",), 80, -150, 215, "approved"),
    ("WorkPulse Inc.", "AI SaaS", ("workpulse",), None, None, None, None),
    ("Verbio Analytics", "AI SaaS", ("speech",), 64, -90, 90, "approved with conditions"),
    ("GitHub (Microsoft)", "AI SaaS", ("copilot",), 88, -30, 335, "approved"),
    ("NICE Actimize", "model provider", ("aml",), 83, -180, 185, "approved"),
    ("Onfido", "AI SaaS", ("kyc",), 86, -100, 265, "approved"),
    ("Jasper AI", "AI SaaS", ("content",), 70, -45, 320, "approved with conditions"),
    ("TrueLayer", "data provider", ("openbanking",), 84, -210, 155, "approved"),
    ("Moody's RMS", "model provider", ("catmodel",), 90, -250, 115, "approved"),
    ("Genesys", "AI SaaS", ("scheduling",), 74, -20, 345, "approved"),
)
"""(name, kind, systems, score, assessed days ago, review in days, result)."""

DATASETS = (
    ("Credit applications 2019-2024", "training", ("credit",), (), "consent", False),
    (
        "Credit scoring monitoring reference sample",
        "reference",
        ("credit",),
        ("credit",),
        "legitimate interests",
        False,
    ),
    ("Applicant CVs and hiring outcomes", "training", ("cv",), (), "legitimate interests", False),
    ("Chatbot conversation logs", "production input", ("chatbot",), (), "contract", False),
    ("Card and account transactions", "training", ("fraud", "aml"), (), "legal obligation", False),
    ("Triage clinical reference cases", "reference", ("triage",), ("triage",), "consent", True),
    ("Policyholder health and mortality history", "training", ("pricing",), (), "consent", True),
    ("Claims history and documents", "training", ("claims_fraud", "ocr"), (), "contract", False),
    (
        "Employee activity telemetry",
        "production input",
        ("workpulse",),
        (),
        "legitimate interests",
        False,
    ),
    ("Customer product holdings", "training", ("nbo",), (), "legitimate interests", False),
    ("Identity documents and selfies", "production input", ("kyc",), (), "consent", True),
    ("Open banking transactions", "production input", ("openbanking",), (), "consent", False),
    ("Collections account history", "training", ("collections",), (), "contract", False),
    ("Vehicle damage photographs", "training", ("damage",), ("damage",), "not applicable", None),
)
"""(name, purpose, systems, systems whose monitored model uses it as reference data,
legal basis, special-category data)."""

WITHOUT_VV = ("chatbot",)


def seed(db: Store, today: date) -> dict[str, int]:
    at = datetime.combine(today - timedelta(days=30), time(10, 0))
    ids = organisation.SYSTEM_IDS
    suppliers = [_supplier(db, row, ids, today, at) for row in SUPPLIERS]
    suppliers.append(
        records.add_record(
            db,
            SUPPLIER,
            {
                "name": "Northbridge Insurance Brokers",
                "relationship": "customer",
                "kind": "other",
                "system_ids": [ids["pricing"]],
                "services": "Receives life and health premium quotes from the pricing model.",
                "owner": "Marcus Feld",
                "contract_reference": "CTR-2025-118",
                **CLAUSES,
                "clause_audit_rights": True,
            },
            SYSTEM,
            at,
        )
    )
    models = supporting_registers.first_model_by_system(db)
    datasets = [_dataset(db, row, ids, models, at) for row in DATASETS]
    lifecycle = _lifecycle(db, ids, models, today, at)
    return {"suppliers": len(suppliers), "datasets": len(datasets), "life-cycle records": lifecycle}


def _supplier(db, row, ids, today, at) -> str:
    name, kind, keys, score, assessed, review, result = row
    values = {
        "name": name,
        "relationship": "supplier",
        "kind": kind,
        "system_ids": [ids[k] for k in keys if k in ids],
        "owner": "Ahmed Nasser",
        "questionnaire": "Meridian AI supplier due-diligence questionnaire v2 (42 questions)",
        "assessment_score": score,
        "assessed_on": None if assessed is None else today + timedelta(days=assessed),
        "assessment_result": result,
        "clause_audit_rights": score is not None and score >= 80,
        "contract_reference": f"CTR-{name.split()[0].upper()}",
        "next_review_date": None if review is None else today + timedelta(days=review),
        **(CLAUSES if score is not None else {}),
    }
    return records.add_record(db, SUPPLIER, values, SYSTEM, at)


def _dataset(db, row, ids, models, at) -> str:
    name, purpose, keys, reference_for, basis, special = row
    systems = [ids[k] for k in keys if k in ids]
    return records.add_record(
        db,
        DATASET,
        {
            "name": name,
            "purpose": purpose,
            "source": "Meridian core systems" if basis != "consent" else "Collected with consent",
            "provenance": "Extracted by the data platform team; lineage in the data catalogue.",
            "acquisition": "Internal extract under the data sharing agreement.",
            "quality_checks": "Completeness, duplicates and label balance checked on each load.",
            "preparation": "Pseudonymised, deduplicated, split by time.",
            "personal_data": special is not None,
            "special_category": special,
            "legal_basis": basis,
            "system_ids": systems,
            "model_ids": [models[ids[k]] for k in reference_for if ids.get(k) in models],
            "owner": "Laura Chen",
        },
        SYSTEM,
        at,
    )


def _lifecycle(db: Store, ids: dict, models: dict, today: date, at: datetime) -> int:
    systems = supporting_registers.active_system_stages(db)
    skipped = {ids[k] for k in WITHOUT_VV if k in ids}
    count = 0
    for system_id, name, stage in systems:
        if stage not in IN_OPERATION:
            continue
        stages = ["deployment"] if system_id in skipped else ["verification and validation"]
        stages += [] if system_id in skipped else ["deployment"]
        if system_id == ids.get("credit"):
            stages = ["requirements", "design and development", *stages]
            stages += ["operation and monitoring", "technical documentation", "event logs"]
        for record_stage in stages:
            validation = record_stage == "verification and validation"
            records.add_record(
                db,
                LIFECYCLE_RECORD,
                {
                    "system_id": system_id,
                    "stage": record_stage,
                    "title": f"{name}: {record_stage}",
                    "summary": f"{record_stage.capitalize()} record of {name}.",
                    "test_results": "Accuracy, fairness and robustness tests passed against "
                    "the release criteria."
                    if validation
                    else None,
                    "monitor_run_ids": supporting_registers.latest_run_ids(
                        db, models.get(system_id)
                    )
                    if validation or record_stage == "operation and monitoring"
                    else [],
                    "approved_by": "Priya Raman",
                    "recorded_on": today - timedelta(days=90),
                },
                SYSTEM,
                at,
            )
            count += 1
    return count
