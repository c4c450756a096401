"""Headline tiles of the suppliers, datasets and life-cycle pages."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from risk_model.datasets import dataset_figures
from risk_model.suppliers import supplier_figures
from ui.widgets import kpi


def _plain(frame: pd.DataFrame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def figure_tiles(figures: dict[str, int]) -> None:
    for column, (label, value) in zip(st.columns(len(figures)), figures.items(), strict=True):
        kpi(column, label[:1].upper() + label[1:], value)


def supplier_summary(frame: pd.DataFrame) -> None:
    figure_tiles(supplier_figures(_plain(frame), date.today()))


def dataset_summary(frame: pd.DataFrame) -> None:
    figure_tiles(dataset_figures(_plain(frame)))
