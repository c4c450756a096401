"""The layer rules of the house, read from the source with `ast`.

- `risk_model/` is the floor: it imports nothing of the project above it.
- `store/` imports only `risk_model/` (and the standard library and third-party packages).
- Only `monitors/` imports evidently or fairlearn.
- No import circles among the product's modules, counting imports inside functions too.

Each rule is a plain function over a list of imports, so a test can feed it a synthetic
bad import and see it flagged.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The product's top-level packages and modules, bottom floor first.
PROJECT = (
    "risk_model",
    "store",
    "monitors",
    "reports",
    "charts",
    "ui",
    "pages",
    "app",
    "demo",
    "commands",
)
MONITOR_ONLY = ("evidently", "fairlearn")

# `python -m store` needs `store/__main__.py`: a two-line shim that calls `commands/`.
STORE_EXEMPT = ("store.__main__",)


@dataclass(frozen=True)
class Import:
    """One import statement: the module it sits in and the module it names."""

    module: str
    target: str
    line: int


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _product_files() -> list[Path]:
    files = [ROOT / "app.py"] if (ROOT / "app.py").exists() else []
    for package in PROJECT:
        folder = ROOT / package
        if folder.is_dir():
            files.extend(sorted(folder.rglob("*.py")))
    return files


def _is_package(module: str) -> bool:
    return (ROOT / module.replace(".", "/") / "__init__.py").exists()


def _is_module(module: str) -> bool:
    path = ROOT / module.replace(".", "/")
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def imports_in(module: str, source: str) -> list[Import]:
    """Every import in `source` (module-level or inside functions), resolved to module names.

    `from package import name` names the submodule `package.name` when there is one, else
    the package itself.
    """
    found: list[Import] = []
    package = module if _is_package(module) else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend(Import(module, alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                target = candidate if _is_module(candidate) else base
                found.append(Import(module, target, node.lineno))
    return found


def product_imports() -> list[Import]:
    found: list[Import] = []
    for path in _product_files():
        found.extend(imports_in(_module_name(path), path.read_text(encoding="utf-8")))
    return found


def _top(name: str) -> str:
    return name.split(".")[0]


def _within(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def upward_from_risk_model(imports: list[Import]) -> list[Import]:
    """Imports from `risk_model` to any other part of the product."""
    return [
        i
        for i in imports
        if _top(i.module) == "risk_model"
        and _top(i.target) in PROJECT
        and _top(i.target) != "risk_model"
    ]


def store_reaching_beyond_risk_model(imports: list[Import]) -> list[Import]:
    """Imports from `store` to anything of the product other than `store` and `risk_model`."""
    return [
        i
        for i in imports
        if _top(i.module) == "store"
        and not _within(i.module, STORE_EXEMPT)
        and _top(i.target) in PROJECT
        and _top(i.target) not in ("store", "risk_model")
    ]


def monitor_libraries_outside_monitors(imports: list[Import]) -> list[Import]:
    return [i for i in imports if _top(i.target) in MONITOR_ONLY and _top(i.module) != "monitors"]


def import_circles(imports: list[Import]) -> list[list[str]]:
    """Groups of product modules that reach each other through imports (Tarjan's SCCs)."""
    graph: dict[str, set[str]] = {}
    for i in imports:
        if _top(i.target) in PROJECT and i.target != i.module:
            graph.setdefault(i.module, set()).add(i.target)
            graph.setdefault(i.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        # Iterative Tarjan, so a deep import chain cannot hit the recursion limit.
        work = [(node, iter(sorted(graph[node])))]
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        while work:
            current, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[current] = min(low[current], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[current])
            if low[current] == index[current]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == current:
                        break
                if len(group) > 1:
                    circles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return circles


def _show(found: list[Import]) -> str:
    return "\n".join(sorted({f"{i.module}:{i.line} imports {i.target}" for i in found}))


def test_risk_model_imports_nothing_above_it():
    found = upward_from_risk_model(product_imports())
    assert not found, _show(found)


def test_store_imports_only_risk_model():
    found = store_reaching_beyond_risk_model(product_imports())
    assert not found, _show(found)


def test_only_monitors_import_evidently_or_fairlearn():
    found = monitor_libraries_outside_monitors(product_imports())
    assert not found, _show(found)


def test_no_import_circles():
    circles = import_circles(product_imports())
    assert not circles, "\n".join(" <-> ".join(group) for group in circles)


def test_the_reader_finds_real_imports():
    """The rules pass only if the reader sees the imports; make sure it sees real ones."""
    pairs = {(i.module, i.target) for i in product_imports()}
    assert ("store.soa", "risk_model.soa") in pairs  # module level
    assert ("monitors.jobs", "risk_model.monitor_thresholds") in pairs
    assert ("reports.exports", "store.soa") in pairs  # `from store import soa` names the module
    assert any(m.startswith("monitors.") and t.split(".")[0] == "evidently" for m, t in pairs)
    assert ("demo.organisation", "demo.files") in pairs  # inside a function


def test_each_rule_flags_a_synthetic_bad_import():
    bad = [
        *imports_in("risk_model.example", "def f():\n    from store.connection import connect\n"),
        *imports_in("store.example", "from reports import tabular\n"),
        *imports_in("reports.example", "import evidently\n"),
        *imports_in("store.__main__", "from commands.store_cli import main\n"),
    ]
    assert upward_from_risk_model(bad) == [Import("risk_model.example", "store.connection", 2)]
    assert store_reaching_beyond_risk_model(bad) == [Import("store.example", "reports.tabular", 1)]
    assert monitor_libraries_outside_monitors(bad) == [Import("reports.example", "evidently", 1)]


def test_a_synthetic_circle_is_flagged():
    circle = [
        Import("store.a", "store.b", 1),
        Import("store.b", "reports.c", 1),
        Import("reports.c", "store.a", 3),
        Import("store.d", "store.a", 1),
    ]
    assert import_circles(circle) == [["reports.c", "store.a", "store.b"]]
    assert import_circles(circle[:2] + circle[3:]) == []
