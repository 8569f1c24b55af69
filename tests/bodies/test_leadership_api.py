from __future__ import annotations

from datetime import date, timedelta

import httpx

from coordination.bodies import leadership
from tests.factories import bodies as factories
from tests.factories import members as member_factories


async def _setup() -> None:
    await member_factories.member(slug="bilbao", name="Bilbao", country="ES")
    await member_factories.member(slug="geneve", name="Genève", country="CH")
    await member_factories.member(slug="cahors", name="Cahors", country="FR")
    await factories.body(slug="digital", name="Digital Cities")
    await factories.body(slug="policy", name="Policy Council", kind="policy_council")


async def test_leadership_term_round_trip(client: httpx.AsyncClient) -> None:
    await _setup()
    mayor = await member_factories.person(member_slug="bilbao", name="Juan Mari Aburto", title="Mayor")
    created = await client.post(
        "/api/v1/leadership-terms",
        json={"body": "digital", "member": "bilbao", "person": mayor.id, "role": "lead", "start_date": "2020-01-01"},
    )
    assert created.status_code == 201, created.text
    term_id = created.json()["id"]
    assert (await client.get(f"/api/v1/leadership-terms/{term_id}")).json() == {
        "id": term_id,
        "body": "digital",
        "body_name": "Digital Cities",
        "member": "bilbao",
        "member_name": "Bilbao",
        "person": mayor.id,
        "person_name": "Juan Mari Aburto",
        "person_title": "Mayor",
        "role": "lead",
        "start_date": "2020-01-01",
        "end_date": None,
        "revision": 1,
    }
    updated = await client.patch(
        f"/api/v1/leadership-terms/{term_id}", json={"revision": 1, "person": None, "end_date": "2023-12-31"}
    )
    assert updated.status_code == 200, updated.text
    assert (updated.json()["person"], updated.json()["person_name"], updated.json()["end_date"]) == (
        None,
        "",
        "2023-12-31",
    )
    stale = await client.patch(f"/api/v1/leadership-terms/{term_id}", json={"revision": 1, "role": "chair"})
    assert (stale.status_code, stale.json()["errors"][0]["field"]) == (409, "revision")
    assert (await client.delete(f"/api/v1/leadership-terms/{term_id}", params={"revision": 2})).status_code == 204
    assert (await client.get(f"/api/v1/leadership-terms/{term_id}")).status_code == 404


async def test_bad_terms_name_the_field_and_write_nothing(client: httpx.AsyncClient) -> None:
    await _setup()
    geneva_mayor = await member_factories.person(member_slug="geneve", name="Christina Kitsos", title="Maire")
    base = {"body": "digital", "member": "bilbao", "role": "lead", "start_date": "2020-01-01"}
    for changes, field, message in [
        ({"end_date": "2019-12-31"}, "end_date", "the end date 2019-12-31 is before the start date 2020-01-01"),
        ({"body": "atlantis"}, "body", "no body has the slug 'atlantis'"),
        ({"member": "atlantis"}, "member", "no member has the slug 'atlantis'"),
        ({"person": 999999}, "person", "no person has the id 999999"),
        (
            {"person": geneva_mayor.id},
            "person",
            f"Christina Kitsos (person {geneva_mayor.id}) speaks for 'geneve', not for 'bilbao'",
        ),
    ]:
        answer = await client.post("/api/v1/leadership-terms", json={**base, **changes})
        assert answer.status_code == 400, (changes, answer.text)
        assert answer.json()["errors"] == [{"field": field, "message": message}]
    for changes, field in [({"role": "king"}, "role"), ({"start_date": None}, "start_date")]:
        answer = await client.post("/api/v1/leadership-terms", json={**base, **changes})
        assert answer.status_code == 400, (changes, answer.text)
        assert [e["field"] for e in answer.json()["errors"]] == [field]
    assert (await leadership.list_terms()).total == 0


async def test_a_single_holder_role_cannot_overlap_and_the_answer_names_the_holder(
    client: httpx.AsyncClient,
) -> None:
    await _setup()
    mayor = await member_factories.person(member_slug="bilbao", name="Juan Mari Aburto", title="Mayor")
    first = await factories.term(body_slug="digital", member_slug="bilbao", role="lead", person=mayor.id)
    answer = await client.post(
        "/api/v1/leadership-terms",
        json={
            "body": "digital",
            "member": "geneve",
            "role": "lead",
            "start_date": "2024-01-01",
            "end_date": "2025-12-31",
        },
    )
    assert answer.status_code == 409
    assert answer.json()["errors"] == [
        {
            "field": "role",
            "message": f"Bilbao (Juan Mari Aburto) is already lead of Digital Cities from 2020-01-01 (ongoing) "
            f"(term {first.id}); a body has one lead at a time",
        }
    ]
    assert [(t.member, t.role) for t in (await leadership.list_terms()).items] == [("bilbao", "lead")]


async def test_single_holder_roles_may_follow_each_other_and_coexist_with_other_roles(
    client: httpx.AsyncClient,
) -> None:
    await _setup()
    await factories.term(
        body_slug="digital", member_slug="bilbao", role="lead", start_date="2016-01-01", end_date="2019-12-31"
    )
    for payload in [
        {"body": "digital", "member": "geneve", "role": "lead", "start_date": "2020-01-01"},
        {"body": "digital", "member": "cahors", "role": "chair", "start_date": "2020-01-01"},
        {"body": "policy", "member": "bilbao", "role": "lead", "start_date": "2020-01-01"},
    ]:
        answer = await client.post("/api/v1/leadership-terms", json=payload)
        assert answer.status_code == 201, (payload, answer.text)
    assert (await leadership.list_terms()).total == 4


async def test_co_chairs_may_share_a_body_but_not_be_the_same_member_twice(client: httpx.AsyncClient) -> None:
    await _setup()
    for member in ("bilbao", "geneve"):
        answer = await client.post(
            "/api/v1/leadership-terms",
            json={"body": "policy", "member": member, "role": "co_chair", "start_date": "2022-01-01"},
        )
        assert answer.status_code == 201, answer.text
    twice = await client.post(
        "/api/v1/leadership-terms",
        json={"body": "policy", "member": "bilbao", "role": "co_chair", "start_date": "2023-01-01"},
    )
    assert twice.status_code == 409
    assert twice.json()["errors"][0]["field"] == "role"
    body = (await client.get("/api/v1/bodies/policy")).json()
    assert [(t["member"], t["role"]) for t in body["leadership"]] == [("bilbao", "co_chair"), ("geneve", "co_chair")]


async def test_updating_a_term_rechecks_overlaps_without_counting_itself(client: httpx.AsyncClient) -> None:
    await _setup()
    old = await factories.term(
        body_slug="digital", member_slug="geneve", role="lead", start_date="2016-01-01", end_date="2019-12-31"
    )
    await factories.term(body_slug="digital", member_slug="bilbao", role="lead", start_date="2020-01-01")
    earlier = await client.patch(f"/api/v1/leadership-terms/{old.id}", json={"revision": 1, "start_date": "2015-01-01"})
    assert earlier.status_code == 200, earlier.text
    longer = await client.patch(f"/api/v1/leadership-terms/{old.id}", json={"revision": 2, "end_date": None})
    assert longer.status_code == 409
    assert longer.json()["errors"][0]["field"] == "role"
    assert "Bilbao is already lead of Digital Cities from 2020-01-01 (ongoing)" in longer.json()["errors"][0]["message"]
    backwards = await client.patch(f"/api/v1/leadership-terms/{old.id}", json={"revision": 2, "end_date": "2014-12-31"})
    assert (backwards.status_code, backwards.json()["errors"][0]["field"]) == (400, "end_date")
    other_person = await member_factories.person(member_slug="bilbao", name="Someone from Bilbao")
    foreign = await client.patch(f"/api/v1/leadership-terms/{old.id}", json={"revision": 2, "person": other_person.id})
    assert (foreign.status_code, foreign.json()["errors"][0]["field"]) == (400, "person")
    kept = await leadership.get_term(term_id=old.id)
    assert (str(kept.start_date), str(kept.end_date), kept.person, kept.revision) == (
        "2015-01-01",
        "2019-12-31",
        None,
        2,
    )


async def test_terms_are_filtered_by_body_member_role_and_time(client: httpx.AsyncClient) -> None:
    await _setup()
    next_year = (date.today() + timedelta(days=365)).isoformat()
    await factories.term(
        body_slug="digital", member_slug="geneve", role="lead", start_date="2016-01-01", end_date="2019-12-31"
    )
    await factories.term(body_slug="digital", member_slug="bilbao", role="lead", start_date="2020-01-01")
    await factories.term(body_slug="policy", member_slug="bilbao", role="co_chair", start_date="2021-01-01")
    await factories.term(body_slug="policy", member_slug="cahors", role="vice_chair", start_date=next_year)

    async def terms(**params: str) -> list[tuple[str, str, str]]:
        page = (await client.get("/api/v1/leadership-terms", params=params)).json()
        return [(t["body"], t["member"], t["role"]) for t in page["items"]]

    assert await terms(body="digital") == [("digital", "geneve", "lead"), ("digital", "bilbao", "lead")]
    assert await terms(member="bilbao") == [("digital", "bilbao", "lead"), ("policy", "bilbao", "co_chair")]
    assert await terms(role="co_chair") == [("policy", "bilbao", "co_chair")]
    assert await terms(current="true") == [("digital", "bilbao", "lead"), ("policy", "bilbao", "co_chair")]
    assert await terms(current="false") == [("digital", "geneve", "lead"), ("policy", "cahors", "vice_chair")]
    assert await terms(active_on="2019-12-31") == [("digital", "geneve", "lead")]
    assert await terms(body="digital", active_on="2020-01-01") == [("digital", "bilbao", "lead")]
    page = (await client.get("/api/v1/leadership-terms", params={"limit": 2, "offset": 2})).json()
    assert (page["total"], len(page["items"])) == (4, 2)
    unknown = await client.get("/api/v1/leadership-terms", params={"member": "atlantis"})
    assert (unknown.status_code, unknown.json()["errors"][0]["field"]) == (400, "member")
