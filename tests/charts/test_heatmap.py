import random
from collections import Counter, defaultdict

import plotly.graph_objects as go
import pytest

from charts.heatmap import (
    APPETITE_TRACE_NAME,
    heatmap_cells,
    inherent_residual_heatmaps,
    risk_heatmap,
)
from risk_model.risk_matrix import DEFAULT_MATRIX, RiskLevel, RiskMatrix, Scale

LEVEL_NAMES = ["Very low", "Low", "Medium", "High", "Very high"]


def product_band(lik: int, sev: int) -> int:
    """The documented default banding of l * s, as a level index."""
    product = lik * sev
    return next(i for i, top in enumerate((3, 6, 10, 16, 25)) if product <= top)


CUSTOM_4X4 = RiskMatrix(
    likelihood=Scale("Probability", ("Improbable", "Remote", "Occasional", "Frequent")),
    severity=Scale("Impact", ("Minor", "Serious", "Critical", "Catastrophic")),
    levels=(
        RiskLevel("Green", "#00aa00"),
        RiskLevel("Amber", "#ffbf00"),
        RiskLevel("Red", "#cc0000"),
    ),
    grid=((0, 0, 1, 1), (0, 1, 1, 2), (1, 1, 2, 2), (1, 2, 2, 2)),
)


def random_risks(matrix, n, seed):
    rng = random.Random(seed)
    return [
        (f"R{i:03d}", rng.randint(1, matrix.likelihood.size), rng.randint(1, matrix.severity.size))
        for i in range(n)
    ]


def heatmap_trace(fig, index=0) -> go.Heatmap:
    return [t for t in fig.data if t.type == "heatmap"][index]


def appetite_traces(fig):
    return [t for t in fig.data if t.type == "scatter" and t.name.startswith(APPETITE_TRACE_NAME)]


def test_heatmap_cells_group_the_risks():
    risks = random_risks(DEFAULT_MATRIX, 60, seed=1)
    expected = defaultdict(list)
    for risk_id, lik, sev in risks:
        expected[(lik, sev)].append(risk_id)
    cells = heatmap_cells(DEFAULT_MATRIX, risks)
    assert len(cells) == 5 and all(len(row) == 5 for row in cells)
    for lik in range(1, 6):
        for sev in range(1, 6):
            assert cells[lik - 1][sev - 1] == expected.get((lik, sev), [])
    with pytest.raises(ValueError, match="R9"):
        heatmap_cells(DEFAULT_MATRIX, [("R9", 6, 1)])


@pytest.mark.parametrize("matrix", [DEFAULT_MATRIX, CUSTOM_4X4])
def test_counts_levels_and_customdata_cell_by_cell(matrix):
    risks = random_risks(matrix, 40, seed=7)
    counts = Counter((lik, sev) for _, lik, sev in risks)
    trace = heatmap_trace(risk_heatmap(matrix, risks, "Risks"))
    assert list(trace.y) == list(range(1, matrix.likelihood.size + 1))  # low likelihood first
    assert list(trace.x) == list(range(1, matrix.severity.size + 1))
    for row, lik in enumerate(trace.y):
        for col, sev in enumerate(trace.x):
            count = counts[(lik, sev)]
            assert trace.text[row][col] == (str(count) if count else "")
            custom = trace.customdata[row][col]
            assert (custom[0], custom[1]) == (lik, sev)
            assert custom[3] == count
            assert custom[2] == matrix.levels[trace.z[row][col]].name
            assert custom[5] == matrix.likelihood.levels[lik - 1]
            assert custom[6] == matrix.severity.levels[sev - 1]
    assert sum(sum(c[3] for c in row) for row in trace.customdata) == len(risks)


def test_default_cells_are_coloured_by_the_banding_rule():
    trace = heatmap_trace(risk_heatmap(DEFAULT_MATRIX, [], "Empty"))
    colours = [level.colour for level in DEFAULT_MATRIX.levels]
    for row, lik in enumerate(trace.y):
        for col, sev in enumerate(trace.x):
            z = trace.z[row][col]
            assert z == product_band(lik, sev)
            # Where z falls on the colourscale, the colour must be the level's colour.
            position = (z - trace.zmin) / (trace.zmax - trace.zmin)
            below = [c for p, c in trace.colorscale if p <= position][-1]
            above = next(c for p, c in trace.colorscale if p >= position)
            assert below == above == colours[z]
    assert list(trace.colorbar.ticktext) == LEVEL_NAMES


@pytest.mark.parametrize("matrix", [DEFAULT_MATRIX, CUSTOM_4X4])
def test_axis_labels_are_the_level_names(matrix):
    fig = risk_heatmap(matrix, [], "Risks")
    assert list(fig.layout.xaxis.ticktext) == list(matrix.severity.levels)
    assert list(fig.layout.xaxis.tickvals) == list(range(1, matrix.severity.size + 1))
    assert list(fig.layout.yaxis.ticktext) == list(matrix.likelihood.levels)
    assert fig.layout.yaxis.autorange != "reversed"
    assert fig.layout.xaxis.title.text == matrix.severity.name
    assert fig.layout.yaxis.title.text == matrix.likelihood.name
    assert fig.layout.title.text == "Risks"


def unit_edges(trace):
    """Unit cell edges drawn by a polyline trace with None gaps."""
    edges = set()
    points = list(zip(trace.x, trace.y, strict=True))
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if None in (x0, y0, x1, y1):
            continue
        assert x0 == x1 or y0 == y1
        steps = int(round(abs(x1 - x0) + abs(y1 - y0)))
        for k in range(steps):
            ax = x0 + (x1 - x0) * k / steps
            ay = y0 + (y1 - y0) * k / steps
            bx = x0 + (x1 - x0) * (k + 1) / steps
            by = y0 + (y1 - y0) * (k + 1) / steps
            edges.add(frozenset({(ax, ay), (bx, by)}))
    return edges


def expected_boundary(size_l, size_s, above):
    """Independent: edges between horizontally or vertically adjacent cells that differ."""
    edges = set()
    for lik in range(1, size_l + 1):
        for sev in range(1, size_s + 1):
            if lik < size_l and above(lik, sev) != above(lik + 1, sev):
                edges.add(frozenset({(sev - 0.5, lik + 0.5), (sev + 0.5, lik + 0.5)}))
            if sev < size_s and above(lik, sev) != above(lik, sev + 1):
                edges.add(frozenset({(sev + 0.5, lik - 0.5), (sev + 0.5, lik + 0.5)}))
    return edges


@pytest.mark.parametrize("appetite", [0, 1, 2, 3])
def test_appetite_boundary_separates_the_cells_above_appetite(appetite):
    fig = risk_heatmap(DEFAULT_MATRIX, random_risks(DEFAULT_MATRIX, 10, 3), "Risks", appetite)
    (trace,) = appetite_traces(fig)
    assert trace.line.width >= 3
    assert LEVEL_NAMES[appetite] in trace.name
    drawn = unit_edges(trace)
    assert drawn
    assert drawn == expected_boundary(5, 5, lambda l, s: product_band(l, s) > appetite)


def test_appetite_boundary_on_a_custom_matrix_and_absent_without_appetite():
    fig = risk_heatmap(CUSTOM_4X4, [], "Risks", appetite_index=1)
    (trace,) = appetite_traces(fig)
    grid = CUSTOM_4X4.grid
    assert unit_edges(trace) == expected_boundary(4, 4, lambda l, s: grid[l - 1][s - 1] > 1)
    assert appetite_traces(risk_heatmap(CUSTOM_4X4, [], "Risks")) == []
    top = risk_heatmap(CUSTOM_4X4, [], "Risks", appetite_index=2)
    assert all(unit_edges(t) == set() for t in appetite_traces(top))
    with pytest.raises(ValueError):
        risk_heatmap(CUSTOM_4X4, [], "Risks", appetite_index=3)


def test_inherent_and_residual_side_by_side():
    inherent = random_risks(DEFAULT_MATRIX, 30, seed=11)
    residual = [(rid, max(1, lik - 2), sev) for rid, lik, sev in inherent]
    fig = inherent_residual_heatmaps(DEFAULT_MATRIX, inherent, residual, appetite_index=2)
    titles = [a.text for a in fig.layout.annotations]
    assert titles == ["Inherent risk", "Residual risk"]
    left, right = heatmap_trace(fig, 0), heatmap_trace(fig, 1)
    assert (left.xaxis, right.xaxis) == ("x", "x2")
    for trace, risks in ((left, inherent), (right, residual)):
        counts = Counter((lik, sev) for _, lik, sev in risks)
        for row, lik in enumerate(trace.y):
            for col, sev in enumerate(trace.x):
                assert trace.customdata[row][col][3] == counts[(lik, sev)]
    boundaries = appetite_traces(fig)
    assert len(boundaries) == 2
    assert {t.xaxis for t in boundaries} == {"x", "x2"}
    assert [t.showlegend for t in boundaries] == [True, False]
    assert list(fig.layout.xaxis2.ticktext) == list(DEFAULT_MATRIX.severity.levels)
    assert list(fig.layout.yaxis2.ticktext) == list(DEFAULT_MATRIX.likelihood.levels)
    assert [left.showscale, right.showscale] == [False, True]
