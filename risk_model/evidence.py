"""The evidence library's record (ISO/IEC 42001 7.5.2, 7.5.3): an item and what it links to."""

from __future__ import annotations

from risk_model.fields import Field, Register

EVIDENCE_KINDS = (
    "policy",
    "procedure",
    "model card",
    "test results",
    "impact assessment",
    "risk assessment",
    "minutes",
    "report",
    "record",
    "supplier assessment",
    "training record",
    "monitoring report",
    "link",
    "other",
)
LINK_KINDS = ("control", "clause", "ai_system")

EVIDENCE_ITEM = Register(
    name="evidence",
    table="evidence_items",
    id_prefix="EV",
    label="Evidence library",
    title_field="title",
    fields=(
        Field("title", "Title", required=True),
        Field("kind", "Kind", "enum", required=True, choices=EVIDENCE_KINDS),
        Field("description", "Description", "long_text"),
        Field("labels", "Labels", "list"),
        Field("owner", "Owner", expected=True),
        Field("status", "Status", "enum", choices=("active", "retired")),
    ),
)


def filter_items(items, search: str, kinds: list[str], only_stale: bool):
    """The evidence register's rows (a DataFrame) matching the page's filters: ``search`` in the
    title, labels, controls or clauses (case-insensitive), one of ``kinds``, not current."""
    shown = items
    if search:
        lists = shown[["labels", "controls", "clauses"]].sum(axis=1).map(" ".join)
        text = (shown["title"] + " " + lists).str.casefold()
        shown = shown[text.str.contains(search.casefold(), regex=False)]
    if kinds:
        shown = shown[shown["kind"].isin(kinds)]
    if only_stale:
        shown = shown[shown["state"] != "current"]
    return shown
