"""Forms drawn from a register's field declarations, so every register edits the same way."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from risk_model.fields import UNKNOWN, Field, Register


def _present(value: object) -> bool:
    if value is None:
        return False
    if pd.api.types.is_scalar(value):
        return not pd.isna(value)
    return True


def field_input(spec: Field, current: object, key: str) -> object:
    label = spec.label + (" *" if spec.required else "")
    value = current if _present(current) else None
    match spec.kind:
        case "long_text":
            return st.text_area(label, value or "", key=key, help=spec.help or None)
        case "enum":
            options = [None, *spec.choices]
            if value == UNKNOWN:
                options.append(UNKNOWN)
            index = options.index(value) if value in options else 0
            return st.selectbox(
                label,
                options,
                index=index,
                key=key,
                format_func=lambda v: "—" if v is None else spec.label_of(v),
            )
        case "multi_enum":
            chosen = [v for v in (list(value) if value is not None else []) if v in spec.choices]
            return st.multiselect(
                label, spec.choices, default=chosen, key=key, format_func=spec.label_of
            )
        case "list":
            text = "\n".join(list(value)) if value is not None else ""
            raw = st.text_area(label + " (one per line)", text, key=key, height=90)
            return [line.strip() for line in raw.splitlines() if line.strip()]
        case "bool":
            options = [None, True, False]
            return st.selectbox(
                label,
                options,
                index=options.index(value) if value in options else 0,
                key=key,
                format_func=lambda v: {None: "—", True: "Yes", False: "No"}[v],
            )
        case "date":
            if isinstance(value, pd.Timestamp):
                value = value.date()
            return st.date_input(
                label, value if isinstance(value, date) else None, key=key, format="YYYY-MM-DD"
            )
        case _:
            return st.text_input(label, value or "", key=key, help=spec.help or None)


def record_form(
    register: Register, current: dict, key: str, skip: tuple[str, ...] = ("status",)
) -> dict:
    """Inputs for every field of ``register`` in two columns; returns the entered values."""
    values = {}
    specs = [f for f in register.fields if f.name not in skip]
    left, right = st.columns(2)
    for index, spec in enumerate(specs):
        with left if index % 2 == 0 else right:
            values[spec.name] = field_input(spec, current.get(spec.name), f"{key}-{spec.name}")
    for spec in specs:
        if spec.kind in ("text", "long_text") and isinstance(values[spec.name], str):
            values[spec.name] = values[spec.name].strip() or None
    return values
