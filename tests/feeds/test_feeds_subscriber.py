"""A calendar app subscribed to a feed: it sees every change, a cancellation, a deletion, and then nothing."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import icalendar
import msgspec
from litestar import Litestar

from coordination.core.schemas import utc_now
from coordination.events import services as events
from coordination.events.enums import EventStatus
from coordination.events.schemas import EventUpdate
from tests.factories import bodies as body_factories
from tests.factories import events as event_factories

PARIS = ZoneInfo("Europe/Paris")


async def poll(client: httpx.AsyncClient, path: str, etag: str | None) -> tuple[str, dict[str, icalendar.Event]]:
    """What a calendar app does every hour: ask with its ETag, keep its copy on a 304."""
    headers = {"If-None-Match": etag} if etag else {}
    answer = await client.get(path, headers=headers)
    assert answer.status_code == 200, "the feed changed: the app must get it again, not a 304"
    calendar = icalendar.Calendar.from_ical(answer.content)
    return answer.headers["etag"], {str(vevent["UID"]): vevent for vevent in calendar.walk("VEVENT")}


def summary(vevent: icalendar.Event) -> tuple[int, str, datetime, datetime]:
    return (int(vevent["SEQUENCE"]), str(vevent["STATUS"]), vevent.decoded("DTSTART"), vevent.decoded("DTEND"))


async def test_subscriber_sees_a_new_time_a_cancellation_a_deletion_then_nothing_after_retention(
    client: httpx.AsyncClient, app: Litestar
) -> None:
    await body_factories.body(slug="digital-cities")
    path = "/calendars/bodies/digital-cities.ics"
    webinar = await event_factories.event(
        body="digital-cities",
        title="Restitution of the DataCités 2 programme",
        kind="webinar",
        timing="timed",
        start="2020-12-08T09:30",
        end="2020-12-08T11:30",
        timezone="Europe/Paris",
    )
    forum = await event_factories.event(body="digital-cities", title="Forum des Interconnectés")

    etag, seen = await poll(client, path, None)
    assert set(seen) == {webinar.uid, forum.uid}
    nine_thirty = datetime(2020, 12, 8, 9, 30, tzinfo=PARIS)
    assert summary(seen[webinar.uid]) == (0, "CONFIRMED", nine_thirty, nine_thirty + timedelta(hours=2))
    assert str(seen[webinar.uid]["DTSTART"].params["TZID"]) == "Europe/Paris"

    moved = await events.update_event(
        event_id=webinar.id,
        data=msgspec.convert({"revision": 1, "start": "2020-12-08T14:00", "end": "2020-12-08T16:00"}, EventUpdate),
    )
    etag, seen = await poll(client, path, etag)
    two_pm = datetime(2020, 12, 8, 14, 0, tzinfo=PARIS)
    assert summary(seen[webinar.uid]) == (1, "CONFIRMED", two_pm, two_pm + timedelta(hours=2))

    await events.update_event(
        event_id=webinar.id, data=EventUpdate(revision=moved.revision, status=EventStatus.cancelled)
    )
    etag, seen = await poll(client, path, etag)
    assert summary(seen[webinar.uid]) == (2, "CANCELLED", two_pm, two_pm + timedelta(hours=2))

    await events.delete_event(event_id=webinar.id)
    await events.update_event(event_id=forum.id, data=EventUpdate(revision=1, status=EventStatus.cancelled))
    etag, seen = await poll(client, path, etag)
    # Deleted: still there, cancelled, one step further, so every app drops it.
    assert summary(seen[webinar.uid]) == (3, "CANCELLED", two_pm, two_pm + timedelta(hours=2))
    assert summary(seen[forum.uid])[:2] == (1, "CANCELLED")

    app.state.feed_cache.now = lambda: utc_now() + timedelta(days=29)
    unchanged = await client.get(path, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304, "both still within the 30 days of retention"
    app.state.feed_cache.now = lambda: utc_now() + timedelta(days=30, minutes=1)
    etag, seen = await poll(client, path, etag)
    assert seen == {}
