"""Typing a date and pressing Enter applies it.

Streamlit's date field sends a typed date only when the field loses focus, so Enter alone
did nothing. This page-wide listener (fixed text, no data in it) ends the typing on Enter
inside a date field as a click outside it does: the focus leaves and the date is applied.
"""

from __future__ import annotations

import streamlit as st

ENTER_APPLIES_DATES = """
<script>
(() => {
  if (window.__aimsEnterAppliesDates) return;
  window.__aimsEnterAppliesDates = true;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !event.target.closest) return;
    if (!event.target.closest('[data-testid="stDateInputField"]')) return;
    event.target.blur();
    for (const type of ["pointerdown", "mousedown", "pointerup", "mouseup", "click"]) {
      document.body.dispatchEvent(new MouseEvent(type, {bubbles: true}));
    }
  }, true);
})();
</script>
"""


def enter_applies_dates() -> None:
    """Install the listener once per browser tab (call it on every run: it is idempotent)."""
    st.html(ENTER_APPLIES_DATES, unsafe_allow_javascript=True)
