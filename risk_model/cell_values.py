"""Turn one cell of an imported file into a field's value, or say why it cannot be.

Kept apart from the row and column logic (``row_validation``) because the rules for one value
(yes/no spellings, date formats, enum labels) are what users ask about most.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from risk_model.fields import MAX_TEXT_CHARS, UNKNOWN, Field

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet runs as a formula; exports put a ``'`` before such text (CSV injection)."""
_TRUE = {"yes", "y", "true", "t", "1", "x", "ja", "oui"}
_FALSE = {"no", "n", "false", "f", "0", "nein", "non"}
LIST_SPLIT = re.compile(r"\s*(?:;|\||\n)\s*")
MULTI_SPLIT = re.compile(r"\s*(?:;|\||\n|,|/|\+| and )\s*")


_PLAIN_QUOTES = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
        **dict.fromkeys("\ufeff\u200b\u200c\u200d", None),
    }
)
"""Curly quotes read as straight ones; zero-width characters and byte-order marks as nothing."""


def key(text: str) -> str:
    """Case, spacing (non-breaking spaces too), underscores, hyphens and curly or straight
    quotes do not tell two names apart."""
    return re.sub(r"[\s_\-]+", " ", text.translate(_PLAIN_QUOTES).casefold()).strip()


def restore_neutralised(raw: str) -> str:
    """Remove the ``'`` an export put before formula-like text, so a round trip is verbatim.

    A spreadsheet treats a leading apostrophe as "this cell is text", never as part of the
    value, so a cell holding ``'=x`` in a file came from a neutralising exporter (ours or
    another tool's), and ``=x`` is what the user wrote. Our exports add one quote before
    any run of quotes that precedes such a prefix, so ``''=x`` is read back as ``'=x``.
    """
    if raw.startswith("'") and raw.lstrip("'").startswith(FORMULA_PREFIXES):
        return raw[1:]
    return raw


def parse_value(
    spec: Field, raw: str, value_map: dict[str, str]
) -> tuple[object, str | None, str | None]:
    """(value, problem, original text kept for an unknown enum spelling)."""
    text = raw.strip()
    if text in value_map:
        text = value_map[text]
    if not text:
        return ([] if spec.kind in ("list", "multi_enum") else None), None, None
    if len(text) > MAX_TEXT_CHARS:
        return (
            None,
            f"the value has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}",
            None,
        )
    match spec.kind:
        case "text" | "long_text":
            return raw.strip(), None, None
        case "list":
            return [p for p in LIST_SPLIT.split(text) if p], None, None
        case "enum":
            known = match_choice(spec, text)
            if known:
                return known, None, None
            if key(text) == UNKNOWN:  # what an export writes: not a new spelling to keep
                return UNKNOWN, None, None
            return UNKNOWN, None, raw.strip()
        case "multi_enum":
            parts = [p for p in MULTI_SPLIT.split(text) if p]
            known = [match_choice(spec, value_map.get(p, p)) for p in parts]
            chosen = list(dict.fromkeys(k for k in known if k))
            return chosen, None, (raw.strip() if None in known else None)
        case "bool":
            if key(text) in _TRUE:
                return True, None, None
            if key(text) in _FALSE:
                return False, None, None
            return None, f"{text[:40]!r} is not yes or no", None
        case "date":
            return parse_date(text)
        case "int" | "float":
            try:
                number = float(text.replace(",", "")) if spec.kind == "float" else int(text)
            except ValueError:
                return (
                    None,
                    f"{text[:40]!r} is not a "
                    + ("number" if spec.kind == "float" else "whole number"),
                    None,
                )
            return number, None, None
    return text, None, None


def match_choice(spec: Field, text: str) -> str | None:
    wanted = key(text)
    for choice in spec.choices:
        if wanted in (key(choice), key(spec.label_of(choice))):
            return choice
    return None


_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
)


def parse_date(text: str) -> tuple[date | None, str | None, None]:
    candidate = text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}[T ]", text) else text
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(candidate, pattern).date(), None, None
        except ValueError:
            continue
    slash = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if slash:
        first, second, year = map(int, slash.groups())
        options = set()
        for day, month in ((first, second), (second, first)):
            try:
                options.add(date(year, month, day))
            except ValueError:
                pass
        if len(options) == 1:
            return options.pop(), None, None
        if len(options) > 1:
            return None, f"{text!r} could be day/month or month/day; write it as YYYY-MM-DD", None
    return None, f"{text[:40]!r} is not a date; write it as YYYY-MM-DD", None
