"""The EU AI Act obligations of every active AI system, by role and application date.

Systems with the same tier, basis and roles share one computation
(``risk_model.obligations_timeline.system_obligations``), so a large estate costs one pass per
distinct combination rather than per system.
"""

from __future__ import annotations

from dataclasses import asdict

import pandas as pd

from risk_model.obligations_timeline import system_obligations
from store import inventory
from store.connection import Store

COLUMNS = ["system_id", "system_name", "role", "article", "obligation", "applies_from", "track"]


def estate_obligations(db: Store) -> pd.DataFrame:
    """One row per (system, role, article): ``COLUMNS``, in date order."""
    systems = inventory.select_systems(
        db, ("id", "name", "eu_ai_act_tier", "eu_ai_act_basis", "ai_roles")
    )
    by_kind: dict[tuple, list[dict]] = {}
    rows = []
    for system in systems.to_dict("records"):
        roles = tuple(sorted(system["ai_roles"] or []))
        key = (system["eu_ai_act_tier"], system["eu_ai_act_basis"], roles)
        if key not in by_kind:
            probe = {**system, "id": "", "ai_roles": list(roles)}
            by_kind[key] = [asdict(o) for o in system_obligations(probe)]
        for item in by_kind[key]:
            rows.append({**item, "system_id": system["id"], "system_name": system["name"]})
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["applies_from", "system_id", "role", "article"], kind="stable")
