"""Risk heatmaps: risks counted per likelihood x severity cell of a risk matrix.

Axes are numeric (severity 1..n on x, likelihood 1..n on y, low at the bottom-left) with
the scale's level names as tick labels, so cell centres sit on whole numbers and cell
edges on halves. Each heatmap cell's customdata is ``[likelihood, severity, level name,
count, risk IDs, likelihood name, severity name]`` so a page can tell which cell was selected.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from risk_model.risk_matrix import RiskMatrix

RiskPoint = tuple[Hashable, int, int]
"""(risk ID, likelihood, severity)."""

APPETITE_TRACE_NAME = "Risk appetite"
APPETITE_LINE = {"color": "#111111", "width": 5}
MAX_IDS_IN_HOVER = 8
HOVER = (
    "Likelihood: %{customdata[5]} (%{customdata[0]})<br>"
    "Severity: %{customdata[6]} (%{customdata[1]})<br>"
    "Level: %{customdata[2]}<br>Risks: %{customdata[3]}<br>%{customdata[4]}<extra></extra>"
)


def heatmap_cells(matrix: RiskMatrix, risks: Iterable[RiskPoint]) -> list[list[list[Hashable]]]:
    """Risk IDs per cell: ``cells[l - 1][s - 1]``, in input order."""
    cells: list[list[list[Hashable]]] = [
        [[] for _ in range(matrix.severity.size)] for _ in range(matrix.likelihood.size)
    ]
    rows, cols = matrix.likelihood.size, matrix.severity.size
    for risk_id, likelihood, severity in risks:
        if type(likelihood) is not int or type(severity) is not int:
            _misfit(matrix, risk_id, likelihood, severity)  # numpy ints, floats, bools, text
        elif not (0 < likelihood <= rows and 0 < severity <= cols):
            _misfit(matrix, risk_id, likelihood, severity)
        cells[likelihood - 1][severity - 1].append(risk_id)
    return cells


def _misfit(matrix: RiskMatrix, risk_id: Hashable, likelihood, severity) -> None:
    """Raise the scales' own error for a point off the matrix (or not an ``int``)."""
    try:
        matrix.likelihood.check(likelihood)
        matrix.severity.check(severity)
    except ValueError as exc:
        raise ValueError(f"risk {risk_id!r} does not fit the matrix: {exc}") from exc


def level_colourscale(matrix: RiskMatrix) -> list[list[float | str]]:
    """A stepped colourscale: z = level index i (with zmin -0.5, zmax n - 0.5) gets colour i."""
    n = len(matrix.levels)
    scale: list[list[float | str]] = []
    for i, level in enumerate(matrix.levels):
        scale += [[i / n, level.colour], [(i + 1) / n, level.colour]]
    return scale


def appetite_boundary_segments(
    matrix: RiskMatrix, appetite_index: int
) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """Unit cell edges, as ((x0, y0), (x1, y1)), between cells above and within appetite."""
    if not 0 <= appetite_index < len(matrix.levels):
        raise ValueError(f"appetite level {appetite_index} is outside the matrix levels")
    rows, cols = matrix.likelihood.size, matrix.severity.size

    def above(lik: int, s: int) -> bool:
        return matrix.level_index(lik, s) > appetite_index

    segments = []
    for lik in range(1, rows + 1):
        for s in range(1, cols + 1):
            if not above(lik, s):
                continue
            if lik > 1 and not above(lik - 1, s):
                segments.append(((s - 0.5, lik - 0.5), (s + 0.5, lik - 0.5)))
            if lik < rows and not above(lik + 1, s):
                segments.append(((s - 0.5, lik + 0.5), (s + 0.5, lik + 0.5)))
            if s > 1 and not above(lik, s - 1):
                segments.append(((s - 0.5, lik - 0.5), (s - 0.5, lik + 0.5)))
            if s < cols and not above(lik, s + 1):
                segments.append(((s + 0.5, lik - 0.5), (s + 0.5, lik + 0.5)))
    return segments


def _polylines(segments: Sequence[tuple[tuple[float, float], tuple[float, float]]]):
    """Chain unit segments into as few polylines as possible, so corners join cleanly."""
    unused = set(range(len(segments)))
    ends: dict[tuple[float, float], list[int]] = {}
    for i, (a, b) in enumerate(segments):
        ends.setdefault(a, []).append(i)
        ends.setdefault(b, []).append(i)
    lines = []
    while unused:
        odd = [p for p, ids in ends.items() if sum(i in unused for i in ids) % 2 == 1]
        start = odd[0] if odd else segments[min(unused)][0]
        line, point = [start], start
        while True:
            nxt = next((i for i in ends[point] if i in unused), None)
            if nxt is None:
                break
            unused.discard(nxt)
            a, b = segments[nxt]
            point = b if a == point else a
            line.append(point)
        lines.append(line)
    return lines


def appetite_trace(matrix: RiskMatrix, appetite_index: int, showlegend: bool) -> go.Scatter:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for line in _polylines(appetite_boundary_segments(matrix, appetite_index)):
        xs += [x for x, _ in line] + [None]
        ys += [y for _, y in line] + [None]
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        line=APPETITE_LINE,
        name=f"{APPETITE_TRACE_NAME} ({matrix.levels[appetite_index].name})",
        legendgroup="appetite",
        showlegend=showlegend,
        hoverinfo="skip",
        cliponaxis=False,
    )


def heatmap_trace(
    matrix: RiskMatrix, risks: Iterable[RiskPoint], name: str, showscale: bool
) -> go.Heatmap:
    cells = heatmap_cells(matrix, risks)
    z, text, customdata = [], [], []
    for lik, row in enumerate(cells, start=1):
        z.append([matrix.level_index(lik, s) for s in range(1, len(row) + 1)])
        text.append([str(len(ids)) if ids else "" for ids in row])
        custom_row = []
        for s, ids in enumerate(row, start=1):
            shown = ", ".join(str(i) for i in ids[:MAX_IDS_IN_HOVER])
            if len(ids) > MAX_IDS_IN_HOVER:
                shown += f" and {len(ids) - MAX_IDS_IN_HOVER} more"
            level = matrix.level(lik, s).name
            names = [matrix.likelihood.label(lik), matrix.severity.label(s)]
            custom_row.append([lik, s, level, len(ids), shown, *names])
        customdata.append(custom_row)
    n_levels = len(matrix.levels)
    return go.Heatmap(
        x=list(range(1, matrix.severity.size + 1)),
        y=list(range(1, matrix.likelihood.size + 1)),
        z=z,
        text=text,
        texttemplate="%{text}",
        textfont={"size": 20},
        customdata=customdata,
        hovertemplate=HOVER,
        colorscale=level_colourscale(matrix),
        zmin=-0.5,
        zmax=n_levels - 0.5,
        showscale=showscale,
        colorbar={
            "title": {"text": "Risk level"},
            "tickvals": list(range(n_levels)),
            "ticktext": [level.name for level in matrix.levels],
        },
        xgap=3,
        ygap=3,
        name=name,
    )


def style_axes(fig: go.Figure, matrix: RiskMatrix, y_title: bool = True, **subplot) -> None:
    """Level names on both axes; ``y_title=False`` for a grid to the right of another one,
    whose likelihood title would otherwise sit over the first grid."""
    for update, scale, titled in (
        (fig.update_xaxes, matrix.severity, True),
        (fig.update_yaxes, matrix.likelihood, y_title),
    ):
        update(
            title_text=scale.name if titled else None,
            tickmode="array",
            tickvals=list(range(1, scale.size + 1)),
            ticktext=list(scale.levels),
            range=[0.5, scale.size + 0.5],
            showgrid=False,
            zeroline=False,
            **subplot,
        )


def risk_heatmap(
    matrix: RiskMatrix,
    risks: Iterable[RiskPoint],
    title: str,
    appetite_index: int | None = None,
) -> go.Figure:
    """Count of risks per cell, coloured by level, with the appetite boundary if given."""
    fig = go.Figure(heatmap_trace(matrix, risks, title, showscale=True))
    if appetite_index is not None:
        fig.add_trace(appetite_trace(matrix, appetite_index, showlegend=True))
    style_axes(fig, matrix)
    fig.update_layout(
        title=title,
        plot_bgcolor="white",
        height=520,
        legend={"orientation": "h", "y": -0.2},
    )
    return fig


def inherent_residual_heatmaps(
    matrix: RiskMatrix,
    inherent_risks: Iterable[RiskPoint],
    residual_risks: Iterable[RiskPoint],
    appetite_index: int | None,
) -> go.Figure:
    """Inherent and residual risk heatmaps side by side, on the same matrix and appetite."""
    fig = make_subplots(
        rows=1, cols=2, subplot_titles=("Inherent risk", "Residual risk"), horizontal_spacing=0.12
    )
    for col, (name, risks) in enumerate(
        (("Inherent risk", inherent_risks), ("Residual risk", residual_risks)), start=1
    ):
        trace = heatmap_trace(matrix, risks, name, showscale=col == 2)
        fig.add_trace(trace, row=1, col=col)
        if appetite_index is not None:
            fig.add_trace(
                appetite_trace(matrix, appetite_index, showlegend=col == 1), row=1, col=col
            )
        style_axes(fig, matrix, y_title=col == 1, row=1, col=col)
    fig.update_layout(plot_bgcolor="white", height=520, legend={"orientation": "h", "y": -0.2})
    return fig
