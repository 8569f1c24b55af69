"""After a password reset, nothing made with the old password or an older link still works; bad forms change nothing."""

from __future__ import annotations

import logging
import re
from urllib.parse import urlparse

import httpx
import pytest

from coordination.accounts import invitations
from coordination.accounts.tables import PasswordReset
from coordination.audit import services as audit
from coordination.core.settings import Settings
from tests.conftest import Mailbox
from tests.factories import accounts as factories

NEW_PASSWORD = "a brand new pass phrase"
_LINK = re.compile(r"https?://\S+/password-reset/\S+")


async def _set_password(client: httpx.AsyncClient, link: str) -> httpx.Response:
    path = urlparse(link).path
    form = await client.get(path)
    assert form.status_code == 200, form.text
    data = {
        "password": NEW_PASSWORD,
        "password_confirmation": NEW_PASSWORD,
        "_csrf_token": factories.csrf_token(form.text),
    }
    return await client.post(path, data=data)


async def test_a_reset_revokes_the_api_tokens_and_expires_the_other_links_and_says_so(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    person = await factories.user(email="ana@example.org")
    token = await factories.api_token(user_id=person.id)
    assert (await client.get("/api/v1/users/me", headers=factories.bearer(token))).status_code == 200
    older = await invitations.request_password_reset(email=person.email, settings=settings)
    newer = await invitations.request_password_reset(email=person.email, settings=settings)
    assert older is not None
    assert newer is not None

    done = await _set_password(client, newer)
    assert done.status_code == 303, done.text
    page = await client.get(done.headers["location"])
    assert "your API tokens were revoked" in page.text
    assert "older password reset links no longer work" in page.text

    # Whoever had made a token with the old password is shut out.
    refused = await client.get("/api/v1/users/me", headers=factories.bearer(token))
    assert refused.status_code == 401
    # Whoever reads the older mail cannot set another password with it.
    stale = await client.get(urlparse(older).path)
    assert stale.status_code == 410
    assert "This password reset link has expired. Ask for a new one." in stale.text
    assert (await factories.sign_in(client, email=person.email, password=NEW_PASSWORD)).status_code == 303
    [record] = (await audit.list_records(action="password.reset")).items
    assert record.after == {"api_tokens_revoked": 1, "reset_links_expired": 1}
    # A link asked for after the reset works as usual.
    fresh = await invitations.request_password_reset(email=person.email, settings=settings)
    assert fresh is not None
    assert (await client.get(urlparse(fresh).path)).status_code == 200


@pytest.mark.parametrize("email", ["ana\x00@example.org", "ana@example.org\x00", "\x01ana@example.org"])
async def test_a_reset_form_with_a_control_character_is_refused_and_nothing_runs_behind(
    client: httpx.AsyncClient, mailbox: Mailbox, caplog: pytest.LogCaptureFixture, email: str
) -> None:
    await factories.user(email="ana@example.org")
    with caplog.at_level(logging.WARNING):
        answer = await factories.post_form(client, "/password-reset", "/password-reset", {"email": email})
    assert answer.status_code == 400
    assert "email" in answer.text
    assert mailbox.messages == []
    assert await PasswordReset.count() == 0
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_a_sign_in_with_a_nul_in_the_email_is_refused_and_nothing_is_recorded(client: httpx.AsyncClient) -> None:
    answer = await factories.sign_in(client, email="ana\x00@example.org")
    assert answer.status_code == 400
    assert (await audit.list_records(action="sign_in.failed")).total == 0
