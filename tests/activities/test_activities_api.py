from __future__ import annotations

from typing import Any

import httpx
import pytest

from coordination.activities import services
from tests.factories import activities as factories
from tests.factories import members as member_factories


async def smart_cities_plan() -> None:
    """The Digital Cities community, three priorities, Bilbao and Antony, and UN-Habitat."""
    await factories.body(slug="digital-cities", name="Community of Practice on Digital Cities")
    await factories.priority(code="A", title_en="Implementation", title_fr="Mise en œuvre", title_es="Implementación")
    await factories.priority(code="B", title_en="Advocacy", title_fr="Plaidoyer", title_es="Incidencia")
    await factories.priority(code="D", title_en="Learning", title_fr="Apprentissage", title_es="Aprendizaje")
    await member_factories.member(slug="bilbao", name="Bilbao", country="ES")
    await member_factories.member(slug="antony", name="Antony", country="FR")
    await factories.partner(slug="un-habitat", name="UN-Habitat", website="https://unhabitat.org")


STUDY = {
    "body": "digital-cities",
    "priority": "A",
    "title": "Finalisation of the Smart Cities Study",
    "description": "The study is finished in the last months of 2019 to be published officially.",
    "planned": {"precision": "end_of_year", "start": "2019-10-01"},
    "actual_start": "2019-09-15",
    "actual_end": "2019-12-20",
    "status": "completed",
    "progress_percent": 100,
    "deliverables": [
        {
            "title": "Smart Cities Study, third edition",
            "url": "https://example.org/smart-cities-study",
            "delivered_on": "2019-12-20",
        }
    ],
    "partners": ["un-habitat"],
    "participants": ["bilbao", "antony"],
}


def without_timestamps(activity: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in activity.items() if key not in {"created_at", "updated_at"}}


async def test_create_activity_then_read_it_back(client: httpx.AsyncClient) -> None:
    await smart_cities_plan()
    created = await client.post("/api/v1/activities", json=STUDY)
    assert created.status_code == 201, created.text
    read = await client.get(f"/api/v1/activities/{created.json()['id']}")
    assert read.status_code == 200
    assert without_timestamps(read.json()) == {
        "id": created.json()["id"],
        "body": {"slug": "digital-cities", "name": "Community of Practice on Digital Cities"},
        "priority": {"code": "A", "title": {"en": "Implementation", "fr": "Mise en œuvre", "es": "Implementación"}},
        "title": "Finalisation of the Smart Cities Study",
        "description": "The study is finished in the last months of 2019 to be published officially.",
        "planned": {"precision": "end_of_year", "start": "2019-10-01", "end": "2019-12-31"},
        "actual_start": "2019-09-15",
        "actual_end": "2019-12-20",
        "status": "completed",
        "progress_percent": 100,
        "deliverables": [
            {
                "title": "Smart Cities Study, third edition",
                "description": "",
                "url": "https://example.org/smart-cities-study",
                "delivered_on": "2019-12-20",
            }
        ],
        "partners": [{"slug": "un-habitat", "name": "UN-Habitat", "website": "https://unhabitat.org"}],
        "participants": [
            {"slug": "bilbao", "name": "Bilbao", "kind": "city", "country": "ES"},
            {"slug": "antony", "name": "Antony", "kind": "city", "country": "FR"},
        ],
        "revision": 1,
        "language": "en",
        "translations": {},
    }


async def test_activity_with_only_the_required_fields_is_planned_and_undated(client: httpx.AsyncClient) -> None:
    await smart_cities_plan()
    created = await client.post(
        "/api/v1/activities", json={"body": "digital-cities", "priority": "D", "title": "Learning meetings"}
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["planned"], body["status"], body["progress_percent"], body["deliverables"], body["partners"]) == (
        None,
        "planned",
        0,
        [],
        [],
    )


async def test_update_replaces_the_lists_given_and_keeps_the_rest(client: httpx.AsyncClient) -> None:
    await smart_cities_plan()
    await factories.partner(slug="uraia", name="Uraía")
    activity_id = (await client.post("/api/v1/activities", json=STUDY)).json()["id"]
    answer = await client.patch(
        f"/api/v1/activities/{activity_id}",
        json={
            "revision": 1,
            "planned": {"precision": "quarter", "start": "2020-04-01"},
            "deliverables": [{"title": "Launch webinar"}, {"title": "Summary for the Policy Council"}],
            "partners": ["uraia", "un-habitat"],
        },
    )
    assert answer.status_code == 200, answer.text
    body = (await client.get(f"/api/v1/activities/{activity_id}")).json()
    assert body["revision"] == 2
    assert body["planned"] == {"precision": "quarter", "start": "2020-04-01", "end": "2020-06-30"}
    assert [d["title"] for d in body["deliverables"]] == ["Launch webinar", "Summary for the Policy Council"]
    assert [p["slug"] for p in body["partners"]] == ["uraia", "un-habitat"]
    # Left out of the update, so kept.
    assert [p["slug"] for p in body["participants"]] == ["bilbao", "antony"]
    assert (body["title"], body["status"], body["actual_end"]) == (
        "Finalisation of the Smart Cities Study",
        "completed",
        "2019-12-20",
    )


async def test_update_can_clear_the_planned_period_and_the_lists(client: httpx.AsyncClient) -> None:
    await smart_cities_plan()
    activity_id = (await client.post("/api/v1/activities", json=STUDY)).json()["id"]
    answer = await client.patch(
        f"/api/v1/activities/{activity_id}",
        json={"revision": 1, "planned": None, "deliverables": [], "partners": [], "participants": []},
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["planned"], body["deliverables"], body["partners"], body["participants"]) == (None, [], [], [])


async def test_stale_revision_is_refused_with_409_and_the_first_edit_survives(client: httpx.AsyncClient) -> None:
    await smart_cities_plan()
    activity_id = (await client.post("/api/v1/activities", json=STUDY)).json()["id"]
    first = await client.patch(f"/api/v1/activities/{activity_id}", json={"revision": 1, "title": "Study finalised"})
    assert first.status_code == 200
    second = await client.patch(
        f"/api/v1/activities/{activity_id}", json={"revision": 1, "title": "Study, final", "deliverables": []}
    )
    assert second.status_code == 409
    assert second.json()["errors"][0]["field"] == "revision"
    body = (await client.get(f"/api/v1/activities/{activity_id}")).json()
    assert (body["title"], body["revision"], len(body["deliverables"])) == ("Study finalised", 2, 1)


async def test_delete_with_stale_revision_is_refused_then_deletes(client: httpx.AsyncClient) -> None:
    await smart_cities_plan()
    activity_id = (await client.post("/api/v1/activities", json=STUDY)).json()["id"]
    await client.patch(f"/api/v1/activities/{activity_id}", json={"revision": 1, "progress_percent": 100})
    refused = await client.delete(f"/api/v1/activities/{activity_id}", params={"revision": 1})
    assert refused.status_code == 409
    assert (await client.get(f"/api/v1/activities/{activity_id}")).status_code == 200
    deleted = await client.delete(f"/api/v1/activities/{activity_id}", params={"revision": 2})
    assert deleted.status_code == 204
    assert (await client.get(f"/api/v1/activities/{activity_id}")).status_code == 404
    # The partner it named is free to go now.
    assert (await client.delete("/api/v1/partners/un-habitat")).status_code == 204


async def test_missing_activity_answers_404(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/v1/activities/999")).status_code == 404
    assert (await client.patch("/api/v1/activities/999", json={"revision": 1, "title": "X"})).status_code == 404
    assert (await client.delete("/api/v1/activities/999")).status_code == 404


BAD_INPUTS = [
    pytest.param(
        {"planned": {"precision": "day", "start": "2020-12-10", "end": "2020-12-08"}},
        "planned.end",
        id="end-before-start",
    ),
    pytest.param(
        {"planned": {"precision": "quarter", "start": "2020-05-01"}}, "planned.start", id="quarter-mid-quarter"
    ),
    pytest.param({"progress_percent": 101, "status": "ongoing"}, "progress_percent", id="percent-101"),
    pytest.param({"progress_percent": -1, "status": "ongoing"}, "progress_percent", id="percent-minus-1"),
    pytest.param({"status": "completed", "progress_percent": 60}, "progress_percent", id="completed-at-60"),
    pytest.param(
        {"actual_start": "2020-03-01", "actual_end": "2020-02-01"}, "actual_end", id="actual-end-before-start"
    ),
    pytest.param({"priority": "Z"}, "priority", id="unknown-priority"),
    pytest.param({"body": "no-such-body"}, "body", id="unknown-body"),
    pytest.param({"partners": ["un-habitat", "we-go"]}, "partners", id="unknown-partner"),
    pytest.param({"participants": ["bilbao", "atlantis"]}, "participants", id="unknown-participant"),
]


@pytest.mark.parametrize(("change", "field"), BAD_INPUTS)
async def test_bad_new_activity_is_refused_naming_the_field_and_nothing_is_written(
    client: httpx.AsyncClient, change: dict[str, Any], field: str
) -> None:
    await smart_cities_plan()
    answer = await client.post("/api/v1/activities", json={**STUDY, **change})
    assert answer.status_code == 400, answer.text
    assert [error["field"] for error in answer.json()["errors"]] == [field]
    assert (await services.list_activities()).total == 0
    # No deliverable or link was left behind either: the partner is still free to delete.
    assert (await client.delete("/api/v1/partners/un-habitat")).status_code == 204


@pytest.mark.parametrize(("change", "field"), BAD_INPUTS)
async def test_bad_update_is_refused_naming_the_field_and_the_activity_is_unchanged(
    client: httpx.AsyncClient, change: dict[str, Any], field: str
) -> None:
    await smart_cities_plan()
    activity_id = (await client.post("/api/v1/activities", json=STUDY)).json()["id"]
    before = (await client.get(f"/api/v1/activities/{activity_id}")).json()
    answer = await client.patch(f"/api/v1/activities/{activity_id}", json={"revision": 1, **change})
    assert answer.status_code == 400, answer.text
    assert [error["field"] for error in answer.json()["errors"]] == [field]
    assert (await client.get(f"/api/v1/activities/{activity_id}")).json() == before


async def test_completing_an_activity_needs_progress_100(client: httpx.AsyncClient) -> None:
    await smart_cities_plan()
    activity_id = (
        await client.post("/api/v1/activities", json={**STUDY, "status": "ongoing", "progress_percent": 60})
    ).json()["id"]
    refused = await client.patch(f"/api/v1/activities/{activity_id}", json={"revision": 1, "status": "completed"})
    assert refused.status_code == 400
    assert refused.json()["errors"] == [
        {
            "field": "progress_percent",
            "message": "a completed activity is 100% done, not 60%: send progress_percent 100 or another status",
        }
    ]
    done = await client.patch(
        f"/api/v1/activities/{activity_id}", json={"revision": 1, "status": "completed", "progress_percent": 100}
    )
    assert (done.status_code, done.json()["status"], done.json()["progress_percent"]) == (200, "completed", 100)


async def test_partner_organisations_round_trip(client: httpx.AsyncClient) -> None:
    created = await client.post("/api/v1/partners", json={"slug": "we-go", "name": "WeGO"})
    assert created.status_code == 201, created.text
    updated = await client.patch(
        "/api/v1/partners/we-go",
        json={"revision": 1, "name": "World Smart Sustainable Cities Organization", "website": "https://we-gov.org"},
    )
    assert updated.status_code == 200, updated.text
    stale = await client.patch("/api/v1/partners/we-go", json={"revision": 1, "name": "WeGO"})
    assert stale.status_code == 409
    read = (await client.get("/api/v1/partners/we-go")).json()
    assert (read["slug"], read["name"], read["website"]) == (
        "we-go",
        "World Smart Sustainable Cities Organization",
        "https://we-gov.org",
    )
    page = (await client.get("/api/v1/partners")).json()
    assert (page["total"], [p["slug"] for p in page["items"]]) == (1, ["we-go"])
    assert (await client.delete("/api/v1/partners/we-go")).status_code == 204
    assert (await client.get("/api/v1/partners/we-go")).status_code == 404
    assert (await client.patch("/api/v1/partners/we-go", json={"revision": 2, "name": "WeGO"})).status_code == 404


async def test_partner_slug_taken_is_refused_and_first_partner_kept(client: httpx.AsyncClient) -> None:
    await factories.partner(slug="uraia", name="Uraía")
    answer = await client.post("/api/v1/partners", json={"slug": "uraia", "name": "Another"})
    assert answer.status_code == 409
    assert answer.json()["errors"][0]["field"] == "slug"
    assert [p.name for p in (await services.list_partners()).items] == ["Uraía"]


async def test_partner_with_bad_website_is_refused_and_nothing_written(client: httpx.AsyncClient) -> None:
    answer = await client.post("/api/v1/partners", json={"slug": "uraia", "name": "Uraía", "website": "uraia.org"})
    assert answer.status_code == 400
    assert [e["field"] for e in answer.json()["errors"]] == ["website"]
    assert (await services.list_partners()).total == 0


async def test_deleting_a_partner_an_activity_names_is_refused_with_409(client: httpx.AsyncClient) -> None:
    await smart_cities_plan()
    await client.post("/api/v1/activities", json=STUDY)
    answer = await client.delete("/api/v1/partners/un-habitat")
    assert answer.status_code == 409
    assert answer.json()["errors"] == [
        {
            "field": "slug",
            "message": "activities still name the partner organisation 'un-habitat'; remove it from them first",
        }
    ]
    assert (await client.get("/api/v1/partners/un-habitat")).status_code == 200
