from __future__ import annotations

import httpx

from tests.pages.conftest import Network
from tests.pages.html import Page, check_accessible


async def test_activity_page_shows_plan_progress_and_who_takes_part(
    client: httpx.AsyncClient, demo_network: Network
) -> None:
    answer = await client.get(f"/activities/{demo_network.study}")
    assert answer.status_code == 200
    page = Page(answer.text)
    check_accessible(page)
    assert page.h1 == "Finalisation of the Smart Cities Study"
    assert (
        "Body Digital Cities Community of Practice Strategic priority A — Implementation Planned End of 2019 "
        "Started 15 January 2019 Status Ongoing Progress 40%"
    ) in page.text
    assert page.link("Digital Cities Community of Practice") == "/bodies/digital-cities"
    assert '<progress max="100" value="40" aria-hidden="true"></progress>' in answer.text
    assert page.item("Smart Cities Study, third edition") == (
        "Smart Cities Study, third edition Delivered on 20 December 2019"
    )
    assert page.link("UN-Habitat") == "https://unhabitat.org"
    assert page.link("Ville d’Antony") == "/members/antony"
    assert page.link("Restitution of the DataCités 2 programme") == f"/events/{demo_network.restitution}"
    # Only this activity's events, not every event of its body.
    assert "Forum des Interconnectés" not in page.text


async def test_activity_description_keeps_paragraphs_and_escapes_html(
    client: httpx.AsyncClient, demo_network: Network
) -> None:
    answer = await client.get(f"/activities/{demo_network.study}")
    assert "<p>The study is finished in the last months of 2019.</p>" in answer.text
    assert "<p>It looks at &lt;script&gt;smart&lt;/script&gt; governance.</p>" in answer.text
    assert "<script>" not in answer.text


async def test_activity_page_in_french_and_spanish(client: httpx.AsyncClient, demo_network: Network) -> None:
    french = Page((await client.get(f"/activities/{demo_network.study}", params={"lang": "fr"})).text)
    assert "A — Mise en œuvre" in french.text
    assert "Fin 2019" in french.text
    assert "15 janvier 2019" in french.text
    spanish = Page((await client.get(f"/activities/{demo_network.promotion}", params={"lang": "es"})).text)
    assert "B — Incidencia" in spanish.text


async def test_unknown_activity_is_a_404_page(client: httpx.AsyncClient, demo_network: Network) -> None:
    for address in ("/activities/9999", "/activities/not-a-number"):
        answer = await client.get(address)
        assert answer.status_code == 404, address
        assert Page(answer.text).h1 == "Page not found"
