"""Pre-audit checks on the EU AI Act classification of the inventory and the Art. 73 reports.

Reads ``snapshot.systems`` (the active inventory) and from ``snapshot.extra``:

- ``classifications``: the latest classification of each system that has one
  (``system_id``, ``tier``);
- ``serious_incidents``: the serious incidents (``id``, ``title``, ``system_id``,
  ``report_deadline``, ``reported_on``, ``status``).

Clauses: classifying a system is part of assessing its risks (6.1.2) and of knowing the
organisation's context and obligations (4.1); an incident report is A.8.4's communication of
incidents. An active prohibited system and an overdue Art. 73 report are major: each is a
breach of the law, not only of the AIMS.
"""

from __future__ import annotations

from risk_model.eu_ai_act import EU_AI_ACT_TIER_LABELS
from risk_model.findings import AimsSnapshot, CheckArea, Finding

AREA = CheckArea("EU AI Act classification and reporting")
check = AREA.check

INVENTORY_PAGE = "pages/risk/inventory.py"
CLASSIFICATION_PAGE = "pages/eu_ai_act/classification.py"
INCIDENTS_PAGE = "pages/monitor/incidents.py"
UNCLASSIFIED = (None, "", "unclassified", "unknown")
TIER_ORDER = ("minimal", "limited", "high", "prohibited")


def _active(snapshot: AimsSnapshot) -> list[dict]:
    return [s for s in snapshot.systems if s.get("status") != "retired"]


def _tier(value: object) -> str:
    return EU_AI_ACT_TIER_LABELS.get(str(value), str(value))


@check("CLASSIFICATION-MISSING", "Every active AI system is classified under the EU AI Act")
def classification_missing(snapshot: AimsSnapshot) -> list[Finding]:
    return [
        Finding(
            "CLASSIFICATION-MISSING",
            "6.1.2; EU AI Act Art. 6",
            "minor",
            "AI system",
            system["id"],
            system["name"],
            "active, but not classified under the EU AI Act",
            CLASSIFICATION_PAGE,
        )
        for system in _active(snapshot)
        if system.get("eu_ai_act_tier") in UNCLASSIFIED
    ]


@check("CLASSIFICATION-PROHIBITED", "No active AI system is classified as prohibited")
def classification_prohibited(snapshot: AimsSnapshot) -> list[Finding]:
    return [
        Finding(
            "CLASSIFICATION-PROHIBITED",
            "6.1.3; EU AI Act Art. 5",
            "major",
            "AI system",
            system["id"],
            system["name"],
            "classified as a prohibited practice, yet still active",
            INVENTORY_PAGE,
        )
        for system in _active(snapshot)
        if system.get("eu_ai_act_tier") == "prohibited"
    ]


@check("CLASSIFICATION-CONTRADICTED", "The inventory's tier matches the latest classification")
def classification_contradicted(snapshot: AimsSnapshot) -> list[Finding]:
    rows = snapshot.extra.get("classifications")
    if not isinstance(rows, list):
        return []
    latest = {r["system_id"]: r.get("tier") for r in rows}
    findings = []
    for system in _active(snapshot):
        classified, listed = latest.get(system["id"]), system.get("eu_ai_act_tier")
        if classified is None or classified == listed:
            continue
        understated = classified in TIER_ORDER and (
            listed not in TIER_ORDER or TIER_ORDER.index(listed) < TIER_ORDER.index(classified)
        )
        findings.append(
            Finding(
                "CLASSIFICATION-CONTRADICTED",
                "4.1; EU AI Act Art. 6",
                "major" if understated and classified in ("high", "prohibited") else "minor",
                "AI system",
                system["id"],
                system["name"],
                f"the inventory says {_tier(listed)}, the latest classification "
                f"{_tier(classified)}",
                INVENTORY_PAGE,
            )
        )
    return findings


@check("ART73-OVERDUE", "No serious incident report is overdue")
def art73_overdue(snapshot: AimsSnapshot) -> list[Finding]:
    rows = snapshot.extra.get("serious_incidents")
    if not isinstance(rows, list):
        return []
    return [
        Finding(
            "ART73-OVERDUE",
            "A.8.4; EU AI Act Art. 73",
            "major",
            "AI incident",
            row["id"],
            row.get("title") or row["id"],
            f"serious incident not reported; the Art. 73 deadline was "
            f"{row['report_deadline']:%Y-%m-%d}",
            INCIDENTS_PAGE,
        )
        for row in rows
        if row.get("status") != "retired"
        and row.get("reported_on") is None
        and row.get("report_deadline") is not None
        and row["report_deadline"] < snapshot.today
    ]
