"""Two people saving the same thing at the same moment: one wins, the other is told, nothing is lost."""

from __future__ import annotations

import asyncio

import httpx

from tests.factories import members as member_factories


async def test_simultaneous_edits_from_the_same_revision_one_wins_one_gets_409(client: httpx.AsyncClient) -> None:
    await member_factories.member(slug="cahors", name="Cahors")
    first, second = await asyncio.gather(
        client.patch("/api/v1/members/cahors", json={"revision": 1, "name": "Ville de Cahors"}),
        client.patch("/api/v1/members/cahors", json={"revision": 1, "name": "Cahors (Lot)"}),
    )
    statuses = sorted([first.status_code, second.status_code])
    assert statuses == [200, 409]
    winner = first if first.status_code == 200 else second
    stored = (await client.get("/api/v1/members/cahors")).json()
    assert (stored["name"], stored["revision"]) == (winner.json()["name"], 2)


async def test_simultaneous_creates_of_one_slug_create_it_once(client: httpx.AsyncClient) -> None:
    payload = {"slug": "bilbao", "name": "Bilbao", "kind": "city", "country": "ES"}
    answers = await asyncio.gather(*[client.post("/api/v1/members", json=payload) for _ in range(5)])
    assert sorted(a.status_code for a in answers) == [201, 409, 409, 409, 409]
    assert (await client.get("/api/v1/members")).json()["total"] == 1
