"""Demo inventory, AIMS scope and organisational context."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

from risk_model.access import SYSTEM
from store import context, inventory, records
from store.connection import Store

SYSTEM_IDS: dict[str, str] = {}
"""Demo key (e.g. ``credit``) -> the system id it was given, for the other seeders."""


def _day(today: date, offset: int | None) -> date | None:
    return None if offset is None else today + timedelta(days=offset)


def seed(db: Store, today: date) -> dict[str, int]:
    from demo.files import demo_file

    data = json.loads(demo_file("ai_systems.json").read_text(encoding="utf-8"))
    created_at = datetime.combine(today - timedelta(days=200), time(9, 0))
    SYSTEM_IDS.clear()
    for item in data["systems"]:
        values = {
            k: v
            for k, v in item.items()
            if k not in ("key", "last_review", "next_review", "in_scope", "scope_justification")
            and k not in ("eu_ai_act_tier", "eu_ai_act_basis")  # set by the classification
        }
        values["last_review_date"] = _day(today, item["last_review"])
        values["next_review_date"] = _day(today, item["next_review"])
        values["external_id"] = f"MFG-AI-{len(SYSTEM_IDS) + 1:03d}"
        system_id = inventory.add_system(db, values, SYSTEM, at=created_at)
        if item["in_scope"] is not None:
            inventory.set_scope_decision(
                db, system_id, item["in_scope"], item["scope_justification"] or "", SYSTEM
            )
        SYSTEM_IDS[item["key"]] = system_id

    ctx = json.loads(demo_file("context.json").read_text(encoding="utf-8"))
    context.save_scope(db, ctx["scope"], SYSTEM, at=created_at)
    for issue in ctx["issues"]:
        records.add_record(db, context.CONTEXT_ISSUE, issue, SYSTEM, at=created_at)
    for party in ctx["parties"]:
        records.add_record(db, context.INTERESTED_PARTY, party, SYSTEM, at=created_at)
    return {
        "AI systems": len(data["systems"]),
        "context issues": len(ctx["issues"]),
        "interested parties": len(ctx["parties"]),
    }
