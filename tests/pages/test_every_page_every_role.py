"""Every page, in every role, on every state the store can hold (issue 15, item 1 and Proof).

The states: the demo with faults seeded (``tests/fault_stores.py``: a failed, an abandoned
and a NULL-metrics monitor run, a model that never ran, half-filled records) and a store with
nothing in it. For each page, role and state the page must

- raise nothing;
- put nothing above its title (a stray string is shown by Streamlit "magic");
- show no field name (``snake_case``) as a table column, metric or heading;
- offer no enabled write control to a role that may not write it.

Roles are set as a person previews the app in local mode: ``AIMS_LOCAL_ROLES``.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store import Store
from tests.fault_stores import seed_faults

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").rglob("*.py"))
ROLES = ("viewer", "ml_owner", "auditor", "compliance_manager", "admin")
STATES = ("faulted", "empty")

READ_ONLY_BUTTONS = {"Open Evidently report", "Build the review pack (PDF)"}
"""Buttons that only read or build a download: any role may press them."""
WRITES_ALLOWED = {
    "viewer": set(),
    "auditor": {"Add finding"},
    # An ML owner adds systems, risks and models they own; the store checks the owner field.
    "ml_owner": {"Add system", "Add risk", "Import risks", "Register model"}
    | {"Add dataset", "Add life-cycle record"},  # of the systems they own; the store checks
}
TABLES_ALLOWED = {"ml_owner": {("column", "type")}}
"""Editable tables a restricted role may use: the feature list of a model it registers."""
"""Enabled write buttons each restricted role may see; compliance managers may see all."""

SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")


@pytest.fixture(scope="module")
def stores(tmp_path_factory, demo_template) -> dict[str, Store]:
    folder = tmp_path_factory.mktemp("states")
    faulted = folder / "faulted.duckdb"
    shutil.copy(demo_template, faulted)
    files = demo_template.with_name(demo_template.stem + ".files")
    if files.exists():
        shutil.copytree(files, faulted.with_name("faulted.files"))
    seed_faults(Store(faulted))
    return {"faulted": Store(faulted), "empty": Store(folder / "empty.duckdb")}


def run_as(monkeypatch, db: Store, role: str, page: str) -> AppTest:
    monkeypatch.setenv("AIMS_DB", str(db.path))
    monkeypatch.setenv("AIMS_LOCAL_ROLES", role)
    monkeypatch.setenv("AIMS_LOCAL_MODE", "1")
    app = AppTest.from_file(APP, default_timeout=120)
    app.run()
    app.switch_page(page)
    app.run()
    return app


def _leaves(node):
    children = getattr(node, "children", None)
    if not children:
        yield node
        return
    for child in children.values():
        yield from _leaves(child)


def first_element(app: AppTest):
    return next(iter(_leaves(app.main)), None)


def table_labels(frame_element) -> list[str]:
    """The column titles a table shows: the configured label, else the column's name."""
    config = json.loads(frame_element.proto.columns or "{}")
    order = list(frame_element.proto.column_order) or [str(c) for c in frame_element.value]
    shown = []
    for column in order:
        settings = config.get(column) or config.get(f"col:{column}") or {}
        if settings.get("hidden"):
            continue
        shown.append(settings.get("label") or str(column))
    return shown


def field_names_shown(app: AppTest) -> list[str]:
    found = []
    for frame in app.dataframe:
        found += [f"table column {t!r}" for t in table_labels(frame) if SNAKE.match(t)]
    for metric in app.metric:
        if SNAKE.match(metric.label):
            found.append(f"metric {metric.label!r}")
    for heading in [*app.header, *app.subheader, *app.title]:
        if re.search(r"\b[a-z]+_[a-z_]+\b", heading.value):
            found.append(f"heading {heading.value!r}")
    return found


def enabled_write_controls(app: AppTest, role: str) -> list[str]:
    if role in ("compliance_manager", "admin"):
        return []
    allowed = READ_ONLY_BUTTONS | WRITES_ALLOWED[role]
    found = [f"button {b.label!r}" for b in app.button if not b.disabled and b.label not in allowed]
    for frame in app.dataframe:
        allowed_table = tuple(table_labels(frame)[:2]) in TABLES_ALLOWED.get(role, set())
        if frame.proto.editing_mode and not frame.proto.disabled and not allowed_table:
            found.append(f"editable table {table_labels(frame)[:3]}")
    return found


def _cases():
    for state in STATES:
        for role in ROLES:
            for page in PAGES:
                yield pytest.param(state, role, page, id=f"{state}-{role}-{page[6:-3]}")


@pytest.mark.parametrize(("state", "role", "page"), list(_cases()))
def test_page_in_role_on_state(monkeypatch, stores, state, role, page):
    app = run_as(monkeypatch, stores[state], role, page)
    assert not app.exception, [e.value for e in app.exception]
    first = first_element(app)
    assert getattr(first, "type", None) == "title", f"above the title: {first}"
    assert not field_names_shown(app)
    assert not enabled_write_controls(app, role)
