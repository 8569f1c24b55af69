from __future__ import annotations

import httpx
from litestar import Litestar

from coordination.bodies import memberships, services
from coordination.bodies.enums import LeadershipRole
from tests.factories import bodies as factories
from tests.factories import members as member_factories


async def _bilbao_network() -> None:
    """Bilbao leads Digital Cities, co-chairs a policy council and is vice-chair of the culture committee."""
    await member_factories.member(slug="bilbao", name="Bilbao", country="ES")
    await member_factories.member(slug="cahors", name="Cahors", country="FR")
    await member_factories.member(slug="antony", name="Antony", country="FR")
    await factories.body(slug="digital", name="Digital Cities Community of Practice")
    await factories.body(slug="policy", name="Policy Council on Urban Futures", kind="policy_council")
    await factories.body(slug="culture", name="Culture Committee", kind="commission")
    await factories.body(slug="climate", name="Climate Commission", kind="commission")
    await factories.term(body_slug="digital", member_slug="bilbao", role="lead")
    await factories.term(body_slug="policy", member_slug="bilbao", role="co_chair")
    await factories.membership(body_slug="culture", member_slug="bilbao")
    await factories.term(body_slug="culture", member_slug="bilbao", role="vice_chair")
    await factories.membership(
        body_slug="climate", member_slug="bilbao", start_date="2012-01-01", end_date="2016-12-31"
    )
    await factories.membership(body_slug="culture", member_slug="cahors", start_date="2018-01-01")
    await factories.membership(body_slug="culture", member_slug="antony", start_date="2021-01-01")


async def test_a_member_bodies_list_its_roles_today(db: Litestar) -> None:
    await _bilbao_network()
    found = await services.member_bodies(member_slug="bilbao")
    assert [(b.body.slug, b.is_member, b.roles) for b in found] == [
        ("culture", True, [LeadershipRole.vice_chair]),
        ("digital", False, [LeadershipRole.lead]),
        ("policy", False, [LeadershipRole.co_chair]),
    ]
    ids = await services.body_ids_for_member(member_slug="bilbao")
    assert sorted(s.slug for s in (await services.body_summaries(ids=ids)).values()) == ["culture", "digital", "policy"]


async def test_members_of_a_body_today_are_listed_by_name(db: Litestar) -> None:
    await _bilbao_network()
    current = await memberships.body_members(slug="culture")
    assert [(m.member, m.member_name) for m in current] == [
        ("antony", "Antony"),
        ("bilbao", "Bilbao"),
        ("cahors", "Cahors"),
    ]
    assert await memberships.body_members(slug="climate") == []


async def test_members_list_filters_by_body(client: httpx.AsyncClient) -> None:
    await _bilbao_network()
    page = (await client.get("/api/v1/members", params={"body": "culture"})).json()
    assert (page["total"], [m["slug"] for m in page["items"]]) == (3, ["antony", "bilbao", "cahors"])
    page = (await client.get("/api/v1/members", params={"body": "climate"})).json()
    assert (page["total"], page["items"]) == (0, [])
    unknown = await client.get("/api/v1/members", params={"body": "atlantis"})
    assert unknown.status_code == 400
    assert unknown.json()["errors"] == [{"field": "body", "message": "no body has the slug 'atlantis'"}]


async def test_deleting_a_body_removes_its_memberships_and_terms(db: Litestar) -> None:
    await _bilbao_network()
    await services.delete_body(slug="culture", revision=1)
    assert [b.body.slug for b in await services.member_bodies(member_slug="bilbao")] == ["digital", "policy"]
    assert (await memberships.list_memberships(member_slug="cahors")).total == 0
