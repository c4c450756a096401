"""Pre-audit checks on the AIMS's supporting records: AI suppliers (A.10.3), data for AI
systems (A.7.2, A.4.3) and life-cycle records (A.6.2.4, A.6.2.5).

Reads from ``snapshot.extra`` the live (not retired) records of ``suppliers``, ``datasets``
and ``lifecycle_records``, with the inventory in ``snapshot.systems``. A key that is absent or
None means the area was not loaded, and its checks are skipped.

Severity: a gap on a high-risk system is major (the EU AI Act asks the same record of it); a
gap elsewhere, and an overdue supplier review, is minor.
"""

from __future__ import annotations

from risk_model.findings import AimsSnapshot, CheckArea, Finding
from risk_model.lifecycle import in_operation, missing_stages
from risk_model.suppliers import is_assessed, review_due

AREA = CheckArea("suppliers, data and life cycle")
check = AREA.check

SUPPLIERS_PAGE = "pages/controls/suppliers.py"
DATASETS_PAGE = "pages/risk/datasets.py"
LIFECYCLE_PAGE = "pages/risk/lifecycle.py"
THIRD_PARTY = ("procured", "hybrid")


def _rows(snapshot: AimsSnapshot, key: str) -> list[dict] | None:
    rows = snapshot.extra.get(key)
    return rows if isinstance(rows, list) else None


def _live(rows: list[dict]) -> list[dict]:
    return [r for r in rows if r.get("status") != "retired"]


def _active_systems(snapshot: AimsSnapshot) -> list[dict]:
    return [s for s in snapshot.systems if s.get("status") != "retired"]


def _severity(system: dict) -> str:
    return "major" if system.get("eu_ai_act_tier") in ("high", "prohibited") else "minor"


def _ids(value: object) -> list[str]:
    return [] if value is None or isinstance(value, str) else list(value)


@check("SUPPLIER-ASSESSED", "Every procured or hybrid AI system has an assessed supplier")
def supplier_assessed(snapshot: AimsSnapshot) -> list[Finding]:
    suppliers = _rows(snapshot, "suppliers")
    if suppliers is None:
        return []
    assessed = {
        system_id
        for s in _live(suppliers)
        if s.get("relationship") == "supplier" and is_assessed(s)
        for system_id in _ids(s.get("system_ids"))
    }
    return [
        Finding(
            "SUPPLIER-ASSESSED",
            "A.10.3",
            _severity(system),
            "AI system",
            system["id"],
            system["name"],
            f"{system['sourcing']} system without an assessed supplier",
            SUPPLIERS_PAGE,
        )
        for system in _active_systems(snapshot)
        if system.get("sourcing") in THIRD_PARTY and system["id"] not in assessed
    ]


@check("SUPPLIER-REVIEW", "Supplier assessments are not overdue")
def supplier_review(snapshot: AimsSnapshot) -> list[Finding]:
    findings = []
    for supplier in _live(_rows(snapshot, "suppliers") or []):
        due = review_due(supplier)
        if supplier.get("relationship") != "supplier" or due is None or due >= snapshot.today:
            continue
        findings.append(
            Finding(
                "SUPPLIER-REVIEW",
                "A.10.3",
                "minor",
                "AI supplier",
                supplier["id"],
                supplier.get("name") or supplier["id"],
                f"supplier assessment overdue since {due:%Y-%m-%d}",
                SUPPLIERS_PAGE,
            )
        )
    return findings


@check("DATASET-RECORD", "Every system in scope with personal data has a dataset record")
def dataset_record(snapshot: AimsSnapshot) -> list[Finding]:
    datasets = _rows(snapshot, "datasets")
    if datasets is None:
        return []
    documented = {i for d in _live(datasets) for i in _ids(d.get("system_ids"))}
    return [
        Finding(
            "DATASET-RECORD",
            "A.7.2, A.4.3",
            _severity(system),
            "AI system",
            system["id"],
            system["name"],
            "in scope and processes personal data, but no dataset record names it",
            DATASETS_PAGE,
        )
        for system in _active_systems(snapshot)
        if system.get("in_scope") is True
        and system.get("personal_data") is True
        and system["id"] not in documented
    ]


@check("LIFECYCLE-RECORDS", "Every system in operation has V&V and deployment records")
def lifecycle_records(snapshot: AimsSnapshot) -> list[Finding]:
    rows = _rows(snapshot, "lifecycle_records")
    if rows is None:
        return []
    findings = []
    for system in _active_systems(snapshot):
        missing = missing_stages(system["id"], rows) if in_operation(system) else []
        if missing:
            findings.append(
                Finding(
                    "LIFECYCLE-RECORDS",
                    "A.6.2.4, A.6.2.5",
                    _severity(system),
                    "AI system",
                    system["id"],
                    system["name"],
                    "in operation without a record of " + " or ".join(missing),
                    LIFECYCLE_PAGE,
                )
            )
    return findings
