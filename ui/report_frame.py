"""Show a report's HTML so that nothing in it can reach the dashboard (issue 14 item 5).

Evidently's standalone HTML embeds the monitored data as raw JSON inside ``<script>`` blocks,
so a categorical value such as ``</script><script>…`` becomes a script of its own. Streamlit's
own frames (``st.iframe``, ``components.html``) are sandboxed WITH ``allow-same-origin``: a
script in them runs in the dashboard's origin and can read ``window.parent.document``, the
cookies and the session.

The report is therefore put one frame deeper: Streamlit's frame holds only a static wrapper,
and the wrapper holds the report in an ``<iframe sandbox="allow-scripts" srcdoc=…>``. Without
``allow-same-origin`` the report's document has an opaque origin: its scripts run (Evidently's
charts need them) but every access to a parent or top window's document, storage or cookies
throws a SecurityError, and without ``allow-top-navigation`` it cannot move the page away.
"""

from __future__ import annotations

import html

REPORT_SANDBOX = "allow-scripts allow-downloads"
"""What the report's frame may do: run its own scripts and offer a download. Deliberately not
``allow-same-origin``, ``allow-top-navigation``, ``allow-popups`` or ``allow-forms``."""


def sandboxed_page(report_html: str, title: str = "Report") -> str:
    """A page that shows ``report_html`` full size in a frame without the dashboard's origin."""
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title>"
        "<style>html,body{margin:0;height:100%;overflow:hidden}"
        "iframe{border:0;width:100%;height:100%;display:block}</style></head><body>"
        f'<iframe title="{html.escape(title, quote=True)}" sandbox="{REPORT_SANDBOX}" '
        f'referrerpolicy="no-referrer" srcdoc="{html.escape(report_html, quote=True)}">'
        "</iframe></body></html>"
    )
