"""Feeds over HTTP: validators and 304s, HEAD, the gzip copy, caching, and what public feeds never show."""

from __future__ import annotations

import gzip
import hashlib
from datetime import datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

import httpx
import msgspec
import pytest
from litestar import Litestar

from coordination.bodies import services as bodies
from coordination.bodies.schemas import BodyUpdate
from coordination.core import changes
from coordination.events import services as events
from coordination.events.schemas import EventUpdate
from coordination.feeds import http
from tests.factories import activities as activity_factories
from tests.factories import bodies as body_factories
from tests.factories import events as event_factories
from tests.factories import members as member_factories

PLAIN = {"Accept-Encoding": "identity"}
PATH = "/calendars/bodies/digital-cities.ics"


async def digital_cities(**overrides: object) -> None:
    await body_factories.body(slug="digital-cities", name="Community of Practice on Digital Cities")
    await event_factories.event(body="digital-cities", description="Two days in Lyon. " * 60, **overrides)


async def raw(
    client: httpx.AsyncClient, method: str, path: str, headers: dict[str, str]
) -> tuple[httpx.Response, bytes]:
    """The answer and its bytes as sent, before httpx would decode a gzip body."""
    async with client.stream(method, path, headers=headers) as answer:
        return answer, b"".join([chunk async for chunk in answer.aiter_raw()])


async def test_a_feed_names_its_type_file_validators_and_cache_lifetime(client: httpx.AsyncClient) -> None:
    await digital_cities()
    answer = await client.get(PATH, headers=PLAIN)
    assert answer.status_code == 200
    latest = max(counter.changed_at for counter in (await changes.read_counters()).values())
    assert {name: answer.headers.get(name) for name in HEADERS} == {
        "content-type": "text/calendar; charset=utf-8",
        "content-disposition": 'inline; filename="bodies-digital-cities.ics"',
        "cache-control": "public, max-age=300",
        "vary": "Accept-Encoding",
        "etag": f'"{hashlib.sha256(answer.content).hexdigest()[:40]}"',
        "last-modified": format_datetime(latest.replace(microsecond=0), usegmt=True),
        "content-length": str(len(answer.content)),
        "content-encoding": None,
    }
    assert (await client.get(PATH, headers=PLAIN)).content == answer.content, "same data, same bytes"


HEADERS = (
    "content-type",
    "content-disposition",
    "cache-control",
    "vary",
    "etag",
    "last-modified",
    "content-length",
    "content-encoding",
)


async def test_if_none_match_gives_304_for_the_current_content_however_the_tag_is_written(
    client: httpx.AsyncClient,
) -> None:
    await digital_cities()
    plain = await client.get(PATH, headers=PLAIN)
    zipped, _ = await raw(client, "GET", PATH, {"Accept-Encoding": "gzip"})
    etag, gzip_etag = plain.headers["etag"], zipped.headers["etag"]
    assert gzip_etag == etag[:-1] + '-gzip"'
    for sent in (etag, f'"stale", {etag}', f"W/{etag}", "*", gzip_etag):
        answer = await client.get(PATH, headers={**PLAIN, "If-None-Match": sent})
        assert (answer.status_code, answer.content) == (304, b""), sent
        assert {name: answer.headers.get(name) for name in HEADERS} == {
            "content-type": None,
            "content-disposition": None,
            "cache-control": "public, max-age=300",
            "vary": "Accept-Encoding",
            "etag": etag,
            "last-modified": plain.headers["last-modified"],
            "content-length": None,
            "content-encoding": None,
        }
    for sent in ('"stale"', etag[:-2] + '"', "garbage"):
        assert (await client.get(PATH, headers={**PLAIN, "If-None-Match": sent})).status_code == 200, sent


async def test_if_modified_since_gives_304_unless_if_none_match_says_otherwise(client: httpx.AsyncClient) -> None:
    await digital_cities()
    plain = await client.get(PATH, headers=PLAIN)
    last_modified = plain.headers["last-modified"]
    assert (await client.get(PATH, headers={"If-Modified-Since": last_modified})).status_code == 304
    earlier = format_datetime(plain_date(last_modified) - timedelta(seconds=1), usegmt=True)
    assert (await client.get(PATH, headers={**PLAIN, "If-Modified-Since": earlier})).status_code == 200
    assert (await client.get(PATH, headers={**PLAIN, "If-Modified-Since": "yesterday"})).status_code == 200
    both = {**PLAIN, "If-Modified-Since": last_modified, "If-None-Match": '"stale"'}
    assert (await client.get(PATH, headers=both)).status_code == 200


def plain_date(value: str) -> datetime:
    return parsedate_to_datetime(value)


async def test_head_sends_the_headers_of_get_and_no_body(client: httpx.AsyncClient) -> None:
    await digital_cities()
    for encoding in ("identity", "gzip"):
        get, get_body = await raw(client, "GET", PATH, {"Accept-Encoding": encoding})
        head, head_body = await raw(client, "HEAD", PATH, {"Accept-Encoding": encoding})
        assert (head.status_code, head_body) == (200, b"")
        assert {name: head.headers.get(name) for name in HEADERS} == {name: get.headers.get(name) for name in HEADERS}
        assert int(head.headers["content-length"]) == len(get_body) > 0
    not_modified = await client.head(PATH, headers={"If-None-Match": get.headers["etag"]})
    assert (not_modified.status_code, not_modified.content) == (304, b"")


async def test_the_gzip_copy_is_the_feed_compressed_once_and_only_for_clients_that_accept_it(
    client: httpx.AsyncClient,
) -> None:
    await digital_cities()
    plain = await client.get(PATH, headers=PLAIN)
    assert len(plain.content) > 1024  # large enough for the app's compression middleware to act, if it did
    for accepted in ("gzip", "gzip, deflate, br", "br;q=1.0, gzip;q=0.5", "*"):
        answer, body = await raw(client, "GET", PATH, {"Accept-Encoding": accepted})
        assert answer.headers["content-encoding"] == "gzip", accepted
        assert int(answer.headers["content-length"]) == len(body) < len(plain.content)
        assert gzip.decompress(body) == plain.content, "compressed exactly once"
    for refused in ("identity", "gzip;q=0", "br", "*;q=0", ""):
        answer, body = await raw(client, "GET", PATH, {"Accept-Encoding": refused})
        assert (answer.headers.get("content-encoding"), body) == (None, plain.content), refused


async def test_public_feeds_never_show_members_only_or_undated_events(client: httpx.AsyncClient) -> None:
    await activity_factories.priority(code="A")
    await body_factories.body(slug="digital-cities")
    city = await member_factories.member(slug="bilbao")
    await body_factories.membership(body_slug="digital-cities", member_slug=city.slug)
    activity = await activity_factories.activity(body="digital-cities", priority="A")
    public = await event_factories.event(body="digital-cities", activity=activity.id, kind="webinar")
    private = await event_factories.event(
        body="digital-cities", activity=activity.id, kind="webinar", visibility="members", title="Steering group"
    )
    undated = await event_factories.event(
        body="digital-cities", activity=activity.id, kind="webinar", timing="to_be_confirmed", year=2022, month=5
    )
    feeds = [
        "/calendars/network.ics",
        "/calendars/bodies/digital-cities.ics",
        "/calendars/members/bilbao.ics",
        "/calendars/priorities/A.ics",
        "/calendars/kinds/webinar.ics",
        "/calendars/network.ics?body=digital-cities&member=bilbao&priority=A&kind=webinar&status=confirmed",
    ]
    for path in feeds:
        answer = await client.get(path)
        assert answer.status_code == 200, path
        assert answer.content.count(b"BEGIN:VEVENT") == 1, path
        assert f"UID:{public.uid}".encode() in answer.content, path
    hidden = await client.get(f"/calendars/events/{private.id}.ics")
    missing = await client.get("/calendars/events/999999.ics")
    assert (hidden.status_code, hidden.json()["detail"]) == (404, f"event {private.id} not found")
    assert (missing.status_code, missing.json()["detail"]) == (404, "event 999999 not found")
    later = await client.get(f"/calendars/events/{undated.id}.ics")
    assert later.status_code == 404
    assert "date is still to be confirmed" in later.json()["detail"]
    assert (await client.get(f"/calendars/events/{public.id}.ics")).status_code == 200


async def test_unknown_feeds_answer_404_and_bad_filters_400_naming_the_field(client: httpx.AsyncClient) -> None:
    await digital_cities()
    for path in (
        "/calendars/bodies/nowhere.ics",
        "/calendars/members/nowhere.ics",
        "/calendars/priorities/Q.ics",
        "/calendars/kinds/party.ics",
        "/calendars/events/0.ics",
        "/calendars/events/99999999999.ics",
        "/calendars/events/١٢.ics",
        "/calendars/bodies/digital-cities.txt",
        "/calendars/bodies/.ics",
    ):
        answer = await client.get(path)
        assert answer.status_code == 404, path
        assert answer.headers["content-type"] == "application/json", path
    for query, field in (
        ("from=yesterday", "from"),
        ("kind=party", "kind"),
        ("status=postponed", "status"),
        ("body=nowhere", "body"),
        ("member=nowhere", "member"),
        ("priority=Q", "priority"),
    ):
        answer = await client.get(f"/calendars/network.ics?{query}")
        assert answer.status_code == 400, query
        assert [error["field"] for error in answer.json()["errors"]] == [field], query


async def test_polls_touch_neither_the_database_nor_the_renderer_until_a_change(
    client: httpx.AsyncClient, app: Litestar
) -> None:
    await digital_cities()
    cache = app.state.feed_cache
    clock = [1000.0]
    cache.clock, cache.check_seconds = (lambda: clock[0]), 1.0
    first = await client.get(PATH)
    renders, checks = cache.renders, cache.checks
    for _ in range(20):
        assert (await client.get(PATH)).content == first.content
        assert (await client.get(PATH, headers={"If-None-Match": first.headers["etag"]})).status_code == 304
    assert (cache.renders, cache.checks) == (renders, checks)
    clock[0] += 1.0
    assert (await client.get(PATH)).content == first.content
    assert (cache.renders, cache.checks) == (renders, checks + 1), "one look at the counters, nothing to render"
    event = (await events.list_events(limit=None)).items[0]
    await events.update_event(event_id=event.id, data=msgspec.convert({"revision": 1, "title": "Forum"}, EventUpdate))
    assert (await client.get(PATH)).content == first.content, "within the second, the cached feed"
    clock[0] += 1.0
    changed = await client.get(PATH)
    assert b"SUMMARY:Forum\r\n" in changed.content
    assert (cache.renders, cache.checks) == (renders + 2, checks + 2), "the snapshot, then the feed"


async def test_a_poll_of_a_current_feed_is_answered_directly_with_the_routes_bytes_and_headers(
    client: httpx.AsyncClient, app: Litestar, monkeypatch: pytest.MonkeyPatch
) -> None:
    await digital_cities()
    for number in range(12):
        await event_factories.event(body="digital-cities", title=f"Meeting {number}", description="Agenda. " * 40)
    monkeypatch.setattr(http, "MESSAGE_BYTES", 2_000)  # the plain feed goes out in several messages
    cache = app.state.feed_cache
    clock = [1000.0]
    cache.clock, cache.check_seconds = (lambda: clock[0]), 1.0
    first = await client.get(PATH, headers=PLAIN)
    modified = first.headers["last-modified"]
    variants = [
        ("GET", PLAIN),
        ("GET", {"Accept-Encoding": "gzip"}),
        ("GET", {**PLAIN, "If-None-Match": first.headers["etag"]}),
        ("GET", {"Accept-Encoding": "gzip", "If-None-Match": first.headers["etag"]}),
        ("GET", {**PLAIN, "If-Modified-Since": modified}),
        ("GET", {**PLAIN, "If-None-Match": '"stale"', "If-Modified-Since": modified}),
        ("HEAD", {"Accept-Encoding": "gzip"}),
    ]
    for method, headers in variants:
        clock[0] += 1.0  # a counter check is due: the route answers
        directly = cache.answered_directly
        by_route, route_bytes = await raw(client, method, PATH, headers)
        assert cache.answered_directly == directly
        again, again_bytes = await raw(client, method, PATH, headers)
        assert cache.answered_directly == directly + 1, (method, headers)
        assert (again.status_code, again_bytes) == (by_route.status_code, route_bytes), (method, headers)
        # The same headers, the security ones included; only the request id and the CSP nonce are new each time.
        fresh = {"x-request-id", "content-security-policy"}
        assert sorted((k, v) for k, v in again.headers.multi_items() if k not in fresh) == sorted(
            (k, v) for k, v in by_route.headers.multi_items() if k not in fresh
        ), (method, headers)
        assert fresh <= set(again.headers)
    assert {name: again.headers.get(name) for name in ("x-content-type-options", "x-frame-options")} == {
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
    }
    # An address the route never answered (another filter) goes to the route, which refuses what it must.
    directly = cache.answered_directly
    assert (await client.get("/calendars/network.ics?kind=picnic")).status_code == 400
    assert (await client.get("/calendars/network.ics?kind=picnic")).status_code == 400
    assert cache.answered_directly == directly


async def test_renaming_a_body_reaches_the_categories_of_its_events(client: httpx.AsyncClient) -> None:
    await digital_cities()
    assert b"CATEGORIES:Community of Practice on Digital Cities\r\n" in (await client.get(PATH)).content
    await bodies.update_body(slug="digital-cities", data=BodyUpdate(revision=1, name="Digital Cities, Smart Cities"))
    answer = await client.get(PATH)
    assert b"CATEGORIES:Digital Cities\\, Smart Cities\r\n" in answer.content
    assert b"X-WR-CALNAME:Digital Cities\\, Smart Cities (" in answer.content
