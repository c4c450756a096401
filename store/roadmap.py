"""The certification roadmap's reads: the cycle, the remediation actions and whether they fit."""

from __future__ import annotations

from datetime import date

import pandas as pd

from risk_model import readiness as rules
from risk_model.certification import CertificationCycle
from store import certification, readiness
from store.connection import Store


def roadmap_plan(
    db: Store, today: date
) -> tuple[CertificationCycle, pd.DataFrame, rules.RoadmapFit]:
    """``certification.get_cycle``, ``readiness.list_actions`` and ``readiness.roadmap_fit``
    from one connection and one read of the actions."""
    with db.connect():
        cycle = certification.get_cycle(db)
        actions = readiness.list_actions(db, today)
    fit = rules.roadmap_fit(
        actions.to_dict("records"),
        cycle.target_date,
        cycle.readiness_start,
        today,
        cycle.stage_lead_weeks,
    )
    return cycle, actions, fit
