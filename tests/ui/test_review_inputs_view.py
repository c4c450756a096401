"""The Management review page draws a slim view of the compiled inputs (``InputsView``): it
must show exactly what the inputs hold, and the heatmap as it was drawn from the registers."""

from __future__ import annotations

from datetime import date

from pandas.testing import assert_frame_equal

from charts.review import heatmap_then_and_now
from risk_model.management_review import level_counts
from store import management_review as reviews
from store import review_inputs
from store.risks import heatmap_points
from ui.review_widgets import inputs_view


def test_view_shows_what_the_compiled_inputs_hold(demo_db):
    today = date.today()
    review_id = reviews.pack_review_id(demo_db, today)
    inputs = review_inputs.compile_inputs(demo_db, today, review_id=review_id)
    view = inputs_view(demo_db, today, review_id)

    assert view.figures == inputs.figures
    assert view.action_summary == inputs.action_summary
    assert view.changes == inputs.changes
    assert (view.last_review, view.since) == (inputs.last_review, inputs.since)
    assert view.readiness.overall == inputs.readiness.overall
    assert view.readiness.gaps == inputs.readiness.gaps
    for name in ("actions", "monitoring", "incidents", "checks"):
        assert_frame_equal(getattr(view, name), getattr(inputs, name))
    for name in ("audits", "nonconformities", "opportunities"):
        expected = getattr(inputs, name)
        if expected is None:
            assert getattr(view, name) is None
        else:
            assert_frame_equal(getattr(view, name), expected)

    _, now = heatmap_points(inputs.risks_now)
    before = None if inputs.risks_before is None else heatmap_points(inputs.risks_before)[1]
    drawn = heatmap_then_and_now(
        inputs.settings.matrix,
        before,
        now,
        f"Residual risk at the last review ({inputs.since})",
        "Residual risk now",
        inputs.settings.appetite_index,
    )
    assert view.heatmap.to_dict() == drawn.to_dict()


def test_snapshot_points_and_levels_match_the_row_wise_forms(demo_db):
    today = date.today()
    inputs = review_inputs.compile_inputs(demo_db, today)
    inherent, residual = heatmap_points(inputs.risks_now)
    assert inputs.snapshot["risks"] == {"inherent": inherent, "residual": residual}
    live = ~inputs.risks_now["effective_status"].isin(["closed", "retired"])
    assert len(residual) == int(live.sum()) > 0  # closed risks are not plotted
    expected = level_counts(inputs.settings.matrix, residual)
    assert inputs.figures["residual_levels"] == expected
