"""Several worker processes: a change made through any of them shows in every one's feeds within a second."""

from __future__ import annotations

from typing import Any

import httpx
import msgspec
from litestar import Litestar

from coordination.app import create_app
from coordination.core.settings import Settings
from coordination.events import services as events
from coordination.events.schemas import EventUpdate
from coordination.feeds import builder
from coordination.feeds.cache import FeedCache, notice_writes
from tests.factories import accounts as account_factories
from tests.factories import bodies as body_factories
from tests.factories import events as event_factories

PATH = "/calendars/bodies/digital-cities.ics"


async def test_a_change_through_one_worker_reaches_another_workers_feed_within_a_second(
    app: Litestar, client: httpx.AsyncClient, settings: Settings
) -> None:
    await body_factories.body(slug="digital-cities")
    forum = await event_factories.event(body="digital-cities", title="Forum des Interconnectes")
    other = create_app(settings)  # a second worker on the same database, with its own memory
    async with other.lifespan():
        other_cache: FeedCache = other.state.feed_cache
        clock = [0.0]
        other_cache.clock, other_cache.check_seconds = (lambda: clock[0]), 1.0
        transport = httpx.ASGITransport(app=other)
        async with httpx.AsyncClient(transport=transport, base_url="http://worker-2") as second:
            before = await second.get(PATH)
            assert b"SUMMARY:Forum des Interconnectes\r\n" in before.content

            renamed = msgspec.convert({"revision": 1, "title": "Forum 2021"}, EventUpdate)
            await events.update_event(event_id=forum.id, data=renamed)
            assert b"SUMMARY:Forum 2021\r\n" in (await client.get(PATH)).content, "the first worker"
            clock[0] += 0.999
            assert (await second.get(PATH)).content == before.content, "the second, before its second is up"
            clock[0] += 0.001
            assert b"SUMMARY:Forum 2021\r\n" in (await second.get(PATH)).content, "one second after"


async def test_an_edit_through_the_api_shows_in_the_same_workers_feed_on_the_next_request(
    app: Litestar, client: httpx.AsyncClient
) -> None:
    await body_factories.body(slug="digital-cities")
    forum = await event_factories.event(body="digital-cities", title="Forum des Interconnectes")
    cache: FeedCache = app.state.feed_cache
    cache.clock, cache.check_seconds = (lambda: 0.0), 3600.0  # left alone, it would not look for an hour
    assert b"SUMMARY:Forum des Interconnectes\r\n" in (await client.get(PATH)).content
    secretariat = await account_factories.user()
    edited = await client.patch(
        f"/api/v1/events/{forum.id}",
        json={"revision": 1, "title": "Forum 2021"},
        headers=account_factories.bearer(await account_factories.api_token(user_id=secretariat.id)),
    )
    assert edited.status_code == 200, edited.text
    assert b"SUMMARY:Forum 2021\r\n" in (await client.get(PATH)).content


async def test_a_write_answered_by_a_worker_makes_its_cache_look_at_once() -> None:
    class State:
        feed_cache = FeedCache(check_seconds=60.0)

    class App:
        state = State()

    cache = State.feed_cache
    sent: list[dict[str, Any]] = []

    def downstream(status: int) -> Any:
        async def respond(scope: Any, receive: Any, send: Any) -> None:
            await send({"type": "http.response.start", "status": status, "headers": []})
            await send({"type": "http.response.body", "body": b""})

        return respond

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request"}

    for method, status, looks in (("GET", 200, False), ("PATCH", 409, False), ("PATCH", 200, True)):
        cache._next_check = 1e18  # checked a moment ago
        await notice_writes(downstream(status))({"type": "http", "method": method, "app": App()}, receive, send)
        assert (cache._next_check == float("-inf")) is looks, (method, status)
    assert [message["type"] for message in sent] == ["http.response.start", "http.response.body"] * 3


async def test_after_edits_a_worker_reading_only_what_changed_serves_the_same_feed_as_a_new_one(
    app: Litestar, client: httpx.AsyncClient, settings: Settings
) -> None:
    await body_factories.body(slug="digital-cities")
    renamed, hidden, deleted, _unchanged = [
        await event_factories.event(body="digital-cities", title=title, start_date=f"2021-12-0{day}")
        for day, title in ((1, "Forum A"), (2, "Forum B"), (3, "Forum C"), (4, "Forum D"))
    ]
    network = "/calendars/network.ics"
    assert (await client.get(network)).content.count(b"BEGIN:VEVENT") == 4
    serialised = builder.Written.count

    await events.update_event(
        event_id=renamed.id, data=msgspec.convert({"revision": 1, "title": "Forum A2"}, EventUpdate)
    )
    hide = msgspec.convert({"revision": 1, "visibility": "members"}, EventUpdate)
    await events.update_event(event_id=hidden.id, data=hide)
    await events.delete_event(event_id=deleted.id)
    await event_factories.event(body="digital-cities", title="Forum E", start_date="2021-12-05")
    feed = (await client.get(network)).content
    assert b"SUMMARY:Forum A2\r\n" in feed
    assert b"Forum B" not in feed, "a members-only event leaves the public feed"
    assert feed.count(b"STATUS:CANCELLED") == 1, "the deleted event, as cancelled"
    assert b"SUMMARY:Forum D\r\n" in feed
    assert b"SUMMARY:Forum E\r\n" in feed
    # Only the renamed and the new event were serialised again (the cancelled one has its own).
    assert builder.Written.count - serialised == 2

    other = create_app(settings)  # a worker that reads everything afresh
    async with other.lifespan():
        transport = httpx.ASGITransport(app=other)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as second:
            assert (await second.get(network)).content == feed
