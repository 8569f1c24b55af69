"""Signed-out pages kept by each worker (core/response_cache.py): what a visitor, an editor, a signed-in person get."""

from __future__ import annotations

import dataclasses
import re

import httpx
import msgspec
import pytest
from litestar import Litestar

from coordination.core.response_cache import STATE_KEY, ResponseCache
from coordination.core.settings import Settings
from coordination.events import services as events
from coordination.events.schemas import EventUpdate
from tests.factories import accounts as account_factories
from tests.factories import bodies as body_factories
from tests.factories import events as event_factories
from tests.speed.conftest import statements


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The suite's settings with the cache on, as in production."""
    return dataclasses.replace(settings, page_cache_seconds=30.0)


def nonces(answer: httpx.Response) -> tuple[str, set[str]]:
    """The nonce the Content-Security-Policy allows, and those the page's scripts carry."""
    allowed = re.search(r"'nonce-([^']+)'", answer.headers["content-security-policy"])
    assert allowed is not None
    return allowed.group(1), set(re.findall(r'<script nonce="([^"]+)"', answer.text))


async def test_a_kept_page_shows_an_edit_at_once_and_signed_in_people_get_their_own(
    app: Litestar, client: httpx.AsyncClient
) -> None:
    await body_factories.body(slug="digital-cities")
    forum = await event_factories.event(body="digital-cities", title="Forum des Interconnectes")
    url = "/bodies/digital-cities"  # its events, and the subscribe block with its script
    cache: ResponseCache = app.state[STATE_KEY]
    clock = [0.0]
    cache.clock = lambda: clock[0]  # the second between two looks at the change counters passes only when told

    first = await client.get(url)
    assert first.status_code == 200
    assert "Forum des Interconnectes" in first.text
    before = statements()
    again = await client.get(url)
    assert statements() == before, "the second visitor's page comes from the worker's memory"
    assert again.text.replace(nonces(again)[0], "") == first.text.replace(nonces(first)[0], "")
    # Each answer allows its own script nonce, and the page's scripts carry that one.
    for answer in (first, again):
        allowed, carried = nonces(answer)
        assert carried == {allowed}
    assert nonces(first)[0] != nonces(again)[0]
    # A French reader gets the French page, not the English one kept before.
    french = await client.get(url, headers={"Accept-Language": "fr"})
    assert '<html lang="fr">' in french.text
    assert '<html lang="en">' in (await client.get(url)).text

    # The secretariat renames the event through the API: the very next page load shows the new title.
    secretariat = await account_factories.user(name="Ana Etxeberria")
    token = await account_factories.api_token(user_id=secretariat.id)
    renamed = await client.patch(
        f"/api/v1/events/{forum.id}",
        json={"revision": 1, "title": "Forum 2021"},
        headers=account_factories.bearer(token),
    )
    assert renamed.status_code == 200, renamed.text
    assert "Forum 2021" in (await client.get(url)).text

    # A change made elsewhere (another worker, a command) shows once this worker's second is up.
    later = msgspec.convert({"revision": 2, "title": "Forum 2022"}, EventUpdate)
    await events.update_event(event_id=forum.id, data=later)
    assert "Forum 2021" in (await client.get(url)).text
    clock[0] += 1.0
    assert "Forum 2022" in (await client.get(url)).text

    # Signed in, each person gets a page rendered for them, never one kept for the public or for someone else.
    other = await account_factories.user(name="Bruno Lefebvre")
    transport = httpx.ASGITransport(app=app)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as ana,
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as bruno,
    ):
        assert (await account_factories.sign_in(ana, email=secretariat.email)).status_code in (302, 303)
        assert (await account_factories.sign_in(bruno, email=other.email)).status_code in (302, 303)
        for person, name, not_name in ((ana, "Ana Etxeberria", "Bruno Lefebvre"), (bruno, "Bruno Lefebvre", "Ana")):
            for _ in range(2):
                page = await person.get(url)
                assert f"<summary>{name}</summary>" in page.text
                assert not_name not in page.text
        # A session cookie written oddly (a space before "=") is still read as Ana's by the app: her page is never
        # kept for the public, whatever the cache's own reading of the header.
        secret = ana.cookies.get("coordination_session")
        assert secret
        oddly = await client.get("/members", headers={"Cookie": f"coordination_session ={secret}"})
        assert "<summary>Ana Etxeberria</summary>" in oddly.text
    public = await client.get(url)
    assert "Sign in" in public.text
    assert "Etxeberria" not in public.text
    assert "Lefebvre" not in public.text
    assert "Etxeberria" not in (await client.get("/members")).text


async def test_a_french_reader_never_gets_a_page_kept_from_a_crafted_language_cookie(client: httpx.AsyncClient) -> None:
    await body_factories.body(slug="digital-cities")
    url = "/bodies/digital-cities"
    # Two "lang" cookies: the app reads the last (English). The page must be kept as English, if at all.
    crafted = await client.get(url, headers={"Cookie": "lang=fr; lang=en", "Accept-Language": "fr"})
    assert '<html lang="en">' in crafted.text
    for cookie in ('lang="fr"', "lang=%66r", " lang = fr"):
        assert '<html lang="fr">' in (await client.get(url, headers={"Cookie": cookie})).text, cookie
    french_reader = await client.get(url, headers={"Accept-Language": "fr"})
    assert '<html lang="fr">' in french_reader.text
    english_reader = await client.get(url, headers={"Accept-Language": "en"})
    assert '<html lang="en">' in english_reader.text
