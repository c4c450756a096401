"""The store's layer rule, as a test: ``store/`` imports only the standard library, third-party
packages, ``risk_model`` and itself, never a package of the project above it.

The imports are read from the source (``ast``), so a lazy import inside a function counts as
much as one at the top, and so does ``importlib.import_module("literal")``. ``store/__main__.py``
is the documented exception: the ``python -m store`` entry point that calls ``commands``.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STORE = ROOT / "store"
ALLOWED = {"risk_model", "store"}
"""The project packages the store may import."""

ABOVE = {"app", "benchmarks", "charts", "commands", "demo", "monitors", "pages", "reports"}
ABOVE |= {"scripts", "tests", "ui"}
"""The project's packages above the store, named so that a checker that finds no packages on
disk still flags them; ``project_packages`` adds any new top-level package."""

KNOWN_UPWARD = {
    # moved by the document-assembly change (issue 16 step 1c)
    ("store/checks.py", "reports.tabular"),
    ("store/evidence_register.py", "reports.audit_bundle"),
    ("store/management_review.py", "reports.review_pack"),
    ("store/soa.py", "reports.soa_document"),
    ("store/soa.py", "reports.tabular"),
    # moved by the document-assembly change (issue 16 step 1c), with the monitor thresholds
    # that step 2 brings down to risk_model
    ("store/monitored_models.py", "monitors.thresholds"),
}
"""(module, imported module) pairs that still run upward. The test fails on a new one, and
also when one of these is fixed, so that the set shrinks with the code."""


def project_packages(root: Path = ROOT) -> set[str]:
    """Top-level names of the project: packages (folders of Python files) and modules."""
    names = set(ABOVE)
    for path in root.iterdir():
        if path.name.startswith(".") or path.name == "data":
            continue
        if path.is_dir() and any(path.glob("*.py")):
            names.add(path.name)
        elif path.suffix == ".py":
            names.add(path.stem)
    return names


def imported_modules(source: str) -> list[str]:
    """Every module a source text imports, as a dotted name; relative imports are ``store``'s."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append("store" if node.level else node.module or "")
        elif isinstance(node, ast.Call) and _is_import_module(node.func) and node.args:
            name = node.args[0]
            if isinstance(name, ast.JoinedStr) and name.values:
                name = name.values[0]  # f"store.{module}": its fixed start names the package
            if isinstance(name, ast.Constant) and isinstance(name.value, str):
                found.append(name.value)
    return found


def _is_import_module(func: ast.expr) -> bool:
    return (isinstance(func, ast.Attribute) and func.attr == "import_module") or (
        isinstance(func, ast.Name) and func.id == "import_module"
    )


def upward_imports(source: str, forbidden: set[str]) -> set[str]:
    """The imports of ``source`` whose top-level package is one of ``forbidden``."""
    return {name for name in imported_modules(source) if name.split(".")[0] in forbidden}


def store_offenders(store: Path = STORE, root: Path = ROOT) -> set[tuple[str, str]]:
    forbidden = project_packages(root) - ALLOWED
    offenders = set()
    for path in sorted(store.rglob("*.py")):
        if path == store / "__main__.py":
            continue
        for name in upward_imports(path.read_text(encoding="utf-8"), forbidden):
            offenders.add((path.relative_to(root).as_posix(), name))
    return offenders


def test_the_store_imports_nothing_above_it_but_the_known_moves():
    offenders = store_offenders()
    assert offenders - KNOWN_UPWARD == set(), "new upward imports from store/"
    assert KNOWN_UPWARD - offenders == set(), "fixed: take these out of KNOWN_UPWARD"


def test_every_package_above_the_store_is_forbidden_to_it():
    forbidden = project_packages() - ALLOWED
    expected = {"commands", "demo", "reports", "monitors", "ui", "charts", "pages"}
    assert expected <= forbidden
    assert not forbidden & ALLOWED


def test_the_checker_flags_a_bad_import_in_a_module_text():
    source = '''
"""A store module that reaches up."""
import json
import duckdb
from risk_model.access import SYSTEM
from store import records
from . import settings
import ui.session
from reports.tabular import to_csv_bytes


def lazy():
    import importlib

    from commands.store_cli import main
    from demo import create_demo

    importlib.import_module("monitors.jobs")
    importlib.import_module(f"charts.{lazy.__name__}")
    importlib.import_module("store.risks")
    return main, create_demo
'''
    found = upward_imports(source, project_packages() - ALLOWED)
    assert found == {
        "ui.session",
        "reports.tabular",
        "commands.store_cli",
        "demo",
        "monitors.jobs",
        "charts.",
    }


def test_the_checker_finds_an_upward_import_in_a_store_folder(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "home.py").write_text("", encoding="utf-8")
    (store / "__main__.py").write_text("from commands.store_cli import main\n", encoding="utf-8")
    (store / "fine.py").write_text("import duckdb\nfrom store import records\n", encoding="utf-8")
    (store / "bad.py").write_text("def f():\n    from pages import home\n", encoding="utf-8")
    assert store_offenders(store, tmp_path) == {("store/bad.py", "pages")}
