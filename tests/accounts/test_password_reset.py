"""Password reset: the same answer for every email, a mailed link that works once, sessions ended."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlparse

import httpx

from coordination.accounts import invitations
from coordination.accounts.tables import UserSession
from coordination.audit import services as audit
from coordination.core.settings import Settings
from tests.conftest import Mailbox
from tests.factories import accounts as factories

NEW_PASSWORD = "a brand new pass phrase"
_LINK = re.compile(r"https?://\S+/password-reset/\S+")


async def _ask_for_reset(client: httpx.AsyncClient, email: str) -> httpx.Response:
    return await factories.post_form(client, "/password-reset", "/password-reset", {"email": email})


async def test_reset_link_is_mailed_and_sets_a_new_password_once(client: httpx.AsyncClient, mailbox: Mailbox) -> None:
    person = await factories.user(email="ana@example.org")
    other_browser = httpx.AsyncClient(transport=client._transport, base_url="http://testserver")
    async with other_browser:
        await factories.sign_in(other_browser, email=person.email)
        assert await UserSession.count() == 1

        asked = await _ask_for_reset(client, "ANA@example.org")
        assert asked.status_code == 200
        assert "If an account exists for that address" in asked.text
        [message] = mailbox.to("ana@example.org")
        assert message["Subject"] == "Our network: reset your password"
        found = _LINK.search(Mailbox.text(message))
        assert found is not None
        path = urlparse(found.group(0)).path

        form = await client.get(path)
        assert form.status_code == 200
        assert "For the account ana@example.org." in form.text
        done = await client.post(
            path,
            data={
                "password": NEW_PASSWORD,
                "password_confirmation": NEW_PASSWORD,
                "_csrf_token": factories.csrf_token(form.text),
            },
        )
        assert done.status_code == 303, done.text
        assert done.headers["location"] == "/sign-in?done=reset"
        # Every session of the account ended: the other browser is signed out.
        assert await UserSession.count() == 0
        assert (await other_browser.get("/account/tokens")).status_code == 303

    assert (await factories.sign_in(client, email=person.email)).status_code == 401
    assert (await factories.sign_in(client, email=person.email, password=NEW_PASSWORD)).status_code == 303
    reused = await client.get(path)
    assert reused.status_code == 410
    assert "This password reset link has already been used." in reused.text
    actions = [r.action for r in (await audit.list_records(object_type="user", object_id=str(person.id))).items]
    assert "password.reset" in actions
    assert "password_reset.requested" in actions


async def test_unknown_email_gets_the_same_answer_and_no_mail(client: httpx.AsyncClient, mailbox: Mailbox) -> None:
    await factories.user(email="ana@example.org")
    known = await _ask_for_reset(client, "ana@example.org")
    unknown = await _ask_for_reset(client, "nobody@example.org")
    assert (known.status_code, unknown.status_code) == (200, 200)

    def without_csrf(html: str) -> str:
        return re.sub(r'value="[0-9a-f]{64}"', "", html)

    assert without_csrf(known.text) == without_csrf(unknown.text)
    assert [m["To"] for m in mailbox.messages] == ["ana@example.org"]


async def test_expired_reset_link_is_refused_with_a_clear_page(
    client: httpx.AsyncClient, mailbox: Mailbox, settings: Settings
) -> None:
    person = await factories.user()
    link = await invitations.request_password_reset(email=person.email, settings=settings, lifetime=timedelta(0))
    assert link is not None
    answer = await client.get(urlparse(link).path)
    assert answer.status_code == 410
    assert "This password reset link has expired." in answer.text
    refused = await client.post(
        urlparse(link).path,
        data={
            "password": NEW_PASSWORD,
            "password_confirmation": NEW_PASSWORD,
            "_csrf_token": factories.csrf_token((await client.get("/password-reset")).text),
        },
    )
    assert refused.status_code == 410
    assert (await factories.sign_in(client, email=person.email, password=NEW_PASSWORD)).status_code == 401


async def test_reset_links_are_limited_per_hour(client: httpx.AsyncClient, mailbox: Mailbox) -> None:
    person = await factories.user(email="ana@example.org")
    for _ in range(invitations.RESETS_PER_HOUR + 2):
        assert (await _ask_for_reset(client, person.email)).status_code == 200
    assert len(mailbox.to("ana@example.org")) == invitations.RESETS_PER_HOUR
