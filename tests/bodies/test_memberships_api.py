from __future__ import annotations

import httpx

from coordination.bodies import memberships
from tests.factories import bodies as factories
from tests.factories import members as member_factories


async def _setup() -> None:
    await member_factories.member(slug="bilbao", name="Bilbao", country="ES")
    await member_factories.member(slug="cahors", name="Cahors", country="FR")
    await factories.body(slug="digital", name="Digital Cities")
    await factories.body(slug="culture", name="Culture Committee", kind="commission")


async def test_membership_round_trip(client: httpx.AsyncClient) -> None:
    await _setup()
    created = await client.post(
        "/api/v1/memberships", json={"body": "digital", "member": "bilbao", "start_date": "2019-05-01"}
    )
    assert created.status_code == 201, created.text
    membership_id = created.json()["id"]
    read = (await client.get(f"/api/v1/memberships/{membership_id}")).json()
    assert read == {
        "id": membership_id,
        "body": "digital",
        "body_name": "Digital Cities",
        "member": "bilbao",
        "member_name": "Bilbao",
        "start_date": "2019-05-01",
        "end_date": None,
        "revision": 1,
    }
    updated = await client.patch(f"/api/v1/memberships/{membership_id}", json={"revision": 1, "end_date": "2024-12-31"})
    assert updated.status_code == 200, updated.text
    assert (updated.json()["start_date"], updated.json()["end_date"], updated.json()["revision"]) == (
        "2019-05-01",
        "2024-12-31",
        2,
    )
    stale = await client.delete(f"/api/v1/memberships/{membership_id}", params={"revision": 1})
    assert stale.status_code == 409
    deleted = await client.delete(f"/api/v1/memberships/{membership_id}", params={"revision": 2})
    assert deleted.status_code == 204
    assert (await client.get(f"/api/v1/memberships/{membership_id}")).status_code == 404


async def test_bad_memberships_name_the_field_and_write_nothing(client: httpx.AsyncClient) -> None:
    await _setup()
    for payload, status, field in [
        (
            {"body": "digital", "member": "bilbao", "start_date": "2020-01-01", "end_date": "2019-12-31"},
            400,
            "end_date",
        ),
        ({"body": "atlantis", "member": "bilbao"}, 400, "body"),
        ({"body": "digital", "member": "atlantis"}, 400, "member"),
        ({"body": "digital", "member": "bilbao", "start_date": "soon"}, 400, "start_date"),
    ]:
        answer = await client.post("/api/v1/memberships", json=payload)
        assert answer.status_code == status, (payload, answer.text)
        assert [e["field"] for e in answer.json()["errors"]] == [field], answer.text
    assert (await memberships.list_memberships()).total == 0


async def test_overlapping_membership_of_the_same_member_is_refused(client: httpx.AsyncClient) -> None:
    await _setup()
    await factories.membership(
        body_slug="digital", member_slug="bilbao", start_date="2015-01-01", end_date="2018-12-31"
    )
    await factories.membership(body_slug="digital", member_slug="bilbao", start_date="2020-01-01")
    answer = await client.post(
        "/api/v1/memberships", json={"body": "digital", "member": "bilbao", "start_date": "2024-01-01"}
    )
    assert answer.status_code == 409
    error = answer.json()["errors"][0]
    assert error["field"] == "member"
    assert error["message"].startswith("Bilbao is already a member of Digital Cities from 2020-01-01 (ongoing)")
    # A membership with no known start reaches back to the 2015 one.
    undated = await client.post(
        "/api/v1/memberships", json={"body": "digital", "member": "bilbao", "end_date": "2016-01-01"}
    )
    assert undated.status_code == 409
    # Other members and other bodies are not in the way; the gap in 2019 is free.
    for payload in [
        {"body": "digital", "member": "cahors", "start_date": "2024-01-01"},
        {"body": "culture", "member": "bilbao", "start_date": "2024-01-01"},
        {"body": "digital", "member": "bilbao", "start_date": "2019-01-01", "end_date": "2019-12-31"},
    ]:
        assert (await client.post("/api/v1/memberships", json=payload)).status_code == 201, payload
    assert (await memberships.list_memberships()).total == 5


async def test_updating_a_membership_checks_dates_against_the_others_only(client: httpx.AsyncClient) -> None:
    await _setup()
    first = await factories.membership(
        body_slug="digital", member_slug="bilbao", start_date="2015-01-01", end_date="2018-12-31"
    )
    second = await factories.membership(body_slug="digital", member_slug="bilbao", start_date="2020-01-01")
    moved = await client.patch(f"/api/v1/memberships/{second.id}", json={"revision": 1, "start_date": "2019-01-01"})
    assert moved.status_code == 200, moved.text
    clash = await client.patch(f"/api/v1/memberships/{first.id}", json={"revision": 1, "end_date": None})
    assert clash.status_code == 409
    assert clash.json()["errors"][0]["field"] == "member"
    backwards = await client.patch(f"/api/v1/memberships/{first.id}", json={"revision": 1, "end_date": "2014-01-01"})
    assert backwards.status_code == 400
    assert backwards.json()["errors"][0]["field"] == "end_date"
    unchanged = await memberships.get_membership(membership_id=first.id)
    assert (str(unchanged.start_date), str(unchanged.end_date), unchanged.revision) == ("2015-01-01", "2018-12-31", 1)


async def test_memberships_are_filtered_by_body_member_and_day(client: httpx.AsyncClient) -> None:
    await _setup()
    await factories.membership(
        body_slug="digital", member_slug="bilbao", start_date="2015-01-01", end_date="2018-12-31"
    )
    await factories.membership(body_slug="digital", member_slug="cahors", start_date="2017-01-01")
    await factories.membership(body_slug="culture", member_slug="bilbao", start_date="2020-01-01")

    async def pairs(**params: str) -> list[tuple[str, str]]:
        page = (await client.get("/api/v1/memberships", params=params)).json()
        return [(m["body"], m["member"]) for m in page["items"]]

    assert await pairs(body="digital") == [("digital", "bilbao"), ("digital", "cahors")]
    assert await pairs(member="bilbao") == [("digital", "bilbao"), ("culture", "bilbao")]
    assert await pairs(active_on="2018-12-31") == [("digital", "bilbao"), ("digital", "cahors")]
    assert await pairs(active_on="2019-01-01") == [("digital", "cahors")]
    assert await pairs(body="digital", active_on="2016-06-01") == [("digital", "bilbao")]
    page = (await client.get("/api/v1/memberships", params={"limit": 1, "offset": 2})).json()
    assert (page["total"], [m["body"] for m in page["items"]]) == (3, ["culture"])
    unknown = await client.get("/api/v1/memberships", params={"body": "atlantis"})
    assert (unknown.status_code, unknown.json()["errors"][0]["field"]) == (400, "body")
