"""The events API: the three timing forms, sessions, revisions, refusals and filters."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import httpx

from coordination.bodies import memberships
from coordination.bodies.schemas import MembershipCreate
from coordination.events import services
from tests.factories import activities as factories
from tests.factories import events as event_factories
from tests.factories import members as member_factories
from tests.factories.events import datacites_payload, forum_payload

URAIA = {"title": "Uraía meeting on local digital innovation", "kind": "learning_meeting", "location": "Málaga"}


async def count_events() -> int:
    return (await services.list_events(limit=None)).total


async def test_datacites_restitution_round_trip_keeps_paris_time_and_gives_utc(client: httpx.AsyncClient) -> None:
    await factories.body(slug="digital-cities", name="Community of Practice on Digital Cities")
    created = await client.post("/api/v1/events", json=datacites_payload(body="digital-cities"))
    assert created.status_code == 201, created.text
    event = (await client.get(f"/api/v1/events/{created.json()['id']}")).json()
    assert event == created.json()
    assert re.fullmatch(r"[0-9a-f]{32}@coordination", event["uid"])
    assert event["body"] == {"slug": "digital-cities", "name": "Community of Practice on Digital Cities"}
    assert event["activity"] is None
    assert {key: event[key] for key in ("timing", "start", "end", "timezone", "starts_at", "ends_at")} == {
        "timing": "timed",
        "start": "2020-12-08T09:30:00",
        "end": "2020-12-08T11:30:00",
        "timezone": "Europe/Paris",
        "starts_at": "2020-12-08T08:30:00Z",
        "ends_at": "2020-12-08T10:30:00Z",
    }
    assert (event["first_day"], event["last_day"]) == ("2020-12-08", "2020-12-08")
    assert not {"start_date", "end_date", "year", "month"} & event.keys()
    assert (event["online_url"], event["status"], event["visibility"], event["revision"]) == (
        "https://meet.example.org/datacites-2",
        "confirmed",
        "public",
        1,
    )
    assert event["sessions"] == [
        {
            "title": "Data governance in cities",
            "description": "",
            "kind": "round_table",
            "start": "2020-12-08T09:45:00",
            "end": "2020-12-08T10:30:00",
            "starts_at": "2020-12-08T08:45:00Z",
            "ends_at": "2020-12-08T09:30:00Z",
        },
        {
            "title": "Open data and the commons",
            "description": "",
            "kind": "round_table",
            "start": "2020-12-08T10:40:00",
            "end": "2020-12-08T11:25:00",
            "starts_at": "2020-12-08T09:40:00Z",
            "ends_at": "2020-12-08T10:25:00Z",
        },
    ]


async def test_forum_des_interconnectes_is_all_day_over_two_days_in_lyon(client: httpx.AsyncClient) -> None:
    await factories.body(slug="digital-cities")
    answer = await client.post("/api/v1/events", json=forum_payload(body="digital-cities"))
    assert answer.status_code == 201, answer.text
    event = answer.json()
    assert {key: event[key] for key in ("timing", "start_date", "end_date", "first_day", "last_day", "location")} == {
        "timing": "all_day",
        "start_date": "2021-12-06",
        "end_date": "2021-12-07",
        "first_day": "2021-12-06",
        "last_day": "2021-12-07",
        "location": "Lyon",
    }
    assert (event["starts_at"], event["ends_at"], event["sessions"]) == (None, None, [])
    assert not {"start", "end", "timezone", "year", "month"} & event.keys()


async def test_uraia_malaga_date_to_be_confirmed_by_year_then_by_month(client: httpx.AsyncClient) -> None:
    await factories.body(slug="digital-cities")
    year_only = await client.post(
        "/api/v1/events", json={**URAIA, "body": "digital-cities", "timing": "to_be_confirmed", "year": 2021}
    )
    assert year_only.status_code == 201, year_only.text
    event = year_only.json()
    assert (event["timing"], event["year"], event["first_day"], event["last_day"], event["starts_at"]) == (
        "to_be_confirmed",
        2021,
        "2021-01-01",
        "2021-12-31",
        None,
    )
    assert "month" not in event
    month = await client.post(
        "/api/v1/events",
        json={**URAIA, "body": "digital-cities", "timing": "to_be_confirmed", "year": 2021, "month": 10},
    )
    assert month.status_code == 201, month.text
    assert {key: month.json()[key] for key in ("year", "month", "first_day", "last_day")} == {
        "year": 2021,
        "month": 10,
        "first_day": "2021-10-01",
        "last_day": "2021-10-31",
    }


BAD_CREATES: list[tuple[str, dict[str, Any], str]] = [
    ("end before start", {"end": "2020-12-08T09:00"}, "end"),
    ("end equal to start", {"end": "2020-12-08T09:30", "sessions": []}, "end"),
    ("unknown timezone", {"timezone": "Europe/Lutece"}, "timezone"),
    ("spring-forward gap", {"start": "2021-03-28T02:30", "end": "2021-03-28T05:00", "sessions": []}, "start"),
    ("fall-back overlap", {"start": "2021-10-31T01:00", "end": "2021-10-31T02:30", "sessions": []}, "end"),
    ("offset in a local time", {"start": "2020-12-08T09:30+01:00"}, "start"),
    ("timed with a year mixed in", {"year": 2020}, "year"),
    ("timed without timezone", {"timezone": None}, "timezone"),
    (
        "session outside the event",
        {"sessions": [{"title": "Late", "start": "2020-12-08T11:00", "end": "2020-12-08T12:00"}]},
        "sessions[0].end",
    ),
    (
        "session ending before it starts",
        {"sessions": [{"title": "X", "start": "2020-12-08T10:00", "end": "2020-12-08T09:45"}]},
        "sessions[0].end",
    ),
    ("online_url not http", {"online_url": "ftp://example.org/x"}, "online_url"),
    ("unknown body", {"body": "no-such-body"}, "body"),
    ("unknown activity", {"activity": 999}, "activity"),
]
BAD_ALL_DAY: list[tuple[str, dict[str, Any], str]] = [
    ("end_date before start_date", {"start_date": "2021-12-07", "end_date": "2021-12-06"}, "end_date"),
    ("all_day with a start time", {"start": "2021-12-06T09:00"}, "start"),
    (
        "all_day with sessions",
        {"sessions": [{"title": "X", "start": "2021-12-06T10:00", "end": "2021-12-06T11:00"}]},
        "sessions",
    ),
]
BAD_TBC: list[tuple[str, dict[str, Any], str]] = [
    ("a day sent as start_date", {"start_date": "2021-10-12"}, "start_date"),
    ("a day sent as day", {"day": 12}, "day"),
    ("month 13", {"month": 13}, "month"),
    ("month 0", {"month": 0}, "month"),
    ("no year", {"year": None}, "year"),
]


async def test_each_bad_event_is_refused_naming_its_field_and_nothing_is_written(client: httpx.AsyncClient) -> None:
    await factories.body(slug="digital-cities")
    timed = datacites_payload(body="digital-cities")
    cases = [(name, {**timed, **change}, field) for name, change, field in BAD_CREATES]
    all_day = forum_payload(body="digital-cities")
    cases += [(name, {**all_day, **change}, field) for name, change, field in BAD_ALL_DAY]
    tbc = {**URAIA, "body": "digital-cities", "timing": "to_be_confirmed", "year": 2021, "month": 10}
    cases += [(name, {**tbc, **change}, field) for name, change, field in BAD_TBC]
    for name, payload, field in cases:
        answer = await client.post("/api/v1/events", json=payload)
        assert answer.status_code == 400, (name, answer.text)
        assert [error["field"] for error in answer.json()["errors"]] == [field], (name, answer.text)
    assert await count_events() == 0


async def test_a_day_given_to_a_date_to_be_confirmed_is_explained(client: httpx.AsyncClient) -> None:
    await factories.body(slug="digital-cities")
    answer = await client.post(
        "/api/v1/events",
        json={**URAIA, "body": "digital-cities", "timing": "to_be_confirmed", "year": 2021, "start_date": "2021-10-12"},
    )
    assert answer.status_code == 400
    assert answer.json()["errors"] == [
        {
            "field": "start_date",
            "message": "a date to be confirmed has only a month or a year, never a day; send year (and month if known)",
        }
    ]
    assert await count_events() == 0


async def test_each_bad_update_is_refused_and_the_event_and_its_revision_are_unchanged(
    client: httpx.AsyncClient,
) -> None:
    await factories.body(slug="digital-cities")
    created = (await client.post("/api/v1/events", json=datacites_payload(body="digital-cities"))).json()
    url = f"/api/v1/events/{created['id']}"
    for change, field in [
        ({"end": "2020-12-08T09:00"}, "end"),
        ({"start": "2020-12-08T09:50"}, "sessions"),  # the first round table would start before the event
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"timing": "to_be_confirmed", "year": 2020, "day": 8, "sessions": []}, "day"),
        ({"timing": "to_be_confirmed", "year": 2020, "month": 13, "sessions": []}, "month"),
        ({"timing": "to_be_confirmed", "year": 2020}, "sessions"),  # round tables need a timed event
        ({"timing": "all_day", "start_date": "2020-12-08", "end_date": "2020-12-07", "sessions": []}, "end_date"),
        ({"start_date": "2020-12-08"}, "start_date"),
        (
            {"sessions": [{"title": "Too early", "start": "2020-12-08T09:00", "end": "2020-12-08T10:00"}]},
            "sessions[0].start",
        ),
        ({"title": "   "}, "title"),
        ({"body": "no-such-body"}, "body"),
    ]:
        answer = await client.patch(url, json={"revision": 1, **change})
        assert answer.status_code == 400, (change, answer.text)
        assert [error["field"] for error in answer.json()["errors"]] == [field], (change, answer.text)
        assert (await client.get(url)).json() == created


async def test_stale_revision_is_refused_with_409_and_the_first_edit_survives(client: httpx.AsyncClient) -> None:
    await factories.body(slug="digital-cities")
    created = (await client.post("/api/v1/events", json=forum_payload(body="digital-cities"))).json()
    url = f"/api/v1/events/{created['id']}"
    first = await client.patch(url, json={"revision": 1, "location": "Lyon, Hôtel de Ville"})
    assert first.status_code == 200, first.text
    second = await client.patch(url, json={"revision": 1, "location": "Villeurbanne"})
    assert second.status_code == 409
    assert second.json()["errors"][0]["field"] == "revision"
    event = (await client.get(url)).json()
    assert (event["location"], event["revision"]) == ("Lyon, Hôtel de Ville", 2)
    assert (await client.delete(url, params={"revision": 1})).status_code == 409
    assert await count_events() == 1


async def test_revision_goes_up_by_exactly_one_per_change_sessions_included(client: httpx.AsyncClient) -> None:
    await factories.body(slug="digital-cities")
    created = (await client.post("/api/v1/events", json=datacites_payload(body="digital-cities"))).json()
    url = f"/api/v1/events/{created['id']}"
    one_session = [{"title": "Data governance in cities", "start": "2020-12-08T09:45", "end": "2020-12-08T11:00"}]
    answer = await client.patch(url, json={"revision": 1, "sessions": one_session})
    assert answer.status_code == 200, answer.text
    event = answer.json()
    assert (event["revision"], [(s["title"], s["end"]) for s in event["sessions"]]) == (
        2,
        [("Data governance in cities", "2020-12-08T11:00:00")],
    )
    answer = await client.patch(url, json={"revision": 2, "title": "DataCités 2: restitution", "sessions": []})
    event = answer.json()
    assert (event["revision"], event["title"], event["sessions"]) == (3, "DataCités 2: restitution", [])
    assert event["uid"] == created["uid"]
    assert event["created_at"] == created["created_at"]


async def test_timing_fields_alone_amend_the_form_and_a_new_form_replaces_it(client: httpx.AsyncClient) -> None:
    await factories.body(slug="digital-cities")
    created = (await client.post("/api/v1/events", json=datacites_payload(body="digital-cities"))).json()
    url = f"/api/v1/events/{created['id']}"
    moved = (await client.patch(url, json={"revision": 1, "end": "2020-12-08T12:00"})).json()
    assert (moved["start"], moved["end"], moved["ends_at"], moved["revision"]) == (
        "2020-12-08T09:30:00",
        "2020-12-08T12:00:00",
        "2020-12-08T11:00:00Z",
        2,
    )
    answer = await client.patch(url, json={"revision": 2, "timing": "to_be_confirmed", "year": 2021, "sessions": []})
    assert answer.status_code == 200, answer.text
    event = answer.json()
    assert (event["timing"], event["year"], event["starts_at"], event["first_day"], event["revision"]) == (
        "to_be_confirmed",
        2021,
        None,
        "2021-01-01",
        3,
    )
    assert not {"start", "end", "timezone"} & event.keys()
    month = (await client.patch(url, json={"revision": 3, "month": 3})).json()
    assert (month["year"], month["month"], month["last_day"]) == (2021, 3, "2021-03-31")


async def test_delete_with_the_current_revision_removes_the_event(client: httpx.AsyncClient) -> None:
    await factories.body(slug="digital-cities")
    created = (await client.post("/api/v1/events", json=datacites_payload(body="digital-cities"))).json()
    url = f"/api/v1/events/{created['id']}"
    assert (await client.delete(url, params={"revision": 1})).status_code == 204
    assert (await client.get(url)).status_code == 404
    assert await count_events() == 0


async def test_list_is_ordered_by_day_then_time_and_paginated(client: httpx.AsyncClient) -> None:
    await factories.body(slug="digital-cities")
    await event_factories.event(
        body="digital-cities",
        title="Afternoon",
        timing="timed",
        start="2021-12-06T15:00",
        end="2021-12-06T16:00",
        timezone="Europe/Paris",
    )
    await event_factories.event(
        body="digital-cities",
        title="Morning",
        timing="timed",
        start="2021-12-06T09:00",
        end="2021-12-06T10:00",
        timezone="Europe/Paris",
    )
    await event_factories.event(body="digital-cities", title="Forum")
    await event_factories.event(body="digital-cities", title="Earlier", start_date="2021-12-01", end_date="2021-12-01")
    page = (await client.get("/api/v1/events")).json()
    assert ([e["title"] for e in page["items"]], page["total"]) == (["Earlier", "Forum", "Morning", "Afternoon"], 4)
    page = (await client.get("/api/v1/events", params={"limit": 2, "offset": 2})).json()
    assert ([e["title"] for e in page["items"]], page["total"]) == (["Morning", "Afternoon"], 4)


async def test_list_filters_by_body_status_kind_visibility_and_days(client: httpx.AsyncClient) -> None:
    await factories.body(slug="digital-cities")
    await factories.body(slug="culture", name="Culture Committee")
    await event_factories.event(body="digital-cities", title="Forum")  # 6–7 Dec 2021
    await event_factories.event(
        body="culture",
        title="Webinar",
        kind="webinar",
        status="tentative",
        visibility="members",
        timing="timed",
        start="2021-12-08T18:00",
        end="2021-12-08T19:00",
        timezone="America/New_York",
    )
    await event_factories.event(
        body="culture", title="Uraía", kind="learning_meeting", timing="to_be_confirmed", year=2022, month=3
    )

    async def titles(**params: str) -> list[str]:
        answer = await client.get("/api/v1/events", params=params)
        assert answer.status_code == 200, answer.text
        return [e["title"] for e in answer.json()["items"]]

    assert await titles(body="culture") == ["Webinar", "Uraía"]
    assert await titles(status="tentative") == ["Webinar"]
    assert await titles(kind="forum") == ["Forum"]
    assert await titles(visibility="public") == ["Forum", "Uraía"]
    assert await titles(**{"from": "2021-12-07", "to": "2021-12-08"}) == ["Forum", "Webinar"]
    assert await titles(**{"from": "2021-12-09"}) == ["Uraía"]
    assert await titles(to="2021-12-06") == ["Forum"]
    assert await titles(**{"from": "2022-03-31", "to": "2022-04-30"}) == ["Uraía"]
    answer = await client.get("/api/v1/events", params={"body": "no-such-body"})
    assert (answer.status_code, answer.json()["errors"][0]["field"]) == (400, "body")
    answer = await client.get("/api/v1/events", params={"from": "2021-12-09", "to": "2021-12-01"})
    assert (answer.status_code, answer.json()["errors"][0]["field"]) == (400, "to")
    answer = await client.get("/api/v1/events", params={"from": "2021-13-01"})
    assert (answer.status_code, answer.json()["errors"][0]["field"]) == (400, "from")


async def test_list_filters_by_priority_of_the_activity(client: httpx.AsyncClient) -> None:
    await factories.body(slug="digital-cities")
    await factories.priority(code="A")
    await factories.priority(code="B", title_en="Advocacy")
    study = await factories.activity(body="digital-cities", priority="A", title="Smart Cities Study")
    await factories.activity(body="digital-cities", priority="B", title="Advocacy at the WUF")
    answer = await client.post(
        "/api/v1/events", json=datacites_payload(body="digital-cities", activity=study.id, sessions=[])
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["activity"] == {"id": study.id, "title": "Smart Cities Study"}
    await event_factories.event(body="digital-cities", title="Forum")

    async def titles(priority: str) -> list[str]:
        return [e["title"] for e in (await client.get("/api/v1/events", params={"priority": priority})).json()["items"]]

    assert await titles("A") == ["Restitution of the DataCités 2 programme"]
    assert await titles("B") == []
    answer = await client.get("/api/v1/events", params={"priority": "Z"})
    assert (answer.status_code, answer.json()["errors"][0]["field"]) == (400, "priority")


async def test_list_filters_by_member_through_its_current_bodies(client: httpx.AsyncClient) -> None:
    await factories.body(slug="digital-cities")
    await factories.body(slug="culture", name="Culture Committee")
    await member_factories.member(slug="lyon", name="Lyon")
    await memberships.create_membership(data=MembershipCreate(body="digital-cities", member="lyon"))
    await memberships.create_membership(
        data=MembershipCreate(body="culture", member="lyon", start_date=date(2015, 1, 1), end_date=date(2018, 12, 31))
    )
    await event_factories.event(body="digital-cities", title="Forum")
    await event_factories.event(body="culture", title="Culture summit")
    page = (await client.get("/api/v1/events", params={"member": "lyon"})).json()
    assert [e["title"] for e in page["items"]] == ["Forum"]
    answer = await client.get("/api/v1/events", params={"member": "atlantis"})
    assert (answer.status_code, answer.json()["errors"][0]["field"]) == (400, "member")


async def test_upcoming_events_skip_past_and_cancelled_and_public_views_skip_members_only(db: object) -> None:
    await factories.body(slug="digital-cities")
    await factories.body(slug="culture", name="Culture Committee")
    await event_factories.event(body="digital-cities", title="Past", start_date="2021-11-30", end_date="2021-11-30")
    await event_factories.event(body="digital-cities", title="Under way")  # 6–7 Dec 2021
    await event_factories.event(body="digital-cities", title="Cancelled", start_date="2021-12-08", status="cancelled")
    await event_factories.event(
        body="digital-cities", title="Members only", start_date="2021-12-09", visibility="members"
    )
    await event_factories.event(body="culture", title="Culture summit", start_date="2021-12-10")
    await event_factories.event(body="digital-cities", title="Later", timing="to_be_confirmed", year=2022)

    async def upcoming(**options: Any) -> list[str]:
        return [e.title for e in await services.upcoming_events(today=date(2021, 12, 7), **options)]

    assert await upcoming(limit=10) == ["Under way", "Members only", "Culture summit", "Later"]
    assert await upcoming(limit=2) == ["Under way", "Members only"]
    assert await upcoming(limit=10, body_slug="digital-cities", include_members_only=False) == ["Under way", "Later"]
    public = await services.list_events(include_members_only=False, limit=None)
    assert [e.title for e in public.items] == ["Past", "Under way", "Cancelled", "Culture summit", "Later"]
