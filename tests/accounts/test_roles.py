"""What each role may do beyond the matrix's yes and no: private emails, refused writes that write nothing, /account.

The permission matrix (test_permission_matrix.py) proves who gets which
answer on every route; these tests look at what the answers hold.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta

import httpx
import pytest
from litestar import Litestar

from coordination.accounts.enums import Role
from coordination.activities import services as activities
from coordination.events import services as events
from coordination.members import services as members
from tests.factories import accounts as account_factories
from tests.factories import activities as activity_factories
from tests.factories import bodies as body_factories
from tests.factories import events as event_factories
from tests.factories import members as member_factories


@dataclass(frozen=True)
class Network:
    antony_mayor: int  # person ids
    bilbao_mayor: int
    activity_culture: int
    event_culture: int
    members_only_digital: int
    tokens: dict[str, dict[str, str]]  # who -> Authorization header


async def _network() -> Network:
    """Antony in Digital Cities, Bilbao in Culture; a lead and a focal point for each, and the secretariat."""
    await body_factories.body(slug="digital-cities", name="Digital Cities")
    await body_factories.body(slug="culture", name="Culture Committee", kind="commission")
    await member_factories.member(slug="antony", name="Ville d’Antony")
    await member_factories.member(slug="bilbao", name="Bilbao", country="ES")
    antony_mayor = await member_factories.person(
        member_slug="antony", name="Jean-Yves Sénant", title="Maire", email="maire@antony.example.org"
    )
    bilbao_mayor = await member_factories.person(
        member_slug="bilbao", name="Juan Mari Aburto", title="Mayor", email="alcalde@bilbao.example.org"
    )
    await body_factories.membership(body_slug="digital-cities", member_slug="antony")
    await body_factories.membership(body_slug="culture", member_slug="bilbao")
    await activity_factories.priority(code="A")
    activity = await activity_factories.activity(body="culture", priority="A", title="Culture 21 Actions")
    event = await event_factories.event(body="culture", title="Culture Summit")
    soon = (date.today() + timedelta(days=7)).isoformat()
    members_only = await event_factories.event(
        body="digital-cities", title="Closed meeting", start_date=soon, visibility="members"
    )
    users = {
        "secretariat": {"role": Role.secretariat},
        "lead_digital": {"role": Role.body_lead, "body": "digital-cities"},
        "focal_antony": {"role": Role.focal_point, "member": "antony"},
        "focal_bilbao": {"role": Role.focal_point, "member": "bilbao"},
    }
    tokens = {}
    for name, values in users.items():
        user = await account_factories.user(email=f"{name}@example.org", **values)
        tokens[name] = account_factories.bearer(await account_factories.api_token(user_id=user.id))
    return Network(
        antony_mayor=antony_mayor.id,
        bilbao_mayor=bilbao_mayor.id,
        activity_culture=activity.id,
        event_culture=event.id,
        members_only_digital=members_only.id,
        tokens=tokens,
    )


@pytest.fixture
async def browser(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """A second client, for the pages as a signed-in person sees them."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        yield http


async def test_people_emails_go_only_to_those_who_work_with_the_member(client: httpx.AsyncClient) -> None:
    network = await _network()

    async def antony_emails(headers: dict[str, str] | None) -> tuple[list[str], str]:
        member = (await client.get("/api/v1/members/antony", headers=headers)).json()
        person = (await client.get(f"/api/v1/people/{network.antony_mayor}", headers=headers)).json()
        return [p["email"] for p in member["people"]], person["email"]

    visible = (["maire@antony.example.org"], "maire@antony.example.org")
    hidden = ([""], "")
    assert await antony_emails(None) == hidden
    assert await antony_emails(network.tokens["secretariat"]) == visible
    assert await antony_emails(network.tokens["focal_antony"]) == visible
    assert await antony_emails(network.tokens["lead_digital"]) == visible  # Antony belongs to Digital Cities
    assert await antony_emails(network.tokens["focal_bilbao"]) == hidden
    bilbao = (await client.get("/api/v1/members/bilbao", headers=network.tokens["lead_digital"])).json()
    assert [(p["name"], p["email"]) for p in bilbao["people"]] == [("Juan Mari Aburto", "")]


async def test_member_page_shows_emails_to_its_focal_point_only(
    client: httpx.AsyncClient, browser: httpx.AsyncClient
) -> None:
    await _network()
    assert "maire@antony.example.org" not in (await client.get("/members/antony")).text
    await account_factories.sign_in(browser, email="focal_antony@example.org")
    page = await browser.get("/members/antony")
    assert '<span class="muted">Maire</span> · <a href="mailto:maire@antony.example.org">' in page.text
    assert "alcalde@bilbao.example.org" not in (await browser.get("/members/bilbao")).text


async def test_refused_writes_change_nothing(client: httpx.AsyncClient) -> None:
    network = await _network()
    lead, focal_antony = network.tokens["lead_digital"], network.tokens["focal_antony"]
    event_before = await events.get_event(event_id=network.event_culture)
    activity_before = await activities.get_activity(activity_id=network.activity_culture)
    hidden_before = await events.get_event(event_id=network.members_only_digital)

    # A lead works on their own body's events and activities, not another's, and cannot move theirs away.
    created = await client.post(
        "/api/v1/events", json=event_factories.forum_payload(body="culture", title="Sneaked in"), headers=lead
    )
    assert (created.status_code, created.json()["detail"]) == (403, "not your body's event")
    moved = await client.patch(
        f"/api/v1/events/{network.members_only_digital}",
        json={"revision": hidden_before.revision, "body": "culture"},
        headers=lead,
    )
    assert moved.status_code == 403
    changed = await client.patch(
        f"/api/v1/activities/{network.activity_culture}",
        json={"revision": activity_before.revision, "title": "Taken over"},
        headers=lead,
    )
    assert changed.status_code == 403
    # A focal point of another body's member does not learn that the members-only event exists.
    peeked = await client.delete(
        f"/api/v1/events/{network.members_only_digital}", headers=network.tokens["focal_bilbao"]
    )
    assert peeked.status_code == 404
    # A focal point changes their own member, not another, and does not create or delete members.
    other = await client.patch("/api/v1/members/bilbao", json={"revision": 1, "name": "Bilbo"}, headers=focal_antony)
    assert other.status_code == 403
    person = await client.patch(
        f"/api/v1/people/{network.bilbao_mayor}", json={"revision": 1, "email": "me@example.org"}, headers=focal_antony
    )
    assert person.status_code == 403
    removed = await client.delete("/api/v1/members/antony", headers=focal_antony)
    assert (removed.status_code, removed.json()["detail"]) == (403, "only the secretariat may do this")
    anonymous = await client.post(
        "/api/v1/members", json={"slug": "cahors", "name": "Cahors", "kind": "city", "country": "FR"}
    )
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"] == 'Bearer realm="coordination"'

    assert (await events.list_events(body_slug="culture")).total == 1
    assert await events.get_event(event_id=network.event_culture) == event_before
    assert await events.get_event(event_id=network.members_only_digital) == hidden_before
    assert await activities.get_activity(activity_id=network.activity_culture) == activity_before
    assert (await members.get_member(slug="bilbao")).name == "Bilbao"
    assert (await members.get_person(person_id=network.bilbao_mayor)).email == "alcalde@bilbao.example.org"
    assert (await members.list_members()).total == 2


async def test_focal_point_and_lead_change_what_is_theirs(client: httpx.AsyncClient) -> None:
    network = await _network()
    focal = network.tokens["focal_antony"]
    renamed = await client.patch("/api/v1/members/antony", json={"revision": 1, "name": "Antony"}, headers=focal)
    assert (renamed.status_code, renamed.json()["name"]) == (200, "Antony")
    added = await client.post(
        "/api/v1/members/antony/people", json={"name": "Ana", "email": "ana@antony.example.org"}, headers=focal
    )
    assert (added.status_code, added.json()["email"]) == (201, "ana@antony.example.org")
    lead = network.tokens["lead_digital"]
    created = await client.post(
        "/api/v1/events", json=event_factories.forum_payload(body="digital-cities"), headers=lead
    )
    assert (created.status_code, created.json()["body"]["slug"]) == (201, "digital-cities")
    hidden = await events.get_event(event_id=network.members_only_digital)
    edited = await client.patch(
        f"/api/v1/events/{hidden.id}", json={"revision": hidden.revision, "location": "Lyon"}, headers=lead
    )
    assert (edited.status_code, edited.json()["location"]) == (200, "Lyon")


async def test_account_page_shows_the_focal_points_member_with_emails_and_bodies(
    client: httpx.AsyncClient, browser: httpx.AsyncClient
) -> None:
    await _network()
    signed_out = await client.get("/account")
    assert (signed_out.status_code, signed_out.headers["location"]) == (303, "/sign-in?next=%2Faccount")
    await account_factories.sign_in(browser, email="focal_antony@example.org")
    home = await browser.get("/")
    # The header names the person; their account is in the menu under their name.
    assert "<summary>Ana Etxeberria</summary>" in home.text
    assert '<a href="/account">Your account</a>' in home.text
    page = await browser.get("/account")
    assert page.status_code == 200
    assert "Your member: Ville d’Antony" in page.text
    assert '<a href="mailto:maire@antony.example.org">maire@antony.example.org</a>' in page.text
    assert '<a href="/bodies/digital-cities">Digital Cities</a>' in page.text
    assert "Closed meeting" in page.text  # the members-only event of Antony's body
    assert "Bilbao" not in page.text
    assert "Culture" not in page.text
    refused = await browser.get("/users")
    assert refused.status_code == 403
    assert "Your account may not see or change this." in refused.text


async def test_account_page_shows_the_leads_body_and_its_members(browser: httpx.AsyncClient) -> None:
    await _network()
    await account_factories.sign_in(browser, email="lead_digital@example.org")
    page = await browser.get("/account")
    assert "Your body: Digital Cities" in page.text
    assert '<a href="/members/antony">Ville d’Antony</a>' in page.text
    assert "Closed meeting" in page.text
