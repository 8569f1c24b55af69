"""Test harness: every test that asks for ``client`` or ``db`` runs on SQLite and on PostgreSQL.

Each test gets its own database, created from a template migrated once per run
by the real ``coordination migrate`` command: a copied file on SQLite, a
``CREATE DATABASE … TEMPLATE`` on PostgreSQL. PostgreSQL tests are skipped
when no server answers, unless ``COORDINATION_REQUIRE_POSTGRES=1`` (as in CI),
which turns that into a failure.
"""

from __future__ import annotations

import inspect
import itertools
import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlparse

import asyncpg
import httpx
import pytest
from litestar import Litestar

from coordination.app import create_app
from coordination.core.settings import Settings

POSTGRES_URL = os.environ.get("COORDINATION_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_POSTGRES = os.environ.get("COORDINATION_REQUIRE_POSTGRES") == "1"
RUN_ID = os.getpid()
_counter = itertools.count()


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makeitem(collector: pytest.Collector, name: str, obj: object) -> None:
    # Every async test runs under anyio, whose runner keeps an async fixture's
    # setup and teardown in one task, as the app's lifespan (an anyio cancel
    # scope) requires.
    if name.startswith("test") and inspect.iscoroutinefunction(obj):
        pytest.mark.anyio(obj)


def migrate(url: str) -> None:
    """Migrate a database the way production does: with the CLI, in its own process."""
    env = {**os.environ, "COORDINATION_DATABASE_URL": url}
    result = subprocess.run(
        [sys.executable, "-m", "coordination.cli", "migrate"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _postgres_url(database: str) -> str:
    return urlparse(POSTGRES_URL)._replace(path=f"/{database}").geturl()


async def _admin(sql: str) -> None:
    connection = await asyncpg.connect(POSTGRES_URL, timeout=5)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


class Databases:
    """Migrated templates, made on first use and removed at the end of the run."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.sqlite_template: Path | None = None
        self.postgres_template: str | None = None
        self.postgres_error: str | None = None
        self.postgres_databases: list[str] = []

    def sqlite(self, tmp_path: Path) -> str:
        if self.sqlite_template is None:
            template = self.root / "template.sqlite3"
            migrate(f"sqlite:///{template}")
            self.sqlite_template = template
        target = tmp_path / "coordination.sqlite3"
        shutil.copyfile(self.sqlite_template, target)
        return f"sqlite:///{target}"

    async def postgres(self) -> str:
        if self.postgres_error is None and self.postgres_template is None:
            name = f"coord_tpl_{RUN_ID}"
            try:
                await _admin(f'DROP DATABASE IF EXISTS "{name}"')
                await _admin(f'CREATE DATABASE "{name}"')
            except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
                self.postgres_error = f"PostgreSQL at {POSTGRES_URL} is unreachable: {exc}"
            else:
                migrate(_postgres_url(name))
                self.postgres_template = name
        if self.postgres_error is not None:
            if REQUIRE_POSTGRES:
                pytest.fail(self.postgres_error)
            pytest.skip(self.postgres_error)
        name = f"coord_t_{RUN_ID}_{next(_counter)}"
        await _admin(f'CREATE DATABASE "{name}" TEMPLATE "{self.postgres_template}"')
        self.postgres_databases.append(name)
        return _postgres_url(name)

    async def drop(self, name: str) -> None:
        await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    registry = Databases(tmp_path_factory.mktemp("databases"))
    yield registry
    if registry.postgres_template is not None:
        import asyncio

        async def cleanup() -> None:
            for name in registry.postgres_databases:
                await registry.drop(name)
            await registry.drop(registry.postgres_template or "")

        asyncio.run(cleanup())


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request: pytest.FixtureRequest, databases: Databases, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield databases.sqlite(tmp_path)
        return
    url = await databases.postgres()
    yield url
    await databases.drop(urlparse(url).path.lstrip("/"))
    databases.postgres_databases.remove(urlparse(url).path.lstrip("/"))


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings.from_env(
        database_url=database_url,
        data_dir=tmp_path,
        calendars_dir=tmp_path / "calendars",
        exports_dir=tmp_path / "exports",
        scheduler_enabled=False,
    )


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[Litestar]:
    application = create_app(settings)
    # The app runs in the test's own event loop, so a PostgreSQL pool opened
    # at startup is usable by the test's own queries too.
    async with application.lifespan():
        yield application


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture
async def db(app: Litestar) -> Litestar:
    """The tables bound to this test's database, for service-level tests."""
    return app
