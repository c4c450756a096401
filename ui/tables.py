"""Tables in words: every column a page shows gets a title a reader understands.

A page configures the columns it cares about; ``column_words`` gives every other column its
name in words ("review_date" -> "Review date", "check_id" -> "Check ID"), so no field name
reaches the screen when a store read gains a column.
"""

from __future__ import annotations

import re

import pandas as pd

WORDS = {
    "id": "ID",
    "ids": "IDs",
    "eu": "EU",
    "ai": "AI",
    "act": "Act",  # the EU AI Act
    "aims": "AIMS",
    "url": "URL",
    "sha256": "SHA-256",
    "csv": "CSV",
    "xlsx": "XLSX",
    "raci": "RACI",
    "mit": "MIT",
    "nc": "NC",
    "kpi": "KPI",
    "pdf": "PDF",
    "iso": "ISO",
    "nist": "NIST",
    "rmf": "RMF",
    "pestle": "PESTLE",
}
"""Abbreviations written in capitals wherever they appear in a column name."""


def in_words(name: object) -> str:
    """A column name in sentence case: "open_actions" -> "Open actions"."""
    text = str(name)
    if not re.fullmatch(r"[a-z0-9_ ]+", text):
        return text  # already words (capitals, punctuation) or not a field name
    parts = [p for p in re.split(r"[_ ]+", text) if p]
    words = [WORDS.get(p, p) for p in parts]
    if words and words[0] == parts[0]:
        words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)


def column_words(frame: object, config: dict | None = None) -> dict:
    """``config`` for ``st.dataframe``/``st.data_editor``, with every other column of
    ``frame`` titled in words. A configured column (even one hidden with None) is kept."""
    config = dict(config or {})
    columns = frame.columns if isinstance(frame, pd.DataFrame) else []
    for column in columns:
        if column not in config and isinstance(column, str) and in_words(column) != column:
            config[column] = in_words(column)
    return config


def sentence_case(values: pd.Series) -> pd.Series:
    """Choice values as words: "in progress" -> "In progress", "major" -> "Major"."""
    return values.map(lambda v: in_words(v) if isinstance(v, str) else v)
