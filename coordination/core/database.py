"""Database engines from a URL, table binding, and transactions.

Piccolo caches an engine on every table class (``Table._meta.db``). The app
binds all tables to the engine chosen by ``COORDINATION_DATABASE_URL`` at
startup, so one process (or one test) talks to exactly one database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from piccolo.columns import Column, Varchar
from piccolo.columns.combination import Where
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.query.functions.aggregate import Count
from piccolo.querystring import QueryString
from piccolo.table import Table

from coordination.core.engines import CountingPostgresEngine, ReusingSQLiteEngine

# Seconds a SQLite writer waits for another writer before giving up.
SQLITE_BUSY_TIMEOUT = 30

_engine: Engine[Any] | None = None


def sqlite_path(url: str) -> Path | None:
    """The file behind a ``sqlite:///path`` URL, or None for another database."""
    if not url.startswith("sqlite:"):
        return None
    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url.removeprefix("sqlite:")
    # sqlite:////abs/path keeps its leading slash; sqlite:///rel/path is relative.
    return Path(unquote(path))


def postgres_config(url: str) -> dict[str, Any]:
    parsed = urlparse(url)
    config: dict[str, Any] = {
        "host": parsed.hostname or "127.0.0.1",
        "port": parsed.port or 5432,
        "user": unquote(parsed.username) if parsed.username else "postgres",
        "database": parsed.path.lstrip("/") or "postgres",
    }
    if parsed.password:
        config["password"] = unquote(parsed.password)
    return config


def engine_from_url(url: str) -> Engine[Any]:
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        _enable_wal(path)
        return ReusingSQLiteEngine(path=str(path), timeout=SQLITE_BUSY_TIMEOUT)
    if url.startswith(("postgresql:", "postgres:")):
        return CountingPostgresEngine(config=postgres_config(url))
    raise ValueError(f"COORDINATION_DATABASE_URL must start with sqlite:/// or postgresql://, not {url!r}")


def _enable_wal(path: Path) -> None:
    # WAL lets pages read while a writer commits; the mode is stored in the file.
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")


def bind_tables(engine: Engine[Any], tables: Iterable[type[Table]]) -> None:
    global _engine
    _engine = engine
    for table in tables:
        table._meta.db = engine


def current_engine() -> Engine[Any]:
    if _engine is None:
        raise RuntimeError("No database engine is bound; call bind_tables() first")
    return _engine


def is_sqlite() -> bool:
    return isinstance(current_engine(), SQLiteEngine)


def transaction() -> AbstractAsyncContextManager[Any]:
    """A write transaction.

    On SQLite it begins IMMEDIATE: two deferred transactions that both try to
    upgrade to a write lock would fail with "database is locked" at once
    instead of waiting their turn.
    """
    engine = current_engine()
    if isinstance(engine, SQLiteEngine):
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()


def backend_name() -> str:
    return "sqlite" if is_sqlite() else "postgresql"


async def ping() -> None:
    """One round trip to the database; raises if it cannot be reached."""
    await current_engine().run_querystring(QueryString("SELECT 1"), in_pool=True)


async def open_engine(engine: Engine[Any], *, pool_size: int = 10) -> None:
    """Open the PostgreSQL pool: ``pool_size`` connections at most per process (``COORDINATION_DATABASE_POOL_SIZE``)."""
    if isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(min_size=1, max_size=pool_size)


async def close_engine(engine: Engine[Any]) -> None:
    if isinstance(engine, PostgresEngine):
        await engine.close_connection_pool()
    elif isinstance(engine, ReusingSQLiteEngine):
        await engine.close()


def statements_run() -> int:
    """How many SQL statements the bound engine has run so far (the query-count tests read it)."""
    engine = current_engine()
    return int(getattr(engine, "statements", 0))


def backup_sqlite(*, source: Path, destination: Path) -> None:
    """A consistent copy of a live SQLite database, through SQLite's online backup API."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(destination) as dst:
        src.backup(dst)


async def checkpoint() -> None:
    """Fold the SQLite write-ahead log back into the main file (housekeeping)."""
    engine = current_engine()
    if isinstance(engine, SQLiteEngine):
        path = Path(engine.path)
        with sqlite3.connect(path) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def name_contains(column: Varchar, text: str) -> Where:
    """Case-insensitive "contains": ILIKE on PostgreSQL; LIKE on SQLite, where it already ignores (ASCII) case."""
    pattern = f"%{text}%"  # a % or _ typed by someone only widens their own search
    return column.like(pattern) if is_sqlite() else column.ilike(pattern)


async def count_by(column: Column) -> dict[str, int]:
    """How many rows hold each value of ``column``, in one GROUP BY query."""
    table = column._meta.table
    rows = await table.select(column.as_alias("value"), Count()).group_by(column)
    return {row["value"]: int(row["count"]) for row in rows}
