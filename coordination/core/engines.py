"""Piccolo engines that keep their connections: one SQLite read connection per process, a sized PostgreSQL pool.

Why our own SQLite engine: Piccolo's ``SQLiteEngine`` opens a new
``aiosqlite`` connection — which starts a new thread — for every query outside
a transaction, and another for every transaction, then closes it. Measured
here, that was 40–75 % of a page's time and capped ``SELECT 1`` at about
1,100 a second. Piccolo offers no pool for SQLite, so this subclass:

- runs every ``SELECT`` outside a transaction on one connection kept open for
  the life of the process (WAL lets it read while another connection writes),
  right on the event loop's thread: a page's indexed reads take well under a
  millisecond each, while handing each one to a thread and back cost more
  than the query whenever another request held the GIL (measured: two
  concurrent list pages took 4–8× as long as one after the other). Reads that
  may be long (the feeds' snapshot of every event) say so with ``bulk_reads()``
  and run on an ``aiosqlite`` thread instead, so polls are still answered
  meanwhile;
- keeps a few idle connections for transactions and for writes outside one,
  instead of closing them, so a write still never waits behind a read, nor a
  read behind a writer waiting for the lock (the busy timeout);
- sets ``PRAGMA foreign_keys`` once per connection instead of before every
  statement, and fetches a statement's rows in one trip to the thread.

Both engines count the statements they run (``statements``), which the
query-count tests read: a page's count must not grow with the data.

The connections' threads are daemon threads, so a command that never closes
its engine (Piccolo's own CLI, a test) still exits; connections still open then
are closed at exit, so SQLite folds its write-ahead log back into the file
(a copy of the file alone, as the tests make of a migrated template, is whole).
"""

from __future__ import annotations

import atexit
import contextvars
import sqlite3
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import aiosqlite
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType, dict_factory
from piccolo.querystring import QueryString
from piccolo.table import Table

# Idle connections kept for transactions and writes; more may be open at once, the rest are closed after use.
SQLITE_IDLE_CONNECTIONS = 4
# Seconds to wait, at exit, for a connection's thread to close it.
EXIT_CLOSE_SECONDS = 5

_open_engines: weakref.WeakSet[ReusingSQLiteEngine] = weakref.WeakSet()
_bulk = contextvars.ContextVar("coordination_bulk_reads", default=False)


@contextmanager
def bulk_reads() -> Iterator[None]:
    """Reads in this block may take long: on SQLite they run off the event loop's thread."""
    token = _bulk.set(True)
    try:
        yield
    finally:
        _bulk.reset(token)


@atexit.register
def _close_at_exit() -> None:
    for engine in list(_open_engines):
        engine.close_now()


class ReusingSQLiteTransaction(SQLiteTransaction):
    """Piccolo's transaction, on a connection borrowed from the engine and given back afterwards."""

    engine: ReusingSQLiteEngine

    async def get_connection(self) -> aiosqlite.Connection:
        return await self.engine.borrow()

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        if self._parent:
            return exception is None
        try:
            if exception:
                if not self._rolled_back:
                    await self.rollback()
            elif not self._committed and not self._rolled_back:
                await self.commit()
        finally:
            await self.engine.give_back(self.connection)
            self.engine.current_transaction.reset(self.context)
        return exception is None


class ReusingSQLiteEngine(SQLiteEngine):
    """``SQLiteEngine`` that reuses its connections (see the module docstring for why)."""

    def __init__(self, path: str, **connection_kwargs: Any) -> None:
        super().__init__(path=path, **connection_kwargs)
        self._reader: aiosqlite.Connection | None = None
        self._inline: sqlite3.Connection | None = None
        self._idle: list[aiosqlite.Connection] = []
        self.connections_opened = 0
        self.statements = 0
        _open_engines.add(self)

    async def _connect(self) -> aiosqlite.Connection:
        connection = aiosqlite.connect(**self.connection_kwargs)
        # Not started yet: a daemon thread never keeps the interpreter from exiting.
        connection._thread.daemon = True
        await connection
        connection.row_factory = dict_factory  # type: ignore[assignment]
        await connection.execute("PRAGMA foreign_keys = 1")
        self.connections_opened += 1
        return connection

    async def get_connection(self) -> aiosqlite.Connection:
        # Piccolo's batch() closes what it gets here: a connection of its own.
        return await self._connect()

    async def borrow(self) -> aiosqlite.Connection:
        if self._idle:
            return self._idle.pop()
        return await self._connect()

    async def give_back(self, connection: aiosqlite.Connection) -> None:
        # A connection still inside a transaction (a failed COMMIT or ROLLBACK) is not reused.
        if connection.in_transaction or len(self._idle) >= SQLITE_IDLE_CONNECTIONS:
            await connection.close()
        else:
            self._idle.append(connection)

    def _inline_connection(self) -> sqlite3.Connection:
        if self._inline is None:
            # Used from the event loop's thread only, whichever loop: tests run apps in several.
            connection = sqlite3.connect(**self.connection_kwargs, check_same_thread=False)
            connection.row_factory = dict_factory
            connection.execute("PRAGMA foreign_keys = 1")
            self.connections_opened += 1
            self._inline = connection
        return self._inline

    async def _read_connection(self) -> aiosqlite.Connection:
        if self._reader is None:
            reader = await self._connect()
            if self._reader is None:
                self._reader = reader
            else:  # another task opened one meanwhile
                await reader.close()
        return self._reader

    async def close(self) -> None:
        """Close every kept connection (at shutdown)."""
        connections = [*self._idle, *([self._reader] if self._reader else [])]
        self._idle, self._reader = [], None
        for connection in connections:
            await connection.close()
        if self._inline is not None:
            self._inline.close()
            self._inline = None

    def close_now(self) -> None:
        """Close every kept connection without an event loop (at exit)."""
        if self._inline is not None:
            self._inline.close()
            self._inline = None
        connections = [*self._idle, *([self._reader] if self._reader else [])]
        self._idle, self._reader = [], None
        for connection in connections:
            if connection._thread.is_alive():
                connection.stop()
                connection._thread.join(EXIT_CLOSE_SECONDS)

    async def _run_in_new_connection(
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: type[Table] | None = None,
    ) -> Any:
        # Named by Piccolo: the path of every statement outside a transaction.
        if query.lstrip()[:6].upper() == "SELECT":
            if not _bulk.get():
                return self._inline_connection().execute(query, args or []).fetchall()
            reader = await self._read_connection()
            return await reader.execute_fetchall(query, args or [])
        connection = await self.borrow()
        try:
            return await connection.execute_fetchall(query, args or [])
        finally:
            await self.give_back(connection)

    async def _run_in_existing_connection(
        self,
        connection: aiosqlite.Connection,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: type[Table] | None = None,
    ) -> Any:
        return await connection.execute_fetchall(query, args or [])

    async def run_querystring(self, querystring: QueryString, in_pool: bool = False) -> Any:
        self.statements += 1
        return await super().run_querystring(querystring, in_pool=in_pool)

    async def run_ddl(self, ddl: str, in_pool: bool = False) -> Any:
        self.statements += 1
        return await super().run_ddl(ddl, in_pool=in_pool)

    def transaction(
        self, transaction_type: TransactionType = TransactionType.deferred, allow_nested: bool = True
    ) -> ReusingSQLiteTransaction:
        return ReusingSQLiteTransaction(engine=self, transaction_type=transaction_type, allow_nested=allow_nested)


class CountingPostgresEngine(PostgresEngine):
    """Piccolo's ``PostgresEngine`` (with its asyncpg pool), counting the statements it runs."""

    def __init__(self, config: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(config=config, **kwargs)
        self.statements = 0

    async def run_querystring(self, querystring: QueryString, in_pool: bool = True) -> Any:
        self.statements += 1
        return await super().run_querystring(querystring, in_pool=in_pool)

    async def run_ddl(self, ddl: str, in_pool: bool = True) -> Any:
        self.statements += 1
        return await super().run_ddl(ddl, in_pool=in_pool)
