"""Small widgets that several pages share."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from reports.tabular import to_csv_bytes, to_xlsx_bytes
from risk_model.access import AccessDenied
from store import StoreBusy
from ui.text import plain


def download_buttons(frame: pd.DataFrame, stem: str, sheet: str, key: str) -> None:
    """CSV and XLSX exports of ``frame``, built when the user clicks, not on every rerun."""
    left, right = st.columns(2)
    left.download_button(
        "Export CSV",
        lambda: to_csv_bytes(frame),
        f"{stem}.csv",
        "text/csv",
        key=f"{key}-csv",
        width="stretch",
    )
    right.download_button(
        "Export XLSX",
        lambda: to_xlsx_bytes(frame, sheet_name=sheet),
        f"{stem}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}-xlsx",
        width="stretch",
    )


def attempt(action: Callable[[], object], success: str) -> bool:
    """Run a store write and report the outcome in the page's words, never as a traceback."""
    try:
        action()
    except (ValueError, KeyError) as error:
        st.error(plain(error.args[0] if error.args else error))
        return False
    except AccessDenied as error:
        st.error(f"Not allowed: {plain(error)}")
        return False
    except StoreBusy as error:
        st.warning(plain(error))
        return False
    queue_toast(success)
    return True


_TOASTS = "_queued_toasts"


def queue_toast(message: str) -> None:
    """Confirm a success once the run ends. A toast sent in a run that ``st.rerun()`` then
    cuts short may never reach the browser, so ``app.py`` shows the queue when a run ends
    and, for a run cut short, at the start of the next one (``show_queued_toasts``)."""
    st.session_state.setdefault(_TOASTS, []).append(message)


def show_queued_toasts() -> None:
    for message in st.session_state.pop(_TOASTS, []):
        st.toast(message)


def in_sentence(label: str) -> str:
    """``label`` inside a sentence: its first letter in lower case, unless its first word is an
    abbreviation ("AI found …", "EU AI Act …") or a name in capitals."""
    first = label.split(" ", 1)[0]
    if len(first) > 1 and first.upper() == first:
        return label
    return label[:1].lower() + label[1:]


def kpi(
    column,
    label: str,
    value: object,
    help: str | None = None,
    page: str | None = None,
    show: str | None = None,
) -> None:
    """A tile and its link; ``show`` names the subset the linked page lists (``?show=``),
    so the link opens exactly what the tile counts."""
    column.metric(label, value, help=help, border=True)
    if page:
        column.page_link(
            page,
            label=f"Open {in_sentence(label)}",
            icon=":material/arrow_forward:",
            query_params={"show": show} if show else None,
        )


def stop_without_systems(count: int, what: str) -> None:
    """End a page that works on AI systems when the inventory has none, saying what to do."""
    if count:
        return
    st.info(f"No AI system in the inventory yet: add one to {what}.")
    st.page_link(
        "pages/risk/inventory.py",
        label="Open the AI system inventory",
        icon=":material/arrow_forward:",
    )
    st.stop()
