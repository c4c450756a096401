"""Pre-audit checks on the Statement of Applicability (6.1.3 f), its evidence, and monitoring
(9.1, A.6.2.6) with the incidents its breaches must open (A.8.4).

Reads from ``snapshot.extra``:

- ``soa``: one row per Annex A control: ``control_id``, ``title``, ``applicable``,
  ``justification`` and ``evidence_current`` (a non-expired evidence item is linked);
- ``monitored_models``: one row per active monitored model, its latest finished run
  (``run_id``, ``status``, ``started_at``), ``stale``, ``days_since_run``,
  ``stale_after_days`` and ``breached_families`` (the metric families the run breached);
- ``open_incidents``: ``id``, ``system_id``, ``incident_type`` of the incidents not yet
  closed.
"""

from __future__ import annotations

from risk_model.findings import AimsSnapshot, CheckArea, Finding

AREA = CheckArea("controls and monitoring")
check = AREA.check

SOA_PAGE = "pages/controls/soa.py"
MONITORING_PAGE = "pages/monitor/monitoring.py"
INCIDENTS_PAGE = "pages/monitor/incidents.py"
INCIDENT_TYPE_OF_FAMILY = {"fairness": "fairness", "drift": "data drift"}
"""The incident type a breach of each monitored metric family opens."""


def _rows(snapshot: AimsSnapshot, key: str) -> list[dict] | None:
    rows = snapshot.extra.get(key)
    return rows if isinstance(rows, list) else None


def _blank(value: object) -> bool:
    return value is None or not str(value).strip()


@check("SOA-EVIDENCE", "Every applicable Annex A control has current evidence")
def soa_evidence(snapshot: AimsSnapshot) -> list[Finding]:
    return [
        Finding(
            "SOA-EVIDENCE",
            row["control_id"],
            "minor",
            "Annex A control",
            row["control_id"],
            row.get("title") or row["control_id"],
            "applicable, but no current evidence is linked",
            SOA_PAGE,
        )
        for row in _rows(snapshot, "soa") or []
        if row.get("applicable") and not row.get("evidence_current")
    ]


@check("SOA-EXCLUSION", "Every SoA exclusion is justified")
def soa_exclusion(snapshot: AimsSnapshot) -> list[Finding]:
    return [
        Finding(
            "SOA-EXCLUSION",
            "6.1.3 f)",
            "minor",
            "Annex A control",
            row["control_id"],
            row.get("title") or row["control_id"],
            "excluded from the Statement of Applicability without a justification",
            SOA_PAGE,
        )
        for row in _rows(snapshot, "soa") or []
        if not row.get("applicable") and _blank(row.get("justification"))
    ]


@check("SOA-INCLUSION", "Every SoA inclusion is justified")
def soa_inclusion(snapshot: AimsSnapshot) -> list[Finding]:
    """6.1.3 f) asks the justification for including a control as well as for excluding one."""
    return [
        Finding(
            "SOA-INCLUSION",
            "6.1.3 f)",
            "minor",
            "Annex A control",
            row["control_id"],
            row.get("title") or row["control_id"],
            "included in the Statement of Applicability without a justification",
            SOA_PAGE,
        )
        for row in _rows(snapshot, "soa") or []
        if row.get("applicable") and _blank(row.get("justification"))
    ]


def _label(model: dict) -> str:
    name = model.get("model_name") or model["model_id"]
    return f"{name} ({model['system_name']})" if model.get("system_name") else name


@check("MONITORING-STALE", "Every monitored model has recent results")
def monitoring_stale(snapshot: AimsSnapshot) -> list[Finding]:
    findings = []
    for model in _rows(snapshot, "monitored_models") or []:
        if not model.get("stale"):
            continue
        days, limit = model.get("days_since_run"), model.get("stale_after_days")
        message = (
            "never produced a monitoring result"
            if days is None
            else f"last monitoring result {days:.0f} days ago (due every {limit:.0f} days)"
        )
        findings.append(
            Finding(
                "MONITORING-STALE",
                "9.1, A.6.2.6",
                "minor",
                "monitored model",
                model["model_id"],
                _label(model),
                message,
                MONITORING_PAGE,
            )
        )
    return findings


def _covered(model: dict, family: str, incidents: list[dict]) -> bool:
    """An open incident of the breach's type on the model's system covers the breach (a
    monitor run links the incident it opens; a person may also log one by hand)."""
    kind = INCIDENT_TYPE_OF_FAMILY[family]
    return any(
        i.get("system_id") == model.get("system_id") and i.get("incident_type") == kind
        for i in incidents
    )


@check("MONITORING-BREACH", "Every open fairness or drift breach has an open incident")
def monitoring_breach(snapshot: AimsSnapshot) -> list[Finding]:
    models, incidents = _rows(snapshot, "monitored_models"), _rows(snapshot, "open_incidents")
    if models is None or incidents is None:
        return []
    findings = []
    for model in models:
        if model.get("status") != "breached":
            continue
        for family in sorted(
            set(model.get("breached_families") or []) & set(INCIDENT_TYPE_OF_FAMILY)
        ):
            if _covered(model, family, incidents):
                continue
            findings.append(
                Finding(
                    "MONITORING-BREACH",
                    "A.6.2.6, A.8.4",
                    "major" if family == "fairness" else "minor",
                    "monitored model",
                    model["model_id"],
                    _label(model),
                    f"{family} breach in its latest run {model.get('run_id')} has no open incident",
                    INCIDENTS_PAGE,
                )
            )
    return findings
