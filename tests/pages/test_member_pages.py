from __future__ import annotations

import httpx

from tests.pages.conftest import Network
from tests.pages.html import Page, check_accessible


async def test_members_list_shows_kind_and_country(client: httpx.AsyncClient, demo_network: Network) -> None:
    answer = await client.get("/members")
    assert answer.status_code == 200
    page = Page(answer.text)
    check_accessible(page)
    assert page.h1 == "Members"
    assert (
        "3 members Member Kind Country Bilbao City or municipality Spain Cerema Academic or scientific body France "
        "Ville d’Antony City or municipality France"
    ) in page.text
    assert page.link("Cerema") == "/members/cerema"


async def test_members_list_filters_by_kind_through_a_labelled_form(
    client: httpx.AsyncClient, demo_network: Network
) -> None:
    answer = await client.get("/members", params={"kind": "academic"})
    page = Page(answer.text)
    check_accessible(page)  # the kind selector has its label
    assert [control["name"] for control in page.controls] == ["kind"]
    assert '<option value="academic" selected>Academic or scientific body</option>' in answer.text
    assert "1 member Member Kind Country Cerema Academic or scientific body France" in page.text
    assert "Bilbao" not in page.text.split("1 member", 1)[1]


async def test_members_list_with_an_unknown_kind_lists_everyone(
    client: httpx.AsyncClient, demo_network: Network
) -> None:
    answer = await client.get("/members", params={"kind": "planet"})
    assert answer.status_code == 200
    page = Page(answer.text)
    assert "That kind is unknown; all members are shown." in page.text
    assert "3 members" in page.text


async def test_members_list_speaks_the_page_language(client: httpx.AsyncClient, demo_network: Network) -> None:
    page = Page((await client.get("/members", params={"lang": "es"})).text)
    assert "Bilbao" in page.text
    assert "España" in page.text  # country names come from Babel in the page's language


async def test_member_page_shows_people_bodies_and_activities_but_no_email(
    client: httpx.AsyncClient, demo_network: Network
) -> None:
    answer = await client.get("/members/bilbao")
    assert answer.status_code == 200
    page = Page(answer.text)
    check_accessible(page)
    assert page.h1 == "Bilbao"
    assert "Kind City or municipality Country Spain" in page.text
    assert page.item("Juan Mari Aburto") == "Juan Mari Aburto, Mayor of Bilbao"
    assert "alcaldia@bilbao.example.org" not in answer.text
    assert "Digital Cities Community of Practice Community of practice Lead, Member" in page.text
    assert page.link("Digital Cities Community of Practice") == "/bodies/digital-cities"
    assert (
        "Finalisation of the Smart Cities Study Digital Cities Community of Practice End of 2019 Ongoing" in page.text
    )
    assert page.link("Finalisation of the Smart Cities Study") == f"/activities/{demo_network.study}"


async def test_unknown_member_is_a_404_page(client: httpx.AsyncClient, demo_network: Network) -> None:
    answer = await client.get("/members/atlantis")
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")
    assert Page(answer.text).h1 == "Page not found"
