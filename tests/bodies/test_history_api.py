from __future__ import annotations

from datetime import date, timedelta

import httpx

from tests.factories import bodies as factories

COMMISSION = "Digital Cities and Knowledge Commission"
COMMUNITY = "Digital Cities Community of Practice"


async def _history(client: httpx.AsyncClient, slug: str = "digital") -> list[tuple[str, str, str | None, str]]:
    answer = await client.get(f"/api/v1/bodies/{slug}/history")
    assert answer.status_code == 200, answer.text
    return [(e["name"], e["kind"], e["valid_from"], e["valid_until"]) for e in answer.json()]


async def test_renaming_a_body_records_its_previous_name_and_kind(client: httpx.AsyncClient) -> None:
    await factories.body(slug="digital", name=COMMISSION, kind="commission")
    answer = await client.patch(
        "/api/v1/bodies/digital",
        json={"revision": 1, "name": COMMUNITY, "kind": "community_of_practice", "changed_on": "2020-01-01"},
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["name"], body["kind"], body["named_since"], body["revision"]) == (
        COMMUNITY,
        "community_of_practice",
        "2020-01-01",
        2,
    )
    assert [(e["name"], e["kind"], e["valid_from"], e["valid_until"]) for e in body["history"]] == [
        (COMMISSION, "commission", None, "2020-01-01")
    ]
    assert await _history(client) == [(COMMISSION, "commission", None, "2020-01-01")]


async def test_a_second_rename_dates_the_previous_name_from_the_first_change(client: httpx.AsyncClient) -> None:
    await factories.body(slug="digital", name=COMMISSION, kind="commission")
    await client.patch(
        "/api/v1/bodies/digital",
        json={"revision": 1, "name": COMMUNITY, "kind": "community_of_practice", "changed_on": "2020-01-01"},
    )
    answer = await client.patch("/api/v1/bodies/digital", json={"revision": 2, "name": "Digital Cities Network"})
    assert answer.status_code == 200, answer.text
    today = date.today().isoformat()
    assert answer.json()["named_since"] == today
    assert await _history(client) == [
        (COMMISSION, "commission", None, "2020-01-01"),
        (COMMUNITY, "community_of_practice", "2020-01-01", today),
    ]


async def test_changes_other_than_name_or_kind_leave_the_history_alone(client: httpx.AsyncClient) -> None:
    await factories.body(slug="digital", name=COMMUNITY)
    answer = await client.patch(
        "/api/v1/bodies/digital",
        json={"revision": 1, "name": COMMUNITY, "status": "dormant", "changed_on": "2020-01-01"},
    )
    assert answer.status_code == 200, answer.text
    assert (answer.json()["status"], answer.json()["named_since"]) == ("dormant", None)
    assert await _history(client) == []


async def test_a_change_dated_in_the_future_is_refused_and_nothing_changes(client: httpx.AsyncClient) -> None:
    await factories.body(slug="digital", name=COMMISSION, kind="commission")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    answer = await client.patch(
        "/api/v1/bodies/digital", json={"revision": 1, "name": COMMUNITY, "changed_on": tomorrow}
    )
    assert answer.status_code == 400
    assert [e["field"] for e in answer.json()["errors"]] == ["changed_on"]
    body = (await client.get("/api/v1/bodies/digital")).json()
    assert (body["name"], body["revision"], body["history"]) == (COMMISSION, 1, [])


async def test_a_change_dated_before_the_current_name_began_is_refused(client: httpx.AsyncClient) -> None:
    await factories.body(slug="digital", name=COMMISSION, kind="commission")
    await client.patch("/api/v1/bodies/digital", json={"revision": 1, "name": COMMUNITY, "changed_on": "2020-01-01"})
    answer = await client.patch(
        "/api/v1/bodies/digital", json={"revision": 2, "name": "Digital Cities Network", "changed_on": "2019-06-30"}
    )
    assert answer.status_code == 400
    assert answer.json()["errors"] == [
        {
            "field": "changed_on",
            "message": "the current name took effect on 2020-01-01; a later change cannot take effect before that",
        }
    ]
    body = (await client.get("/api/v1/bodies/digital")).json()
    assert (body["name"], body["revision"], body["named_since"]) == (COMMUNITY, 2, "2020-01-01")
    assert await _history(client) == [(COMMISSION, "commission", None, "2020-01-01")]


async def test_a_change_on_the_day_the_name_began_corrects_it_instead_of_adding_one(
    client: httpx.AsyncClient,
) -> None:
    await factories.body(slug="digital", name=COMMISSION, kind="commission")
    await client.patch(
        "/api/v1/bodies/digital", json={"revision": 1, "name": "Digital Citys", "changed_on": "2020-01-01"}
    )
    fixed = await client.patch(
        "/api/v1/bodies/digital", json={"revision": 2, "name": COMMUNITY, "changed_on": "2020-01-01"}
    )
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["named_since"] == "2020-01-01"
    assert await _history(client) == [(COMMISSION, "commission", None, "2020-01-01")]
    # Going back to the old name the same day undoes the change altogether.
    undone = await client.patch(
        "/api/v1/bodies/digital", json={"revision": 3, "name": COMMISSION, "changed_on": "2020-01-01"}
    )
    assert (undone.json()["name"], undone.json()["named_since"], undone.json()["history"]) == (COMMISSION, None, [])


async def test_seeding_a_former_name_dates_the_current_one(client: httpx.AsyncClient) -> None:
    await factories.body(slug="digital", name=COMMUNITY, kind="community_of_practice")
    answer = await client.post(
        "/api/v1/bodies/digital/history",
        json={"name": COMMISSION, "kind": "commission", "valid_until": "2020-01-01", "note": "Renamed in 2019/2020."},
    )
    assert answer.status_code == 201, answer.text
    entry = answer.json()
    assert (entry["name"], entry["kind"], entry["valid_from"], entry["valid_until"], entry["note"]) == (
        COMMISSION,
        "commission",
        None,
        "2020-01-01",
        "Renamed in 2019/2020.",
    )
    body = (await client.get("/api/v1/bodies/digital")).json()
    assert (body["name"], body["named_since"], body["revision"]) == (COMMUNITY, "2020-01-01", 1)


async def test_an_older_name_must_end_when_the_earliest_recorded_one_began(client: httpx.AsyncClient) -> None:
    await factories.body(slug="digital", name=COMMUNITY, kind="community_of_practice")
    await client.post(
        "/api/v1/bodies/digital/history", json={"name": COMMISSION, "kind": "commission", "valid_until": "2020-01-01"}
    )
    # The commission's start was unknown: an older name ending in 2015 dates it.
    older = await client.post(
        "/api/v1/bodies/digital/history",
        json={
            "name": "Knowledge Cities Group",
            "kind": "working_group",
            "valid_from": "2010-03-01",
            "valid_until": "2015-06-01",
        },
    )
    assert older.status_code == 201, older.text
    expected = [
        ("Knowledge Cities Group", "working_group", "2010-03-01", "2015-06-01"),
        (COMMISSION, "commission", "2015-06-01", "2020-01-01"),
    ]
    assert await _history(client) == expected
    gap = await client.post(
        "/api/v1/bodies/digital/history", json={"name": "Cities Forum", "kind": "forum", "valid_until": "2009-12-31"}
    )
    assert gap.status_code == 400
    assert gap.json()["errors"] == [
        {
            "field": "valid_until",
            "message": "the earliest recorded name, 'Knowledge Cities Group', began on 2010-03-01; "
            "an older name must end on that date",
        }
    ]
    assert await _history(client) == expected


async def test_history_entries_with_bad_dates_are_refused_and_nothing_is_written(client: httpx.AsyncClient) -> None:
    await factories.body(slug="digital", name=COMMUNITY, kind="community_of_practice")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    for payload, field in [
        ({"name": COMMISSION, "kind": "commission", "valid_until": tomorrow}, "valid_until"),
        (
            {"name": COMMISSION, "kind": "commission", "valid_from": "2020-01-01", "valid_until": "2019-01-01"},
            "valid_until",
        ),
        (
            {"name": COMMISSION, "kind": "commission", "valid_from": "2020-01-01", "valid_until": "2020-01-01"},
            "valid_until",
        ),
        ({"name": COMMISSION, "kind": "council", "valid_until": "2020-01-01"}, "kind"),
        ({"name": COMMISSION, "kind": "commission", "valid_until": "next year"}, "valid_until"),
    ]:
        answer = await client.post("/api/v1/bodies/digital/history", json=payload)
        assert answer.status_code == 400, (payload, answer.text)
        assert [e["field"] for e in answer.json()["errors"]] == [field], answer.text
    assert await _history(client) == []
    assert (await client.get("/api/v1/bodies/digital")).json()["named_since"] is None
    missing = await client.post(
        "/api/v1/bodies/atlantis/history", json={"name": COMMISSION, "kind": "commission", "valid_until": "2020-01-01"}
    )
    assert missing.status_code == 404


async def test_deleting_a_past_name_lets_the_one_before_last_until_the_next(client: httpx.AsyncClient) -> None:
    await factories.body(slug="digital", name="Digital Cities Network", kind="community_of_practice")
    await client.post(
        "/api/v1/bodies/digital/history",
        json={
            "name": COMMUNITY,
            "kind": "community_of_practice",
            "valid_from": "2020-01-01",
            "valid_until": "2024-01-01",
        },
    )
    await client.post(
        "/api/v1/bodies/digital/history",
        json={"name": COMMISSION, "kind": "commission", "valid_from": "2012-01-01", "valid_until": "2020-01-01"},
    )
    history = (await client.get("/api/v1/bodies/digital/history")).json()
    deleted = await client.delete(f"/api/v1/bodies/digital/history/{history[1]['id']}")
    assert deleted.status_code == 204, deleted.text
    assert await _history(client) == [(COMMISSION, "commission", "2012-01-01", "2024-01-01")]
    assert (await client.delete("/api/v1/bodies/digital/history/999999")).status_code == 404
