"""The Import page's mapping steps: columns, blank-like values, unrecognised values, matching.

Each function draws one step and returns its part of the mapping JSON (the same JSON the
command line takes), starting from a saved mapping when one was loaded.
"""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from risk_model.column_mapping import ColumnPlan, Mapping
from risk_model.fields import Register
from risk_model.file_reading import Problem, Table
from risk_model.row_matching import ID_FIELDS, MatchRule
from risk_model.row_validation import blank_like_values, unmatched_values

LABELS = {"id": "Record id (update)", "external_id": "External id (stable id in the source)"}
KEEP, ALL_TO = "keep them as unknown", "map them all to one value"


def problems_table(problems: list[Problem]) -> None:
    st.dataframe(
        [{"Row": p.row or "", "Column": p.field, "Problem": p.message} for p in problems],
        hide_index=True,
        width="stretch",
    )


def loaded_mapping(upload) -> Mapping:
    """The saved mapping JSON the user loaded, or an empty one; a bad file says why."""
    if upload is None:
        return Mapping()
    try:
        return Mapping.from_dict(json.loads(upload.getvalue().decode("utf-8-sig")))
    except (ValueError, UnicodeDecodeError) as error:
        st.error(f"The mapping file cannot be used: {error}")
        return Mapping()


def preview(table: Table, plan: ColumnPlan, rows: int = 10) -> None:
    frame = pd.DataFrame([r for r in table.rows[:rows]], columns=plan.labels)
    frame.index = table.row_numbers[:rows]
    st.dataframe(frame, width="stretch")


def column_choices(table: Table, register: Register, plan: ColumnPlan, key: str) -> dict:
    """File column (``#N`` when its header repeats) -> field, chosen per column."""
    labels = {**LABELS, **{f.name: f.label + (" *" if f.required else "") for f in register.fields}}
    targets = [None, *ID_FIELDS, *register.field_names]
    repeated = {i for i, label in enumerate(plan.labels) if label != table.columns[i]}
    columns: dict[str, str] = {}
    grid = st.columns(3)
    for index, label in enumerate(plan.labels):
        default = plan.targets.get(index)
        choice = grid[index % 3].selectbox(
            label,
            targets,
            index=targets.index(default) if default in targets else 0,
            format_func=lambda t: "— ignore —" if t is None else labels[t],
            key=f"{key}-col-{index}",
        )
        if choice:
            columns[f"#{index + 1}" if index in repeated else table.columns[index]] = choice
    return columns


def blank_choice(table: Table, plan: ColumnPlan, mapping: Mapping, key: str) -> list[str]:
    """Offer to read "N/A", "TBD" and the like as blank, when the file holds them."""
    found = blank_like_values(table, plan)
    offered = sorted({*found, *mapping.blank})
    if not offered:
        return []
    st.caption(
        "These values look like “no value”. Read as blank, they leave the field empty "
        "instead of failing a yes/no or date check."
    )
    return st.multiselect(
        "Read as blank in every column",
        offered,
        default=[v for v in offered if v in mapping.blank or v in found],
        format_func=lambda v: f"{v} ({found.get(v, 0)} cells)",
        key=f"{key}-blank",
    )


def value_choices(table: Table, register: Register, plan: ColumnPlan, mapping: Mapping, key: str):
    """Per option field: each unrecognised value with its row count, a bulk choice for all the
    remaining ones, and a choice per value; returns the mapping's ``values``."""
    values = {f: dict(m) for f, m in mapping.values.items()}
    misses = unmatched_values(table, register, plan, mapping)
    if not misses:
        st.caption("Every value of the option columns matches an option.")
    for target, counts in misses.items():
        spec = register.field(target)
        rows = sum(counts.values())
        with st.expander(f"{spec.label}: {len(counts)} unrecognised values in {rows} rows"):
            st.dataframe(
                [{"Value": v, "Rows": n} for v, n in counts.items()],
                hide_index=True,
                width="stretch",
            )
            options = [None, *spec.choices]
            shown = list(counts)[:40]
            chosen = {}
            for value in shown:
                choice = st.selectbox(
                    f"{value[:100]} ({counts[value]} rows)",
                    options,
                    key=f"{key}-val-{target}-{value}",
                    format_func=lambda c, spec=spec: "keep as unknown"
                    if c is None
                    else spec.label_of(c),
                )
                if choice:
                    chosen[value] = choice
            bulk = st.radio(
                "All remaining values", [KEEP, ALL_TO], key=f"{key}-bulk-{target}", horizontal=True
            )
            if bulk == ALL_TO:
                to = st.selectbox(
                    "Map them all to",
                    spec.choices,
                    format_func=spec.label_of,
                    key=f"{key}-bulk-to-{target}",
                )
                chosen = {value: chosen.get(value, to) for value in counts}
            if chosen:
                values.setdefault(target, {}).update(chosen)
    return values


def match_choice(register: Register, mapped: list[str], rule: MatchRule, key: str) -> MatchRule:
    options = ["default", "fields", "none"]
    described = {
        "default": f"by id, then external id, then {register.field(register.title_field).label}",
        "fields": "by a combination of fields (e.g. business unit and name)",
        "none": "every row is a new record (for a file without ids whose names repeat)",
    }
    kind = st.radio(
        "How rows find the records they update",
        options,
        index=options.index(rule.kind),
        format_func=described.get,
        key=f"{key}-match",
    )
    if kind == "fields":
        names = [f for f in mapped if f not in ID_FIELDS]
        fields = st.multiselect(
            "Fields that together identify a record",
            names,
            default=[f for f in rule.fields if f in names] or names[:1],
            format_func=lambda f: register.field(f).label,
            key=f"{key}-match-fields",
        )
        return MatchRule("fields", tuple(fields)) if fields else MatchRule()
    return MatchRule(kind)
