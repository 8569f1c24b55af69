"""Users through the API: the secretariat lists and changes them; roles take exactly what they need."""

from __future__ import annotations

import httpx
import pytest

from coordination.accounts import services as accounts
from coordination.accounts.enums import Role
from coordination.accounts.schemas import Grant
from coordination.audit import services as audit
from coordination.core.errors import Conflict
from tests.factories import accounts as factories
from tests.factories import bodies as body_factories
from tests.factories import members as member_factories


async def test_secretariat_lists_users_and_others_may_not(client: httpx.AsyncClient) -> None:
    admin = await factories.user(role=Role.secretariat, email="admin@example.org")
    member = await member_factories.member(slug="antony")
    focal = await factories.user(role=Role.focal_point, member=member.slug, email="focal@example.org")
    listed = await client.get("/api/v1/users", headers=factories.bearer(await factories.api_token(user_id=admin.id)))
    assert listed.status_code == 200
    assert [
        (u["email"], [(a["role"], a["member"], a["status"]) for a in u["assignments"]]) for u in listed.json()["items"]
    ] == [
        ("admin@example.org", [("secretariat", None, "active")]),
        ("focal@example.org", [("focal_point", "antony", "active")]),
    ]
    refused = await client.get("/api/v1/users", headers=factories.bearer(await factories.api_token(user_id=focal.id)))
    assert refused.status_code == 403
    assert (await client.get("/api/v1/users")).status_code == 401


async def test_a_role_takes_exactly_what_it_is_about_and_a_bad_one_writes_nothing(client: httpx.AsyncClient) -> None:
    admin = await factories.user(role=Role.secretariat)
    headers = factories.bearer(await factories.api_token(user_id=admin.id))
    member = await member_factories.member(slug="antony")
    await body_factories.body(slug="digital-cities")
    focal = await factories.user(role=Role.focal_point, member=member.slug)
    path = f"/api/v1/users/{focal.id}/assignments"
    for payload, field in [
        ({"role": "body_lead"}, "body"),
        ({"role": "body_lead", "body": "nowhere"}, "body"),
        ({"role": "focal_point"}, "member"),
        ({"role": "secretariat", "member": "antony"}, "member"),
        ({"role": "body_lead", "body": "digital-cities", "member": "antony"}, "member"),
        (
            {"role": "body_lead", "body": "digital-cities", "start_date": "2027-01-01", "end_date": "2026-12-31"},
            "end_date",
        ),
        ({"role": "mayor"}, "role"),
    ]:
        answer = await client.post(path, json=payload, headers=headers)
        assert answer.status_code == 400, (payload, answer.text)
        assert [e["field"] for e in answer.json()["errors"]] == [field], answer.text
    assert await accounts.get_user(user_id=focal.id) == focal
    # The old way of changing "the" role is gone: roles are granted and revoked one by one.
    old_way = await client.patch(
        f"/api/v1/users/{focal.id}", json={"revision": 1, "role": "body_lead"}, headers=headers
    )
    assert (old_way.status_code, old_way.json()["errors"][0]["field"]) == (400, "role")

    granted = await client.post(path, json={"role": "body_lead", "body": "digital-cities"}, headers=headers)
    assert granted.status_code == 201, granted.text
    assert (granted.json()["role"], granted.json()["body"], granted.json()["status"]) == (
        "body_lead",
        "digital-cities",
        "active",
    )
    again = await client.post(path, json={"role": "body_lead", "body": "digital-cities"}, headers=headers)
    assert (again.status_code, again.json()["errors"][0]["field"]) == (409, "role")
    user = (await client.get(f"/api/v1/users/{focal.id}", headers=headers)).json()
    # Both roles count: the person is now the focal point of Antony and the lead of Digital Cities.
    assert sorted((a["role"], a["member"] or a["body"]) for a in user["assignments"]) == [
        ("body_lead", "digital-cities"),
        ("focal_point", "antony"),
    ]


async def test_revoking_one_role_keeps_the_others_and_the_record(client: httpx.AsyncClient) -> None:
    admin = await factories.user(role=Role.secretariat)
    headers = factories.bearer(await factories.api_token(user_id=admin.id))
    await member_factories.member(slug="antony")
    await member_factories.member(slug="bilbao")
    person = await factories.user(
        assignments=[Grant(role=Role.focal_point, member="antony"), Grant(role=Role.focal_point, member="bilbao")],
        email="both@example.org",
    )
    antony = next(a for a in person.assignments if a.member == "antony")
    stale = await client.delete(
        f"/api/v1/users/{person.id}/assignments/{antony.id}?revision={antony.revision + 1}", headers=headers
    )
    assert (stale.status_code, stale.json()["errors"][0]["field"]) == (409, "revision")
    answer = await client.delete(
        f"/api/v1/users/{person.id}/assignments/{antony.id}?revision={antony.revision}", headers=headers
    )
    assert answer.status_code == 204, answer.text
    after = await accounts.get_user(user_id=person.id)
    assert sorted((a.member, a.status) for a in after.assignments) == [("antony", "revoked"), ("bilbao", "active")]
    focal_token = factories.bearer(await factories.api_token(user_id=person.id))
    # Bilbao is still theirs, Antony no longer.
    assert (
        await client.patch("/api/v1/members/bilbao", json={"revision": 1, "website": ""}, headers=focal_token)
    ).status_code == 200
    assert (
        await client.patch("/api/v1/members/antony", json={"revision": 1, "website": ""}, headers=focal_token)
    ).status_code == 403
    [record] = (await audit.list_records(action="role_assignment.revoked")).items
    assert (record.object_id, record.before, record.after["revoked_at"] is not None) == (
        str(antony.id),
        {"revoked_at": None},
        True,
    )
    unknown = await client.delete(f"/api/v1/users/{admin.id}/assignments/{antony.id}", headers=headers)
    assert unknown.status_code == 404


async def test_the_last_active_secretariat_cannot_be_disabled_or_lose_the_role(client: httpx.AsyncClient) -> None:
    admin = await factories.user(role=Role.secretariat, email="only@example.org")
    headers = factories.bearer(await factories.api_token(user_id=admin.id))
    [role] = admin.assignments
    disabled = await client.patch(f"/api/v1/users/{admin.id}", json={"revision": 1, "disabled": True}, headers=headers)
    assert disabled.status_code == 409, disabled.text
    assert disabled.json()["errors"] == [
        {
            "field": "disabled",
            "message": "only@example.org is the last active secretariat account; invite another one first",
        }
    ]
    revoked = await client.delete(f"/api/v1/users/{admin.id}/assignments/{role.id}", headers=headers)
    assert (revoked.status_code, revoked.json()["errors"][0]["field"]) == (409, "assignment")
    assert await accounts.get_user(user_id=admin.id) == admin
    # With another secretariat account, both work.
    await factories.user(role=Role.secretariat, email="second@example.org")
    revoked = await client.delete(f"/api/v1/users/{admin.id}/assignments/{role.id}", headers=headers)
    assert revoked.status_code == 204
    # The token still works (the account is active), but no longer as the secretariat.
    assert (await client.get("/api/v1/users", headers=headers)).status_code == 403


async def test_disabling_through_the_api_is_recorded_with_before_and_after(client: httpx.AsyncClient) -> None:
    admin = await factories.user(role=Role.secretariat, email="admin@example.org")
    other = await factories.user(role=Role.secretariat, email="other@example.org")
    answer = await client.patch(
        f"/api/v1/users/{other.id}",
        json={"revision": 1, "disabled": True},
        headers=factories.bearer(await factories.api_token(user_id=admin.id)),
    )
    assert answer.status_code == 200
    assert answer.json()["disabled"] is True
    [record] = (await audit.list_records(action="user.disabled")).items
    assert (record.actor, record.via, record.object_id, record.before, record.after) == (
        "admin@example.org",
        "token",
        str(other.id),
        {"disabled": False},
        {"disabled": True},
    )


async def test_emails_are_unique_whatever_their_case(client: httpx.AsyncClient) -> None:
    await factories.user(email="ana@example.org")
    with pytest.raises(Conflict):
        await factories.user(email="ANA@Example.org")
    assert (await accounts.list_users()).total == 1
