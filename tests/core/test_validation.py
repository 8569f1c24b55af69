"""Bad input gets a clear 4xx naming the field and the reason, and changes nothing — on SQLite and PostgreSQL.

Each case here answered 201 or 500 before validation moved to the edge (core/schemas.py, core/edge.py).
"""

from __future__ import annotations

import httpx
import pytest

from coordination.accounts import tokens
from coordination.activities import services as activities
from coordination.bodies import services as bodies
from coordination.core.schemas import MAX_INT
from coordination.events import services as events
from coordination.events.schemas import MAX_SESSIONS
from coordination.members import services as members
from tests.factories import accounts as account_factories
from tests.factories import activities as activity_factories
from tests.factories import bodies as body_factories
from tests.factories import events as event_factories
from tests.factories import members as member_factories


def fields(answer: httpx.Response) -> list[str]:
    return [error["field"] for error in answer.json()["errors"]]


def member_payload(**overrides: object) -> dict[str, object]:
    return {"slug": "bilbao", "name": "Bilbao", "kind": "city", "country": "ES", **overrides}


# ------------------------------------------------------------------ a trailing newline, control characters


@pytest.mark.parametrize(
    ("overrides", "field", "reason"),
    [
        ({"slug": "bilbao\n"}, "slug", "lower-case letters, digits and single hyphens"),
        ({"country": "ES\n"}, "country", "Expected `str` of length <= 2"),
        ({"country": "E\n"}, "country", "two-letter ISO 3166-1 country code"),
        ({"website": "https://www.bilbao.eus\n"}, "website", "http:// or https:// address"),
        ({"name": "Bilbao\n"}, "name", "one line"),
        ({"name": "Bil\x00bao"}, "name", "one line"),
        ({"name": "Bil\tbao"}, "name", "one line"),
        ({"name": "   "}, "name", "not blank"),
        ({"website": "https://bilbao.eus/" + "x" * 300}, "website", "Expected `str` of length <= 300"),
    ],
)
async def test_a_member_with_a_bad_text_is_refused_naming_the_field_and_why(
    client: httpx.AsyncClient, overrides: dict[str, object], field: str, reason: str
) -> None:
    answer = await client.post("/api/v1/members", json=member_payload(**overrides))
    assert answer.status_code == 400, answer.text
    assert fields(answer) == [field]
    message = answer.json()["errors"][0]["message"]
    assert reason in message
    assert "regex" not in message  # the reason in words, not the pattern
    assert (await members.list_members()).total == 0


async def test_an_event_whose_online_address_ends_in_a_newline_is_refused(client: httpx.AsyncClient) -> None:
    await body_factories.body(slug="digital-cities")
    bad = event_factories.datacites_payload(body="digital-cities", online_url="https://meet.example.org/x\n")
    answer = await client.post("/api/v1/events", json=bad)
    assert answer.status_code == 400, answer.text
    assert fields(answer) == ["online_url"]
    assert (await events.list_events()).total == 0
    # A description keeps its line breaks and tabs: it is text of several lines.
    good = event_factories.datacites_payload(body="digital-cities", description="Two round tables:\n\t- data\r\n")
    created = await client.post("/api/v1/events", json=good)
    assert created.status_code == 201, created.text
    assert created.json()["description"] == "Two round tables:\n\t- data\r\n"


@pytest.mark.parametrize(
    ("where", "overrides", "field"),
    [
        ("title", {"title": "Data\x00Cités"}, "title"),
        ("description", {"description": "Two round tables\x00"}, "description"),
        ("location", {"location": "Paris\x07"}, "location"),
        (
            "a session's description",
            {
                "sessions": [
                    {"title": "A", "description": "x\x00", "start": "2020-12-08T09:45", "end": "2020-12-08T10:30"}
                ]
            },
            "sessions[0].description",
        ),
        (
            "a session's title",
            {"sessions": [{"title": "A\x00", "start": "2020-12-08T09:45", "end": "2020-12-08T10:30"}]},
            "sessions[0].title",
        ),
    ],
)
async def test_nul_and_control_characters_in_an_event_are_refused_and_nothing_is_stored(
    client: httpx.AsyncClient, where: str, overrides: dict[str, object], field: str
) -> None:
    await body_factories.body(slug="digital-cities")
    answer = await client.post(
        "/api/v1/events", json=event_factories.datacites_payload(body="digital-cities", **overrides)
    )
    assert answer.status_code == 400, (where, answer.text)
    assert fields(answer) == [field]
    assert (await events.list_events()).total == 0


async def test_nul_in_a_query_or_a_path_is_refused_before_the_database_sees_it(client: httpx.AsyncClient) -> None:
    await member_factories.member(slug="bilbao", name="Bilbao")
    search = await client.get("/api/v1/members", params={"q": "Bil\x00"})
    assert search.status_code == 400
    assert search.json()["errors"] == [{"field": "q", "message": "contains a NUL character, which is not allowed"}]
    path = await client.get("/api/v1/members/bil%00bao")
    assert path.status_code == 400
    assert fields(path) == ["path"]
    page = await client.get("/members", params={"q": "Bil\x00"})
    assert page.status_code == 400
    assert page.headers["content-type"].startswith("text/html")
    assert "contains a NUL character" in page.text
    assert (await client.get("/api/v1/members", params={"q": "Bil"})).json()["total"] == 1


async def test_bytes_that_are_not_utf8_in_a_query_or_a_path_are_refused(client: httpx.AsyncClient) -> None:
    query = await client.get("/api/v1/members?q=%ff")
    assert query.status_code == 400
    assert query.json()["errors"][0]["message"] == "is not valid UTF-8 once percent-decoded"
    assert (await client.get("/api/v1/members/%ff%fe")).status_code == 400


# ------------------------------------------------------------------ numbers beyond what the databases hold


@pytest.mark.parametrize("value", [MAX_INT + 1, 2**63, 2**64 + 1])
async def test_an_id_beyond_the_database_is_refused_in_the_path(client: httpx.AsyncClient, value: int) -> None:
    for path, field in [
        (f"/api/v1/events/{value}", "event_id"),
        (f"/api/v1/activities/{value}", "activity_id"),
        (f"/api/v1/people/{value}", "person_id"),
        (f"/api/v1/memberships/{value}", "membership_id"),
        (f"/api/v1/users/{value}", "user_id"),
    ]:
        answer = await client.get(path)
        assert answer.status_code == 400, (path, answer.text)
        assert fields(answer) == [field]
    page = await client.get(f"/events/{value}")
    assert page.status_code == 400
    assert page.headers["content-type"].startswith("text/html")
    assert (await client.get(f"/api/v1/events/{MAX_INT}")).status_code == 404  # the largest id: merely not there


async def test_an_offset_or_a_revision_beyond_the_database_is_refused(client: httpx.AsyncClient) -> None:
    await member_factories.member(slug="bilbao")
    for path in ["/api/v1/members", "/api/v1/events", "/api/v1/activities", "/api/v1/bodies"]:
        answer = await client.get(path, params={"offset": MAX_INT + 1})
        assert answer.status_code == 400, (path, answer.text)
        assert fields(answer) == ["offset"]
    delete = await client.delete("/api/v1/members/bilbao", params={"revision": MAX_INT + 1})
    assert delete.status_code == 400
    assert fields(delete) == ["revision"]
    assert (await members.list_members()).total == 1
    # A page with a hand-edited offset shows an empty page rather than an error.
    assert (await client.get("/events", params={"offset": 2**70})).status_code == 200


async def test_an_id_beyond_the_database_in_a_body_is_refused(client: httpx.AsyncClient) -> None:
    await body_factories.body(slug="digital-cities")
    answer = await client.post(
        "/api/v1/events", json=event_factories.forum_payload(body="digital-cities", activity=MAX_INT + 1)
    )
    assert answer.status_code == 400, answer.text
    assert fields(answer) == ["activity"]
    stale = await client.patch("/api/v1/bodies/digital-cities", json={"revision": 2**63, "name": "Digital"})
    assert stale.status_code == 400
    assert fields(stale) == ["revision"]
    assert (await events.list_events()).total == 0
    assert (await bodies.get_body(slug="digital-cities")).revision == 1


# ------------------------------------------------------------------ strict types, malformed bodies


@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        ("/api/v1/priorities", {"code": "Z", "title_en": "Zeta", "position": "1"}, "position"),
        ("/api/v1/priorities", {"code": "Z", "title_en": "Zeta", "position": 1.0}, "position"),
    ],
)
async def test_a_string_or_a_float_is_not_an_integer(
    client: httpx.AsyncClient, path: str, payload: dict[str, object], field: str
) -> None:
    answer = await client.post(path, json=payload)
    assert answer.status_code == 400, answer.text
    assert fields(answer) == [field]


async def test_true_as_text_is_not_a_boolean(client: httpx.AsyncClient) -> None:
    await member_factories.member(slug="bilbao")
    answer = await client.post("/api/v1/members/bilbao/people", json={"name": "Ana", "is_focal_point": "true"})
    assert answer.status_code == 400
    assert fields(answer) == ["is_focal_point"]
    assert (await members.get_member(slug="bilbao")).people == []


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nests arrays or objects more than 32 deep"),
        (b'{"slug": "bilbao", "name": "' + "Bilbao".encode("utf-16") + b'"}', "is not valid UTF-8"),
        (b'{"slug": "bilbao", "name": "Bil', "is not valid JSON"),
    ],
)
async def test_a_malformed_body_is_a_400_naming_the_body(client: httpx.AsyncClient, body: bytes, reason: str) -> None:
    answer = await client.post("/api/v1/members", content=body, headers={"content-type": "application/json"})
    assert answer.status_code == 400, answer.text
    assert fields(answer) == ["body"]
    assert answer.json()["errors"][0]["message"].startswith(reason)
    assert (await members.list_members()).total == 0


# ------------------------------------------------------------------ limits on lists, texts, bodies and addresses


async def test_an_event_with_too_many_sessions_is_refused(client: httpx.AsyncClient) -> None:
    await body_factories.body(slug="digital-cities")
    session = {"title": "Round table", "start": "2020-12-08T09:45", "end": "2020-12-08T10:30"}
    too_many = event_factories.datacites_payload(body="digital-cities", sessions=[session] * 10_000)
    answer = await client.post("/api/v1/events", json=too_many)
    assert answer.status_code == 400, answer.text
    assert answer.json()["errors"] == [
        {"field": "sessions", "message": f"Expected `array` of length <= {MAX_SESSIONS}"}
    ]
    enough = event_factories.datacites_payload(body="digital-cities", sessions=[session] * MAX_SESSIONS)
    assert (await client.post("/api/v1/events", json=enough)).status_code == 201
    assert (await events.list_events()).total == 1


async def test_a_person_title_has_a_limit_and_a_huge_body_is_refused_unread(client: httpx.AsyncClient) -> None:
    await member_factories.member(slug="bilbao")
    long = await client.post("/api/v1/members/bilbao/people", json={"name": "Ana", "title": "x" * 201})
    assert long.status_code == 400
    assert long.json()["errors"] == [{"field": "title", "message": "Expected `str` of length <= 200"}]
    huge = await client.post("/api/v1/members/bilbao/people", json={"name": "Ana", "title": "x" * 5_000_000})
    assert huge.status_code == 413
    assert (await members.get_member(slug="bilbao")).people == []


async def test_an_overlong_address_is_refused_with_414(client: httpx.AsyncClient) -> None:
    answer = await client.get("/api/v1/members", params={"q": "x" * 5000})
    assert answer.status_code == 414
    long_search = await client.get("/api/v1/members", params={"q": "x" * 201})
    assert long_search.status_code == 400
    assert fields(long_search) == ["q"]


async def test_a_partner_and_an_activity_refuse_what_their_columns_cannot_hold(client: httpx.AsyncClient) -> None:
    await body_factories.body(slug="digital-cities")
    await activity_factories.priority(code="A")
    partner = await client.post(
        "/api/v1/partners", json={"slug": "wba", "name": "WBA", "website": "https://wba.org/" + "x" * 300}
    )
    assert partner.status_code == 400
    assert fields(partner) == ["website"]
    activity = await client.post(
        "/api/v1/activities",
        json={"body": "digital-cities", "priority": "A", "title": "Study", "deliverables": [{"title": "x"}] * 101},
    )
    assert activity.status_code == 400
    assert fields(activity) == ["deliverables"]
    assert (await activities.list_activities()).total == 0


async def test_a_one_line_name_sent_through_a_form_with_line_breaks_is_kept_on_one_line(
    client: httpx.AsyncClient,
) -> None:
    person = await account_factories.user()
    assert (await account_factories.sign_in(client, email=person.email)).status_code == 303
    answer = await account_factories.post_form(
        client, "/account/tokens", "/account/tokens", {"name": "reporting\r\nscript\tnightly"}
    )
    assert answer.status_code == 200, answer.text
    assert [token.name for token in (await tokens.list_tokens(user_id=person.id)).items] == ["reporting script nightly"]
