"""After an edit, polls never wait for a re-render while a previous version exists; an edit re-serialises one event."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import msgspec
from litestar import Litestar

from coordination.core import changes
from coordination.core.schemas import utc_now
from coordination.events import services as events
from coordination.events.schemas import EventUpdate
from coordination.feeds import builder, selection
from coordination.feeds import services as feeds
from coordination.feeds.cache import FeedCache
from tests.factories import bodies as body_factories
from tests.factories import events as event_factories

PATH = "/calendars/bodies/digital-cities.ics"


@contextmanager
def held_renders() -> Iterator[tuple[asyncio.Event, asyncio.Event]]:
    """Feed renders wait, once started (``started`` set), until ``held`` is set; released and undone on exit."""
    started, held = asyncio.Event(), asyncio.Event()
    render_selection = feeds.render_selection

    async def slow_render(chosen: selection.Selection, *, previous: object = None) -> object:
        started.set()
        await held.wait()
        return await render_selection(chosen, previous=previous)  # type: ignore[arg-type]

    feeds.render_selection = slow_render  # type: ignore[assignment]
    try:
        yield started, held
    finally:
        held.set()
        feeds.render_selection = render_selection  # type: ignore[assignment]


async def test_a_poll_during_a_re_render_gets_the_previous_version_at_once(
    app: Litestar, client: httpx.AsyncClient
) -> None:
    await body_factories.body(slug="digital-cities")
    forum = await event_factories.event(body="digital-cities", title="Forum des Interconnectes")
    before = await client.get(PATH)
    assert b"SUMMARY:Forum des Interconnectes\r\n" in before.content
    cache: FeedCache = app.state.feed_cache
    renamed = msgspec.convert({"revision": 1, "title": "Forum 2021"}, EventUpdate)
    await events.update_event(event_id=forum.id, data=renamed)

    # The renderer's thread is held until the second poll has been answered.
    with held_renders() as (started, held):
        first = asyncio.create_task(client.get(PATH))
        await asyncio.wait_for(started.wait(), timeout=30)
        second = await asyncio.wait_for(client.get(PATH), timeout=10)
        assert second.status_code == 200
        assert second.content == before.content, "the previous version, at once"
        assert second.headers["etag"] == before.headers["etag"], "with its own ETag"
        assert not first.done(), "the render is still going on"
        held.set()
        renewed = await first
    assert b"SUMMARY:Forum 2021\r\n" in renewed.content
    assert renewed.headers["etag"] != before.headers["etag"]
    assert b"SUMMARY:Forum 2021\r\n" in (await client.get(PATH)).content, "then the new version for everyone"
    assert cache.stale_served == 1


async def test_the_poll_that_starts_a_slow_render_gets_the_previous_version_after_a_tenth_of_a_second(
    app: Litestar, client: httpx.AsyncClient
) -> None:
    """Production's wait (``feeds_render_wait_seconds`` 0.1; the tests' default is longer): the render goes on in
    the background and the next poll after it gets the new version."""
    cache: FeedCache = app.state.feed_cache
    cache.render_wait_seconds = 0.1
    await body_factories.body(slug="digital-cities")
    forum = await event_factories.event(body="digital-cities", title="Forum des Interconnectes")
    before = await client.get(PATH)
    renamed = msgspec.convert({"revision": 1, "title": "Forum 2021"}, EventUpdate)
    await events.update_event(event_id=forum.id, data=renamed)

    with held_renders() as (started, held):
        began = asyncio.get_running_loop().time()
        first = await asyncio.wait_for(client.get(PATH), timeout=10)
        waited = asyncio.get_running_loop().time() - began
        assert started.is_set(), "the first poll started the render"
        assert first.content == before.content, "and got the previous version"
        assert first.headers["etag"] == before.headers["etag"]
        assert 0.1 <= waited < 5, waited
        assert (await client.get(PATH)).content == before.content, "so does the next, while the render goes on"
        held.set()
        async with asyncio.timeout(10):
            while b"SUMMARY:Forum 2021\r\n" not in (renewed := await client.get(PATH)).content:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
    assert renewed.headers["etag"] != before.headers["etag"]
    # The snapshot and the feed, then each once more after the edit: the polls meanwhile did not render again.
    assert cache.renders == 4


async def test_an_edit_re_serialises_only_the_changed_event_and_the_bytes_are_icalendars(db: Litestar) -> None:
    await body_factories.body(slug="digital-cities", name="Digital Cities")
    made = [
        await event_factories.event(
            body="digital-cities",
            title=f"Webinar {number}",
            timing="timed",
            start=f"2026-03-{number + 2:02d}T10:00",
            end=f"2026-03-{number + 2:02d}T11:30",
            timezone="Europe/Paris" if number % 2 else "America/New_York",
        )
        for number in range(6)
    ]
    await event_factories.event(body="digital-cities", title="Forum")  # all day
    snapshot: list[selection.FeedData | None] = [None]

    async def render() -> tuple[bytes, bytes]:
        data = await feeds.load_feed_data(
            base_url="https://x.example", counters=await changes.read_counters(), previous=snapshot[0]
        )
        snapshot[0] = data
        chosen = selection.select(
            data,
            feeds.body_scope(slug="digital-cities"),
            base_url="https://x.example",
            retention=timedelta(days=30),
            now=utc_now(),
        )
        assembled = b"".join(builder.calendar_parts(chosen.info, [row.vevent for row in chosen.events]))
        # The reference: icalendar's calendar of the same events, read whole from the events service.
        listed = (await events.list_events(body_slug="digital-cities", limit=None)).items
        assert [event.id for event in listed] == [row.id for row in chosen.events]
        items = [builder.FeedEvent(event) for event in listed]
        whole = builder.build_calendar(chosen.info, items, base_url="https://x.example")
        return assembled, whole.to_ical()

    written = builder.Written.count
    assembled, whole = await render()
    assert assembled == whole
    assert builder.Written.count - written == 7
    renamed = msgspec.convert({"revision": 1, "title": "Webinar renamed"}, EventUpdate)
    await events.update_event(event_id=made[3].id, data=renamed)
    assembled, whole = await render()
    assert assembled == whole
    assert b"SUMMARY:Webinar renamed\r\n" in assembled
    assert builder.Written.count - written == 8, "one more: the edited event"


@dataclass(frozen=True)
class _Rendered:
    number: int
    valid_until: datetime = datetime(2100, 1, 1, tzinfo=UTC)


async def test_a_burst_of_polls_after_a_change_starts_one_render_and_only_its_poll_waits() -> None:
    """Polls arriving together (as after every counter check) find the render the first one started: they get the
    previous version at once, and one render runs, whether it succeeds or fails."""
    cache = FeedCache(check_seconds=3600.0, render_wait_seconds=0.1)
    cache._next_check = float("inf")  # no database here: the counters are never read
    renders: list[float] = []

    def renderer(seconds: float, fails: bool = False) -> Any:
        async def render(counters: object) -> _Rendered:
            renders.append(seconds)
            await asyncio.sleep(seconds)
            if fails:
                raise RuntimeError("the render failed")
            return _Rendered(number=len(renders))

        return render

    assert (await cache.get("feed", renderer(0), stale_while_rendering=True)).number == 1
    for change, (slow, fails) in enumerate(((0.3, False), (0.0, True), (0.3, True))):
        cache._generation = (("moved", change),)  # the counters moved: the kept version is stale
        renders.clear()
        began = asyncio.get_running_loop().time()
        answers = await asyncio.gather(
            *(cache.get("feed", renderer(slow, fails), stale_while_rendering=True) for _ in range(5)),
            return_exceptions=True,
        )
        await asyncio.sleep(slow + 0.05)  # the background render ends
        assert len(renders) == 1, (slow, fails)
        failures = [answer for answer in answers if isinstance(answer, Exception)]
        if fails and not slow:
            assert len(failures) == 1, "the poll that waited for it gets the error; the others the previous version"
        else:
            assert failures == [], (slow, fails)
        assert asyncio.get_running_loop().time() - began < slow + 1


async def test_data_asked_for_after_a_change_is_never_a_render_begun_before_it() -> None:
    """The snapshot feeds are chosen from must be current: a request made after the counters moved waits for the
    render begun before, then has its own (one at a time), instead of taking the older one's value."""
    cache = FeedCache(check_seconds=3600.0)
    cache._next_check = float("inf")
    begun: list[int] = []

    async def render(counters: object) -> _Rendered:
        begun.append(len(begun) + 1)
        number = len(begun)
        await asyncio.sleep(0.2)
        return _Rendered(number=number)

    first = asyncio.create_task(cache.get("data", render))
    await asyncio.sleep(0.05)  # its render is under way
    cache._generation = (("moved", 1),)
    second = await cache.get("data", render)
    assert (await first).number == 1
    assert second.number == 2, "rendered after the change"
    assert begun == [1, 2]
