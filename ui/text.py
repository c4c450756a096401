"""Text from data (names, titles, notes, failure reasons) shown as text, never as markup.

Streamlit renders markdown in ``st.markdown``, captions, alerts, subheaders and widget labels.
A value such as ``![x](http://evil/x.png)`` would load an image from another host, ``[a](…)``
would be a link, ``:red[…]`` a colour, and ``$…$`` a formula. ``plain`` escapes every ASCII
punctuation character with a backslash (CommonMark lets any of them be escaped), so the value
reads exactly as typed and nothing in it becomes markup.
"""

from __future__ import annotations

import re

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def plain(value: object) -> str:
    """``value`` as markdown that renders to its own text; None reads as an empty string."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _PUNCTUATION.sub(r"\\\1", text)
