"""A small network with one of everything the pages show, built through the factories."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta

import httpx
import msgspec
import pytest
from litestar import Litestar

from coordination.accounts.enums import Role
from coordination.activities.enums import ActivityStatus, DatePrecision
from coordination.activities.schemas import DeliverableIn, Period
from coordination.bodies import services as bodies
from coordination.bodies.schemas import BodyUpdate
from coordination.members.enums import MemberKind
from coordination.network import services as network
from coordination.network.schemas import NetworkUpdate
from tests.factories import accounts
from tests.factories.activities import activity, partner, priority
from tests.factories.bodies import body, membership, term
from tests.factories.events import datacites_payload, event
from tests.factories.members import member, person

NETWORK_NAME = "Digital Cities Network (test)"


@dataclass(frozen=True)
class Network:
    study: int  # activity ids
    promotion: int
    restitution: int  # event ids
    forum: int
    panel: int
    malaga: int
    cancelled: int
    briefing: int
    upcoming: int


@pytest.fixture
async def demo_network(db: Litestar) -> Network:
    settings = await network.get_network()
    await network.update_network(data=NetworkUpdate(revision=settings.revision, name=NETWORK_NAME))
    await priority(code="A", title_en="Implementation", title_fr="Mise en œuvre", title_es="Implementación")
    await priority(code="B", title_en="Advocacy", title_fr="Plaidoyer", title_es="Incidencia")

    await member(slug="bilbao", name="Bilbao", kind=MemberKind.city, country="ES")
    mayor = await person(
        member_slug="bilbao", name="Juan Mari Aburto", title="Mayor of Bilbao", email="alcaldia@bilbao.example.org"
    )
    await member(slug="antony", name="Ville d’Antony", kind=MemberKind.city, country="FR")
    await member(slug="cerema", name="Cerema", kind=MemberKind.academic, country="FR")

    # Created under its old name, then renamed: "formerly … until 15 November 2019".
    commission = await body(slug="digital-cities", name="Digital Cities and Knowledge Commission", kind="commission")
    await bodies.update_body(
        slug="digital-cities",
        data=msgspec.convert(
            {
                "revision": commission.revision,
                "name": "Digital Cities Community of Practice",
                "kind": "community_of_practice",
                "changed_on": "2019-11-15",
            },
            BodyUpdate,
            strict=False,
        ),
    )
    await membership(body_slug="digital-cities", member_slug="bilbao", start_date=date(2016, 10, 15))
    await membership(body_slug="digital-cities", member_slug="antony")
    await term(body_slug="digital-cities", member_slug="bilbao", start_date=date(2016, 10, 15), person=mayor.id)
    await body(slug="villes-moyennes", name="Groupe de travail Villes moyennes intelligentes", kind="working_group")
    await term(body_slug="villes-moyennes", member_slug="cerema", start_date=date(2019, 1, 1))

    await partner(slug="un-habitat", name="UN-Habitat", website="https://unhabitat.org")
    study = await activity(
        body="digital-cities",
        priority="A",
        title="Finalisation of the Smart Cities Study",
        description="The study is finished in the last months of 2019.\n\n"
        "It looks at <script>smart</script> governance.",
        planned=Period(precision=DatePrecision.end_of_year, start=date(2019, 10, 1)),
        actual_start=date(2019, 1, 15),
        status=ActivityStatus.ongoing,
        progress_percent=40,
        deliverables=[DeliverableIn(title="Smart Cities Study, third edition", delivered_on=date(2019, 12, 20))],
        partners=["un-habitat"],
        participants=["bilbao", "antony"],
    )
    promotion = await activity(
        body="digital-cities",
        priority="B",
        title="Promotion of the study",
        planned=Period(precision=DatePrecision.year, start=date(2020, 1, 1)),
    )

    restitution = await event(**datacites_payload(body="digital-cities", activity=study.id, location=""))
    forum = await event(body="digital-cities")  # 6–7 December 2021, all day, Lyon
    panel = await event(
        body="digital-cities",
        title="City panel in Durban",
        kind="panel",
        timing="to_be_confirmed",
        year=2019,
        month=11,
        location="Durban",
    )
    malaga = await event(
        body="digital-cities",
        title="Uraía annual event",
        timing="to_be_confirmed",
        year=2020,
        status="tentative",
        location="Málaga",
    )
    cancelled = await event(
        body="digital-cities",
        title="Learning meeting in Bilbao",
        kind="learning_meeting",
        timing="timed",
        start="2020-04-22T10:00",
        end="2020-04-22T13:00",
        timezone="Europe/Madrid",
        location="Bilbao",
        status="cancelled",
    )
    briefing = await event(
        body="digital-cities",
        title="Results for member cities",
        kind="webinar",
        timing="timed",
        start="2020-02-11T16:00",
        end="2020-02-11T17:30",
        timezone="Europe/Madrid",
        online_url="https://meet.example.org/briefing",
        location="",
        visibility="members",
    )
    soon = date.today() + timedelta(days=30)
    upcoming = await event(body="villes-moyennes", title="Smart mid-sized cities day", start_date=soon.isoformat())
    return Network(
        study=study.id,
        promotion=promotion.id,
        restitution=restitution.id,
        forum=forum.id,
        panel=panel.id,
        malaga=malaga.id,
        cancelled=cancelled.id,
        briefing=briefing.id,
        upcoming=upcoming.id,
    )


@pytest.fixture
async def antony_client(app: Litestar, demo_network: Network) -> AsyncIterator[httpx.AsyncClient]:
    """The pages as Antony's focal point sees them, signed in: Antony is a member of Digital Cities,
    so the body's members-only event ("Results for member cities") shows; for the public it does not exist.
    """
    await accounts.user(role=Role.focal_point, member="antony", email="focal@antony.example.org")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        signed = await accounts.sign_in(http, email="focal@antony.example.org")
        assert signed.status_code == 303, signed.text
        yield http
