from __future__ import annotations

import httpx

from coordination.members import services
from tests.factories import members as factories


async def test_create_member_then_read_it_back(client: httpx.AsyncClient) -> None:
    created = await client.post(
        "/api/v1/members",
        json={"slug": "bilbao", "name": "Bilbao", "kind": "city", "country": "ES", "website": "https://www.bilbao.eus"},
    )
    assert created.status_code == 201, created.text
    read = await client.get("/api/v1/members/bilbao")
    assert read.status_code == 200
    body = read.json()
    assert (body["slug"], body["name"], body["kind"], body["country"], body["revision"]) == (
        "bilbao",
        "Bilbao",
        "city",
        "ES",
        1,
    )


async def test_member_slug_already_taken_is_refused_and_first_member_kept(client: httpx.AsyncClient) -> None:
    await factories.member(slug="bilbao", name="Bilbao", country="ES")
    answer = await client.post(
        "/api/v1/members", json={"slug": "bilbao", "name": "Another Bilbao", "kind": "city", "country": "ES"}
    )
    assert answer.status_code == 409
    assert answer.json()["errors"] == [
        {"field": "slug", "message": "the slug 'bilbao' is already taken by another member"}
    ]
    page = await services.list_members()
    assert [m.name for m in page.items] == ["Bilbao"]


async def test_member_with_bad_fields_names_each_field_and_writes_nothing(client: httpx.AsyncClient) -> None:
    for payload, field in [
        ({"slug": "Bad Slug", "name": "X", "kind": "city", "country": "ES"}, "slug"),
        ({"slug": "x", "name": "X", "kind": "village", "country": "ES"}, "kind"),
        ({"slug": "x", "name": "X", "kind": "city", "country": "Spain"}, "country"),
        ({"slug": "x", "name": "   ", "kind": "city", "country": "ES"}, "name"),
    ]:
        answer = await client.post("/api/v1/members", json=payload)
        assert answer.status_code == 400, (payload, answer.text)
        assert [e["field"] for e in answer.json()["errors"]] == [field], answer.text
    assert (await services.list_members()).total == 0


async def test_stale_revision_is_refused_with_409_and_the_first_edit_survives(client: httpx.AsyncClient) -> None:
    await factories.member(slug="cahors", name="Cahors")
    first = await client.patch("/api/v1/members/cahors", json={"revision": 1, "name": "Ville de Cahors"})
    assert first.status_code == 200
    assert first.json()["revision"] == 2
    second = await client.patch("/api/v1/members/cahors", json={"revision": 1, "name": "Cahors (Lot)"})
    assert second.status_code == 409
    assert second.json()["errors"][0]["field"] == "revision"
    assert (await client.get("/api/v1/members/cahors")).json()["name"] == "Ville de Cahors"


async def test_people_are_listed_with_their_member(client: httpx.AsyncClient) -> None:
    await factories.member(slug="bilbao", name="Bilbao", country="ES")
    answer = await client.post(
        "/api/v1/members/bilbao/people",
        json={"name": "Juan Mari Aburto", "title": "Mayor", "email": "alcalde@bilbao.eus"},
    )
    assert answer.status_code == 201, answer.text
    member = (await client.get("/api/v1/members/bilbao")).json()
    assert [(p["name"], p["title"]) for p in member["people"]] == [("Juan Mari Aburto", "Mayor")]


async def test_list_is_paginated_and_filtered(client: httpx.AsyncClient) -> None:
    for name, country in [("Antony", "FR"), ("Bilbao", "ES"), ("Cahors", "FR"), ("Genève", "CH")]:
        await factories.member(name=name, country=country)
    page = (await client.get("/api/v1/members", params={"country": "FR", "limit": 1})).json()
    assert (page["total"], [m["name"] for m in page["items"]]) == (2, ["Antony"])
    page = (await client.get("/api/v1/members", params={"country": "FR", "limit": 1, "offset": 1})).json()
    assert [m["name"] for m in page["items"]] == ["Cahors"]


async def test_health_answers_json_with_the_backend(client: httpx.AsyncClient, database_url: str) -> None:
    answer = await client.get("/health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "database": database_url.split(":")[0], "migrated": True, "detail": ""}


async def test_missing_and_unknown_fields_are_named(client: httpx.AsyncClient) -> None:
    missing = await client.post("/api/v1/members", json={"name": "Bilbao", "kind": "city", "country": "ES"})
    assert missing.status_code == 400
    assert missing.json()["errors"] == [{"field": "slug", "message": "Object missing required field `slug`"}]
    unknown = await client.post(
        "/api/v1/members", json={"slug": "bilbao", "name": "Bilbao", "kind": "city", "country": "ES", "mayor": "x"}
    )
    assert unknown.status_code == 400
    assert unknown.json()["errors"] == [{"field": "mayor", "message": "Object contains unknown field `mayor`"}]
    assert (await services.list_members()).total == 0


async def test_search_finds_members_by_part_of_the_name_ignoring_case(client: httpx.AsyncClient) -> None:
    for name in ["Grand Poitiers Communauté urbaine", "Communauté d’agglomération de La Rochelle", "Cahors"]:
        await factories.member(name=name)
    page = (await client.get("/api/v1/members", params={"q": "communauté"})).json()
    assert sorted(m["name"] for m in page["items"]) == [
        "Communauté d’agglomération de La Rochelle",
        "Grand Poitiers Communauté urbaine",
    ]
