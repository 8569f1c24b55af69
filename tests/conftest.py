"""Test harness: every test that asks for ``client`` or ``db`` runs on SQLite and on PostgreSQL.

Each test gets its own database, created from a template migrated once per run
by the real ``coordination migrate`` command: a copied file on SQLite, a
``CREATE DATABASE … TEMPLATE`` on PostgreSQL. PostgreSQL tests are skipped
when no server answers, unless ``COORDINATION_REQUIRE_POSTGRES=1`` (as in CI),
which turns that into a failure.
"""

from __future__ import annotations

import asyncio
import email
import inspect
import itertools
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from email.header import decode_header, make_header
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import asyncpg
import httpx
import pytest
from aiosmtpd.controller import Controller
from litestar import Litestar

from coordination.app import AppShape, attach_settings, build_app
from coordination.core.settings import Settings

POSTGRES_URL = os.environ.get("COORDINATION_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_POSTGRES = os.environ.get("COORDINATION_REQUIRE_POSTGRES") == "1"
RUN_ID = os.getpid()
# The apps and servers tests start do not render the network feed as they start (tests/feeds/test_feeds_warm.py
# turns it on): most tests never read a feed, and a render in the background would count among their queries.
os.environ.setdefault("COORDINATION_FEEDS_WARM", "0")
# A poll that starts a feed's render waits for it (0.1 s in production, then the previous version): a test that
# edits then reads a feed must see the edit whatever the machine's speed. tests/feeds/test_feeds_stale.py sets it.
os.environ.setdefault("COORDINATION_FEEDS_RENDER_WAIT_SECONDS", "60")
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


def run_cli(command: str, url: str) -> None:
    """Run a ``coordination`` command the way production does: in its own process."""
    env = {**os.environ, "COORDINATION_DATABASE_URL": url, "COORDINATION_SCHEDULER": "off"}
    result = subprocess.run(
        [sys.executable, "-m", "coordination.cli", command], env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stdout + result.stderr


def migrate(url: str) -> None:
    run_cli("migrate", url)


def _postgres_url(database: str) -> str:
    return urlparse(POSTGRES_URL)._replace(path=f"/{database}").geturl()


async def _admin(sql: str) -> None:
    connection = await asyncpg.connect(POSTGRES_URL, timeout=5)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


class PostgresPreparer:
    """Test databases created from a template ahead of need, and dropped after use, on a thread of its own.

    ``CREATE DATABASE … TEMPLATE`` and ``DROP DATABASE`` take a third of a second or more each, mostly the
    server writing files; done here while the previous test runs, a PostgreSQL test finds its database ready.
    """

    AHEAD = 2  # databases kept ready per template

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.ready: dict[str, list[str]] = {}  # template → databases made from it, unused
        self.to_drop: list[str] = []
        self.error: BaseException | None = None
        self.stopping = False
        self.thread = threading.Thread(target=lambda: asyncio.run(self._work()), name="postgres-preparer", daemon=True)
        self.thread.start()

    def add_template(self, template: str) -> None:
        with self.condition:
            self.ready.setdefault(template, [])
            self.condition.notify_all()

    def take(self, template: str) -> str:
        with self.condition:
            while not self.ready[template]:
                if self.error is not None:
                    raise RuntimeError(f"preparing a PostgreSQL test database failed: {self.error}")
                self.condition.wait(timeout=1)
            name = self.ready[template].pop(0)
            self.condition.notify_all()
            return name

    def give_back(self, name: str) -> None:
        with self.condition:
            self.to_drop.append(name)
            self.condition.notify_all()

    def stop(self) -> None:
        with self.condition:
            self.stopping = True
            self.to_drop.extend(name for names in self.ready.values() for name in names)
            for names in self.ready.values():
                names.clear()
            self.condition.notify_all()
        self.thread.join(timeout=120)

    def _next(self) -> tuple[str, str] | None:
        """("create", template) while a template lacks ready databases, else ("drop", name); None when done."""
        with self.condition:
            while True:
                if not self.stopping and self.error is None:
                    for template, names in self.ready.items():
                        if len(names) < self.AHEAD:
                            return ("create", template)
                if self.to_drop:
                    return ("drop", self.to_drop.pop(0))
                if self.stopping:
                    return None
                self.condition.wait()

    async def _work(self) -> None:
        connection = await asyncpg.connect(POSTGRES_URL, timeout=10)
        try:
            while (job := self._next()) is not None:
                action, name = job
                try:
                    if action == "create":
                        database = f"coord_t_{RUN_ID}_{next(_counter)}"
                        await connection.execute(f'CREATE DATABASE "{database}" TEMPLATE "{name}"')
                        # A commit does not wait for the disk (as the SQLite files live in memory): the tests check
                        # what the service does, not the server's durability; a third of a PostgreSQL commit's time.
                        await connection.execute(f'ALTER DATABASE "{database}" SET synchronous_commit = off')
                        with self.condition:
                            self.ready[name].append(database)
                            self.condition.notify_all()
                    else:
                        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                except (OSError, asyncpg.PostgresError) as exc:
                    with self.condition:
                        self.error = exc
                        self.condition.notify_all()
        finally:
            await connection.close()


class Databases:
    """Templates made on first use and removed at the end of the run: one migrated, one with the demo loaded.

    Tests marked ``demo`` start from a copy of the demo template, so the
    demo network (slow to build through the services) is loaded once per run.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.sqlite_templates: dict[bool, Path] = {}
        self.postgres_templates: dict[bool, str] = {}
        self.postgres_error: str | None = None
        self.postgres_databases: list[str] = []
        self.preparer: PostgresPreparer | None = None

    def sqlite(self, tmp_path: Path, *, demo: bool = False) -> str:
        if demo not in self.sqlite_templates:
            template = self.root / ("demo.sqlite3" if demo else "template.sqlite3")
            migrate(f"sqlite:///{template}")
            if demo:
                run_cli("demo", f"sqlite:///{template}")
            self.sqlite_templates[demo] = template
        target = tmp_path / "coordination.sqlite3"
        shutil.copyfile(self.sqlite_templates[demo], target)
        return f"sqlite:///{target}"

    async def postgres(self, *, demo: bool = False) -> str:
        if self.postgres_error is None and demo not in self.postgres_templates:
            name = f"coord_{'demo' if demo else 'tpl'}_{RUN_ID}"
            try:
                await _admin(f'DROP DATABASE IF EXISTS "{name}"')
                await _admin(f'CREATE DATABASE "{name}"')
            except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
                self.postgres_error = f"PostgreSQL at {POSTGRES_URL} is unreachable: {exc}"
            else:
                migrate(_postgres_url(name))
                if demo:
                    run_cli("demo", _postgres_url(name))
                self.postgres_templates[demo] = name
                if self.preparer is None:
                    self.preparer = PostgresPreparer()
                self.preparer.add_template(name)
        if self.postgres_error is not None:
            if REQUIRE_POSTGRES:
                pytest.fail(self.postgres_error)
            pytest.skip(self.postgres_error)
        assert self.preparer is not None
        name = self.preparer.take(self.postgres_templates[demo])
        self.postgres_databases.append(name)
        return _postgres_url(name)

    def release(self, url: str) -> None:
        """The test is over: its database is dropped in the background."""
        name = urlparse(url).path.lstrip("/")
        self.postgres_databases.remove(name)
        assert self.preparer is not None
        self.preparer.give_back(name)

    async def drop(self, name: str) -> None:
        await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    registry = Databases(tmp_path_factory.mktemp("databases"))
    yield registry
    if registry.preparer is not None:
        registry.preparer.stop()
    if registry.postgres_templates:

        async def cleanup() -> None:
            for name in [*registry.postgres_databases, *registry.postgres_templates.values()]:
                await registry.drop(name)

        asyncio.run(cleanup())


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request: pytest.FixtureRequest, databases: Databases, tmp_path: Path) -> AsyncIterator[str]:
    demo = request.node.get_closest_marker("demo") is not None
    if request.param == "sqlite":
        yield databases.sqlite(tmp_path, demo=demo)
        return
    url = await databases.postgres(demo=demo)
    yield url
    databases.release(url)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings.from_env(
        database_url=database_url,
        data_dir=tmp_path,
        calendars_dir=tmp_path / "calendars",
        exports_dir=tmp_path / "exports",
        scheduler_enabled=False,
        # Tests write through the services between two requests for the same page, faster than a worker looks at
        # the change counters (a second): pages are rendered each time here, as the query-count tests need too.
        # The cache of public pages is proven in tests/speed/test_page_cache.py, and on in the browser tests.
        page_cache_seconds=0.0,
        # Rendering the network feed at start (in the background) is proven in tests/feeds/test_feeds_warm.py.
        feeds_warm=False,
        feeds_render_wait_seconds=60.0,
    )


# One app per shape in each test process: building one takes half a second, attaching a test's settings
# (its database, directories, mail server) almost nothing. Tests that need an app of their own build it.
_apps: dict[AppShape, Litestar] = {}


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[Litestar]:
    shape = AppShape.of(settings)
    application = _apps.get(shape) or _apps.setdefault(shape, build_app(shape))
    attach_settings(application, settings)
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


@pytest.fixture
async def secretariat_client(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """A client whose API requests carry a secretariat's token, for the API tests of a domain's rules.

    Pages ignore the token (they read the session cookie), so pages still see the public.
    Who else may do what is proven by tests/accounts/test_permission_matrix.py.
    """
    from tests.factories import accounts

    secretariat = await accounts.user(email="api-tests@example.org", name="API tests", password=None)
    token = await accounts.api_token(user_id=secretariat.id, name="API tests")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", headers=accounts.bearer(token)
    ) as http:
        yield http


class Mailbox:
    """A real SMTP server (aiosmtpd) on a free local port, keeping what it receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.port = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Message]:
        return [message for message in self.messages if message["To"] == address]

    @staticmethod
    def text(message: Message, subtype: str = "plain") -> str:
        """The message's text/plain part (``subtype="html"``: its HTML part), decoded."""
        for part in message.walk():
            if part.get_content_type() == f"text/{subtype}":
                payload = part.get_payload(decode=True)
                assert isinstance(payload, bytes)
                return payload.decode(part.get_content_charset() or "utf-8")
        raise AssertionError(f"the message has no text/{subtype} part")

    @staticmethod
    def html(message: Message) -> str:
        return Mailbox.text(message, "html")

    @staticmethod
    def subject(message: Message) -> str:
        """The subject as the reader sees it (non-ASCII subjects travel encoded)."""
        return str(make_header(decode_header(message["Subject"])))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        box.port = controller.port
        yield box
    finally:
        controller.stop()
