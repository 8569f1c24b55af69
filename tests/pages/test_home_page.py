from __future__ import annotations

import httpx

from tests.factories.bodies import body
from tests.pages.conftest import NETWORK_NAME, Network
from tests.pages.html import Page, check_accessible


async def test_home_shows_the_network_at_a_glance(client: httpx.AsyncClient, demo_network: Network) -> None:
    answer = await client.get("/")
    assert answer.status_code == 200
    page = Page(answer.text)
    check_accessible(page)
    assert page.h1 == NETWORK_NAME
    assert [text for level, text in page.headings if level == 2] == [
        "At a glance",
        "Strategic priorities",
        "Bodies",
        "Upcoming events",
        "Recent events",
    ]
    assert "3 members Kind Number City or municipality 2 Academic or scientific body 1" in page.text
    # Counted under the kind they have now, not the one they had.
    assert "2 bodies Kind Number Working group 1 Community of practice 1" in page.text
    assert "2 activities Status Number Planned 1 Ongoing 1" in page.text
    assert page.item("A — Implementation") == "A — Implementation"
    assert "Digital Cities Community of Practice Community of practice Bilbao — Lead" in page.text
    assert page.link("Digital Cities Community of Practice") == "/bodies/digital-cities"


async def test_home_lists_upcoming_events_and_the_latest_past_ones(
    client: httpx.AsyncClient, antony_client: httpx.AsyncClient, demo_network: Network
) -> None:
    # Antony's focal point also sees Digital Cities' members-only webinar.
    page = Page((await antony_client.get("/")).text)
    upcoming = page.text.split("Upcoming events", 1)[1].split("Recent events", 1)[0]
    assert "Smart mid-sized cities day" in upcoming
    recent = page.text.split("Recent events", 1)[1]
    # Latest first (by first day), five at most, cancelled ones left out.
    assert [title for href, title in page.links if href.startswith("/events/") and title in recent] == [
        "Forum des Interconnectés",
        "Restitution of the DataCités 2 programme",
        "Results for member cities",
        "Uraía annual event",  # to be confirmed in 2020: placed at the year's first day
        "City panel in Durban",
    ]
    assert "Learning meeting in Bilbao" not in page.text
    public = Page((await client.get("/")).text)
    assert [title for href, title in public.links if href.startswith("/events/")] == [
        "Smart mid-sized cities day",
        "Forum des Interconnectés",
        "Restitution of the DataCités 2 programme",
        "Uraía annual event",
        "City panel in Durban",
    ]


async def test_home_of_an_empty_network_answers(client: httpx.AsyncClient) -> None:
    answer = await client.get("/")
    assert answer.status_code == 200
    page = Page(answer.text)
    check_accessible(page)
    assert page.h1 == "Our network"
    assert "No upcoming events." in page.text
    assert "Recent events" not in page.text


async def test_home_lists_twenty_bodies_by_name_and_links_to_all_of_them(client: httpx.AsyncClient, db: object) -> None:
    """A network of 200 bodies is read on /bodies, not on the home page."""
    for number in range(21):
        await body(slug=f"group-{number:02d}", name=f"Group {number:02d}")
    page = Page((await client.get("/")).text)
    listed = [title for href, title in page.links if href.startswith("/bodies/")]
    assert listed == [f"Group {number:02d}" for number in range(20)]
    assert page.link("All bodies") == "/bodies"
    assert "21 bodies" in page.text
