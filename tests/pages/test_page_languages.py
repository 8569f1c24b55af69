from __future__ import annotations

import httpx

from tests.pages.conftest import Network
from tests.pages.html import Page


async def test_language_switch_sets_a_cookie_that_later_pages_follow(
    client: httpx.AsyncClient, demo_network: Network
) -> None:
    switched = await client.get("/events", params={"lang": "fr"})
    assert switched.headers["content-language"] == "fr"
    assert switched.cookies["lang"] == "fr"
    assert Page(switched.text).lang == "fr"
    # No ?lang= any more: the cookie keeps the person in French.
    following = await client.get(f"/events/{demo_network.restitution}")
    page = Page(following.text)
    assert page.lang == "fr"
    assert "8 décembre 2020, 09:30–11:30 (Europe/Paris)" in page.text
    # Following the same choice again does not set the cookie again.
    assert "lang" not in (await client.get("/", params={"lang": "fr"})).cookies


async def test_browser_language_is_used_without_a_choice(client: httpx.AsyncClient, demo_network: Network) -> None:
    answer = await client.get(
        f"/events/{demo_network.restitution}", headers={"Accept-Language": "de-DE, es;q=0.8, en;q=0.5"}
    )
    page = Page(answer.text)
    assert page.lang == "es"
    assert "8 de diciembre de 2020, 9:30–11:30 (Europe/Paris)" in page.text
    assert "lang" not in answer.cookies


async def test_a_chosen_language_wins_over_the_browser_language(
    client: httpx.AsyncClient, demo_network: Network
) -> None:
    await client.get("/", params={"lang": "es"})
    answer = await client.get("/bodies/digital-cities", headers={"Accept-Language": "fr"})
    assert Page(answer.text).lang == "es"


async def test_language_switch_links_keep_the_filters(client: httpx.AsyncClient, demo_network: Network) -> None:
    answer = await client.get("/events", params={"kind": "webinar", "lang": "en"})
    page = Page(answer.text)
    assert page.link("Français") == "/events?kind=webinar&lang=fr"
    assert page.link("Español") == "/events?kind=webinar&lang=es"
