"""Members-only events are absent from every public answer, and shown to those with access to their body.

The public asks the API, the pages and the calendar feeds every way it can
(lists, filters, counts, detail by id, the home page, a body's page, an
activity's page, the feeds of the network, a body, a member, a priority, a
kind, and an event's own file): the members-only events never show, and asking
for one by id gets the same "not found" as an event that does not exist. The
events API has no free-text search; its filters are asked instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import httpx
from litestar import Litestar

from coordination.accounts.enums import Role
from coordination.events import services as events
from tests.factories import accounts as account_factories
from tests.factories import activities as activity_factories
from tests.factories import bodies as body_factories
from tests.factories import events as event_factories
from tests.factories import members as member_factories

PUBLIC_TITLES = {"Open data forum", "Restitution of DataCités"}
SECRET_TITLES = {"Strategy retreat of the members", "Results for member cities", "Culture members' assembly"}
SECRET_WORDS = ("Strategy retreat", "Results for member cities", "members' assembly", "secret-room")


@dataclass(frozen=True)
class Scene:
    activity: int
    retreat: int  # members-only, upcoming, of Digital Cities, under the activity
    results: int  # members-only, past, of Digital Cities
    assembly: int  # members-only, upcoming, of Culture
    forum: int  # public, upcoming


async def _scene() -> Scene:
    """Antony belongs to Digital Cities, Bilbao to Culture; each body has members-only events."""
    await body_factories.body(slug="digital-cities", name="Digital Cities")
    await body_factories.body(slug="culture", name="Culture Committee", kind="commission")
    await member_factories.member(slug="antony", name="Ville d’Antony")
    await member_factories.member(slug="bilbao", name="Bilbao", country="ES")
    await body_factories.membership(body_slug="digital-cities", member_slug="antony")
    await body_factories.membership(body_slug="culture", member_slug="bilbao")
    await activity_factories.priority(code="A")
    activity = await activity_factories.activity(body="digital-cities", priority="A", title="Smart Cities Study")
    soon = date.today() + timedelta(days=10)
    forum = await event_factories.event(
        body="digital-cities", title="Open data forum", start_date=soon.isoformat(), activity=activity.id
    )
    await event_factories.event(body="digital-cities", title="Restitution of DataCités", start_date="2020-12-08")
    retreat = await event_factories.event(
        body="digital-cities",
        title="Strategy retreat of the members",
        start_date=(soon + timedelta(days=2)).isoformat(),
        location="secret-room",
        activity=activity.id,
        visibility="members",
    )
    results = await event_factories.event(
        body="digital-cities",
        title="Results for member cities",
        kind="webinar",
        timing="timed",
        start="2020-02-11T16:00",
        end="2020-02-11T17:30",
        timezone="Europe/Madrid",
        visibility="members",
    )
    assembly = await event_factories.event(
        body="culture", title="Culture members' assembly", start_date=soon.isoformat(), visibility="members"
    )
    return Scene(activity=activity.id, retreat=retreat.id, results=results.id, assembly=assembly.id, forum=forum.id)


def _titles(answer: httpx.Response) -> set[str]:
    assert answer.status_code == 200, answer.text
    return {event["title"] for event in answer.json()["items"]}


def _assert_no_secret(text: str, where: str) -> None:
    for word in SECRET_WORDS:
        assert word not in text, f"{word!r} shows in {where}"


async def test_public_api_never_lists_counts_or_finds_members_only_events(client: httpx.AsyncClient) -> None:
    scene = await _scene()
    listed = await client.get("/api/v1/events")
    assert _titles(listed) == PUBLIC_TITLES
    assert listed.json()["total"] == 2
    every_filter = [
        {"body": "digital-cities"},
        {"body": "culture"},
        {"member": "antony"},
        {"member": "bilbao"},
        {"priority": "A"},
        {"kind": "webinar"},
        {"visibility": "members"},
        {"from": "2020-01-01", "to": "2030-12-31"},
        {"status": "confirmed"},
    ]
    for query in every_filter:
        answer = await client.get("/api/v1/events", params=query)
        assert _titles(answer) <= PUBLIC_TITLES, query
        assert answer.json()["total"] == len(_titles(answer)), query
    assert (await client.get("/api/v1/events", params={"visibility": "members"})).json()["total"] == 0

    nowhere = await client.get("/api/v1/events/999999")
    for event_id in (scene.retreat, scene.results, scene.assembly):
        hidden = await client.get(f"/api/v1/events/{event_id}")
        assert hidden.status_code == 404
        # Word for word what an event that does not exist answers.
        assert hidden.json() == {**nowhere.json(), "detail": f"event {event_id} not found"}


async def test_public_pages_never_show_members_only_events(client: httpx.AsyncClient) -> None:
    scene = await _scene()
    for address in (
        "/",
        "/events",
        "/events?when=all",
        "/events?when=past",
        "/events?body=digital-cities",
        "/events?kind=webinar",
        "/events?from=2020-01-01",
        "/bodies/digital-cities",
        "/bodies/culture",
        f"/activities/{scene.activity}",
        "/members/antony",
    ):
        answer = await client.get(address)
        assert answer.status_code == 200, address
        _assert_no_secret(answer.text, address)
    # The list starts at today; "all" shows the past one too.
    listed = await client.get("/events?when=all")
    assert "2 events" in listed.text
    assert "Open data forum" in (await client.get(f"/activities/{scene.activity}")).text
    for event_id in (scene.retreat, scene.results, scene.assembly):
        hidden = await client.get(f"/events/{event_id}")
        assert hidden.status_code == 404
        assert "Page not found" in hidden.text
        _assert_no_secret(hidden.text, f"/events/{event_id}")


async def test_calendar_feeds_never_carry_members_only_events(client: httpx.AsyncClient) -> None:
    scene = await _scene()
    # A deleted members-only event leaves no trace either (the feeds tell subscribers of deleted public ones).
    await events.delete_event(event_id=scene.results)
    uids = {(await events.get_event(event_id=event_id)).uid for event_id in (scene.retreat, scene.assembly)}
    for address in (
        "/calendars/network.ics",
        "/calendars/network.ics?body=digital-cities",
        "/calendars/bodies/digital-cities.ics",
        "/calendars/bodies/culture.ics",
        "/calendars/members/antony.ics",
        "/calendars/members/bilbao.ics",
        "/calendars/priorities/A.ics",
        "/calendars/kinds/forum.ics",
        "/calendars/kinds/webinar.ics",
    ):
        answer = await client.get(address)
        assert answer.status_code == 200, address
        _assert_no_secret(answer.text, address)
        for uid in uids:
            assert uid not in answer.text, address
    assert "Open data forum" in (await client.get("/calendars/network.ics")).text
    for event_id in (scene.retreat, scene.assembly):
        assert (await client.get(f"/calendars/events/{event_id}.ics")).status_code == 404
    assert (await client.get(f"/calendars/events/{scene.forum}.ics")).status_code == 200


async def test_signed_in_people_see_the_members_only_events_of_their_bodies(
    client: httpx.AsyncClient, app: Litestar
) -> None:
    scene = await _scene()
    people = {
        "antony": await account_factories.user(role=Role.focal_point, member="antony"),
        "bilbao": await account_factories.user(role=Role.focal_point, member="bilbao"),
        "lead": await account_factories.user(role=Role.body_lead, body="culture"),
        "secretariat": await account_factories.user(role=Role.secretariat),
    }
    expected = {
        "antony": PUBLIC_TITLES | {"Strategy retreat of the members", "Results for member cities"},
        "bilbao": PUBLIC_TITLES | {"Culture members' assembly"},
        "lead": PUBLIC_TITLES | {"Culture members' assembly"},
        "secretariat": PUBLIC_TITLES | SECRET_TITLES,
    }
    for name, user in people.items():
        headers = account_factories.bearer(await account_factories.api_token(user_id=user.id))
        listed = await client.get("/api/v1/events", headers=headers)
        assert (_titles(listed), listed.json()["total"]) == (expected[name], len(expected[name])), name
        answer = await client.get(f"/api/v1/events/{scene.assembly}", headers=headers)
        assert answer.status_code == (200 if "Culture members' assembly" in expected[name] else 404), name

    # The same on the pages, with a session.
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as browser:
        await account_factories.sign_in(browser, email=people["antony"].email)
        page = await browser.get("/events?when=all")
        assert "4 events" in page.text
        assert "Strategy retreat of the members" in page.text
        assert "Culture members' assembly" not in page.text
        assert re.search(r'<span class="badge members">Members only</span>', page.text)
        assert (await browser.get(f"/events/{scene.retreat}")).status_code == 200
        assert (await browser.get(f"/events/{scene.assembly}")).status_code == 404
        assert "Strategy retreat of the members" in (await browser.get("/bodies/digital-cities")).text
        assert "Strategy retreat of the members" in (await browser.get(f"/activities/{scene.activity}")).text
        assert "Strategy retreat of the members" in (await browser.get("/")).text
        # The feeds stay public whoever asks: a personal feed is the way to members-only events in a calendar.
        assert (await browser.get(f"/calendars/events/{scene.retreat}.ics")).status_code == 404
