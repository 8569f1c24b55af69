"""Signing in and out of the pages: cookies, CSRF, wrong passwords, throttling, disabled accounts."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import httpx
import pytest
from argon2 import PasswordHasher

from coordination.accounts import services as accounts
from coordination.accounts import sessions
from coordination.accounts.enums import Role
from coordination.accounts.tables import UserSession
from coordination.app import create_app
from coordination.audit import services as audit
from coordination.core.database import transaction
from coordination.core.settings import Settings
from tests.factories import accounts as factories


async def _session_count() -> int:
    return await UserSession.count()


async def test_sign_in_sets_an_httponly_samesite_session_cookie_and_returns_to_the_page_asked_for(
    client: httpx.AsyncClient,
) -> None:
    person = await factories.user(email="ana@example.org")
    form = await client.get("/sign-in", params={"next": "/members?kind=city"})
    assert form.status_code == 200
    assert 'name="next" value="/members?kind=city"' in form.text
    answer = await client.post(
        "/sign-in",
        data={
            "email": "Ana@Example.org",
            "password": factories.PASSWORD,
            "next": "/members?kind=city",
            "_csrf_token": factories.csrf_token(form.text),
        },
    )
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/members?kind=city"
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("coordination_session="))
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "path", "samesite", "max-age"} <= attributes
    assert "secure" not in attributes  # served over http here; see the https test
    assert "samesite=lax" in cookie.lower()
    assert "max-age=604800" in cookie.lower()
    records = (await audit.list_records(action="sign_in.succeeded")).items
    assert [(r.actor, r.via, r.address, r.object_id) for r in records] == [
        ("ana@example.org", "session", "127.0.0.1", str(person.id))
    ]
    assert (await accounts.get_user(user_id=person.id)).last_sign_in_at is not None


@pytest.fixture
async def https_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    application = create_app(dataclasses.replace(settings, base_url="https://coordination.example.org"))
    async with application.lifespan():
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="https://coordination.example.org") as http:
            yield http


async def test_over_https_the_cookies_are_secure_and_host_only(https_client: httpx.AsyncClient) -> None:
    person = await factories.user()
    form = await https_client.get("/sign-in")
    assert "__Host-coordination_csrf=" in form.headers["set-cookie"]
    answer = await https_client.post(
        "/sign-in",
        data={"email": person.email, "password": factories.PASSWORD, "_csrf_token": factories.csrf_token(form.text)},
    )
    assert answer.status_code == 303, answer.text
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("__Host-coordination_session="))
    assert "; secure" in cookie.lower()
    assert "; httponly" in cookie.lower()
    assert "domain=" not in cookie.lower()


async def test_wrong_password_answers_401_with_a_message_and_is_recorded(client: httpx.AsyncClient) -> None:
    person = await factories.user(email="ana@example.org")
    answer = await factories.sign_in(client, email="ana@example.org", password="not the password")
    assert answer.status_code == 401
    assert "the email or the password is wrong" in answer.text
    assert 'value="ana@example.org"' in answer.text  # the email is kept in the form
    assert "coordination_session" not in answer.cookies
    assert await _session_count() == 0
    failed = (await audit.list_records(action="sign_in.failed")).items
    assert [(r.object_id, r.after) for r in failed] == [("ana@example.org", {"reason": "wrong password"})]
    assert person.last_sign_in_at is None


async def test_unknown_email_gets_the_same_answer_as_a_wrong_password(client: httpx.AsyncClient) -> None:
    answer = await factories.sign_in(client, email="nobody@example.org", password="whatever it is")
    assert answer.status_code == 401
    assert "the email or the password is wrong" in answer.text
    assert [r.after for r in (await audit.list_records(action="sign_in.failed")).items] == [{"reason": "unknown email"}]


async def test_form_without_csrf_token_is_refused_with_403_and_nothing_is_written(client: httpx.AsyncClient) -> None:
    person = await factories.user()
    await client.get("/sign-in")  # the CSRF cookie is set, but the form field is missing
    missing = await client.post("/sign-in", data={"email": person.email, "password": factories.PASSWORD})
    assert missing.status_code == 403
    assert "This form could not be checked" in missing.text
    forged = await client.post(
        "/sign-in", data={"email": person.email, "password": factories.PASSWORD, "_csrf_token": "0" * 64}
    )
    assert forged.status_code == 403
    assert await _session_count() == 0
    assert (await audit.list_records()).total == 2  # only the user's creation and the grant of their role


async def test_csrf_token_of_another_browser_is_refused(client: httpx.AsyncClient, app: object) -> None:
    person = await factories.user()
    other_token = factories.csrf_token((await client.get("/sign-in")).text)
    client.cookies.clear()
    await client.get("/sign-in")  # a new browser: a new CSRF cookie
    answer = await client.post(
        "/sign-in", data={"email": person.email, "password": factories.PASSWORD, "_csrf_token": other_token}
    )
    assert answer.status_code == 403
    assert await _session_count() == 0


async def test_too_many_failures_for_one_account_answer_429_with_retry_after(client: httpx.AsyncClient) -> None:
    person = await factories.user(email="target@example.org")
    bystander = await factories.user(email="bystander@example.org")
    for _ in range(sessions.MAX_ATTEMPTS_PER_ACCOUNT_AND_ADDRESS):
        assert (await factories.sign_in(client, email=person.email, password="guess guess")).status_code == 401
    # Now even the right password waits, from this address (tests/accounts/test_throttling.py: not from another).
    blocked = await factories.sign_in(client, email=person.email)
    assert blocked.status_code == 429
    # The 15 minutes count from the first failure; five argon2 checks on a loaded machine can take many seconds.
    assert 840 <= int(blocked.headers["retry-after"]) <= 900
    assert "too many failed sign-ins" in blocked.text
    assert await _session_count() == 0
    # Another account from the same address is not blocked by this one's failures.
    assert (await factories.sign_in(client, email=bystander.email)).status_code == 303


async def test_too_many_failures_from_one_address_answer_429_for_every_account(client: httpx.AsyncClient) -> None:
    person = await factories.user()
    # The test client's address; the guesses go straight to the service to keep the test quick.
    for attempt in range(sessions.MAX_ATTEMPTS_PER_ADDRESS):
        with pytest.raises(sessions.SignInRefused):
            await sessions.sign_in(email=f"guess-{attempt}@example.org", password="guess guess", address="127.0.0.1")
    blocked = await factories.sign_in(client, email=person.email)
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert await _session_count() == 0


async def test_sign_out_ends_the_session_and_is_recorded(client: httpx.AsyncClient) -> None:
    person = await factories.user()
    await factories.sign_in(client, email=person.email)
    assert (await client.get("/account/tokens")).status_code == 200
    answer = await factories.post_form(client, "/sign-out", "/sign-out", {})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/sign-in?done=signed-out"
    assert await _session_count() == 0
    again = await client.get("/account/tokens")
    assert again.status_code == 303
    assert again.headers["location"] == "/sign-in?next=%2Faccount%2Ftokens"
    assert [r.action for r in (await audit.list_records()).items][:1] == ["sign_out"]


async def test_a_stolen_cookie_stops_working_once_the_person_signs_out(client: httpx.AsyncClient) -> None:
    person = await factories.user()
    await factories.sign_in(client, email=person.email)
    stolen = dict(client.cookies)
    await factories.post_form(client, "/sign-out", "/sign-out", {})
    client.cookies.clear()
    client.cookies.update(stolen)
    answer = await client.get("/account/tokens")
    assert answer.status_code == 303
    assert 'coordination_session=""' in answer.headers["set-cookie"]


async def test_disabled_person_is_signed_out_at_once_and_cannot_sign_in(client: httpx.AsyncClient) -> None:
    await factories.user(email="boss@example.org")  # someone stays secretariat
    person = await factories.user(email="leaving@example.org")
    await factories.sign_in(client, email=person.email)
    assert (await client.get("/account/tokens")).status_code == 200
    await accounts.disable_user(email="leaving@example.org")
    assert (await client.get("/account/tokens")).status_code == 303
    answer = await factories.sign_in(client, email=person.email)
    assert answer.status_code == 401
    assert "this account has been disabled" in answer.text


async def test_next_address_outside_the_site_is_ignored(client: httpx.AsyncClient) -> None:
    person = await factories.user()
    form = await client.get("/sign-in", params={"next": "//evil.example.org/x"})
    assert 'name="next" value="/"' in form.text
    answer = await client.post(
        "/sign-in",
        data={
            "email": person.email,
            "password": factories.PASSWORD,
            "next": "https://evil.example.org/",
            "_csrf_token": factories.csrf_token(form.text),
        },
    )
    assert answer.headers["location"] == "/start"  # never elsewhere: the start page


async def test_a_hash_made_with_older_parameters_is_replaced_at_sign_in(client: httpx.AsyncClient) -> None:
    person = await factories.user(role=Role.secretariat)
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(factories.PASSWORD)
    async with transaction():
        await accounts.store_password(user_id=person.id, password_hash=weak)
    assert (await factories.sign_in(client, email=person.email)).status_code == 303
    stored = await accounts.password_hash_of(user_id=person.id)
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert (await factories.sign_in(client, email=person.email)).status_code == 303


async def test_only_pages_get_the_csrf_cookie(client: httpx.AsyncClient) -> None:
    assert "set-cookie" not in (await client.get("/health")).headers
    assert "set-cookie" not in (await client.get("/api/v1/members")).headers
    assert "coordination_csrf=" in (await client.get("/sign-in")).headers["set-cookie"]
