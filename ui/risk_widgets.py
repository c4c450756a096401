"""Widgets shared by the risk register, heatmap and overview pages."""

from __future__ import annotations

import functools
from collections import Counter
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from charts.heatmap import HOVER, inherent_residual_heatmaps
from risk_model.risk_register import (
    MIT_DOMAIN_LABELS,
    MIT_SUBDOMAIN_LABELS,
    RISK,
    RISK_STATUS_CHOICE_LABELS,
)
from risk_model.taxonomy import read_tsv
from store import inventory, risks
from store.connection import Store
from store.overview import ExecutiveOverview, overview_and_levels
from ui.cache import cached_read

CELL_PICKER = "Select a cell"
WHICH = ("inherent", "residual")


def risk_filters(db: Store, key: str, today: date) -> tuple[risks.RiskFilter, date | None]:
    """Business unit, system, MIT domain, owner and as-of date; as-of None means today."""
    names = cached_read(inventory.system_names)(db)
    with st.expander("Filters", expanded=True):
        c1, c2, c3, c4, c5 = st.columns(5)
        units = c1.multiselect(
            "Business unit",
            cached_read(inventory.distinct_values)(db, "business_unit"),
            key=f"{key}-units",
        )
        systems = c2.multiselect("AI system", list(names), format_func=names.get, key=f"{key}-sys")
        domains = c3.multiselect(
            "MIT domain",
            list(MIT_DOMAIN_LABELS),
            format_func=MIT_DOMAIN_LABELS.get,
            key=f"{key}-domains",
        )
        owners = c4.multiselect("Risk owner", cached_read(risks.owners)(db), key=f"{key}-owners")
        as_of = c5.date_input(
            "As of", value=today, max_value=today, key=f"{key}-asof", format="YYYY-MM-DD"
        )
    where = risks.RiskFilter(tuple(units), tuple(systems), tuple(domains), tuple(owners))
    return where, (None if as_of is None or as_of >= today else as_of)


def heatmap_figure(frame: pd.DataFrame, settings: risks.RiskSettings) -> go.Figure:
    """Inherent and residual side by side, with an invisible marker on every cell so that
    a click selects it (Plotly heatmap traces themselves raise no selection events)."""
    inherent, residual = risks.heatmap_points(frame)
    matrix = settings.matrix
    fig = inherent_residual_heatmaps(matrix, inherent, residual, settings.appetite_index)
    cells = [(lik, sev) for lik, sev, _ in matrix.cells()]
    heatmaps = [trace for trace in fig.data if trace.type == "heatmap"]
    for col, (which, grid) in enumerate(zip(WHICH, heatmaps, strict=True), start=1):
        # The marker on top receives the click, so it also carries the cell's tooltip.
        picker = go.Scatter(
            x=[s for _, s in cells],
            y=[lik for lik, _ in cells],
            customdata=[[*grid.customdata[lik - 1][s - 1], which] for lik, s in cells],
            mode="markers",
            marker={"size": 48, "symbol": "square", "opacity": 0.01, "color": "#000"},
            name=CELL_PICKER,
            showlegend=False,
            hovertemplate=HOVER,
        )
        fig.add_trace(picker, row=1, col=col)
    fig.update_layout(clickmode="event+select", font={"size": 16}, height=560)
    return fig


def cell_ids(frame: pd.DataFrame, which: str, likelihood: int, severity: int) -> list[str]:
    inherent, residual = risks.heatmap_points(frame)
    points = inherent if which == "inherent" else residual
    return [rid for rid, lik, sev in points if (lik, sev) == (likelihood, severity)]


def cell_counts(frame: pd.DataFrame) -> Counter:
    """Risks per ``(which, likelihood, severity)``; an unassessed residual counts at its
    inherent cell (as ``risks.heatmap_points`` places it); closed and retired risks are left
    out, as on the heatmap."""
    counts: Counter = Counter()
    if "effective_status" in frame.columns:
        frame = frame[~frame["effective_status"].isin(risks.NOT_PLOTTED)]
    if frame.empty:
        return counts
    lik, sev = frame["inherent_likelihood"].astype(int), frame["inherent_severity"].astype(int)
    r_lik = pd.to_numeric(frame["residual_likelihood"], errors="coerce")
    r_sev = pd.to_numeric(frame["residual_severity"], errors="coerce")
    assessed = r_lik.notna() & r_sev.notna()
    cells = {
        "inherent": (lik, sev),
        "residual": (
            r_lik.where(assessed, lik).astype(int),
            r_sev.where(assessed, sev).astype(int),
        ),
    }
    for which, (l_axis, s_axis) in cells.items():
        for (l_value, s_value), n in (
            pd.DataFrame({"l": l_axis, "s": s_axis}).value_counts().items()
        ):
            counts[(which, int(l_value), int(s_value))] = int(n)
    return counts


def register_levels(
    db: Store, where: risks.RiskFilter, as_of: date | None, today: date
) -> pd.DataFrame:
    """``risks.risk_levels``, cached by store version: the risk pages, the heatmap and the
    overview share one copy of a large register's levels."""
    return cached_read(risks.risk_levels)(db, where, as_of=as_of, today=today)


def levels_heatmap(
    db: Store, where: risks.RiskFilter, as_of: date | None, today: date
) -> go.Figure:
    """The heatmap of ``register_levels``: wrap in ``cached_read`` so that a large register's
    figure is built once per store version, not on every rerun."""
    return heatmap_figure(register_levels(db, where, as_of, today), risks.get_settings(db))


def overview_with_heatmap(
    db: Store, today: date, as_of: date | None
) -> tuple[ExecutiveOverview, go.Figure]:
    """The executive overview and its heatmap of the whole register: wrap in ``cached_read``."""
    data, levels = overview_and_levels(db, today, as_of)
    return data, heatmap_figure(levels, data.settings)


def selected_cell(event, key: str, settings: risks.RiskSettings, frame: pd.DataFrame):
    """The cell clicked in the chart, else the one chosen in the list: (which, l, s) or None."""
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    for point in points:
        data = point.get("customdata")
        if data and data[-1] in WHICH:
            return data[-1], int(data[0]), int(data[1])
    matrix = settings.matrix
    options = [None] + [(w, lik, s) for w in WHICH for lik, s, _ in matrix.cells()]
    counts = cell_counts(frame)

    def label(cell) -> str:
        if cell is None:
            return "—"
        which, lik, s = cell
        names = f"{matrix.likelihood.label(lik)} × {matrix.severity.label(s)}"
        return f"{which.capitalize()}: {names} ({counts[cell]})"

    return st.selectbox("Or choose a cell", options, format_func=label, key=f"{key}-cell")


def register_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The register's table as the page shows it: its columns, levels and labels in words."""
    view = frame.reindex(
        columns=[
            "id",
            "title",
            "systems",
            "mit_subdomain",
            "owner",
            "inherent_level",
            "residual_level",
            "above_appetite",
            "treatment",
            "treatment_due",
            "treatment_overdue",
            "effective_status",
            "flags",
        ]
    )
    view["residual_level"] = view["residual_level"].fillna("not assessed")
    view["mit_subdomain"] = view["mit_subdomain"].map(lambda s: MIT_SUBDOMAIN_LABELS.get(s, s))
    view["effective_status"] = view["effective_status"].map(
        lambda s: RISK_STATUS_CHOICE_LABELS.get(s, s)
    )
    return view


PAGE_ROWS = 500
"""Rows of the register table shown at once; the counts above it cover every row."""


def page_of(ids: list[str], key: str, size: int = PAGE_ROWS) -> list[str]:
    """The ids of the page of the register chosen (a page picker shows only when needed)."""
    if len(ids) <= size:
        return ids
    pages = -(-len(ids) // size)
    number = st.number_input(f"Page (of {pages})", 1, pages, 1, key=f"{key}-page")
    first = (int(number) - 1) * size
    st.caption(f"Risks {first + 1:,} to {min(first + size, len(ids)):,} of {len(ids):,}, by ID.")
    return ids[first : first + size]


@functools.cache
def annex_a_controls() -> dict[str, str]:
    return {row["id"]: f"{row['id']} {row['title']}" for row in read_tsv("iso42001_annex_a.tsv")}


def _choice(spec_name: str, current, key: str, label: str | None = None):
    spec = RISK.field(spec_name)
    options = [None, *spec.choices]
    return st.selectbox(
        label or spec.label,
        options,
        index=options.index(current) if current in options else 0,
        format_func=lambda v: "—" if v is None else spec.label_of(v),
        key=f"{key}-{spec_name}",
    )


def _score(scale, current, label: str, key: str, optional: bool):
    options = ([None] if optional else []) + list(range(1, scale.size + 1))
    index = options.index(current) if current in options else 0
    return st.selectbox(
        label,
        options,
        index=index,
        key=key,
        format_func=lambda v: "not assessed" if v is None else f"{v} {scale.label(v)}",
    )


def risk_form(db: Store, settings: risks.RiskSettings, current: dict, key: str) -> dict:
    """Inputs for every field of a risk; returns the entered values."""
    names = cached_read(inventory.system_names)(db)
    controls = annex_a_controls()
    v: dict = {}
    v["title"] = st.text_input("Risk *", current.get("title") or "", key=f"{key}-title")
    v["description"] = st.text_area(
        "Description", current.get("description") or "", key=f"{key}-description", height=80
    )
    left, right = st.columns(2)
    with left:
        v["system_ids"] = st.multiselect(
            "AI systems *",
            list(names),
            default=list(current.get("system_ids") or []),
            format_func=names.get,
            key=f"{key}-system_ids",
        )
        stakeholders = st.text_input(
            "Affected stakeholders (separated by ;)",
            "; ".join(current.get("stakeholders") or []),
            key=f"{key}-stakeholders",
        )
        v["stakeholders"] = [s.strip() for s in stakeholders.split(";") if s.strip()]
        for name in ("mit_subdomain", "lifecycle_stage", "causal_entity", "causal_intent"):
            v[name] = _choice(name, current.get(name), key)
        for name in ("causal_timing", "annex_c_source", "annex_c_objective"):
            v[name] = _choice(name, current.get(name), key)
    with right:
        m = settings.matrix
        for prefix, optional in (("inherent", False), ("residual", True)):
            for axis, scale in (("likelihood", m.likelihood), ("severity", m.severity)):
                name = f"{prefix}_{axis}"
                label = f"{prefix.capitalize()} {axis}" + ("" if optional else " *")
                v[name] = _score(scale, current.get(name), label, f"{key}-{name}", optional)
        v["treatment"] = _choice("treatment", current.get("treatment"), key)
        v["treatment_plan"] = st.text_area(
            "Treatment plan", current.get("treatment_plan") or "", key=f"{key}-plan", height=68
        )
        v["owner"] = st.text_input("Risk owner", current.get("owner") or "", key=f"{key}-owner")
        due = current.get("treatment_due")
        v["treatment_due"] = st.date_input(
            "Treatment due", pd.Timestamp(due).date() if due else None, key=f"{key}-due"
        )
        v["treatment_status"] = _choice("treatment_status", current.get("treatment_status"), key)
        v["control_ids"] = st.multiselect(
            "Annex A controls",
            list(controls),
            default=list(current.get("control_ids") or []),
            format_func=controls.get,
            key=f"{key}-controls",
        )
    for name in ("title", "description", "treatment_plan", "owner"):
        v[name] = (v[name] or "").strip() or None
    return v


def empty_as_of_note(db: Store, as_of: date) -> str:
    """Why a register read as of ``as_of`` is empty, in words."""
    first = cached_read(risks.first_recorded)(db)
    if first is None:
        return "The risk register is empty: add or import risks on the AI risk register page."
    if as_of < first:
        return (
            f"No risk had been recorded by {as_of:%d %B %Y}: the register's history starts on "
            f"{first:%d %B %Y}. Pick a later day to see its risks."
        )
    return f"No risk in force on {as_of:%d %B %Y} matches the filters."
