"""What every answer carries (request id, security headers), what a 500 leaves behind, and /health."""

from __future__ import annotations

import asyncio
import logging
import re
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest
from litestar import Litestar

from coordination.app import MIGRATIONS, create_app
from coordination.core.settings import Settings
from coordination.events.tables import Event
from tests.conftest import POSTGRES_URL, Databases, _admin, _postgres_url
from tests.factories import bodies as body_factories
from tests.factories import events as event_factories


async def test_a_500_is_logged_with_its_traceback_and_the_answer_shows_the_same_request_id(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    await body_factories.body(slug="digital-cities")
    event = await event_factories.event(body="digital-cities")
    # A row the code cannot read (written around the services, as a bad migration or a hand edit would).
    await Event.update({Event.kind: "nonsense"}).where(Event.id == event.id)
    with caplog.at_level(logging.ERROR, logger="coordination.errors"):
        answer = await client.get("/api/v1/events")
        page = await client.get("/events?when=all")  # the list starts at today; the factory's event may be past
    assert answer.status_code == 500
    reference = answer.json()["request_id"]
    assert answer.headers["x-request-id"] == reference
    assert answer.json()["detail"] == f"internal server error; the log has it as request {reference}"
    assert "nonsense" not in answer.text  # nothing of the failure itself is shown
    assert page.status_code == 500
    assert page.headers["content-type"].startswith("text/html")
    page_reference = page.headers["x-request-id"]
    assert f"<code>{page_reference}</code>" in page.text
    logged = {record.getMessage(): record for record in caplog.records}
    record = logged[f"request {reference} failed: GET /api/v1/events"]
    assert record.exc_info is not None
    assert record.exc_info[0] is ValueError
    assert "'nonsense' is not a valid EventKind" in caplog.text
    assert f"request {page_reference} failed: GET /events" in logged


async def test_every_answer_has_a_request_id_and_the_security_headers(client: httpx.AsyncClient) -> None:
    await body_factories.body(slug="digital-cities")
    answers = [
        await client.get("/"),
        await client.get("/bodies/digital-cities"),
        await client.get("/api/v1/members"),
        await client.get("/no-such-page"),
        await client.get("/api/v1/events/0"),
        await client.get("/calendars/network.ics"),
    ]
    ids = set()
    for answer in answers:
        headers = answer.headers
        assert re.fullmatch(r"[0-9a-f]{16}", headers["x-request-id"]), answer.url
        ids.add(headers["x-request-id"])
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
        assert headers["x-frame-options"] == "DENY"
        policy = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy
        assert "default-src 'self'" in policy
        assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0]
    assert len(ids) == len(answers)


async def test_the_subscribe_script_runs_under_the_policy_and_nothing_else_inline_would(
    client: httpx.AsyncClient,
) -> None:
    await body_factories.body(slug="digital-cities")
    page = await client.get("/bodies/digital-cities")
    nonce = re.search(r"'nonce-([^']+)'", page.headers["content-security-policy"])
    assert nonce is not None
    scripts = re.findall(r"<script([^>]*)>", page.text)
    assert scripts, "the subscribe block has its copy button script"
    assert all(f'nonce="{nonce.group(1)}"' in attributes for attributes in scripts)
    again = await client.get("/bodies/digital-cities")
    assert again.headers["content-security-policy"] != page.headers["content-security-policy"]  # a nonce per answer


async def test_the_language_switch_of_a_page_at_a_crafted_address_stays_on_this_site(client: httpx.AsyncClient) -> None:
    for crafted in ["//evil.example/x", "///evil.example/x", "/\\evil.example/x"]:
        answer = await client.get(f"http://testserver{crafted}")
        assert answer.status_code == 404, crafted
        links = re.findall(r'<a href="([^"]*)" hreflang=', answer.text)
        assert len(links) == 3, answer.text
        for link in links:
            assert urlparse(link).netloc == "", link
            assert link.startswith("/"), link
            assert not link.startswith(("//", "/\\")), link
        sign_in = re.search(r'href="(/sign-in\?next=[^"]*)"', answer.text)
        assert sign_in is not None
        assert "evil.example" in sign_in.group(1)  # kept, but as a path on this site


# ------------------------------------------------------------------ /health


async def test_health_says_the_database_answers_and_is_migrated(client: httpx.AsyncClient) -> None:
    answer = await client.get("/health")
    assert answer.status_code == 200
    assert answer.json()["migrated"] is True
    assert (await client.get("/health/live")).json() == {"status": "ok"}


async def test_health_says_which_migrations_have_not_run(client: httpx.AsyncClient) -> None:
    latest = max(MIGRATIONS)
    await Event.raw("DELETE FROM migration WHERE name = {}", latest)
    answer = await client.get("/health")
    assert answer.status_code == 503
    assert answer.json()["status"] == "unavailable"
    assert answer.json()["migrated"] is False
    assert answer.json()["detail"] == "1 migration(s) have not run: run `coordination migrate`"
    assert (await client.get("/health/live")).status_code == 200


@pytest.fixture(params=["sqlite", "postgresql"])
async def never_migrated(
    request: pytest.FixtureRequest, databases: Databases, tmp_path: Path
) -> AsyncIterator[Litestar]:
    """An app on a database that exists but was never migrated."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    else:
        await databases.postgres()  # skips or fails like every PostgreSQL test when there is none
        name = f"coord_empty_{id(request)}"
        await _admin(f'CREATE DATABASE "{name}"')
        url = _postgres_url(name)
    application = create_app(Settings.from_env(database_url=url, data_dir=tmp_path, scheduler_enabled=False))
    async with application.lifespan():
        yield application
    if request.param == "postgresql":
        await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def test_health_answers_503_on_a_database_that_was_never_migrated(never_migrated: Litestar) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=never_migrated), base_url="http://t") as http:
        answer = await http.get("/health")
        assert answer.status_code == 503
        assert answer.json()["migrated"] is False
        assert answer.json()["detail"] == "the database was never migrated"
        assert (await http.get("/health/live")).json() == {"status": "ok"}


@pytest.mark.filterwarnings("ignore:.*Unable to fetch server version")  # Piccolo asks when the engine is made
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_health_answers_503_when_the_database_does_not_answer(tmp_path: Path, backend: str) -> None:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'gone.sqlite3'}"
    else:  # nothing listens on port 9
        url = urlparse(POSTGRES_URL)._replace(netloc="postgres@127.0.0.1:9", path="/nothing").geturl()
    application = create_app(Settings.from_env(database_url=url, data_dir=tmp_path, scheduler_enabled=False))
    if backend == "sqlite":
        # The file is gone and something else stands in its place: SQLite cannot open it.
        (tmp_path / "gone.sqlite3").unlink()
        (tmp_path / "gone.sqlite3").mkdir()
    threads_before = set(threading.enumerate())
    # No lifespan: no pool can be opened on a closed port, so each query tries to connect, and fails.
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=application), base_url="http://t") as http:
        answer = await http.get("/health")
        assert answer.status_code == 503
        assert answer.json()["status"] == "unavailable"
        assert answer.json()["detail"].startswith("the database does not answer")
        assert (await http.get("/health/live")).status_code == 200
    # After a failed connect aiosqlite stops its worker thread with a future nobody awaits; on a busy
    # machine the thread finishes after the test's event loop has closed and dies with "Event loop is
    # closed". Let those threads finish while the loop still runs.
    for thread in set(threading.enumerate()) - threads_before:
        await asyncio.to_thread(thread.join, 10)
