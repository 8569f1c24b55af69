"""A database migrated only as far as a given migration, holding rows written with SQL: for tests of an upgrade.

``piccolo migrations forwards coordination <id>`` takes a fresh database (an SQLite file, or a PostgreSQL
database created for the test and dropped after it) to the shape the rows were written in; the test then runs
the real ``coordination migrate`` and reads the result through the services.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlparse

import asyncpg
import pytest

from tests.conftest import POSTGRES_URL, REQUIRE_POSTGRES, RUN_ID, _admin, _postgres_url

_names = itertools.count()


def forwards_to(url: str, migration_id: str) -> None:
    env = {**os.environ, "COORDINATION_DATABASE_URL": url, "PICCOLO_CONF": "coordination.piccolo_conf"}
    result = subprocess.run(
        [sys.executable, "-m", "piccolo.main", "migrations", "forwards", "coordination", migration_id],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@asynccontextmanager
async def database_at(
    engine: str,
    tmp_path: Path,
    migration_id: str,
    rows: list[str],
    *,
    on_sqlite: Callable[[str], str] = str,
    on_postgres: Callable[[str], str] = str,
) -> AsyncIterator[str]:
    """The URL of a database of ``engine`` ("sqlite" or "postgresql") at ``migration_id`` holding ``rows``
    (each statement passed through ``on_sqlite`` or ``on_postgres`` first, for quoting that differs)."""
    if engine == "sqlite":
        path = tmp_path / "before.sqlite3"
        url = f"sqlite:///{path}"
        forwards_to(url, migration_id)
        with sqlite3.connect(path) as connection:
            for sql in rows:
                connection.execute(on_sqlite(sql))
        yield url
        return
    name = f"coord_mig_{RUN_ID}_{next(_names)}"
    try:
        await _admin(f'CREATE DATABASE "{name}"')
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        message = f"PostgreSQL at {POSTGRES_URL} is unreachable: {exc}"
        if REQUIRE_POSTGRES:
            pytest.fail(message)
        pytest.skip(message)
    url = _postgres_url(name)
    try:
        forwards_to(url, migration_id)
        connection = await asyncpg.connect(url)
        try:
            for sql in rows:
                await connection.execute(on_postgres(sql))
        finally:
            await connection.close()
        yield url
    finally:
        await _admin(f'DROP DATABASE IF EXISTS "{urlparse(url).path.lstrip("/")}" WITH (FORCE)')
