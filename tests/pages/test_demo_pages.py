"""Every page of the demo network, in each language: the content people will look at first."""

from __future__ import annotations

import re

import httpx
import pytest
from litestar import Litestar

from coordination.activities import services as activities
from coordination.core.pagination import MAX_LIMIT
from coordination.demo.loader import load_demo
from coordination.events import services as events
from tests.pages.html import Page, check_accessible

LANGUAGES = ("en", "fr", "es")
BODIES = [
    "digital-cities",
    "opportunities-for-all",
    "culture",
    "smart-cities-dialogue",
    "numerique-innovation",
    "villes-moyennes",
]


async def _addresses() -> list[str]:
    activity_ids = [activity.id for activity in (await activities.list_activities(limit=MAX_LIMIT)).items]
    # The events the public may open: members-only ones are "not found" for them.
    event_ids = [event.id for event in (await events.list_events(visible_body_ids=set(), limit=None)).items]
    return [
        "/",
        "/bodies",
        *(f"/bodies/{slug}" for slug in BODIES),
        "/members",
        "/members?kind=intercommunal",
        "/members/bilbao",
        "/members/cerema",
        "/members/antony",
        *(f"/activities/{activity_id}" for activity_id in activity_ids),
        "/events",
        *(f"/events/{event_id}" for event_id in event_ids),
    ]


@pytest.mark.demo
async def test_every_demo_page_renders_in_every_language(client: httpx.AsyncClient, db: Litestar) -> None:
    await load_demo(only_if_empty=True)
    addresses = await _addresses()
    for language in LANGUAGES:
        for address in addresses:
            answer = await client.get(address, params={"lang": language})
            assert answer.status_code == 200, (address, language)
            page = Page(answer.text)
            check_accessible(page)
            assert page.lang == language


@pytest.mark.demo
async def test_demo_pages_show_the_seed_documents(client: httpx.AsyncClient, db: Litestar) -> None:
    """One demo load for several checks: loading it is the slow part."""
    await load_demo(only_if_empty=True)
    # The demo's events are all past: the home page shows the latest ones, so it is never empty.
    page = Page((await client.get("/", params={"lang": "en"})).text)
    assert page.h1 == "United Cities and Local Governments — demo network"
    assert "41 members" in page.text
    assert "Digital Cities Community of Practice Community of practice Bilbao — Lead" in page.text
    recent = page.text.split("Recent events", 1)[1]
    assert recent.startswith(
        " Restitution de DataCités 2 : quels retours d’expérience et quelles suites aux enseignements et "
        "16 préconisations ? (in French) 8 December 2020, 09:30–11:30 (Europe/Paris) · Online"
    )

    page = Page((await client.get("/bodies/digital-cities", params={"lang": "en"})).text)
    assert page.item("Knowledge Commission").startswith(
        "Digital Cities and Knowledge Commission (Commission), until 15 November 2019"
    )
    assert page.item("Bilbao — Lead") == "Bilbao — Lead Juan Mari Aburto, Mayor of Bilbao · since 15 October 2016"
    assert "24 members." in page.text
    french = Page((await client.get("/bodies/digital-cities", params={"lang": "fr"})).text)
    assert "Digital Cities and Knowledge Commission" in french.text
    assert "15 novembre 2019" in french.item("Knowledge Commission")
    assert "Fin 2019" in french.text
    # The Durban panel's day is not known: no page makes one up.
    panel = french.item("City panel")
    assert "novembre 2019" in panel
    assert not re.search(r"\d{1,2} novembre 2019", panel)

    listed = Page((await client.get("/events", params={"lang": "en", "when": "all"})).text)
    restitution = listed.link(
        "Restitution de DataCités 2 : quels retours d’expérience et quelles suites aux enseignements "
        "et 16 préconisations ? (in French)"
    )
    expected = {
        "en": "8 December 2020, 09:30–11:30 (Europe/Paris)",
        "fr": "8 décembre 2020, 09:30–11:30 (Europe/Paris)",
        "es": "8 de diciembre de 2020, 9:30–11:30 (Europe/Paris)",
    }
    for language, when in expected.items():
        page = Page((await client.get(restitution, params={"lang": language})).text)
        assert when in page.text, language
