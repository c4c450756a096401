"""Warehouse and lakehouse sources of a monitored model, read through DuckDB's extensions:

- ``delta:PATH``: a Delta Lake table (its folder);
- ``iceberg:PATH``: an Iceberg table (its folder, or one ``metadata/*.metadata.json`` file);
- ``postgres:SCHEMA.TABLE`` (or ``postgres:TABLE``) or ``postgres:SELECT ...``: a table of,
  or one SELECT over the tables of, the PostgreSQL database named by ``AIMS_POSTGRES_DSN``
  (a libpq connection string; keep the password in ``~/.pgpass`` or ``PGPASSFILE``, never in
  a source, which is stored and shown).

The extensions come from their pip packages (``duckdb-ext-delta``, ``duckdb-ext-iceberg``,
``duckdb-ext-postgres``, built for the pinned DuckDB) and are loaded from those files; DuckDB
never installs or downloads one (auto-install and auto-load are off). Each read runs on its own
in-memory DuckDB that may open only the table's folder (Delta, Iceberg) or reach only the
attached database, read-only (PostgreSQL), with external access off and the configuration
locked. A table folder must lie inside the data roots, as a file source. A PostgreSQL query is
one SELECT without table functions, over that database's tables only.
"""

from __future__ import annotations

import importlib.metadata
import re
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

from store.connection import Store
from store.settings import Setting
from store.source_access import SourceError, expand_placeholders, one_line

POSTGRES_DSN = Setting(
    "postgres_dsn",
    "AIMS_POSTGRES_DSN",
    "",
    "libpq connection string of the PostgreSQL database postgres: sources read (read-only).",
)
KINDS = ("delta", "iceberg", "postgres")
EXTENSIONS = {"delta": "delta", "iceberg": "iceberg", "postgres": "postgres"}
"""Source kind -> the ``duckdb-ext-<name>`` pip package holding its extension."""
_QUALIFIED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")


def extension_file(kind: str) -> Path:
    """The extension file the kind's pip package installed; SourceError when it is missing."""
    package = f"duckdb-ext-{EXTENSIONS[kind]}"
    try:
        files = importlib.metadata.files(package) or []
    except importlib.metadata.PackageNotFoundError:
        files = []
    for entry in files:
        if str(entry).endswith(".duckdb_extension"):
            return Path(str(entry.locate())).resolve()
    raise SourceError(f"{kind}: sources need the pip package {package} (see requirements.txt)")


def describe(source: str) -> tuple[str, str] | None:
    """(kind, target) of a lake or warehouse source, None for another source; SourceError
    when malformed."""
    kind, _, target = source.partition(":")
    if kind not in KINDS or not _:
        return None
    target = target.strip()
    if not target:
        raise SourceError(f"{kind}: source names nothing")
    if kind == "postgres" and not _QUALIFIED.match(target):
        if not target.lower().startswith(("select", "with")):
            raise SourceError(
                f"postgres: needs a table (schema.table) or one SELECT, not {target!r}"
            )
    return kind, target


def _connection() -> duckdb.DuckDBPyConnection:
    return duckdb.connect(
        ":memory:",
        config={
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "memory_limit": "1GB",
        },
    )


def _lock(connection: duckdb.DuckDBPyConnection, folders: list[Path]) -> None:
    listed = ", ".join(_quote(str(f) + "/") for f in folders)
    connection.execute(f"SET allowed_directories = [{listed}]")
    connection.execute("SET enable_external_access = false")
    connection.execute("SET lock_configuration = true")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def table_folder(db: Store, kind: str, target: str) -> Path:
    """A Delta or Iceberg table's folder (or Iceberg metadata file), resolved, checked to lie
    inside the data roots."""
    from store.source_access import data_roots

    path = Path(expand_placeholders(db, target)).expanduser()
    if not path.is_absolute():
        path = db.path.parent / path
    if not path.exists():
        raise SourceError(f"{kind}: no table at {path}")
    resolved = path.resolve()
    roots = data_roots(db)
    if not any(resolved.is_relative_to(root) for root in roots):
        raise SourceError(
            f"{kind}: {path} is outside the data folders a source may read "
            f"({', '.join(map(str, roots))})"
        )
    return resolved


def relation(kind: str, target: str | Path) -> str:
    """The DuckDB table expression reading a checked lake table."""
    if kind == "delta":
        return f"delta_scan({_quote(str(target))})"
    return f"iceberg_scan({_quote(str(target))}, allow_moved_paths = true)"


def read(db: Store, source: str) -> pd.DataFrame:
    """Read a lake or warehouse source into memory; SourceError naming it on failure."""
    found = describe(source)
    if found is None:
        raise SourceError(f"{source} is not a delta:, iceberg: or postgres: source")
    kind, target = found
    if kind == "postgres":
        return _read_postgres(target)
    folder = table_folder(db, kind, target)
    table_root = folder.parent.parent if folder.is_file() else folder
    extension = extension_file(kind)
    with tempfile.TemporaryDirectory(prefix="aims-lake-") as spill:
        connection = _connection()
        try:
            connection.execute(f"LOAD {_quote(str(extension))}")
            connection.execute(f"SET temp_directory = {_quote(spill)}")
            _lock(connection, [table_root, Path(spill)])
            return connection.execute(f"SELECT * FROM {relation(kind, folder)}").df()
        except duckdb.Error as error:
            raise SourceError(f"cannot read {kind}:{target}: {one_line(error)}") from None
        finally:
            connection.close()


def _read_postgres(target: str) -> pd.DataFrame:
    from store.source_access import _references

    dsn = POSTGRES_DSN.value()
    if not dsn:
        raise SourceError(f"postgres: sources need {POSTGRES_DSN.env} (a connection string)")
    if _QUALIFIED.match(target):
        query = f"SELECT * FROM {'.'.join(chr(34) + p + chr(34) for p in target.split('.'))}"
    else:
        statements = duckdb.extract_statements(target)
        if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
            raise SourceError("a postgres: query must be one SELECT statement")
        tables, functions = _references(target)
        if functions:
            raise SourceError(
                "a postgres: query reads the database's tables only; table functions "
                "(read_csv, postgres_query, ...) are refused"
            )
        query = target
    connection = _connection()
    try:
        connection.execute(f"LOAD {_quote(str(extension_file('postgres')))}")
        connection.execute(f"ATTACH {_quote(dsn)} AS source (TYPE postgres, READ_ONLY)")
        connection.execute("USE source")
        _lock(connection, [])
        return connection.execute(query).df()
    except duckdb.Error as error:
        raise SourceError(f"cannot read postgres:{target[:80]}: {one_line(error)}") from None
    finally:
        connection.close()
