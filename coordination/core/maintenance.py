"""Operating the service: whether the database is ready, and restoring an SQLite backup safely.

- ``database_state``: what ``/health`` reports — the database answers, and every
  migration shipped with this version has run on it.
- ``server_lock``: every server process holds a shared lock on a file beside
  the SQLite database (``<database>.lock``) while it runs; ``restore`` takes it
  exclusively, so it refuses to replace a database a server is using. The lock
  is the kernel's (``flock``): a server that crashed holds nothing.
- ``restore_sqlite``: checks that the file is an SQLite database written by
  coordination (``check_backup``), keeps the database it replaces aside, then
  puts the backup in place.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from piccolo.querystring import QueryString

from coordination.core.database import backup_sqlite, current_engine

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows: no lock, restore trusts the operator
    fcntl = None  # type: ignore[assignment]

PICCOLO_APP = "coordination"
SQLITE_HEADER = b"SQLite format 3\x00"
# Tables every coordination database holds since its first migration.
CORE_TABLES = frozenset({"migration", "member", "body", "event", "account_user"})

_MIGRATION_ID = re.compile(r'^ID = "([^"]+)"$', re.MULTILINE)


def migration_ids(folder: Path) -> frozenset[str]:
    """The ids of the migrations shipped in ``folder`` (read from the files, not imported)."""
    ids = set()
    for path in folder.glob("*.py"):
        found = _MIGRATION_ID.search(path.read_text(encoding="utf-8"))
        if found is not None:
            ids.add(found.group(1))
    return frozenset(ids)


@dataclass(frozen=True)
class DatabaseState:
    reachable: bool
    pending: tuple[str, ...] = ()  # migrations shipped but not run
    unknown: tuple[str, ...] = ()  # migrations run by a newer version of coordination
    detail: str = ""

    @property
    def ready(self) -> bool:
        return self.reachable and not self.pending


async def _run(sql: str, *args: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await current_engine().run_querystring(QueryString(sql, *args), in_pool=True)
    return rows


async def database_state(expected: frozenset[str]) -> DatabaseState:
    """One query when all is well: the migrations that ran, compared with those shipped (``expected``)."""
    try:
        rows = await _run("SELECT name FROM migration WHERE app_name = {}", PICCOLO_APP)
    except Exception:
        try:
            await _run("SELECT 1")
        except Exception as exc:
            return DatabaseState(reachable=False, detail=f"the database does not answer ({type(exc).__name__})")
        return DatabaseState(reachable=True, pending=tuple(sorted(expected)), detail="the database was never migrated")
    ran = {str(row["name"]) for row in rows}
    pending = tuple(sorted(expected - ran))
    unknown = tuple(sorted(ran - expected))
    detail = f"{len(pending)} migration(s) have not run: run `coordination migrate`" if pending else ""
    return DatabaseState(reachable=True, pending=pending, unknown=unknown, detail=detail)


# --------------------------------------------------------------------------- the server lock


class ServerRunning(Exception):
    """A server is using the database (or a restore is replacing it)."""


def lock_path(database: Path) -> Path:
    return database.with_name(f"{database.name}.lock")


@contextmanager
def server_lock(database: Path, *, exclusive: bool) -> Iterator[None]:
    """Hold the database's lock: shared by every server process, exclusive for a restore. Never waits."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    path = lock_path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            if exclusive:
                raise ServerRunning(f"a coordination server is using {database}; stop it first") from exc
            raise ServerRunning(f"{database} is being restored; start the server when the restore is done") from exc
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


# --------------------------------------------------------------------------- restoring a backup


class NotABackup(Exception):
    """The file is not an SQLite database written by coordination, or one this version cannot use."""


def check_backup(path: Path, *, known_migrations: frozenset[str]) -> set[str]:
    """Check that ``path`` is a sound coordination database; returns the migrations it has run."""
    if not path.is_file():
        raise NotABackup(f"{path} is not a file")
    with path.open("rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise NotABackup(f"{path} is not an SQLite database")
    connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        integrity = connection.execute("PRAGMA quick_check").fetchone()[0]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = CORE_TABLES - tables
        if missing:
            names = ", ".join(sorted(missing))
            raise NotABackup(f"{path} is an SQLite database, but not one of coordination's (no table {names})")
        ran = {row[0] for row in connection.execute("SELECT name FROM migration WHERE app_name = ?", (PICCOLO_APP,))}
    except sqlite3.DatabaseError as exc:
        raise NotABackup(f"{path} cannot be read as an SQLite database: {exc}") from exc
    finally:
        connection.close()
    if integrity != "ok":
        raise NotABackup(f"{path} is damaged: {integrity}")
    newer = ran - known_migrations
    if newer:
        names = ", ".join(sorted(newer))
        raise NotABackup(f"{path} was written by a newer version of coordination (migrations {names})")
    return ran


def restore_sqlite(*, backup: Path, database: Path, known_migrations: frozenset[str], now: datetime) -> Path | None:
    """Put ``backup`` in place of ``database``; returns where the replaced database was kept (None if there was none).

    The replaced database is copied aside through SQLite's backup API (so what
    its write-ahead log held is kept too) before anything is removed; the
    backup is copied in the same way to a temporary file, then renamed into place.
    """
    check_backup(backup, known_migrations=known_migrations)
    with server_lock(database, exclusive=True):
        aside = None
        if database.exists():
            aside = database.with_name(f"{database.name}.replaced-{now:%Y%m%dT%H%M%S}")
            backup_sqlite(source=database, destination=aside)
        incoming = database.with_name(f"{database.name}.restoring")
        incoming.unlink(missing_ok=True)
        backup_sqlite(source=backup, destination=incoming)
        # The old database's log must not be applied to the new one.
        for suffix in ("-wal", "-shm"):
            database.with_name(database.name + suffix).unlink(missing_ok=True)
        os.replace(incoming, database)
        connection = sqlite3.connect(database)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
        finally:
            connection.close()
    return aside
