"""The demo network holds what the seed documents say, and loads idempotently."""

from __future__ import annotations

from datetime import UTC, date, datetime

from litestar import Litestar

from coordination.activities import services as activities
from coordination.bodies import services as bodies
from coordination.demo.loader import load_demo
from coordination.events import services as events
from coordination.members import services as members


async def test_demo_loads_once_and_a_second_load_adds_nothing(db: Litestar) -> None:
    first = await load_demo(only_if_empty=True)
    assert first["counts"]["bodies"] == 6
    assert first["counts"]["events"] == 8
    again = await load_demo(only_if_empty=False)
    assert again == {"skipped": False, "counts": {}}
    skipped = await load_demo(only_if_empty=True)
    assert skipped["skipped"] is True


async def test_digital_cities_is_led_by_bilbao_and_was_a_commission(db: Litestar) -> None:
    await load_demo()
    body = await bodies.get_body(slug="digital-cities")
    assert (body.name, body.kind.value) == ("Digital Cities Community of Practice", "community_of_practice")
    assert [(t.member, t.role.value, t.person_name) for t in body.leadership] == [
        ("bilbao", "lead", "Juan Mari Aburto")
    ]
    assert [(h.name, h.kind.value, h.valid_until) for h in body.history] == [
        ("Digital Cities and Knowledge Commission", "commission", date(2019, 11, 15))
    ]


async def test_bilbao_holds_its_three_roles(db: Litestar) -> None:
    await load_demo()
    roles = {
        entry.body.slug: [role.value for role in entry.roles]
        for entry in await bodies.member_bodies(member_slug="bilbao")
    }
    assert roles["digital-cities"] == ["lead"]
    assert roles["opportunities-for-all"] == ["co_chair"]
    assert roles["culture"] == ["vice_chair"]


async def test_smart_cities_study_has_24_participating_cities(db: Litestar) -> None:
    await load_demo()
    study = next(
        a
        for a in (await activities.list_activities(body="digital-cities", limit=100)).items
        if a.title.startswith("Finalisation of the Smart Cities Study")
    )
    assert len(study.participants) == 24
    assert (study.planned.precision.value, study.planned.start, study.planned.end) == (
        "end_of_year",
        date(2019, 10, 1),
        date(2019, 12, 31),
    )


async def test_datacites_restitution_is_at_half_past_nine_paris_time_with_two_round_tables(db: Litestar) -> None:
    await load_demo()
    restitution = next(
        e for e in (await events.list_events(limit=None)).items if e.title.startswith("Restitution de DataCités 2")
    )
    assert restitution.starts_at == datetime(2020, 12, 8, 8, 30, tzinfo=UTC)
    assert restitution.ends_at == datetime(2020, 12, 8, 10, 30, tzinfo=UTC)
    assert len(restitution.sessions) == 2
    assert restitution.activity is not None
    datacites = await activities.get_activity(activity_id=restitution.activity.id)
    assert sorted(p.slug for p in datacites.participants) == [
        "antony",
        "bassin-de-pompey",
        "geneve",
        "grand-poitiers",
        "la-rochelle",
    ]


async def test_malaga_event_has_only_a_year_and_no_made_up_day(db: Litestar) -> None:
    await load_demo()
    malaga = next(e for e in (await events.list_events(limit=None)).items if e.location == "Málaga, España")
    assert (malaga.timing.value, malaga.year, malaga.month, malaga.starts_at) == ("to_be_confirmed", 2020, None, None)
    assert malaga.status.value == "tentative"


async def test_demo_members_include_the_seed_territories(db: Litestar) -> None:
    await load_demo()
    page = await members.list_members(limit=100)
    slugs = {m.slug for m in page.items}
    assert {"bilbao", "antony", "cahors", "geneve", "bmi", "bbsr", "cerema"} <= slugs
