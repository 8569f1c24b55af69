"""Listing activities: the filters, the plan order, and the groupings the pages and the report use."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from coordination.activities import services
from coordination.activities.enums import ActivityStatus, DatePrecision
from coordination.activities.schemas import Period
from coordination.bodies.enums import BodyKind
from coordination.core.errors import NotFound
from tests.factories import activities as factories
from tests.factories import members as member_factories


async def two_bodies_plan() -> dict[str, int]:
    """Digital Cities' 2019–2020 plan and one Culture commission activity; returns ids by short name."""
    await factories.body(slug="digital-cities", name="Community of Practice on Digital Cities")
    await factories.body(slug="culture", name="Committee on Culture", kind=BodyKind.commission)
    # Created out of order: the list follows the positions, not the codes or the creation.
    await factories.priority(code="D", title_en="Learning", position=3)
    await factories.priority(code="A", title_en="Implementation", position=0)
    await factories.priority(code="C", title_en="Monitoring and reporting", position=2)
    await member_factories.member(slug="bilbao", name="Bilbao", country="ES")
    await member_factories.member(slug="antony", name="Antony", country="FR")

    async def add(title: str, **values: object) -> int:
        return (await factories.activity(title=title, **values)).id  # type: ignore[arg-type]

    return {
        "promotion": await add(
            "Promotion and dissemination of the study",
            body="digital-cities",
            priority="A",
            planned=Period(precision=DatePrecision.year, start=date(2020, 1, 1)),
            status=ActivityStatus.ongoing,
            progress_percent=40,
            participants=["bilbao"],
        ),
        "study": await add(
            "Finalisation of the study",
            body="digital-cities",
            priority="A",
            planned=Period(precision=DatePrecision.end_of_year, start=date(2019, 10, 1)),
            status=ActivityStatus.completed,
            progress_percent=100,
            participants=["bilbao", "antony"],
        ),
        "meetings": await add(
            "Learning meetings",
            body="digital-cities",
            priority="D",
            planned=Period(precision=DatePrecision.year, start=date(2019, 1, 1), end=date(2020, 12, 31)),
        ),
        "reports": await add("Periodic reports to the World Secretariat", body="digital-cities", priority="C"),
        "webinar": await add(
            "Webinar on cultural rights",
            body="culture",
            priority="A",
            planned=Period(precision=DatePrecision.month, start=date(2021, 3, 1)),
            # Started late and still running: it overlaps any range after March 2021.
            actual_start=date(2021, 6, 1),
            status=ActivityStatus.ongoing,
            participants=["antony"],
        ),
    }


def titles(page: dict[str, object]) -> list[str]:
    return [item["title"] for item in page["items"]]  # type: ignore[index,union-attr]


async def test_list_is_in_priority_order_then_planned_start_with_undated_last(client: httpx.AsyncClient) -> None:
    await two_bodies_plan()
    page = (await client.get("/api/v1/activities")).json()
    assert page["total"] == 5
    assert titles(page) == [
        "Finalisation of the study",
        "Promotion and dissemination of the study",
        "Webinar on cultural rights",
        "Periodic reports to the World Secretariat",
        "Learning meetings",
    ]


async def test_list_is_paginated_in_plan_order(client: httpx.AsyncClient) -> None:
    await two_bodies_plan()
    page = (await client.get("/api/v1/activities", params={"limit": 2, "offset": 2})).json()
    assert (page["total"], page["limit"], page["offset"]) == (5, 2, 2)
    assert titles(page) == ["Webinar on cultural rights", "Periodic reports to the World Secretariat"]


# One plan, many queries: the plan is built once per test rather than once per case.
FILTER_CASES: list[tuple[dict[str, str], list[str]]] = [
    ({"body": "culture"}, ["Webinar on cultural rights"]),
    ({"member": "antony"}, ["Finalisation of the study", "Webinar on cultural rights"]),
    ({"priority": "D"}, ["Learning meetings"]),
    ({"status": "ongoing"}, ["Promotion and dissemination of the study", "Webinar on cultural rights"]),
    (
        {"body": "digital-cities", "member": "bilbao", "status": "ongoing"},
        ["Promotion and dissemination of the study"],
    ),
    # Q4 2019: the end of 2019 and the two-year meetings; undated activities never match a range.
    ({"from": "2019-11-01", "to": "2019-11-30"}, ["Finalisation of the study", "Learning meetings"]),
    ({"to": "2019-09-30"}, ["Learning meetings"]),
    (
        {"from": "2020-12-31"},
        ["Promotion and dissemination of the study", "Webinar on cultural rights", "Learning meetings"],
    ),
    # After its planned month, the webinar is kept by its actual period, still running.
    ({"from": "2022-01-01", "to": "2022-12-31"}, ["Webinar on cultural rights"]),
    ({"from": "2021-04-01", "to": "2021-05-31"}, []),
]


async def test_list_filters(client: httpx.AsyncClient) -> None:
    await two_bodies_plan()
    for params, expected in FILTER_CASES:
        answer = await client.get("/api/v1/activities", params=params)
        assert answer.status_code == 200, (params, answer.text)
        assert (titles(answer.json()), answer.json()["total"]) == (expected, len(expected)), params


BAD_FILTERS: list[tuple[dict[str, str], str]] = [
    ({"body": "atlantis"}, "body"),
    ({"member": "atlantis"}, "member"),
    ({"priority": "Z"}, "priority"),
    ({"from": "2020-02-01", "to": "2020-01-01"}, "to"),
    ({"status": "finished"}, "status"),
    ({"from": "soon"}, "from"),
]


async def test_list_with_a_filter_naming_nothing_answers_400(client: httpx.AsyncClient) -> None:
    await two_bodies_plan()
    for params, field in BAD_FILTERS:
        answer = await client.get("/api/v1/activities", params=params)
        assert answer.status_code == 400, (params, answer.text)
        assert [error["field"] for error in answer.json()["errors"]] == [field], params


async def test_activities_by_priority_groups_a_body_in_priority_order(db: object) -> None:
    await two_bodies_plan()
    groups = await services.activities_by_priority(body_slug="digital-cities")
    assert [(g.priority.code, [a.title for a in g.activities]) for g in groups] == [
        ("A", ["Finalisation of the study", "Promotion and dissemination of the study"]),
        ("C", ["Periodic reports to the World Secretariat"]),
        ("D", ["Learning meetings"]),
    ]
    culture = await services.activities_by_priority(body_slug="culture", include_empty=True)
    assert [(g.priority.code, len(g.activities)) for g in culture] == [("A", 1), ("C", 0), ("D", 0)]
    with pytest.raises(NotFound):
        await services.activities_by_priority(body_slug="atlantis")


async def test_activity_summaries_describe_the_activities_asked_for(db: object) -> None:
    ids = await two_bodies_plan()
    summaries = await services.activity_summaries(ids=[ids["study"], ids["reports"], 999])
    assert sorted(summaries) == sorted([ids["study"], ids["reports"]])
    study = summaries[ids["study"]]
    assert (study.title, study.body.slug, study.priority.code, study.status, study.progress_percent) == (
        "Finalisation of the study",
        "digital-cities",
        "A",
        ActivityStatus.completed,
        100,
    )
    assert (study.planned.precision, study.planned.start, study.planned.end) == (  # type: ignore[union-attr]
        DatePrecision.end_of_year,
        date(2019, 10, 1),
        date(2019, 12, 31),
    )
    assert summaries[ids["reports"]].planned is None


async def test_service_list_filters_by_member_and_range(db: object) -> None:
    await two_bodies_plan()
    page = await services.list_activities(member="bilbao", from_date=date(2020, 6, 1), to_date=date(2020, 6, 30))
    assert [a.title for a in page.items] == ["Promotion and dissemination of the study"]
