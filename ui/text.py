"""Text from data (names, titles, notes, failure reasons) shown as text, never as markup.

Streamlit renders markdown in ``st.markdown``, captions, alerts, subheaders and widget labels.
A value such as ``![x](http://evil/x.png)`` would load an image from another host, ``[a](…)``
or ``<https://…>`` would be a link, ``<img …>`` HTML, ``:red[…]`` a colour, ``$…$`` a
formula, ``**…**`` emphasis. ``plain`` escapes with a backslash (CommonMark lets any ASCII
punctuation be escaped) the characters that start such markup, and breaks the ``://`` and
``www.`` of a bare web address, so the value reads as typed and nothing in it becomes markup.
Other punctuation (``.``, ``:``, ``-``, ``(``) is left as it is, so the text stays searchable.
"""

from __future__ import annotations

import re

_MARKUP = re.compile(r"([\\`*_\[\]<>~$|#!])")
_WEB_ADDRESS = re.compile(r"(?i)(://|\bwww\.)")


def plain(value: object) -> str:
    """``value`` as markdown that renders to its own text; None reads as an empty string."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = _MARKUP.sub(r"\\\1", text)
    return _WEB_ADDRESS.sub(lambda m: re.sub(r"([:/.])", r"\\\1", m.group(1)), text)
