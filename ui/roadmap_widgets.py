"""The certification roadmap's data and Gantt figure, built once per store version."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from charts.readiness import roadmap_gantt
from risk_model.certification import CertificationCycle
from risk_model.readiness import RoadmapFit
from store import roadmap
from store.connection import Store


def milestones(cycle: CertificationCycle) -> list[tuple[str, date]]:
    """The Stage 1 and Stage 2 audit dates that are planned."""
    planned = (("Stage 1", cycle.stage1_date), ("Stage 2", cycle.stage2_date))
    return [(name, day) for name, day in planned if day is not None]


def roadmap_view(
    db: Store, today: date
) -> tuple[CertificationCycle, pd.DataFrame, RoadmapFit, go.Figure | None]:
    """``store.roadmap.roadmap_plan`` and its Gantt figure (None without actions): wrap in
    ``cached_read`` so that the figure is not rebuilt on every rerun."""
    cycle, actions, fit = roadmap.roadmap_plan(db, today)
    figure = None
    if len(actions):
        figure = roadmap_gantt(actions, today, cycle.target_date, fit.cutoff, milestones(cycle))
    return cycle, actions, fit, figure
