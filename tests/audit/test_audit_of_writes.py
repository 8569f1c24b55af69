"""Every write through the API leaves one audit record, and a refused one leaves none.

Each test acts as a secretariat with an API token, then reads the trail of
the object it changed through ``GET /api/v1/audit`` (newest first; reversed
here to read in the order things happened).
"""

from __future__ import annotations

from typing import Any

import httpx

from coordination.accounts.enums import Role
from tests.factories import accounts
from tests.factories import members as member_factories

EMAIL = "secretariat@example.org"

Trail = list[tuple[str, str, dict[str, Any] | None, dict[str, Any] | None]]


async def _secretariat() -> dict[str, str]:
    user = await accounts.user(role=Role.secretariat, email=EMAIL)
    return accounts.bearer(await accounts.api_token(user_id=user.id))


async def _trail(client: httpx.AsyncClient, headers: dict[str, str], object_type: str, object_id: str = "") -> Trail:
    params = {"object_type": object_type, "object_id": object_id} if object_id else {"object_type": object_type}
    answer = await client.get("/api/v1/audit", params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    records = answer.json()["items"]
    assert {record["actor"] for record in records} <= {EMAIL}
    return [(record["action"], record["actor"], record["before"], record["after"]) for record in reversed(records)]


async def _total(client: httpx.AsyncClient, headers: dict[str, str]) -> int:
    answer = await client.get("/api/v1/audit", headers=headers)
    assert answer.status_code == 200, answer.text
    return int(answer.json()["total"])


async def _ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


# Members and people -------------------------------------------------------------------------------


async def test_member_creation_update_and_deletion_are_recorded_with_who_did_them(client: httpx.AsyncClient) -> None:
    headers = await _secretariat()
    created = {"slug": "cahors", "name": "Cahors", "kind": "city", "country": "FR"}
    await _ok(await client.post("/api/v1/members", json=created, headers=headers), 201)
    patch = {"revision": 1, "name": "Ville de Cahors"}
    await _ok(await client.patch("/api/v1/members/cahors", json=patch, headers=headers))
    await _ok(await client.delete("/api/v1/members/cahors", params={"revision": 2}, headers=headers), 204)
    assert await _trail(client, headers, "member", "cahors") == [
        ("member.created", EMAIL, None, {**created, "website": ""}),
        ("member.updated", EMAIL, {"name": "Cahors"}, {"name": "Ville de Cahors"}),
        ("member.deleted", EMAIL, {**created, "name": "Ville de Cahors", "website": "", "people": []}, None),
    ]


async def test_person_creation_update_and_deletion_are_recorded(client: httpx.AsyncClient) -> None:
    headers = await _secretariat()
    await member_factories.member(slug="bilbao", name="Bilbao", country="ES")
    sent = {"name": "Juan Mari Aburto", "title": "Mayor", "email": "alcalde@example.org"}
    person = await _ok(await client.post("/api/v1/members/bilbao/people", json=sent, headers=headers), 201)
    person_id = person["id"]
    patch = {"revision": 1, "title": "Former mayor", "is_focal_point": True}
    await _ok(await client.patch(f"/api/v1/people/{person_id}", json=patch, headers=headers))
    await _ok(await client.delete(f"/api/v1/people/{person_id}", headers=headers), 204)
    whole = {**sent, "id": person_id, "member": "bilbao", "is_focal_point": False}
    assert await _trail(client, headers, "person", str(person_id)) == [
        ("person.created", EMAIL, None, whole),
        (
            "person.updated",
            EMAIL,
            {"title": "Mayor", "is_focal_point": False},
            {"title": "Former mayor", "is_focal_point": True},
        ),
        ("person.deleted", EMAIL, {**whole, "title": "Former mayor", "is_focal_point": True}, None),
    ]


# The network and its priorities -------------------------------------------------------------------


async def test_network_settings_and_priority_changes_are_recorded(client: httpx.AsyncClient) -> None:
    headers = await _secretariat()
    network = await _ok(await client.get("/api/v1/network", headers=headers))
    patch = {"revision": network["revision"], "name": "Cities for Digital Rights", "languages": ["en", "fr"]}
    await _ok(await client.patch("/api/v1/network", json=patch, headers=headers))
    assert await _trail(client, headers, "network") == [
        (
            "network.updated",
            EMAIL,
            {"name": network["name"], "languages": network["languages"]},
            {"name": "Cities for Digital Rights", "languages": ["en", "fr"]},
        ),
    ]

    sent = {"code": "B", "title_en": "Capacity building"}
    await _ok(await client.post("/api/v1/priorities", json=sent, headers=headers), 201)
    patch = {"revision": 1, "title_fr": "Renforcement des capacités"}
    await _ok(await client.patch("/api/v1/priorities/B", json=patch, headers=headers))
    await _ok(await client.delete("/api/v1/priorities/B", headers=headers), 204)
    whole = {**sent, "position": 0, "title_fr": "", "title_es": ""}
    assert await _trail(client, headers, "priority", "B") == [
        ("priority.created", EMAIL, None, whole),
        ("priority.updated", EMAIL, {"title_fr": ""}, {"title_fr": "Renforcement des capacités"}),
        ("priority.deleted", EMAIL, {**whole, "title_fr": "Renforcement des capacités"}, None),
    ]


# Bodies, their history, memberships and leadership -------------------------------------------------


async def test_body_creation_update_closing_and_deletion_are_recorded(client: httpx.AsyncClient) -> None:
    headers = await _secretariat()
    sent = {"slug": "smart-cities", "name": "Smart Cities Working Group", "kind": "working_group"}
    await _ok(await client.post("/api/v1/bodies", json=sent, headers=headers), 201)
    patch = {"revision": 1, "mandate": "Compare smart city strategies."}
    await _ok(await client.patch("/api/v1/bodies/smart-cities", json=patch, headers=headers))
    await _ok(
        await client.patch("/api/v1/bodies/smart-cities", json={"revision": 2, "status": "closed"}, headers=headers)
    )
    await _ok(await client.delete("/api/v1/bodies/smart-cities", params={"revision": 3}, headers=headers), 204)
    whole = {**sent, "mandate": "", "status": "active", "named_since": None, "language": "en", "translations": {}}
    assert await _trail(client, headers, "body", "smart-cities") == [
        ("body.created", EMAIL, None, whole),
        ("body.updated", EMAIL, {"mandate": ""}, {"mandate": "Compare smart city strategies."}),
        ("body.status_changed", EMAIL, {"status": "active"}, {"status": "closed"}),
        ("body.deleted", EMAIL, {**whole, "mandate": "Compare smart city strategies.", "status": "closed"}, None),
    ]


async def test_body_history_entries_added_and_forgotten_are_recorded(client: httpx.AsyncClient) -> None:
    headers = await _secretariat()
    sent = {"slug": "digital", "name": "Digital Commission", "kind": "commission"}
    await _ok(await client.post("/api/v1/bodies", json=sent, headers=headers), 201)
    older = {"name": "ICT Working Group", "kind": "working_group", "valid_until": "2019-06-30"}
    entry = await _ok(await client.post("/api/v1/bodies/digital/history", json=older, headers=headers), 201)
    await _ok(await client.delete(f"/api/v1/bodies/digital/history/{entry['id']}", headers=headers), 204)
    whole = {**older, "body": "digital", "valid_from": None, "note": ""}
    assert await _trail(client, headers, "body_history", str(entry["id"])) == [
        ("body_history.created", EMAIL, None, whole),
        ("body_history.deleted", EMAIL, whole, None),
    ]


async def test_membership_and_leadership_term_changes_are_recorded(client: httpx.AsyncClient) -> None:
    headers = await _secretariat()
    await _ok(
        await client.post("/api/v1/bodies", json={"slug": "forum", "name": "Forum", "kind": "forum"}, headers=headers),
        201,
    )
    await member_factories.member(slug="lyon", name="Lyon")

    sent = {"body": "forum", "member": "lyon", "start_date": "2020-01-01"}
    membership = await _ok(await client.post("/api/v1/memberships", json=sent, headers=headers), 201)
    path = f"/api/v1/memberships/{membership['id']}"
    await _ok(await client.patch(path, json={"revision": 1, "end_date": "2023-12-31"}, headers=headers))
    await _ok(await client.delete(path, headers=headers), 204)
    assert await _trail(client, headers, "membership", str(membership["id"])) == [
        ("membership.created", EMAIL, None, {**sent, "end_date": None}),
        ("membership.updated", EMAIL, {"end_date": None}, {"end_date": "2023-12-31"}),
        ("membership.deleted", EMAIL, {**sent, "end_date": "2023-12-31"}, None),
    ]

    sent = {"body": "forum", "member": "lyon", "role": "lead", "start_date": "2021-01-01"}
    term = await _ok(await client.post("/api/v1/leadership-terms", json=sent, headers=headers), 201)
    path = f"/api/v1/leadership-terms/{term['id']}"
    await _ok(await client.patch(path, json={"revision": 1, "role": "chair"}, headers=headers))
    await _ok(await client.delete(path, headers=headers), 204)
    whole = {**sent, "end_date": None, "person": None}
    assert await _trail(client, headers, "leadership_term", str(term["id"])) == [
        ("leadership_term.created", EMAIL, None, whole),
        ("leadership_term.updated", EMAIL, {"role": "lead"}, {"role": "chair"}),
        ("leadership_term.deleted", EMAIL, {**whole, "role": "chair"}, None),
    ]


# Activities and partners --------------------------------------------------------------------------


async def _body_and_priority(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
    body = {"slug": "open-data", "name": "Open Data Group", "kind": "working_group"}
    await _ok(await client.post("/api/v1/bodies", json=body, headers=headers), 201)
    await _ok(
        await client.post("/api/v1/priorities", json={"code": "A", "title_en": "Implementation"}, headers=headers), 201
    )


async def test_partner_creation_update_and_deletion_are_recorded(client: httpx.AsyncClient) -> None:
    headers = await _secretariat()
    sent = {"slug": "un-habitat", "name": "UN Habitat", "website": "https://unhabitat.org"}
    await _ok(await client.post("/api/v1/partners", json=sent, headers=headers), 201)
    await _ok(
        await client.patch("/api/v1/partners/un-habitat", json={"revision": 1, "name": "UN-Habitat"}, headers=headers)
    )
    await _ok(await client.delete("/api/v1/partners/un-habitat", headers=headers), 204)
    assert await _trail(client, headers, "partner", "un-habitat") == [
        ("partner.created", EMAIL, None, sent),
        ("partner.updated", EMAIL, {"name": "UN Habitat"}, {"name": "UN-Habitat"}),
        ("partner.deleted", EMAIL, {**sent, "name": "UN-Habitat"}, None),
    ]


async def test_activity_changes_record_its_lists_and_status(client: httpx.AsyncClient) -> None:
    headers = await _secretariat()
    await _body_and_priority(client, headers)
    await member_factories.member(slug="nantes", name="Nantes")
    await _ok(
        await client.post("/api/v1/partners", json={"slug": "eurocities", "name": "Eurocities"}, headers=headers), 201
    )
    sent = {"body": "open-data", "priority": "A", "title": "Open data study", "participants": ["nantes"]}
    activity = await _ok(await client.post("/api/v1/activities", json=sent, headers=headers), 201)
    path = f"/api/v1/activities/{activity['id']}"
    deliverable = {"title": "Study report", "description": "", "url": "", "delivered_on": None}
    patch = {"revision": 1, "partners": ["eurocities"], "deliverables": [{"title": "Study report"}]}
    await _ok(await client.patch(path, json=patch, headers=headers))
    await _ok(
        await client.patch(path, json={"revision": 2, "status": "ongoing", "progress_percent": 40}, headers=headers)
    )
    await _ok(await client.delete(path, params={"revision": 3}, headers=headers), 204)
    whole = {
        **sent,
        "description": "",
        "planned": None,
        "actual_start": None,
        "actual_end": None,
        "status": "planned",
        "progress_percent": 0,
        "deliverables": [],
        "partners": [],
        "language": "en",
        "translations": {},
    }
    assert await _trail(client, headers, "activity", str(activity["id"])) == [
        ("activity.created", EMAIL, None, whole),
        (
            "activity.updated",
            EMAIL,
            {"deliverables": [], "partners": []},
            {"deliverables": [deliverable], "partners": ["eurocities"]},
        ),
        (
            "activity.status_changed",
            EMAIL,
            {"status": "planned", "progress_percent": 0},
            {"status": "ongoing", "progress_percent": 40},
        ),
        (
            "activity.deleted",
            EMAIL,
            {
                **whole,
                "deliverables": [deliverable],
                "partners": ["eurocities"],
                "status": "ongoing",
                "progress_percent": 40,
            },
            None,
        ),
    ]


# Events -------------------------------------------------------------------------------------------


async def test_event_changes_record_its_sessions_and_cancellation(client: httpx.AsyncClient) -> None:
    headers = await _secretariat()
    await _body_and_priority(client, headers)
    sent = {
        "title": "Restitution of DataCités",
        "body": "open-data",
        "kind": "webinar",
        "timing": "timed",
        "start": "2020-12-08T09:30",
        "end": "2020-12-08T11:30",
        "timezone": "Europe/Paris",
        "sessions": [{"title": "Data governance", "start": "2020-12-08T09:45", "end": "2020-12-08T10:30"}],
    }
    event = await _ok(await client.post("/api/v1/events", json=sent, headers=headers), 201)
    path = f"/api/v1/events/{event['id']}"
    session = {"title": "Open data", "start": "2020-12-08T10:40", "end": "2020-12-08T11:25"}
    await _ok(await client.patch(path, json={"revision": 1, "sessions": [session]}, headers=headers))
    await _ok(await client.patch(path, json={"revision": 2, "status": "cancelled"}, headers=headers))
    await _ok(await client.delete(path, params={"revision": 3}, headers=headers), 204)

    def stored(item: dict[str, str]) -> dict[str, str]:
        return {
            "title": item["title"],
            "description": "",
            "kind": "round_table",  # a session's kind unless given
            "start": item["start"] + ":00",
            "end": item["end"] + ":00",
        }

    whole = {
        **sent,
        "start": "2020-12-08T09:30:00",
        "end": "2020-12-08T11:30:00",
        "description": "",
        "activity": None,
        "location": "",
        "online_url": "",
        "status": "confirmed",
        "visibility": "public",
        "sessions": [stored(sent["sessions"][0])],  # type: ignore[index]
        "language": "en",
    }
    assert await _trail(client, headers, "event", str(event["id"])) == [
        ("event.created", EMAIL, None, whole),
        ("event.updated", EMAIL, {"sessions": whole["sessions"]}, {"sessions": [stored(session)]}),
        ("event.status_changed", EMAIL, {"status": "confirmed"}, {"status": "cancelled"}),
        ("event.deleted", EMAIL, {**whole, "sessions": [stored(session)], "status": "cancelled"}, None),
    ]


# Refused writes and the trail itself --------------------------------------------------------------


async def test_refused_writes_leave_no_audit_record(client: httpx.AsyncClient) -> None:
    headers = await _secretariat()
    await _body_and_priority(client, headers)
    await _ok(
        await client.post(
            "/api/v1/members",
            json={"slug": "cahors", "name": "Cahors", "kind": "city", "country": "FR"},
            headers=headers,
        ),
        201,
    )
    activity = await _ok(
        await client.post(
            "/api/v1/activities", json={"body": "open-data", "priority": "A", "title": "Study"}, headers=headers
        ),
        201,
    )
    before = await _total(client, headers)

    taken = await client.post(
        "/api/v1/members", json={"slug": "cahors", "name": "Other", "kind": "city", "country": "FR"}, headers=headers
    )
    assert taken.status_code == 409
    stale = await client.patch(
        "/api/v1/members/cahors", json={"revision": 7, "name": "Ville de Cahors"}, headers=headers
    )
    assert stale.status_code == 409
    incomplete = await client.patch(
        f"/api/v1/activities/{activity['id']}", json={"revision": 1, "status": "completed"}, headers=headers
    )
    assert incomplete.status_code == 400
    in_use = await client.delete("/api/v1/priorities/A", headers=headers)
    assert in_use.status_code == 409
    backwards = await client.post(
        "/api/v1/memberships",
        json={"body": "open-data", "member": "cahors", "start_date": "2021-01-01", "end_date": "2020-01-01"},
        headers=headers,
    )
    assert backwards.status_code == 400

    assert await _total(client, headers) == before
    member = await _ok(await client.get("/api/v1/members/cahors", headers=headers))
    assert (member["name"], member["revision"]) == ("Cahors", 1)


async def test_the_trail_of_writes_cannot_be_changed_and_only_the_secretariat_reads_it(
    client: httpx.AsyncClient,
) -> None:
    headers = await _secretariat()
    created = {"slug": "cahors", "name": "Cahors", "kind": "city", "country": "FR"}
    await _ok(await client.post("/api/v1/members", json=created, headers=headers), 201)
    trail = await _trail(client, headers, "member", "cahors")
    for method in ["PATCH", "DELETE"]:
        answer = await client.request(method, "/api/v1/audit", params={"object_id": "cahors"}, headers=headers)
        assert answer.status_code == 405, method
    assert await _trail(client, headers, "member", "cahors") == trail

    focal = await accounts.user(role=Role.focal_point, member="cahors", email="focal@example.org")
    refused = await client.get(
        "/api/v1/audit",
        params={"object_type": "member", "object_id": "cahors"},
        headers=accounts.bearer(await accounts.api_token(user_id=focal.id)),
    )
    assert refused.status_code == 403
