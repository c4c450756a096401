"""Warehouse and lakehouse sources of a monitored model, read through DuckDB's extensions:

- ``delta:PATH``: a Delta Lake table (its folder);
- ``iceberg:PATH``: an Iceberg table (its folder, or one ``metadata/*.metadata.json`` file);
- ``postgres:SCHEMA.TABLE`` (or ``postgres:TABLE``) or ``postgres:SELECT ...``: a table of,
  or one SELECT over the tables of, the PostgreSQL database named by ``AIMS_POSTGRES_DSN``
  (a libpq connection string; keep the password in ``~/.pgpass`` or ``PGPASSFILE``, never in
  a source, which is stored and shown).

The extensions come from their pip packages (``duckdb-ext-delta``, ``duckdb-ext-iceberg`` with
``duckdb-ext-avro``, ``duckdb-ext-postgres``, built for the pinned DuckDB) and are loaded from
those files; DuckDB never installs or downloads one (auto-install and auto-load are off). Each
source is opened (``open_tables``) on its own in-memory DuckDB that may open only the tables'
folders (Delta, Iceberg) and its spill folder, or reach only the attached database, read-only
(PostgreSQL), with external access off and the configuration locked; the monitor computes its
statistics there, in place (``read`` is the in-memory reader, for a report or the oracle). A
table folder must lie inside the data roots, as a file source. A PostgreSQL query is one SELECT
without table functions, over that database's tables only.
"""

from __future__ import annotations

import importlib.metadata
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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
NEEDS = {"iceberg": ("avro",)}
"""Source kind -> the extensions (pip packages ``duckdb-ext-<name>``) loaded before its own."""
MEMORY_LIMIT = "512MB"
"""DuckDB's memory budget when computing on a table in place; beyond it DuckDB spills."""
_QUALIFIED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")


def extension_file(kind: str) -> Path:
    """The extension file the kind's pip package installed; SourceError when it is missing."""
    package = f"duckdb-ext-{EXTENSIONS.get(kind, kind)}"
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


def _connection(memory_limit: str = "1GB") -> duckdb.DuckDBPyConnection:
    return duckdb.connect(
        ":memory:",
        config={
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "memory_limit": memory_limit,
        },
    )


def _lock(connection: duckdb.DuckDBPyConnection, folders: list[Path]) -> None:
    forms = [form for f in folders for form in (f"{f}/", f"file://{f}/")]  # Iceberg: file://
    listed = ", ".join(_quote(form) for form in forms)
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
    if Path(target).is_file():  # a metadata file: its manifests name the files as written
        return f"iceberg_scan({_quote(str(target))})"
    return f"iceberg_scan({_quote(str(target))}, allow_moved_paths = true)"


@dataclass(frozen=True)
class LakeTable:
    """One opened source: the DuckDB table expression reading it on ``open_tables``'s
    connection, and the source it came from."""

    kind: str
    source: str
    relation: str


@contextmanager
def open_tables(
    db: Store,
    sources: list[str],
    memory_limit: str = MEMORY_LIMIT,
    files: tuple[Path, ...] = (),
) -> Iterator[tuple[duckdb.DuckDBPyConnection, list[LakeTable]]]:
    """A sandboxed in-memory DuckDB with each lake or warehouse source's table expression
    (``delta_scan(...)``, ``iceberg_scan(...)``, a table of the attached PostgreSQL database or
    a checked SELECT over them): nothing is read until a query runs, and a query runs there,
    spilling to a temporary folder beyond ``memory_limit``. ``files``, already checked by
    ``source_access.source_files``, may be opened too (a file source beside a table).
    SourceError names a bad source."""
    found = []
    for source in sources:
        described = describe(source)
        if described is None:
            raise SourceError(f"{source} is not a delta:, iceberg: or postgres: source")
        found.append((source, *described))
    folders, relations = [], []
    for source, kind, target in found:
        if kind == "postgres":
            relations.append(LakeTable(kind, source, _postgres_relation(target)))
            continue
        folder = table_folder(db, kind, target)
        folders.append(folder.parent.parent if folder.is_file() else folder)
        relations.append(LakeTable(kind, source, relation(kind, folder)))
    kinds = list(dict.fromkeys(kind for _, kind, _ in found))
    extensions = [e for kind in kinds for e in (*NEEDS.get(kind, ()), kind)]
    paths = [extension_file(e) for e in dict.fromkeys(extensions)]
    dsn = POSTGRES_DSN.value() if "postgres" in kinds else ""
    if "postgres" in kinds and not dsn:
        raise SourceError(f"postgres: sources need {POSTGRES_DSN.env} (a connection string)")
    with tempfile.TemporaryDirectory(prefix="aims-lake-") as spill:
        connection = _connection(memory_limit)
        try:
            for path in paths:
                connection.execute(f"LOAD {_quote(str(path))}")
            connection.execute(f"SET temp_directory = {_quote(spill)}")
            if dsn:
                connection.execute(f"ATTACH {_quote(dsn)} AS source (TYPE postgres, READ_ONLY)")
                connection.execute("USE source")
            if files:
                listed = ", ".join(_quote(str(path)) for path in files)
                connection.execute(f"SET allowed_paths = [{listed}]")
            _lock(connection, [*folders, Path(spill)])
        except duckdb.Error as error:
            connection.close()
            names = ", ".join(f"{kind}:{target[:80]}" for _, kind, target in found)
            raise SourceError(f"cannot open {names}: {one_line(error)}") from None
        try:
            yield connection, relations
        finally:
            connection.close()


def read(db: Store, source: str) -> pd.DataFrame:
    """Read a lake or warehouse source into memory; SourceError naming it on failure."""
    with open_tables(db, [source], memory_limit="1GB") as (connection, (table,)):
        try:
            return connection.execute(f"SELECT * FROM {table.relation}").df()
        except duckdb.Error as error:
            target = source.partition(":")[2].strip()[:80]
            raise SourceError(f"cannot read {table.kind}:{target}: {one_line(error)}") from None


def _postgres_relation(target: str) -> str:
    """A PostgreSQL table, or one checked SELECT over the attached database's tables, as a
    table expression."""
    from store.source_access import single_select

    if _QUALIFIED.match(target):
        return ".".join(f'"{part}"' for part in target.split("."))
    select, tables, functions = single_select(target, "a postgres: query")
    if functions:
        raise SourceError(
            "a postgres: query reads the database's tables only; table functions "
            "(read_csv, postgres_query, ...) are refused"
        )
    return "(\n" + select + "\n)"
