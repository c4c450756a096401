"""Text for PDFs: a Unicode font when one is installed, else Latin-1 for the core fonts."""

from __future__ import annotations

import importlib.util
import unicodedata
from pathlib import Path

import pandas as pd


def unicode_font_path() -> Path | None:
    """A DejaVu Sans TTF: from a pip package first (kaleido, matplotlib), then the system."""
    candidates = []
    for package, relative in (
        ("kaleido", "executable/xdg/fonts/truetype/dejavu"),
        ("matplotlib", "mpl-data/fonts/ttf"),
    ):
        spec = importlib.util.find_spec(package)
        if spec and spec.submodule_search_locations:
            candidates += [Path(p) / relative for p in spec.submodule_search_locations]
    candidates.append(Path("/usr/share/fonts/truetype/dejavu"))
    for folder in candidates:
        if (folder / "DejaVuSans.ttf").is_file() and (folder / "DejaVuSans-Bold.ttf").is_file():
            return folder / "DejaVuSans.ttf"
    return None


def as_text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


_LATIN1_SUBSTITUTES = str.maketrans(
    {"—": "-", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "•": "*", "≥": ">="}
)


def latin1(text: str) -> str:
    """Core PDF fonts draw Latin-1 only: transliterate what we can, replace the rest with "?"."""
    text = text.translate(_LATIN1_SUBSTITUTES)
    out = []
    for char in text:
        if ord(char) < 256:
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
        out.append(base or "?")
    return "".join(out)
