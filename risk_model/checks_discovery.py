"""Pre-audit check on discovery (ISO/IEC 42001 4.1, A.4.2): AI found but left uncatalogued.

Reads ``snapshot.extra["discovery_open"]``: ``{"days": N, "candidates": [...]}``, the open
candidates (``id``, ``location``, ``provider``, ``source``, ``open_since``). A candidate open
for more than N days means the inventory is known to be incomplete and nobody acted on it.
"""

from __future__ import annotations

from risk_model.discovery import OPEN_DAYS, SOURCES, open_too_long
from risk_model.findings import AimsSnapshot, CheckArea, Finding

AREA = CheckArea("discovery")
check = AREA.check


@check("DISCOVERY-OPEN", "AI found by discovery is catalogued or dismissed in time")
def discovery_open(snapshot: AimsSnapshot) -> list[Finding]:
    area = snapshot.extra.get("discovery_open")
    if not isinstance(area, dict):
        return []
    days = int(area.get("days") or OPEN_DAYS)
    return [
        Finding(
            "DISCOVERY-OPEN",
            "4.1; A.4.2",
            "minor",
            "discovery candidate",
            row["id"],
            f"{row['location']} ({row['provider']})",
            f"{SOURCES.get(row.get('source'), 'discovery').lower()} evidence of AI found on "
            f"{row['open_since']:%Y-%m-%d} is neither in the inventory nor dismissed after "
            f"{days} days: the inventory is not complete",
            "pages/risk/discovery.py",
        )
        for row in area.get("candidates") or []
        if open_too_long(row["open_since"], snapshot.today, days)
    ]
