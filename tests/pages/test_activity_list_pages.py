"""The activities list with its filters, and the page of each strategic priority."""

from __future__ import annotations

import re

import httpx

from tests.pages.conftest import Network
from tests.pages.html import Page, check_accessible


def _titles(answer: httpx.Response) -> list[str]:
    return [text for href, text in Page(answer.text).links if re.fullmatch(r"/activities/\d+", href)]


async def test_activities_list_filters_by_body_priority_status_and_year(
    client: httpx.AsyncClient, demo_network: Network
) -> None:
    answer = await client.get("/activities")
    assert answer.status_code == 200
    check_accessible(Page(answer.text))
    assert _titles(answer) == ["Finalisation of the Smart Cities Study", "Promotion of the study"]
    assert _titles(await client.get("/activities", params={"priority": "B"})) == ["Promotion of the study"]
    assert _titles(await client.get("/activities", params={"status": "ongoing"})) == [
        "Finalisation of the Smart Cities Study"
    ]
    # The promotion is planned for 2020; the study, started in 2019 and not finished, runs on into 2020.
    assert _titles(await client.get("/activities", params={"year": "2019"})) == [
        "Finalisation of the Smart Cities Study"
    ]
    assert len(_titles(await client.get("/activities", params={"year": "2020"}))) == 2
    assert _titles(await client.get("/activities", params={"body": "villes-moyennes"})) == []
    # A stale or hand-edited filter is no filter, never an error.
    stale = await client.get("/activities", params={"body": "gone", "priority": "Z", "year": "x", "status": "?"})
    assert stale.status_code == 200
    assert len(_titles(stale)) == 2


async def test_each_priority_has_a_page_linked_from_home(client: httpx.AsyncClient, demo_network: Network) -> None:
    home = Page((await client.get("/")).text)
    assert home.link("A — Implementation") == "/priorities/A"
    answer = await client.get("/priorities/A", params={"lang": "fr"})
    assert answer.status_code == 200
    page = Page(answer.text)
    check_accessible(page)
    assert page.h1 == "Mise en œuvre"
    assert "Digital Cities Community of Practice" in page.text
    # Written in English, not translated: the original, marked for the French reader.
    assert _titles(answer) == ["Finalisation of the Smart Cities Study (en anglais)"]
    assert '<span lang="en">Finalisation of the Smart Cities Study</span>' in answer.text
    missing = await client.get("/priorities/Q")
    assert missing.status_code == 404
