"""A small network that owes reports: two bodies with activities, a member chosen to report, and the 2020
annual period (due 31 March 2021, 14 days' grace)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from litestar import Litestar

from coordination.activities.enums import ActivityStatus, DatePrecision
from coordination.activities.schemas import Period
from coordination.members.enums import MemberKind
from coordination.reporting import services as reporting
from coordination.reporting.schemas import PeriodOut
from tests.factories import reporting as reporting_factories
from tests.factories.activities import activity, priority
from tests.factories.bodies import body, membership, term
from tests.factories.members import member


@dataclass(frozen=True)
class World:
    period: PeriodOut
    promotion: int  # activities of digital-cities
    study: int
    learning: int
    other_body_activity: int
    digital_cities_slot: int
    villes_moyennes_slot: int
    antony_slot: int


@pytest.fixture
async def world(db: Litestar) -> World:
    await priority(code="A", title_en="Implementation", title_fr="Mise en œuvre", title_es="Implementación")
    await priority(code="D", title_en="Learning", title_fr="Apprentissage", title_es="Aprendizaje")
    await member(slug="bilbao", name="Bilbao", kind=MemberKind.city, country="ES")
    await member(slug="antony", name="Ville d’Antony", kind=MemberKind.city, country="FR")
    await member(slug="cerema", name="Cerema", kind=MemberKind.academic, country="FR")
    await body(slug="digital-cities", name="Digital Cities Community of Practice")
    await body(slug="villes-moyennes", name="Groupe de travail Villes moyennes intelligentes", kind="working_group")
    await body(slug="culture", name="Committee on Culture", kind="commission")
    await membership(body_slug="digital-cities", member_slug="bilbao")
    await membership(body_slug="digital-cities", member_slug="antony")
    await term(body_slug="digital-cities", member_slug="bilbao", start_date=date(2016, 10, 15))
    await term(body_slug="culture", member_slug="bilbao", role="vice_chair", start_date=date(2019, 11, 15))
    await term(body_slug="villes-moyennes", member_slug="cerema", start_date=date(2020, 3, 1))
    promotion = await activity(
        body="digital-cities",
        priority="A",
        title="Promotion and dissemination of the Smart Cities Study",
        planned=Period(precision=DatePrecision.year, start=date(2020, 1, 1)),
        status=ActivityStatus.ongoing,
        progress_percent=40,
        participants=["antony"],
    )
    study = await activity(
        body="digital-cities",
        priority="A",
        title="Finalisation of the Smart Cities Study",
        planned=Period(precision=DatePrecision.end_of_year, start=date(2019, 10, 1)),
        status=ActivityStatus.completed,
        progress_percent=100,
    )
    learning = await activity(
        body="digital-cities",
        priority="D",
        title="Learning meetings",
        planned=Period(precision=DatePrecision.year, start=date(2019, 1, 1), end=date(2020, 12, 31)),
        status=ActivityStatus.ongoing,
        progress_percent=50,
    )
    other = await activity(body="villes-moyennes", priority="D", title="Self-diagnostic tool")
    period = await reporting_factories.period(members=["antony"])
    slots = {
        (slot.reporter.kind.value, slot.reporter.slug): slot.id
        for slot in (
            await reporting.list_slots(scope=reporting_factories.reporting_scope_everything(), period="2020")
        ).items
    }
    return World(
        period=period,
        promotion=promotion.id,
        study=study.id,
        learning=learning.id,
        other_body_activity=other.id,
        digital_cities_slot=slots[("body", "digital-cities")],
        villes_moyennes_slot=slots[("body", "villes-moyennes")],
        antony_slot=slots[("member", "antony")],
    )
