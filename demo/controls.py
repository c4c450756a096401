"""Demo Statement of Applicability: an approved version 1 from months ago, and today's draft.

Most controls are applicable; A.7.3 and A.10.4 are excluded with reasons, and A.3.3 and A.8.5
are excluded *without* one on purpose, so that the SoA flags have something to show.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

from risk_model.access import SYSTEM
from store import soa
from store.connection import Store


def seed(db: Store, today: date) -> dict[str, int]:
    from demo.files import demo_file

    data = json.loads(demo_file("soa.json").read_text(encoding="utf-8"))
    soa.set_organisation_name(db, data["organisation"], SYSTEM)
    first = data["version_1"]
    approved_on = today - timedelta(days=first["approved_days_ago"])
    then = {
        control_id: {
            **row,
            "implementation_status": first["status_then"].get(
                control_id, row["implementation_status"]
            ),
        }
        for control_id, row in data["controls"].items()
    }
    soa.update_controls(db, then, SYSTEM, at=datetime.combine(approved_on, time(9, 0)))
    soa.approve_version(
        db,
        first["approved_by"],
        approved_on,
        SYSTEM,
        note=first["note"],
        at=datetime.combine(approved_on, time(15, 0)),
    )
    now = datetime.combine(today - timedelta(days=10), time(11, 0))
    soa.update_controls(db, data["controls"], SYSTEM, at=now)
    applicable = sum(1 for row in data["controls"].values() if row["applicable"])
    return {"SoA controls": len(data["controls"]), "SoA applicable": applicable, "SoA versions": 1}
