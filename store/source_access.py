"""What a monitored model's data source may reach: files inside the data folders, and the
store's data tables through a sandboxed query. Nothing else: no other file, no network, no
application table (users, audit trail, settings).

- A file source (or glob) is resolved with symlinks followed and must lie inside one of the
  data roots (``AIMS_DATA_ROOTS``, default: the store's folder and the project's ``data/``);
  ``{files}`` in a source names the store's own files folder, so a copied or restored store
  finds its sources.
- A ``query:`` source runs on a separate in-memory DuckDB with external access off and the
  configuration locked, holding copies of only the data tables it names; table functions
  (``read_text``, ``read_csv`` ...) and application tables are refused before it runs.
- Error messages keep one line of the engine's message; they never quote a file.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import duckdb
import pandas as pd

from store import settings
from store.connection import Store
from store.migrations import MIGRATIONS_DIR

FILES_PLACEHOLDER = "{files}"
_CREATED = re.compile(
    r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?\"?(\w+)",
    re.IGNORECASE,
)


class SourceError(ValueError):
    """A data source that cannot be read or may not be read; the message names the source."""


def one_line(error: BaseException) -> str:
    """The first line of an error, shortened: enough to act on, never a file's contents."""
    text = str(error).strip()
    return text.splitlines()[0][:200] if text else type(error).__name__


def data_roots(db: Store) -> list[Path]:
    """Folders file sources may read, resolved: ``AIMS_DATA_ROOTS`` (separated by the OS path
    separator) or the store's folder and the project's ``data/``."""
    configured = settings.DATA_ROOTS.value()
    roots = [Path(p).expanduser() for p in configured.split(os.pathsep) if p.strip()]
    if not roots:
        roots = [db.path.parent, settings.PROJECT_ROOT / "data"]
    return [root.resolve() for root in roots]


def expand_placeholders(db: Store, source: str) -> str:
    return source.replace(FILES_PLACEHOLDER, str(db.files_dir))


def source_files(db: Store, target: str) -> list[Path]:
    """The resolved files a file source names (a path or a glob), each inside a data root;
    raises SourceError naming the source otherwise."""
    text = expand_placeholders(db, target)
    candidate = Path(text).expanduser()
    if not candidate.is_absolute():
        candidate = db.path.parent / candidate
    roots = data_roots(db)
    if any(ch in text for ch in "*?["):
        relative = candidate.relative_to(candidate.anchor)
        found = sorted(p for p in Path(candidate.anchor).glob(str(relative)) if p.is_file())
        if not found:
            raise SourceError(f"no file matches {candidate}")
    else:
        if not candidate.is_file():
            raise SourceError(f"file not found: {candidate}")
        found = [candidate]
    resolved = [path.resolve() for path in found]
    for original, path in zip(found, resolved, strict=True):
        if not any(path.is_relative_to(root) for root in roots):
            raise SourceError(
                f"{original} is outside the data folders a source may read "
                f"({', '.join(map(str, roots))}; set {settings.DATA_ROOTS.env} to change them)"
            )
    return resolved


def application_tables() -> frozenset[str]:
    """Tables and views the application's migrations create: never readable by a source."""
    names = {"schema_version"}
    for path in MIGRATIONS_DIR.glob("*.sql"):
        names |= {m.lower() for m in _CREATED.findall(path.read_text(encoding="utf-8"))}
    return frozenset(names)


def single_select(query: str, kind: str) -> tuple[str, set[str], bool]:
    """``query`` as its one SELECT statement (no trailing ``;``), the table names it reads, and
    whether it calls a table function. Anything else, an unparsable text included, is a
    ``SourceError`` that names the ``kind`` of query ("a query source")."""
    try:
        statements = duckdb.extract_statements(query)
    except duckdb.Error as error:
        raise SourceError(f"{kind} cannot be parsed: {one_line(error)}") from None
    if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
        raise SourceError(f"{kind} must be one SELECT statement")
    tables, functions = _references(query)
    return statements[0].query.strip().rstrip(";"), tables, functions


def _references(query: str) -> tuple[set[str], bool]:
    """Table names a query reads, and whether it calls a table function."""
    with duckdb.connect(":memory:") as parser:
        tree = json.loads(parser.execute("SELECT json_serialize_sql(?)", [query]).fetchone()[0])
    if tree.get("error"):
        raise SourceError(f"the query cannot be parsed: {tree.get('error_message', '')[:200]}")
    tables: set[str] = set()
    functions = False

    def walk(node) -> None:
        nonlocal functions
        if isinstance(node, dict):
            if node.get("type") == "TABLE_FUNCTION":
                functions = True
            if node.get("type") == "BASE_TABLE":
                qualified = node.get("catalog_name") or node.get("schema_name") not in ("", "main")
                tables.add(("." if qualified else "") + node.get("table_name", ""))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tree)
    return tables, functions


def check_table(connection: duckdb.DuckDBPyConnection, name: str) -> None:
    """Raise SourceError unless ``name`` is a data table of the store (not the application's)."""
    if name.lower() in application_tables():
        raise SourceError(f"'{name}' is an application table; a source reads data tables only")
    found = connection.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE lower(table_name) = lower(?) "
        "AND schema_name = 'main' AND NOT temporary",
        [name],
    ).fetchone()[0]
    if not found:
        raise SourceError(f"no table '{name}' in the store")


def write_data_table(db: Store, name: str, frame: pd.DataFrame) -> None:
    """Create or replace the data table ``name`` in the store with ``frame``'s rows, for a
    ``query:`` source to read (the demo writes one)."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or name in application_tables():
        raise ValueError(f"{name!r} is not a name for a data table.")
    with db.transaction() as connection:
        connection.register("data_frame", frame)
        try:
            connection.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM data_frame')
        finally:
            connection.unregister("data_frame")


def read_table(db: Store, name: str) -> pd.DataFrame:
    with db.connect() as connection:
        check_table(connection, name)
        try:
            return connection.execute(f'SELECT * FROM "{name}"').df()
        except duckdb.Error as error:
            raise SourceError(f"cannot read table:{name}: {one_line(error)}") from None


def read_query(db: Store, query: str) -> pd.DataFrame:
    """One SELECT over the store's data tables, run in a sandbox that cannot open files."""
    _, tables, functions = single_select(query, "a query source")
    if functions:
        raise SourceError(
            "a query source reads store tables only; table functions (read_csv, read_text, "
            "...) are refused"
        )
    if any(name.startswith(".") for name in tables):
        raise SourceError("a query source reads this store's tables only (no schema or catalog)")
    copies = {}
    with db.connect() as connection:
        present = {
            row[0].lower()
            for row in connection.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
            ).fetchall()
        }
        for name in sorted(tables):
            if name.lower() in application_tables():
                raise SourceError(
                    f"the query reads '{name}', an application table; a source reads data "
                    "tables only"
                )
            if name.lower() in present:
                copies[name] = connection.execute(f'SELECT * FROM "{name}"').fetch_arrow_table()
    sandbox = duckdb.connect(":memory:")
    try:
        sandbox.execute("SET enable_external_access = false")
        sandbox.execute("SET lock_configuration = true")
        for name, table in copies.items():
            sandbox.register(name, table)
        return sandbox.execute(query).df()
    except duckdb.Error as error:
        raise SourceError(f"cannot run the query: {one_line(error)}") from None
    finally:
        sandbox.close()
