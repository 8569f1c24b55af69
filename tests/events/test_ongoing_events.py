"""Events begun before today and still going on are "upcoming": first in every list that starts at today.

Lists that start at a day read events by first day from the longest span of any event before it
(``events.services.longest_span``), so the span each write stores is what keeps a long event in them.
"""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest

from tests.factories import accounts
from tests.factories.bodies import body
from tests.factories.events import event

TODAY = date.today()


def _day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def _order(text: str, titles: list[str]) -> list[str]:
    """``titles`` found in ``text``, in the order they appear there."""
    return sorted((title for title in titles if title in text), key=text.index)


@pytest.fixture
async def festival_body(db: object) -> str:
    made = await body(slug="festivals", name="Festivals")
    await event(body=made.slug, title="Summer school (day 11 of 21)", start_date=_day(-10), end_date=_day(10))
    await event(body=made.slug, title="Exhibition (day 31 of 41)", start_date=_day(-30), end_date=_day(10))
    await event(body=made.slug, title="Workshop tomorrow", start_date=_day(1))
    await event(body=made.slug, title="Visit three days ago", start_date=_day(-3))
    await event(body=made.slug, title="Conference ended yesterday", start_date=_day(-12), end_date=_day(-1))
    return made.slug


TITLES = [
    "Exhibition (day 31 of 41)",
    "Summer school (day 11 of 21)",
    "Workshop tomorrow",
    "Visit three days ago",
    "Conference ended yesterday",
]
UPCOMING = TITLES[:3]  # the exhibition began first


async def test_events_under_way_come_first_in_the_lists_from_today(
    client: httpx.AsyncClient, festival_body: str
) -> None:
    events_page = (await client.get("/events")).text
    assert _order(events_page, TITLES) == UPCOMING
    assert "3 events" in events_page

    home = (await client.get("/")).text
    upcoming = home.split("Upcoming events", 1)[1].split("Recent events", 1)[0]
    assert _order(upcoming, TITLES) == UPCOMING
    recent = home.split("Recent events", 1)[1]
    # Latest first, by the day each began.
    assert _order(recent, TITLES) == ["Visit three days ago", "Conference ended yesterday"]

    body_page = (await client.get(f"/bodies/{festival_body}")).text
    assert _order(body_page.split("Past events", 1)[0], TITLES) == UPCOMING

    listed = (await client.get("/api/v1/events", params={"from": TODAY.isoformat()})).json()
    assert [item["title"] for item in listed["items"]] == UPCOMING
    assert listed["total"] == 3
    # From a later day, the exhibition is still under way and the summer school too; tomorrow's workshop is over.
    later = (await client.get("/api/v1/events", params={"from": _day(5)})).json()
    assert [item["title"] for item in later["items"]] == UPCOMING[:2]


async def test_an_event_moved_to_span_more_days_is_listed_while_it_goes_on(
    client: httpx.AsyncClient, festival_body: str
) -> None:
    """The span is stored on every change of dates, not only when an event is created."""
    secretariat = await accounts.user(email="dates@example.org", name="Dates", password=None)
    token = await accounts.api_token(user_id=secretariat.id)
    listed = (await client.get("/api/v1/events", params={"body": festival_body})).json()["items"]
    [visit] = [item for item in listed if item["title"] == "Visit three days ago"]
    # Now a residency from 60 days ago to 30 days ahead: longer than any other event.
    answer = await client.patch(
        f"/api/v1/events/{visit['id']}",
        json={"timing": "all_day", "start_date": _day(-60), "end_date": _day(30), "revision": visit["revision"]},
        headers=accounts.bearer(token),
    )
    assert answer.status_code == 200, answer.text
    from_today = (await client.get("/api/v1/events", params={"from": TODAY.isoformat()})).json()
    assert [item["title"] for item in from_today["items"]] == ["Visit three days ago", *UPCOMING]
    # And the other way: shortened to end before today, it leaves the list.
    shortened = await client.patch(
        f"/api/v1/events/{visit['id']}",
        json={"timing": "all_day", "start_date": _day(-60), "end_date": _day(-2), "revision": visit["revision"] + 1},
        headers=accounts.bearer(token),
    )
    assert shortened.status_code == 200, shortened.text
    from_today = (await client.get("/api/v1/events", params={"from": TODAY.isoformat()})).json()
    assert [item["title"] for item in from_today["items"]] == UPCOMING


async def test_a_list_from_the_first_representable_day_does_not_fail(
    client: httpx.AsyncClient, festival_body: str
) -> None:
    """The day the reading starts from is the longest span before "from": never before the calendar's first day."""
    answer = await client.get("/api/v1/events", params={"from": "0001-01-02"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["total"] == 5
    page = await client.get("/events", params={"from": "0001-01-01"})
    assert page.status_code == 200
    assert "5 events" in page.text


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_events_list_counts_no_further_than_a_thousand_past_its_page(
    client: httpx.AsyncClient, db: object
) -> None:
    """Counting 25,000 coming events at every view of the list is what made it slow: past 1,000 it says "more
    than". SQLite only: the count is the same SQL on both engines, and 1,051 events take a while to write."""
    made = await body(slug="busy", name="Busy")
    for number in range(1_051):
        await event(body=made.slug, title=f"Meeting {number:04d}", start_date=_day(1 + number // 10))
    first = (await client.get("/events")).text
    assert "More than 1,000 events" in first
    assert "Meeting 0000" in first
    assert "Later events" in first
    # Further on, the count reaches the end: the exact number, and no later page.
    last = (await client.get("/events", params={"offset": "1050"})).text
    assert "1051 events" in last
    assert "Meeting 1050" in last
    assert "Later events" not in last
    french = (await client.get("/events", headers={"Accept-Language": "fr"})).text
    assert "Plus de 1" in french
    assert "000 événements" in french
