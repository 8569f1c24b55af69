"""Personal feeds: members-only events behind a secret link, following the owner's rights, revocable."""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import icalendar
import msgspec
import pytest
from litestar import Litestar

from coordination.accounts import services as accounts
from coordination.accounts.enums import Role
from coordination.accounts.schemas import Grant, UserOut
from coordination.bodies import memberships
from coordination.bodies import services as bodies
from coordination.bodies.schemas import MembershipUpdate
from coordination.feeds import private
from coordination.feeds.schemas import PersonalFeedCreate
from coordination.feeds.tables import PersonalFeed
from tests.factories import accounts as account_factories
from tests.factories import bodies as body_factories
from tests.factories import events as event_factories
from tests.factories import members as member_factories
from tests.feeds.checks import check_feeds, parse_icalendar, parse_vobject

BASE_URL = "https://coordination.example.org"  # tests/feeds/conftest.py's settings
_FEED_URL = re.compile(r'id="new-feed-url">([^<]+)<')
_WEBCAL_URL = re.compile(r'id="new-feed-webcal">([^<]+)<')


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    # Over https, as base_url says: the session cookie is Secure and would not be sent over http.
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://testserver") as http:
        yield http


A_PUBLIC = "Forum of body A"
A_MEMBERS = "Members' meeting of body A"
B_PUBLIC = "Forum of body B"
B_MEMBERS = "Members' meeting of body B"


async def two_bodies() -> int:
    """Bodies A (member X) and B (member Y), each with a public and a members-only event; X's membership id."""
    await body_factories.body(slug="body-a", name="Body A")
    await body_factories.body(slug="body-b", name="Body B")
    await member_factories.member(slug="member-x", name="Member X")
    await member_factories.member(slug="member-y", name="Member Y")
    membership_x = await body_factories.membership(body_slug="body-a", member_slug="member-x")
    await body_factories.membership(body_slug="body-b", member_slug="member-y")
    await event_factories.event(body="body-a", title=A_PUBLIC, start_date="2026-03-02")
    await event_factories.event(body="body-a", title=A_MEMBERS, visibility="members", start_date="2026-03-03")
    await event_factories.event(body="body-b", title=B_PUBLIC, start_date="2026-03-04")
    await event_factories.event(body="body-b", title=B_MEMBERS, visibility="members", start_date="2026-03-05")
    return membership_x.id


async def focal_point_of_x() -> UserOut:
    return await account_factories.user(role=Role.focal_point, member="member-x", email="focal.x@example.org")


async def new_feed(user: UserOut, name: str = "My bodies") -> str:
    """The path of a fresh personal feed of ``user``."""
    created = await private.create_personal_feed(user_id=user.id, data=PersonalFeedCreate(name=name), base_url=BASE_URL)
    return created.url.removeprefix(BASE_URL)


async def titles(client: httpx.AsyncClient, path: str) -> set[str]:
    answer = await client.get(path)
    assert answer.status_code == 200, answer.text
    return {event["summary"] for event in parse_icalendar(answer.content)}


async def test_a_focal_points_feed_holds_its_bodys_events_members_only_included_and_passes_every_parser(
    client: httpx.AsyncClient, tmp_path: Path, icaljs: Path
) -> None:
    await two_bodies()
    await focal_point_of_x()
    await account_factories.sign_in(client, email="focal.x@example.org")
    page = await account_factories.post_form(client, "/account/feeds", "/account/feeds", {"name": "My bodies"})
    assert page.status_code == 200, page.text
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    found_url, found_webcal = _FEED_URL.search(page.text), _WEBCAL_URL.search(page.text)
    assert found_url is not None
    assert found_webcal is not None
    url, webcal = found_url.group(1), found_webcal.group(1)
    assert re.fullmatch(rf"{BASE_URL}/calendars/private/cal_[A-Za-z0-9_-]{{43}}\.ics", url), url
    assert webcal == "webcal://" + url.removeprefix("https://")
    assert "Your feeds hold the events of: Body A." in page.text

    client.cookies.clear()  # a calendar app has no session: the link alone opens the feed
    path = url.removeprefix(BASE_URL)
    answer = await client.get(path, headers={"Accept-Encoding": "identity"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/calendar; charset=utf-8"
    assert answer.headers["cache-control"] == "private, max-age=300"
    assert answer.headers["referrer-policy"] == "no-referrer"
    assert answer.headers["etag"] == f'"{hashlib.sha256(answer.content).hexdigest()[:40]}"'
    assert {event["summary"] for event in parse_icalendar(answer.content)} == {A_MEMBERS, A_PUBLIC}
    assert {event["summary"] for event in parse_vobject(answer.content)} == {A_MEMBERS, A_PUBLIC}
    calendar = icalendar.Calendar.from_ical(answer.content)
    assert str(calendar["X-WR-CALNAME"]) == f"My bodies ({(await _network_name())})"
    assert str(calendar["SOURCE"]) == url
    feed_file = tmp_path / "personal.ics"
    feed_file.write_bytes(answer.content)
    check_feeds([feed_file], icaljs)

    again = await client.get(path, headers={"If-None-Match": answer.headers["etag"]})
    assert (again.status_code, again.headers["cache-control"], again.content) == (304, "private, max-age=300", b"")
    head = await client.head(path, headers={"Accept-Encoding": "identity"})
    assert (head.status_code, head.content, head.headers["etag"]) == (200, b"", answer.headers["etag"])


async def _network_name() -> str:
    from coordination.network import services as network

    return (await network.get_network()).name


async def test_public_feeds_never_hold_members_only_events_even_after_a_personal_feed_was_read(
    client: httpx.AsyncClient,
) -> None:
    await two_bodies()
    secretariat = await account_factories.user(role=Role.secretariat, password=None)
    assert await titles(client, await new_feed(secretariat)) == {A_MEMBERS, B_MEMBERS, A_PUBLIC, B_PUBLIC}
    # Same worker, same cache: the personal snapshot must not leak into a public feed.
    assert await titles(client, "/calendars/network.ics") == {A_PUBLIC, B_PUBLIC}
    assert await titles(client, "/calendars/bodies/body-a.ics") == {A_PUBLIC}
    assert await titles(client, "/calendars/members/member-x.ics") == {A_PUBLIC}


async def test_each_role_gets_the_events_of_the_bodies_whose_members_only_events_it_may_read(
    client: httpx.AsyncClient,
) -> None:
    await two_bodies()
    secretariat = await account_factories.user(role=Role.secretariat, password=None)
    lead_b = await account_factories.user(role=Role.body_lead, body="body-b", password=None)
    focal_x = await account_factories.user(role=Role.focal_point, member="member-x", password=None)
    await member_factories.member(slug="member-z", name="Member Z")  # in no body
    focal_z = await account_factories.user(role=Role.focal_point, member="member-z", password=None)
    assert await titles(client, await new_feed(secretariat)) == {A_MEMBERS, B_MEMBERS, A_PUBLIC, B_PUBLIC}
    assert await titles(client, await new_feed(lead_b)) == {B_MEMBERS, B_PUBLIC}
    assert await titles(client, await new_feed(focal_x)) == {A_MEMBERS, A_PUBLIC}
    assert await titles(client, await new_feed(focal_z)) == set()


async def test_someone_with_two_roles_gets_both_bodies_and_loses_one_when_a_role_is_revoked(
    client: httpx.AsyncClient,
) -> None:
    await two_bodies()
    await account_factories.user(role=Role.secretariat, password=None)
    person = await account_factories.user(
        assignments=[Grant(role=Role.body_lead, body="body-b"), Grant(role=Role.focal_point, member="member-x")],
        password=None,
    )
    path = await new_feed(person)
    first = await client.get(path)
    assert {event["summary"] for event in parse_icalendar(first.content)} == {
        A_MEMBERS,
        A_PUBLIC,
        B_MEMBERS,
        B_PUBLIC,
    }
    lead = next(a for a in person.assignments if a.role is Role.body_lead)
    await accounts.revoke(user_id=person.id, assignment_id=lead.id)
    # At the next poll, even one that names the version it has.
    after = await client.get(path, headers={"If-None-Match": first.headers["etag"]})
    assert after.status_code == 200
    assert {event["summary"] for event in parse_icalendar(after.content)} == {A_MEMBERS, A_PUBLIC}


async def test_a_focal_point_whose_member_leaves_a_body_stops_seeing_its_events(client: httpx.AsyncClient) -> None:
    membership_x = await two_bodies()
    path = await new_feed(await focal_point_of_x())
    assert await titles(client, path) == {A_MEMBERS, A_PUBLIC}
    await memberships.update_membership(
        membership_id=membership_x,
        data=msgspec.convert({"revision": 1, "end_date": bodies.today() - timedelta(days=1)}, MembershipUpdate),
    )
    assert await titles(client, path) == set()


async def test_a_revoked_link_answers_404_like_an_unknown_one_and_the_others_still_work(
    client: httpx.AsyncClient,
) -> None:
    await two_bodies()
    user = await focal_point_of_x()
    kept, revoked = await new_feed(user, "Laptop"), await new_feed(user, "Phone")
    assert (await client.get(revoked)).status_code == 200  # cached before the revocation, too
    await account_factories.sign_in(client, email=user.email)
    listed = await private.list_personal_feeds(user_id=user.id)
    phone = next(feed for feed in listed.items if feed.name == "Phone")
    answer = await account_factories.post_form(client, "/account/feeds", f"/account/feeds/{phone.id}/revoke", {})
    assert (answer.status_code, answer.headers["location"]) == (303, "/account/feeds?done=revoked")
    client.cookies.clear()

    gone = await client.get(revoked)
    unknown = await client.get("/calendars/private/cal_" + "A" * 43 + ".ics")
    malformed = await client.get("/calendars/private/not-a-token.ics")
    without_suffix = await client.get(revoked.removesuffix(".ics"))
    assert [gone.status_code, unknown.status_code, malformed.status_code, without_suffix.status_code] == [404] * 4
    assert gone.json() == unknown.json() == malformed.json() == without_suffix.json()
    assert gone.json()["detail"] == "calendar not found"
    assert (await client.get(kept)).status_code == 200
    assert [feed.name for feed in (await private.list_personal_feeds(user_id=user.id)).items] == ["Laptop"]


async def test_revoking_all_links_stops_every_one_of_them(client: httpx.AsyncClient) -> None:
    await two_bodies()
    user = await focal_point_of_x()
    other = await account_factories.user(role=Role.secretariat, password=None)
    paths = [await new_feed(user, "Laptop"), await new_feed(user, "Phone")]
    others = await new_feed(other)
    await account_factories.sign_in(client, email=user.email)
    answer = await account_factories.post_form(client, "/account/feeds", "/account/feeds/revoke-all", {})
    assert (answer.status_code, answer.headers["location"]) == (303, "/account/feeds?done=revoked-all")
    page = await client.get("/account/feeds?done=revoked-all")
    assert "All your feed links were revoked" in page.text
    assert "You have no personal feed." in page.text
    client.cookies.clear()
    assert [(await client.get(path)).status_code for path in paths] == [404, 404]
    assert (await client.get(others)).status_code == 200, "someone else's links are theirs"


async def test_a_disabled_persons_links_answer_404_at_once(client: httpx.AsyncClient) -> None:
    await two_bodies()
    user = await focal_point_of_x()
    path = await new_feed(user)
    assert (await client.get(path)).status_code == 200
    await accounts.disable_user(email=user.email)
    assert (await client.get(path)).status_code == 404


async def test_a_link_is_stored_hashed_and_its_use_recorded_at_most_once_a_minute(
    client: httpx.AsyncClient,
) -> None:
    await two_bodies()
    user = await focal_point_of_x()
    created = await private.create_personal_feed(
        user_id=user.id, data=PersonalFeedCreate(name="My bodies"), base_url=BASE_URL
    )
    rows = await PersonalFeed.select(PersonalFeed.token_hash, PersonalFeed.prefix)
    assert rows == [{"token_hash": hashlib.sha256(created.token.encode()).hexdigest(), "prefix": created.token[:10]}]
    assert (await private.list_personal_feeds(user_id=user.id)).items[0].last_used_at is None
    path = created.url.removeprefix(BASE_URL)
    await client.get(path)
    first = (await private.list_personal_feeds(user_id=user.id)).items[0].last_used_at
    assert first is not None
    await client.get(path)
    assert (await private.list_personal_feeds(user_id=user.id)).items[0].last_used_at == first


async def test_the_page_refuses_a_feed_without_a_name_and_creates_nothing(client: httpx.AsyncClient) -> None:
    user = await focal_point_of_x_alone()
    await account_factories.sign_in(client, email=user.email)
    answer = await account_factories.post_form(client, "/account/feeds", "/account/feeds", {"name": "   "})
    assert answer.status_code == 400
    assert "Give the feed a name" in answer.text
    assert (await private.list_personal_feeds(user_id=user.id)).total == 0


async def focal_point_of_x_alone() -> UserOut:
    await member_factories.member(slug="member-x", name="Member X")
    return await focal_point_of_x()


async def test_a_token_holder_creates_lists_and_revokes_feed_links_through_the_api(client: httpx.AsyncClient) -> None:
    await two_bodies()
    user = await focal_point_of_x()
    headers = account_factories.bearer(await account_factories.api_token(user_id=user.id))
    created = await client.post("/api/v1/feed-tokens", json={"name": "Phone"}, headers=headers)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["name"] == "Phone"
    assert body["url"] == f"{BASE_URL}/calendars/private/{body['token']}.ics"
    assert body["webcal_url"] == f"webcal://coordination.example.org/calendars/private/{body['token']}.ics"
    assert await titles(client, body["url"].removeprefix(BASE_URL)) == {A_MEMBERS, A_PUBLIC}

    listed = (await client.get("/api/v1/feed-tokens", headers=headers)).json()
    assert listed["total"] == 1
    assert set(listed["items"][0]) == {"id", "name", "prefix", "created_at", "last_used_at", "revoked_at"}
    assert listed["items"][0]["prefix"] == body["token"][:10]

    revoked = await client.delete(f"/api/v1/feed-tokens/{body['id']}", headers=headers)
    assert revoked.status_code == 204
    assert (await client.get(body["url"].removeprefix(BASE_URL))).status_code == 404
    assert (await client.get("/api/v1/feed-tokens", headers=headers)).json()["total"] == 0
    history = (await client.get("/api/v1/feed-tokens?include_revoked=true", headers=headers)).json()
    assert [item["name"] for item in history["items"]] == ["Phone"]
    assert history["items"][0]["revoked_at"] is not None

    await client.post("/api/v1/feed-tokens", json={"name": "Laptop"}, headers=headers)
    await client.post("/api/v1/feed-tokens", json={"name": "Tablet"}, headers=headers)
    everything = await client.post("/api/v1/feed-tokens/revoke-all", headers=headers)
    assert (everything.status_code, everything.json()) == (200, {"revoked": 2})


async def test_the_api_refuses_bad_names_and_other_peoples_links_and_writes_nothing(
    client: httpx.AsyncClient,
) -> None:
    user = await focal_point_of_x_alone()
    headers = account_factories.bearer(await account_factories.api_token(user_id=user.id))
    for payload, field in [({"name": ""}, "name"), ({"name": "x" * 101}, "name"), ({"name": "a", "x": 1}, "x")]:
        answer = await client.post("/api/v1/feed-tokens", json=payload, headers=headers)
        assert answer.status_code == 400, payload
        assert [error["field"] for error in answer.json()["errors"]] == [field], answer.json()
    assert await PersonalFeed.count() == 0

    stranger = await account_factories.user(role=Role.secretariat, password=None)
    theirs = await private.create_personal_feed(
        user_id=stranger.id, data=PersonalFeedCreate(name="Theirs"), base_url=BASE_URL
    )
    answer = await client.delete(f"/api/v1/feed-tokens/{theirs.id}", headers=headers)
    assert answer.status_code == 404
    assert (await client.get(theirs.url.removeprefix(BASE_URL))).status_code == 200
    assert (await client.get("/api/v1/feed-tokens")).status_code == 401
