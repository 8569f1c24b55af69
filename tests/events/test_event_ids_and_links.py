"""An old link never shows another event; an event is only ever linked to an activity of its own body."""

from __future__ import annotations

import httpx

from coordination.accounts.enums import Role
from coordination.events import services as events
from coordination.events.schemas import EventActivityRef
from tests.factories import accounts as account_factories
from tests.factories import activities as activity_factories
from tests.factories import bodies as body_factories
from tests.factories import events as event_factories


async def test_a_deleted_events_id_is_never_given_to_a_new_event(client: httpx.AsyncClient) -> None:
    await body_factories.body(slug="digital-cities")
    kept = await event_factories.event(body="digital-cities", title="Forum 2021")
    deleted = await event_factories.event(body="digital-cities", title="Webinar on open data")
    assert (await client.delete(f"/api/v1/events/{deleted.id}")).status_code == 204
    new = await event_factories.event(body="digital-cities", title="Learning meeting")
    assert new.id > deleted.id > kept.id
    # The old links find nothing rather than another event.
    page = await client.get(f"/events/{deleted.id}")
    assert page.status_code == 404
    assert "Learning meeting" not in page.text
    assert (await client.get(f"/api/v1/events/{deleted.id}")).status_code == 404
    assert "Learning meeting" not in (await client.get(f"/calendars/events/{deleted.id}.ics")).text


async def test_a_deleted_activitys_id_is_never_given_to_a_new_activity(client: httpx.AsyncClient) -> None:
    await body_factories.body(slug="digital-cities")
    await activity_factories.priority(code="A")
    deleted = await activity_factories.activity(body="digital-cities", priority="A", title="Smart Cities Study")
    assert (await client.delete(f"/api/v1/activities/{deleted.id}")).status_code == 204
    new = await activity_factories.activity(body="digital-cities", priority="A", title="Learning meetings")
    assert new.id > deleted.id
    assert (await client.get(f"/activities/{deleted.id}")).status_code == 404


async def test_a_lead_cannot_link_their_event_to_another_bodys_activity(app: object, client: httpx.AsyncClient) -> None:
    await body_factories.body(slug="digital-cities")
    await body_factories.body(slug="culture")
    await activity_factories.priority(code="A")
    theirs = await activity_factories.activity(body="culture", priority="A", title="Culture 21 actions")
    ours = await activity_factories.activity(body="digital-cities", priority="A", title="Smart Cities Study")
    lead = await account_factories.user(role=Role.body_lead, body="digital-cities")
    as_lead = account_factories.bearer(await account_factories.api_token(user_id=lead.id))

    linked = event_factories.forum_payload(body="digital-cities", activity=theirs.id)
    refused = await client.post("/api/v1/events", json=linked, headers=as_lead)
    assert refused.status_code == 400, refused.text
    assert refused.json()["errors"] == [
        {
            "field": "activity",
            "message": f"activity {theirs.id} belongs to culture, not to digital-cities: an event can only be linked "
            "to an activity of its own body",
        }
    ]
    assert (await events.list_events()).total == 0

    created = await client.post(
        "/api/v1/events", json=event_factories.forum_payload(body="digital-cities", activity=ours.id), headers=as_lead
    )
    assert created.status_code == 201, created.text
    event = created.json()
    relinked = await client.patch(
        f"/api/v1/events/{event['id']}", json={"revision": event["revision"], "activity": theirs.id}, headers=as_lead
    )
    assert relinked.status_code == 400
    assert (await events.get_event(event_id=event["id"])).activity == EventActivityRef(id=ours.id, title=ours.title)


async def test_moving_an_event_to_another_body_needs_an_activity_of_that_body(client: httpx.AsyncClient) -> None:
    await body_factories.body(slug="digital-cities")
    await body_factories.body(slug="culture")
    await activity_factories.priority(code="A")
    ours = await activity_factories.activity(body="digital-cities", priority="A", title="Smart Cities Study")
    event = await event_factories.event(body="digital-cities", activity=ours.id)
    moved = await client.patch(f"/api/v1/events/{event.id}", json={"revision": 1, "body": "culture"})
    assert moved.status_code == 400
    assert [e["field"] for e in moved.json()["errors"]] == ["activity"]
    unlinked = await client.patch(
        f"/api/v1/events/{event.id}", json={"revision": 1, "body": "culture", "activity": None}
    )
    assert unlinked.status_code == 200, unlinked.text
    assert unlinked.json()["body"]["slug"] == "culture"
