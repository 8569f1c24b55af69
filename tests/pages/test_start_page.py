"""The start page: after signing in, each person sees what they can act on."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from litestar import Litestar

from coordination.accounts.enums import Role
from coordination.accounts.schemas import Grant
from tests.factories import accounts
from tests.factories import reporting as reporting_factories
from tests.pages.conftest import Network
from tests.pages.html import Page, check_accessible


@asynccontextmanager
async def _signed_in(app: Litestar, email: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        signed = await accounts.sign_in(http, email=email)
        # Signing in from the sign-in page itself (no "next") lands on the start page.
        assert signed.status_code == 303
        assert signed.headers["location"] == "/start"
        yield http


async def test_a_lead_sees_their_bodys_activities_and_events_with_edit_links(
    app: Litestar, demo_network: Network
) -> None:
    await accounts.user(role=Role.body_lead, body="digital-cities", email="lead@bilbao.example.org")
    async with _signed_in(app, "lead@bilbao.example.org") as http:
        answer = await http.get("/start")
    assert answer.status_code == 200
    page = Page(answer.text)
    check_accessible(page)
    assert "Your body: Digital Cities Community of Practice" in page.text
    assert page.link("Finalisation of the Smart Cities Study") == f"/activities/{demo_network.study}"
    assert f'href="/activities/{demo_network.study}/edit"' in answer.text
    assert page.link("Add an activity") == "/activities/new?body=digital-cities"
    assert page.link("Add an event") == "/events/new?body=digital-cities"
    # The other body's event is not theirs.
    assert "Smart mid-sized cities day" not in page.text
    assert "The network's open items" not in page.text


async def test_a_focal_point_sees_their_member_and_what_it_owes(app: Litestar, demo_network: Network) -> None:
    # A period that is now overdue, owed by Antony: the focal point sees it among what they owe.
    period = await reporting_factories.period(members=["antony"])
    await reporting_factories.slot_of(period=period.slug, member="antony")
    await accounts.user(role=Role.focal_point, member="antony", email="focal@antony.example.org")
    async with _signed_in(app, "focal@antony.example.org") as http:
        page = Page((await http.get("/start")).text)
    assert "Your member: Ville d’Antony" in page.text
    assert "Progress reports you owe" in page.text
    owed = page.text.split("Progress reports you owe", 1)[1]
    assert "Ville d’Antony — 2020" in owed
    assert "Overdue" in owed
    # A focal point edits no body: no add links.
    assert "Add an activity" not in page.text


async def test_the_secretariat_sees_the_networks_open_items(app: Litestar, demo_network: Network) -> None:
    await accounts.user(email="officer@network.example.org")
    async with _signed_in(app, "officer@network.example.org") as http:
        page = Page((await http.get("/start")).text)
    headings = [text for level, text in page.headings if level in (2, 3)]
    assert headings[:3] == ["The network's open items", "Reports awaiting review", "Overdue reports"]
    assert "Active bodies without a lead" in page.text
    assert "Your body" not in page.text


async def test_someone_with_two_roles_sees_both_parts(app: Litestar, demo_network: Network) -> None:
    await accounts.user(
        assignments=[
            Grant(role=Role.body_lead, body="villes-moyennes"),
            Grant(role=Role.focal_point, member="bilbao"),
        ],
        email="both@example.org",
    )
    async with _signed_in(app, "both@example.org") as http:
        page = Page((await http.get("/start")).text)
    assert "Your body: Groupe de travail Villes moyennes intelligentes" in page.text
    assert "Your member: Bilbao" in page.text
    assert "Smart mid-sized cities day" in page.text


async def test_the_start_page_asks_the_public_to_sign_in(client: httpx.AsyncClient) -> None:
    answer = await client.get("/start")
    assert answer.status_code in (302, 303)
    assert answer.headers["location"].startswith("/sign-in")
