"""Closed and retired risks are neither plotted on the heatmaps nor counted in the review."""

from __future__ import annotations

from datetime import date

from risk_model.access import SYSTEM
from store import inventory, review_inputs, risks
from ui.risk_widgets import cell_counts, heatmap_figure


def _register(db) -> tuple[str, str]:
    system = inventory.add_system(db, {"name": "Loan triage"}, SYSTEM)
    high = {"system_ids": [system], "inherent_likelihood": 5, "inherent_severity": 5}
    live = risks.add_risk(db, {"title": "Biased refusals", **high}, SYSTEM)
    closed = risks.add_risk(db, {"title": "Old model drift", "status": "closed", **high}, SYSTEM)
    return live, closed


def test_the_heatmap_leaves_closed_risks_off(db):
    live, closed = _register(db)
    levels = risks.risk_levels(db)
    inherent, residual = risks.heatmap_points(levels)
    assert [p[0] for p in inherent] == [p[0] for p in residual] == [live]
    assert cell_counts(levels) == {("inherent", 5, 5): 1, ("residual", 5, 5): 1}
    figure = heatmap_figure(levels, risks.get_settings(db))
    counts = [trace.customdata[4][4][3] for trace in figure.data if trace.type == "heatmap"]
    assert counts == [1, 1]


def test_the_review_counts_no_closed_risk_above_appetite(db):
    live, closed = _register(db)
    inputs = review_inputs.compile_inputs(db, date.today())
    figures = inputs.figures
    assert figures["above_appetite"] == 1
    assert sum(figures["residual_levels"].values()) == 1
    assert [p[0] for p in inputs.snapshot["risks"]["residual"]] == [live]
