"""The layer rules of the house, read from the source with `ast`.

- `risk_model/` is the floor: it imports nothing of the project above it.
- `store/` imports only `risk_model/` (and the standard library and third-party packages).
- Only `monitors/` imports evidently or fairlearn.
- No import circles among the product's modules, counting imports inside functions too.
- No SQL outside `store/`, but for the exceptions named in `SQL_EXEMPT` with their reason.
- Pages are thin: at most 150 lines as `ruff format` writes them, and none opens a connection
  or imports duckdb; they call the store's read functions.
- No `# fmt: skip` (or `# fmt: off`) anywhere in the product, its tests or its benchmarks: a
  page meets its length by moving logic out, not by packing lines.
- `risk_model/` walks no folder: reading a repository, a data lake or an upload folder belongs
  to the floors above (`monitors.repository_scan` walks a code repository); the domain reads
  only its own shipped catalogues.

Each rule is a plain function over a list of imports, so a test can feed it a synthetic
bad import and see it flagged.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
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


# Modules outside `store/` allowed to hold SQL, and why.
SQL_EXEMPT = {
    "monitors.drift_duckdb": "computes drift inside DuckDB over the monitored model's own data "
    "files (parquet), in a separate in-memory database; it never touches the store",
    "demo.enterprise": "the enterprise seeder writes 100k+ demo rows set-based in SQL, which "
    "the store's one-record write path cannot do in time; demo data stays out of the store",
    "demo.enterprise_scale": "the enterprise seeders' shared SQL building blocks",
    "demo.enterprise_risks": "enterprise seeder (see demo.enterprise)",
    "demo.enterprise_monitoring": "enterprise seeder (see demo.enterprise)",
    "demo.enterprise_assurance": "enterprise seeder (see demo.enterprise)",
}
SQL_START = re.compile(
    r"\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|WITH|COPY|ATTACH|DETACH|PRAGMA|"
    r"INSTALL|LOAD|DESCRIBE|SUMMARIZE|CHECKPOINT|EXPORT DATABASE|IMPORT DATABASE)[\s(]"
)
PAGE_LINES = 150
OPENS_A_CONNECTION = ("connect", "transaction", "execute", "cursor")
FMT_MARKER = re.compile(r"#\s*fmt:\s*(skip|off)\b")
WALKS_FOLDERS = ("walk", "scandir", "listdir", "glob", "rglob", "iterdir")


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


@dataclass(frozen=True)
class Finding:
    """One place in the source that breaks a rule."""

    module: str
    line: int
    text: str


def sql_in(module: str, source: str) -> list[Finding]:
    """String literals (f-string parts included) that start like an SQL statement."""
    found = [
        Finding(module, node.lineno, node.value.strip()[:60])
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and SQL_START.match(node.value)
    ]
    return sorted(found, key=lambda f: f.line)


def connections_in(module: str, source: str) -> list[Finding]:
    """Imports of duckdb or the store's connection module, and calls such as `db.connect()`."""
    found = [
        Finding(module, i.line, f"imports {i.target}")
        for i in imports_in(module, source)
        if _top(i.target) == "duckdb" or _within(i.target, ("store.connection",))
    ]
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in OPENS_A_CONNECTION
        ):
            found.append(Finding(module, node.lineno, f".{node.func.attr}()"))
    return sorted(found, key=lambda f: f.line)


def format_markers_in(module: str, source: str) -> list[Finding]:
    """Comments that switch `ruff format` off for a line or a block."""
    return [
        Finding(module, token.start[0], token.string)
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT and FMT_MARKER.search(token.string)
    ]


def folder_walks_in(module: str, source: str) -> list[Finding]:
    """Calls that list a folder (``os.walk``, ``Path.rglob`` ...)."""
    return [
        Finding(module, node.lineno, f".{node.func.attr}()")
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in WALKS_FOLDERS
    ]


def _sources(folders: tuple[str, ...]) -> list[tuple[str, str]]:
    return [
        (_module_name(path), path.read_text(encoding="utf-8"))
        for path in _product_files()
        if _top(_module_name(path)) in folders
    ]


def _listed(found: list[Finding]) -> str:
    return "\n".join(f"{f.module}:{f.line} {f.text}" for f in found)


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


def test_no_sql_outside_the_store():
    outside = tuple(p for p in PROJECT if p != "store")
    found = [
        f
        for module, source in _sources(outside)
        if module not in SQL_EXEMPT
        for f in sql_in(module, source)
    ]
    assert not found, _listed(found)


def test_every_sql_exemption_still_holds_sql():
    """An exemption whose module no longer holds SQL (or no longer exists) is struck off."""
    sources = dict(_sources(PROJECT))
    stale = [m for m in SQL_EXEMPT if not sql_in(m, sources.get(m, ""))]
    assert not stale, stale


def test_pages_are_at_most_150_lines():
    long = {
        str(path.relative_to(ROOT)): n
        for path in sorted((ROOT / "pages").rglob("*.py"))
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > PAGE_LINES
    }
    assert not long, long


def test_pages_never_open_a_connection():
    found = [f for module, source in _sources(("pages",)) for f in connections_in(module, source)]
    assert not found, _listed(found)


def test_no_format_markers_in_the_product_its_tests_or_benchmarks():
    found = [f for module, source in _sources(PROJECT) for f in format_markers_in(module, source)]
    for folder in ("tests", "benchmarks"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            found += format_markers_in(_module_name(path), path.read_text(encoding="utf-8"))
    assert not found, _listed(found)


def test_risk_model_walks_no_folder():
    found = [
        f for module, source in _sources(("risk_model",)) for f in folder_walks_in(module, source)
    ]
    assert not found, _listed(found)


def test_each_source_rule_flags_a_synthetic_offender():
    page = (
        "import duckdb\n"
        "from store.connection import Store\n"
        "with db.connect():\n"
        "    rows = reports.read(db)\n"
        "st.write('Select a row')\n"
    )
    assert [f.text for f in connections_in("pages.example", page)] == [
        "imports duckdb",
        "imports store.connection",
        ".connect()",
    ]
    query = "q = f'SELECT * FROM {t}'\nr = '  insert later'\ns = 'DELETE FROM x'\n"
    assert [(f.line, f.text) for f in sql_in("reports.example", query)] == [
        (1, "SELECT * FROM"),
        (3, "DELETE FROM x"),
    ]
    walking = "import os\nfor f in os.walk(root):\n    pass\nfiles = list(root.rglob('*.py'))\n"
    assert [(f.line, f.text) for f in folder_walks_in("risk_model.x", walking)] == [
        (2, ".walk()"),
        (4, ".rglob()"),
    ]
    packed = "x = [1,2]  # fmt: skip\n# fmt: off\ny = 'not # fmt: skip'\n"
    assert [f.line for f in format_markers_in("ui.example", packed)] == [1, 2]
