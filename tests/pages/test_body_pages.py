from __future__ import annotations

import httpx

from tests.pages.conftest import NETWORK_NAME, Network
from tests.pages.html import Page, check_accessible


async def test_bodies_list_shows_kind_leadership_and_status(client: httpx.AsyncClient, demo_network: Network) -> None:
    answer = await client.get("/bodies")
    assert answer.status_code == 200
    page = Page(answer.text)
    check_accessible(page)
    assert page.h1 == "Bodies"
    # By kind (working groups before communities of practice), each with its lead and status.
    assert (
        "Body Kind Leadership Status "
        "Groupe de travail Villes moyennes intelligentes Working group Cerema — Lead Active "
        "Digital Cities Community of Practice Community of practice Bilbao — Lead Active"
    ) in page.text
    assert page.link("Bilbao") == "/members/bilbao"


async def test_body_page_shows_history_leadership_members_activities_and_events(
    client: httpx.AsyncClient, demo_network: Network
) -> None:
    answer = await client.get("/bodies/digital-cities")
    assert answer.status_code == 200
    page = Page(answer.text)
    check_accessible(page)
    assert page.h1 == "Digital Cities Community of Practice"
    assert "Kind Community of practice Status Active Under this name since 15 November 2019" in page.text
    assert (
        page.item("Knowledge Commission")
        == "Digital Cities and Knowledge Commission (Commission), until 15 November 2019"
    )
    assert page.item("Bilbao — Lead") == "Bilbao — Lead Juan Mari Aburto, Mayor of Bilbao · since 15 October 2016"
    assert page.link("Ville d’Antony") == "/members/antony"
    # Activities under their priorities, in priority order, with the period as planned and a readable progress.
    assert (
        "A — Implementation Activity Planned Status Progress Finalisation of the Smart Cities Study End of 2019 "
        "Ongoing 40% B — Advocacy Activity Planned Status Progress Promotion of the study 2020 Planned 0%"
    ) in page.text
    assert page.link("Finalisation of the Smart Cities Study") == f"/activities/{demo_network.study}"
    # Every event of this body is over: the latest first under "Past events".
    assert "Upcoming events No upcoming events. Past events Forum des Interconnectés 6–7 December 2021" in page.text


async def test_body_page_dates_read_in_the_page_language(client: httpx.AsyncClient, demo_network: Network) -> None:
    french = Page((await client.get("/bodies/digital-cities?lang=fr")).text)
    assert "15 octobre 2016" in french.item("Juan Mari Aburto")
    assert "A — Mise en œuvre" in french.text
    assert "Fin 2019" in french.text
    assert "40 %" in french.text  # French puts a (no-break) space before the sign
    spanish = Page((await client.get("/bodies/digital-cities?lang=es")).text)
    assert "15 de octubre de 2016" in spanish.item("Juan Mari Aburto")
    assert "8 de diciembre de 2020, 9:30–11:30 (Europe/Paris)" in spanish.text


async def test_unknown_body_is_a_404_page(client: httpx.AsyncClient, demo_network: Network) -> None:
    answer = await client.get("/bodies/no-such-body")
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")
    page = Page(answer.text)
    check_accessible(page)
    assert page.h1 == "Page not found"
    assert page.link(NETWORK_NAME) == "/"
