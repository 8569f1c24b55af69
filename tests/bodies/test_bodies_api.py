from __future__ import annotations

import httpx

from coordination.bodies import services
from tests.factories import bodies as factories
from tests.factories import members as member_factories


async def test_create_body_then_read_update_and_delete_it(client: httpx.AsyncClient) -> None:
    created = await client.post(
        "/api/v1/bodies",
        json={"slug": "culture", "name": "Culture Committee", "kind": "commission", "mandate": "Culture in cities."},
    )
    assert created.status_code == 201, created.text
    body = (await client.get("/api/v1/bodies/culture")).json()
    assert (body["slug"], body["name"], body["kind"], body["status"], body["mandate"], body["revision"]) == (
        "culture",
        "Culture Committee",
        "commission",
        "active",
        "Culture in cities.",
        1,
    )
    assert (body["leadership"], body["history"], body["named_since"]) == ([], [], None)

    updated = await client.patch("/api/v1/bodies/culture", json={"revision": 1, "status": "dormant"})
    assert updated.status_code == 200, updated.text
    assert (updated.json()["status"], updated.json()["revision"]) == ("dormant", 2)

    deleted = await client.delete("/api/v1/bodies/culture", params={"revision": 2})
    assert deleted.status_code == 204, deleted.text
    assert (await client.get("/api/v1/bodies/culture")).status_code == 404


async def test_body_slug_already_taken_is_refused_and_first_body_kept(client: httpx.AsyncClient) -> None:
    await factories.body(slug="culture", name="Culture Committee")
    answer = await client.post(
        "/api/v1/bodies", json={"slug": "culture", "name": "Another culture body", "kind": "forum"}
    )
    assert answer.status_code == 409
    assert answer.json()["errors"] == [
        {"field": "slug", "message": "the slug 'culture' is already taken by another body"}
    ]
    assert [b.name for b in (await services.list_bodies()).items] == ["Culture Committee"]


async def test_body_with_bad_fields_names_each_field_and_writes_nothing(client: httpx.AsyncClient) -> None:
    for payload, field in [
        ({"slug": "Bad Slug", "name": "X", "kind": "forum"}, "slug"),
        ({"slug": "x", "name": "X", "kind": "club"}, "kind"),
        ({"slug": "x", "name": "  ", "kind": "forum"}, "name"),
        ({"slug": "x", "name": "X", "kind": "forum", "status": "asleep"}, "status"),
        ({"slug": "x", "name": "X", "kind": "forum", "established_on": "2020-01-01"}, "established_on"),
    ]:
        answer = await client.post("/api/v1/bodies", json=payload)
        assert answer.status_code == 400, (payload, answer.text)
        assert [e["field"] for e in answer.json()["errors"]] == [field], answer.text
    assert (await services.list_bodies()).total == 0


async def test_stale_revision_is_refused_with_409_and_the_first_edit_survives(client: httpx.AsyncClient) -> None:
    await factories.body(slug="culture", name="Culture Committee", kind="commission")
    first = await client.patch("/api/v1/bodies/culture", json={"revision": 1, "mandate": "Heritage and creation."})
    assert first.status_code == 200, first.text
    second = await client.patch("/api/v1/bodies/culture", json={"revision": 1, "name": "Culture Forum"})
    assert second.status_code == 409
    assert second.json()["errors"][0]["field"] == "revision"
    body = (await client.get("/api/v1/bodies/culture")).json()
    assert (body["name"], body["mandate"], body["revision"], body["history"]) == (
        "Culture Committee",
        "Heritage and creation.",
        2,
        [],
    )


async def test_delete_with_stale_revision_is_refused_and_keeps_the_body(client: httpx.AsyncClient) -> None:
    await factories.body(slug="culture")
    answer = await client.delete("/api/v1/bodies/culture", params={"revision": 3})
    assert answer.status_code == 409
    assert answer.json()["errors"][0]["field"] == "revision"
    assert (await client.get("/api/v1/bodies/culture")).status_code == 200


async def test_unknown_body_answers_404(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/v1/bodies/nowhere")).status_code == 404
    assert (await client.patch("/api/v1/bodies/nowhere", json={"revision": 1, "name": "X"})).status_code == 404
    assert (await client.delete("/api/v1/bodies/nowhere")).status_code == 404


async def test_list_is_paginated_and_filtered_by_kind_status_and_name(client: httpx.AsyncClient) -> None:
    for slug, name, kind, status in [
        ("policy", "Policy Council on Urban Futures", "policy_council", "active"),
        ("culture", "Culture Committee", "commission", "active"),
        ("climate", "Climate Commission", "commission", "dormant"),
        ("digital", "Digital Cities Community of Practice", "community_of_practice", "active"),
    ]:
        await factories.body(slug=slug, name=name, kind=kind, status=status)
    page = (await client.get("/api/v1/bodies", params={"kind": "commission", "limit": 1})).json()
    assert (page["total"], [b["slug"] for b in page["items"]]) == (2, ["climate"])
    page = (await client.get("/api/v1/bodies", params={"kind": "commission", "limit": 1, "offset": 1})).json()
    assert [b["slug"] for b in page["items"]] == ["culture"]
    page = (await client.get("/api/v1/bodies", params={"status": "active"})).json()
    assert [b["slug"] for b in page["items"]] == ["culture", "digital", "policy"]
    page = (await client.get("/api/v1/bodies", params={"q": "CITIES"})).json()
    assert [b["slug"] for b in page["items"]] == ["digital"]


async def test_list_by_member_gives_bodies_it_belongs_to_or_leads_today(client: httpx.AsyncClient) -> None:
    await member_factories.member(slug="bilbao", name="Bilbao", country="ES")
    for slug, name in [("digital", "Digital Cities"), ("culture", "Culture"), ("policy", "Policy"), ("old", "Old")]:
        await factories.body(slug=slug, name=name)
    await factories.term(body_slug="digital", member_slug="bilbao", role="lead")
    await factories.membership(body_slug="culture", member_slug="bilbao")
    await factories.membership(body_slug="old", member_slug="bilbao", start_date="2010-01-01", end_date="2015-12-31")
    page = (await client.get("/api/v1/bodies", params={"member": "bilbao"})).json()
    assert (page["total"], [b["slug"] for b in page["items"]]) == (2, ["culture", "digital"])
    unknown = await client.get("/api/v1/bodies", params={"member": "atlantis"})
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["field"] == "member"


async def test_body_shows_its_current_leadership_with_people(client: httpx.AsyncClient) -> None:
    await member_factories.member(slug="bilbao", name="Bilbao", country="ES")
    await member_factories.member(slug="geneve", name="Genève", country="CH")
    mayor = await member_factories.person(member_slug="bilbao", name="Juan Mari Aburto", title="Mayor")
    await factories.body(slug="digital", name="Digital Cities")
    await factories.term(
        body_slug="digital", member_slug="geneve", role="lead", start_date="2015-01-01", end_date="2019-12-31"
    )
    await factories.term(
        body_slug="digital", member_slug="bilbao", role="lead", person=mayor.id, start_date="2020-01-01"
    )
    await factories.term(body_slug="digital", member_slug="geneve", role="vice_chair", start_date="2020-01-01")
    body = (await client.get("/api/v1/bodies/digital")).json()
    assert [
        (t["role"], t["member"], t["member_name"], t["person_name"], t["person_title"]) for t in body["leadership"]
    ] == [("lead", "bilbao", "Bilbao", "Juan Mari Aburto", "Mayor"), ("vice_chair", "geneve", "Genève", "", "")]
    listed = (await client.get("/api/v1/bodies")).json()["items"][0]
    assert [t["member"] for t in listed["leadership"]] == ["bilbao", "geneve"]


async def test_deleting_a_body_with_activities_or_events_is_refused_and_keeps_them(
    client: httpx.AsyncClient,
) -> None:
    from tests.factories import activities as activity_factories
    from tests.factories import events as event_factories

    body = await factories.body(slug="digital-cities")
    await activity_factories.priority(code="A")
    activity = await activity_factories.activity(body=body.slug, priority="A")
    await event_factories.event(body=body.slug)
    answer = await client.delete("/api/v1/bodies/digital-cities")
    assert answer.status_code == 409
    assert answer.json()["errors"][0]["message"].startswith("body 'digital-cities' still has activities or events")
    assert (await client.get("/api/v1/bodies/digital-cities")).status_code == 200
    assert (await client.get(f"/api/v1/activities/{activity.id}")).status_code == 200
