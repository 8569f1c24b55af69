"""API tokens: made on a page or through the API, shown once, stored hashed, revocable, refused once revoked."""

from __future__ import annotations

import re

import httpx

from coordination.accounts import services as accounts
from coordination.accounts import tokens
from coordination.accounts.enums import Role
from coordination.accounts.tables import ApiToken
from coordination.audit import services as audit
from tests.factories import accounts as factories
from tests.factories import members as member_factories


async def test_token_made_on_the_page_is_shown_once_and_works_as_a_bearer_token(client: httpx.AsyncClient) -> None:
    person = await factories.user(email="ana@example.org")
    await factories.sign_in(client, email=person.email)
    created = await factories.post_form(client, "/account/tokens", "/account/tokens", {"name": "monthly report"})
    assert created.status_code == 200, created.text
    assert created.headers["cache-control"] == "no-store"
    found = re.search(r'id="new-token">(coord_[A-Za-z0-9_-]+)<', created.text)
    assert found is not None
    secret = found.group(1)
    assert "Copy it now: it will not be shown again." in created.text
    listed = await client.get("/account/tokens")
    assert "monthly report" in listed.text
    assert secret not in listed.text
    assert f"{secret[:12]}…" in listed.text

    me = await client.get("/api/v1/users/me", headers=factories.bearer(secret))
    assert me.status_code == 200, me.text
    assert (me.json()["email"], [a["role"] for a in me.json()["assignments"]]) == ("ana@example.org", ["secretariat"])
    [token] = (await tokens.list_tokens(user_id=person.id)).items
    assert token.last_used_at is not None


async def test_tokens_are_stored_only_as_hashes(client: httpx.AsyncClient) -> None:
    person = await factories.user()
    secret = await factories.api_token(user_id=person.id)
    stored = await ApiToken.select(ApiToken.token_hash, ApiToken.prefix)
    assert len(stored) == 1
    assert stored[0]["token_hash"] != secret
    assert len(stored[0]["token_hash"]) == 64
    assert stored[0]["prefix"] == secret[:12]


async def test_token_made_through_the_api_is_listed_without_its_secret(client: httpx.AsyncClient) -> None:
    person = await factories.user()
    first = await factories.api_token(user_id=person.id, name="first")
    answer = await client.post("/api/v1/tokens", json={"name": "nightly export"}, headers=factories.bearer(first))
    assert answer.status_code == 201, answer.text
    second = answer.json()["token"]
    assert second.startswith("coord_")
    assert (await client.get("/api/v1/users/me", headers=factories.bearer(second))).status_code == 200
    listed = (await client.get("/api/v1/tokens", headers=factories.bearer(second))).json()
    assert [(t["name"], "token" in t) for t in listed["items"]] == [("nightly export", False), ("first", False)]
    assert [r.action for r in (await audit.list_records(object_type="api_token")).items] == [
        "token.created",
        "token.created",
    ]


async def test_revoked_token_is_refused_with_401_at_once(client: httpx.AsyncClient) -> None:
    person = await factories.user()
    keeper = await factories.api_token(user_id=person.id, name="keeper")
    doomed = await factories.api_token(user_id=person.id, name="doomed")
    [doomed_out] = [t for t in (await tokens.list_tokens(user_id=person.id)).items if t.name == "doomed"]
    revoked = await client.delete(f"/api/v1/tokens/{doomed_out.id}", headers=factories.bearer(keeper))
    assert revoked.status_code == 204
    refused = await client.get("/api/v1/users/me", headers=factories.bearer(doomed))
    assert refused.status_code == 401
    assert refused.json()["detail"] == "this API token is unknown or revoked, or its account is disabled"
    assert refused.headers["www-authenticate"] == 'Bearer realm="coordination"'
    assert (await client.get("/api/v1/users/me", headers=factories.bearer(keeper))).status_code == 200
    [record] = (await audit.list_records(action="token.revoked")).items
    assert (record.actor, record.object_id, record.after["name"]) == (person.email, str(doomed_out.id), "doomed")


async def test_revoking_on_the_page(client: httpx.AsyncClient) -> None:
    person = await factories.user()
    secret = await factories.api_token(user_id=person.id)
    [token] = (await tokens.list_tokens(user_id=person.id)).items
    await factories.sign_in(client, email=person.email)
    answer = await factories.post_form(client, "/account/tokens", f"/account/tokens/{token.id}/revoke", {})
    assert answer.status_code == 303
    assert (await client.get("/api/v1/users/me", headers=factories.bearer(secret))).status_code == 401
    assert (await tokens.list_tokens(user_id=person.id)).total == 0


async def test_someone_elses_token_cannot_be_revoked_and_is_not_said_to_exist(client: httpx.AsyncClient) -> None:
    owner = await factories.user(role=Role.secretariat)
    owner_secret = await factories.api_token(user_id=owner.id)
    [token] = (await tokens.list_tokens(user_id=owner.id)).items
    member = await member_factories.member(slug="antony")
    focal = await factories.user(role=Role.focal_point, member=member.slug)
    answer = await client.delete(
        f"/api/v1/tokens/{token.id}", headers=factories.bearer(await factories.api_token(user_id=focal.id))
    )
    assert answer.status_code == 404
    assert (await client.get("/api/v1/users/me", headers=factories.bearer(owner_secret))).status_code == 200


async def test_disabled_persons_tokens_are_refused_at_once(client: httpx.AsyncClient) -> None:
    await factories.user(email="boss@example.org")
    person = await factories.user(email="leaving@example.org")
    secret = await factories.api_token(user_id=person.id)
    assert (await client.get("/api/v1/users/me", headers=factories.bearer(secret))).status_code == 200
    await accounts.disable_user(email="leaving@example.org")
    assert (await client.get("/api/v1/users/me", headers=factories.bearer(secret))).status_code == 401


async def test_malformed_authorization_header_is_refused_not_read_as_the_public(client: httpx.AsyncClient) -> None:
    for header in ["Basic dXNlcjpwYXNz", "Bearer", "Bearer coord_made-up", "Bearer not-even-ours"]:
        answer = await client.get("/api/v1/members", headers={"Authorization": header})
        assert answer.status_code == 401, header
    assert (await client.get("/api/v1/members")).status_code == 200


async def test_the_api_ignores_the_session_cookie(client: httpx.AsyncClient) -> None:
    person = await factories.user()
    await factories.sign_in(client, email=person.email)
    answer = await client.get("/api/v1/users/me")
    assert answer.status_code == 401


async def test_tokens_need_someone_signed_in(client: httpx.AsyncClient) -> None:
    assert (await client.post("/api/v1/tokens", json={"name": "x"})).status_code == 401
    page = await client.get("/account/tokens")
    assert page.status_code == 303
    assert page.headers["location"] == "/sign-in?next=%2Faccount%2Ftokens"
    assert await ApiToken.count() == 0


async def test_token_without_a_name_is_refused_and_none_is_made(client: httpx.AsyncClient) -> None:
    person = await factories.user()
    secret = await factories.api_token(user_id=person.id)
    for payload in [{"name": ""}, {"name": "   "}, {}, {"name": "x" * 101}]:
        answer = await client.post("/api/v1/tokens", json=payload, headers=factories.bearer(secret))
        assert answer.status_code == 400, payload
        assert answer.json()["errors"][0]["field"] == "name"
    assert (await tokens.list_tokens(user_id=person.id)).total == 1
