"""Short, serialised access to one DuckDB file from many processes.

DuckDB lets one process hold a file open for writing and then locks everyone else out.
The dashboard, the command line and the monitor jobs therefore never keep a connection:
each unit of work takes an advisory ``flock`` on ``<db>.lock``, opens the file, works,
commits and closes. Waiting processes queue on the lock instead of failing, so no lock
error reaches a user and no write is lost. A DuckDB lock still held by a process outside
this protocol (a DuckDB shell, say) is retried until ``lock_timeout``.

Within one thread, nested ``connect()`` calls share the open connection, so a page can
batch several store calls into one open with ``with db.connect():``.
"""

from __future__ import annotations

import fcntl
import os
import random
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import duckdb

from store import settings

_MIGRATED: set[str] = set()
"""Paths whose schema this process has brought up to date."""


class StoreBusy(RuntimeError):
    """The store stayed locked by another program for longer than the lock timeout."""


class Store:
    """A handle on one DuckDB file. Cheap to create; holds no connection between calls."""

    def __init__(self, path: str | Path | None = None, lock_timeout: float | None = None):
        self.path = Path(path) if path is not None else settings.db_path()
        self.lock_timeout = float(lock_timeout or settings.LOCK_TIMEOUT.value())
        self._local = threading.local()
        self._thread_lock = threading.RLock()
        self.writes = 0
        """Transactions this handle committed; part of ``version`` for same-process writes."""

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    @property
    def wal_path(self) -> Path:
        """DuckDB's write-ahead log. Every unit of work checkpoints it away on close, so under
        our lock it exists only when a process died (e.g. ``kill -9``) after a commit.

        The next open replays it, and then checkpoints at once, inside the lock: DuckDB 1.4's
        own checkpoint on close (it has no client context) writes secondary ART indexes
        without the replayed rows, so ``WHERE run_id = ?`` would then find none of a run's
        metrics although a full scan does (duckdb/duckdb#23788, #23848). An explicit
        ``CHECKPOINT`` writes them whole."""
        return self.path.with_name(self.path.name + ".wal")

    @property
    def files_dir(self) -> Path:
        """Where evidence files live, next to the database so that backups take both."""
        return self.path.with_name(self.path.stem + ".files")

    def version(self) -> tuple:
        """Changes whenever the data may have changed, without opening the database.

        Every unit of work closes the file, which checkpoints it, so another process's
        write changes the file's mtime and size; this handle's own commits are counted.
        """
        stamps = []
        for path in (self.path, self.wal_path):
            try:
                info = path.stat()
                stamps.append((info.st_mtime_ns, info.st_size))
            except FileNotFoundError:
                stamps.append(None)
        return (self.writes, *stamps)

    def exists(self) -> bool:
        return self.path.exists()

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection for one unit of work; nested calls in the same thread reuse it."""
        current = getattr(self._local, "connection", None)
        if current is not None:
            yield current
            return
        holder = getattr(self._local, "holder", None)
        if holder is not None:
            self._local.holder = None  # only the first connection is held
            yield holder.enter_context(self._opened())
            return
        with self._opened() as connection:
            yield connection

    @contextmanager
    def held(self) -> Iterator[None]:
        """Within the block, the first ``connect`` opens the store and every later one reuses
        that connection until the block ends; if nothing connects, nothing is opened. For a
        page whose reads are usually cached: a fresh run opens the store once, not once per
        read, and a cached run not at all. Hold no longer than the reads: a held connection
        keeps other processes' writes waiting."""
        if getattr(self._local, "connection", None) is not None or getattr(
            self._local, "holder", None
        ):
            yield
            return
        with ExitStack() as holder:
            self._local.holder = holder
            try:
                yield
            finally:
                self._local.holder = None

    @contextmanager
    def _opened(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._thread_lock, self._file_lock():
            crashed_writer = self.wal_path.exists()
            connection = self._open()
            self._local.connection = connection
            try:
                if crashed_writer:
                    connection.execute("CHECKPOINT")
                key = str(self.path.resolve())
                if key not in _MIGRATED:
                    from store.migrations import migrate

                    migrate(connection)
                    _MIGRATED.add(key)
                yield connection
            finally:
                try:
                    from store.trail_anchor import seal_if_appended

                    seal_if_appended(connection, self.path)  # under the lock, after the commit
                finally:
                    self._local.connection = None
                    connection.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All or nothing: commits when the block ends, rolls back if it raises."""
        with self.connect() as connection:
            if getattr(self._local, "in_transaction", False):
                yield connection
                return
            connection.execute("BEGIN TRANSACTION")
            self._local.in_transaction = True
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            else:
                connection.execute("COMMIT")
                self.writes += 1
            finally:
                self._local.in_transaction = False

    @contextmanager
    def _file_lock(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + self.lock_timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreBusy(self._busy_message()) from None
                    time.sleep(0.005 + random.random() * 0.02)
            yield
        finally:
            os.close(handle)  # closing the descriptor releases the lock

    def _open(self) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + self.lock_timeout
        delay = 0.02
        while True:
            try:
                return duckdb.connect(str(self.path))
            except duckdb.IOException as error:
                if "lock" not in str(error).lower() or time.monotonic() > deadline:
                    if "lock" in str(error).lower():
                        raise StoreBusy(self._busy_message()) from error
                    raise
                time.sleep(delay + random.random() * delay)
                delay = min(delay * 2, 0.5)

    def _busy_message(self) -> str:
        return (
            f"The store {self.path} stayed busy for {self.lock_timeout:.0f} s. Another program "
            "holds it open; close it or try again."
        )
