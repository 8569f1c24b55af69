"""A worker renders the network feed as it starts (``feeds_warm``): the first poll after a restart is answered from
what was rendered then, instead of waiting for the whole snapshot to be read and written (seconds at 50,000 events).
"""

from __future__ import annotations

import asyncio
import dataclasses

import httpx
from icalendar import Calendar

from coordination.app import create_app
from coordination.core.settings import Settings
from coordination.feeds.cache import FeedCache
from tests.factories import bodies as body_factories
from tests.factories import events as event_factories


async def test_the_network_feed_is_rendered_as_the_worker_starts(settings: Settings) -> None:
    async with create_app(settings).lifespan():  # warming off (the tests' default): the data only
        await body_factories.body(slug="digital-cities")
        await event_factories.event(body="digital-cities", title="Forum des Interconnectes")

    restarted = create_app(dataclasses.replace(settings, feeds_warm=True))
    cache: FeedCache = restarted.state.feed_cache
    async with restarted.lifespan():
        # The snapshot and the network feed: two renders, in the background, with no request made.
        async with asyncio.timeout(30):
            while cache.renders < 2:  # noqa: ASYNC110 (a counter of the cache, with no event to wait on)
                await asyncio.sleep(0.01)
        transport = httpx.ASGITransport(app=restarted)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            first_poll = await client.get("/calendars/network.ics")
        assert first_poll.status_code == 200
        assert cache.renders == 2, "the first poll was answered from the feed rendered at start"
        [event] = Calendar.from_ical(first_poll.content).walk("VEVENT")
        assert str(event["SUMMARY"]) == "Forum des Interconnectes"


async def test_a_worker_starts_without_warming_when_told_so(settings: Settings) -> None:
    app = create_app(dataclasses.replace(settings, feeds_warm=False))
    async with app.lifespan():
        await asyncio.sleep(0.2)
        assert app.state.feed_cache.renders == 0
