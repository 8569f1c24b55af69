"""Users through the API: the secretariat lists and changes them; roles take exactly what they need."""

from __future__ import annotations

import httpx
import pytest

from coordination.accounts import services as accounts
from coordination.accounts.enums import Role
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
    assert [(u["email"], u["role"], u["member"]) for u in listed.json()["items"]] == [
        ("admin@example.org", "secretariat", None),
        ("focal@example.org", "focal_point", "antony"),
    ]
    refused = await client.get("/api/v1/users", headers=factories.bearer(await factories.api_token(user_id=focal.id)))
    assert refused.status_code == 403
    assert (await client.get("/api/v1/users")).status_code == 401


async def test_changing_a_role_checks_what_it_is_attached_to_and_writes_nothing_when_wrong(
    client: httpx.AsyncClient,
) -> None:
    admin = await factories.user(role=Role.secretariat)
    headers = factories.bearer(await factories.api_token(user_id=admin.id))
    member = await member_factories.member(slug="antony")
    body = await body_factories.body(slug="digital-cities")
    focal = await factories.user(role=Role.focal_point, member=member.slug)
    for payload, field in [
        ({"revision": 1, "role": "body_lead"}, "body"),
        ({"revision": 1, "role": "body_lead", "body": "nowhere"}, "body"),
        ({"revision": 1, "member": None}, "member"),
        ({"revision": 1, "role": "secretariat", "member": "antony"}, "member"),
    ]:
        answer = await client.patch(f"/api/v1/users/{focal.id}", json=payload, headers=headers)
        assert answer.status_code == 400, (payload, answer.text)
        assert [e["field"] for e in answer.json()["errors"]] == [field]
    assert await accounts.get_user(user_id=focal.id) == focal

    moved = await client.patch(
        f"/api/v1/users/{focal.id}", json={"revision": 1, "role": "body_lead", "body": body.slug}, headers=headers
    )
    assert moved.status_code == 200, moved.text
    assert (moved.json()["role"], moved.json()["member"], moved.json()["body"], moved.json()["revision"]) == (
        "body_lead",
        None,
        "digital-cities",
        2,
    )
    stale = await client.patch(f"/api/v1/users/{focal.id}", json={"revision": 1, "name": "X"}, headers=headers)
    assert stale.status_code == 409


async def test_the_last_active_secretariat_cannot_be_disabled_or_demoted(client: httpx.AsyncClient) -> None:
    admin = await factories.user(role=Role.secretariat, email="only@example.org")
    headers = factories.bearer(await factories.api_token(user_id=admin.id))
    for payload, field in [
        ({"revision": 1, "disabled": True}, "disabled"),
        ({"revision": 1, "role": "body_lead"}, "body"),
    ]:
        answer = await client.patch(f"/api/v1/users/{admin.id}", json=payload, headers=headers)
        assert answer.status_code in (400, 409), answer.text
        assert answer.json()["errors"][0]["field"] == field
    body = await body_factories.body(slug="digital-cities")
    demoted = await client.patch(
        f"/api/v1/users/{admin.id}", json={"revision": 1, "role": "body_lead", "body": body.slug}, headers=headers
    )
    assert demoted.status_code == 409
    assert demoted.json()["errors"] == [
        {
            "field": "role",
            "message": "only@example.org is the last active secretariat account; invite another one first",
        }
    ]
    assert (await accounts.get_user(user_id=admin.id)).role is Role.secretariat


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
