"""The number of SQL statements a page or an API call runs does not grow with the data, and stays small.

Speed itself is never asserted (the machine is shared); ``make bench`` measures it.
"""

from __future__ import annotations

import httpx
import pytest

from tests.speed.conftest import BODY, Network, statements

# Statements per request, counted by hand from the queries each page runs; a change that adds one shows here.
BUDGETS = {
    # home, events list and body page: one more for the longest span of an event, which bounds where "from today
    # on" starts reading (events.services.longest_span); body page: one more to read a big body's first members only.
    "home": 20,
    "events list": 9,
    "body page": 35,
    "member page": 18,
    "activity page": 14,
    "event page": 5,
    "bodies list": 7,
    "members list": 3,
    "members of a body": 5,
    "API events": 5,
    "API members": 2,
}


def urls(network: Network) -> dict[str, str]:
    return {
        "home": "/",
        "events list": "/events",
        "body page": f"/bodies/{BODY}",
        "member page": f"/members/{network.first_member}",
        "activity page": f"/activities/{network.first_activity}",
        "event page": f"/events/{network.first_event}",
        "bodies list": "/bodies",
        "members list": "/members",
        "members of a body": f"/members?body={BODY}",
        "API events": "/api/v1/events?limit=50",
        "API members": "/api/v1/members?limit=50",
    }


async def count(client: httpx.AsyncClient, url: str) -> int:
    await client.get(url)  # the first request of a page may fill a cache; the next ones are what users get
    before = statements()
    answer = await client.get(url)
    assert answer.status_code == 200, (url, answer.text[:500])
    return statements() - before


async def test_pages_and_api_run_as_many_statements_on_a_bigger_network(
    client: httpx.AsyncClient, network: Network
) -> None:
    small = {name: await count(client, url) for name, url in urls(network).items()}
    await network.grow(members=70, events=40, activities=12, bodies=4)
    bigger = {name: await count(client, url) for name, url in urls(network).items()}
    assert bigger == small
    over = {name: (counted, BUDGETS[name]) for name, counted in bigger.items() if counted > BUDGETS[name]}
    assert not over, f"statements (counted, budget): {over}"


async def test_the_body_page_shows_a_bounded_part_of_a_big_body_with_links_to_the_rest(
    client: httpx.AsyncClient, network: Network
) -> None:
    await network.grow(members=70, events=40, activities=0, bodies=0)
    page = (await client.get(f"/bodies/{BODY}")).text
    assert "73 members." in page
    assert page.count('<li><a href="/members/city-') == 60
    assert f'href="/members?body={BODY}"' in page
    assert f'href="/events?body={BODY}&amp;from=' in page
    assert f'href="/events?body={BODY}"' in page
    # The link lists every current member of the body, 50 to a page.
    listed = (await client.get(f"/members?body={BODY}")).text
    assert "73 members" in listed
    assert listed.count('<th scope="row"><a href="/members/city-') == 50


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_sqlite_reads_reuse_one_connection(client: httpx.AsyncClient, network: Network) -> None:
    from coordination.core import database

    engine = database.current_engine()
    await client.get("/")
    opened = engine.connections_opened  # type: ignore[attr-defined]
    for _ in range(5):
        assert (await client.get(f"/bodies/{BODY}")).status_code == 200
    # Piccolo's own engine opened one connection (and one thread) per statement: 150 here.
    assert engine.connections_opened == opened  # type: ignore[attr-defined]
