"""A network that can grow: the query-count tests measure the same pages before and after it grows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from litestar import Litestar

from coordination.activities.enums import DatePrecision
from coordination.activities.schemas import Period
from coordination.core import database
from coordination.core.database import transaction
from tests.factories.activities import activity, priority
from tests.factories.bodies import body, membership, term
from tests.factories.events import event
from tests.factories.members import member, person

BODY = "big-commission"


@dataclass
class Grown:
    members: int = 0
    events: int = 0
    activities: int = 0
    bodies: int = 0


class Network:
    """One body with members, events (past and upcoming) and activities; ``grow`` adds more of each."""

    def __init__(self) -> None:
        self.size = Grown()
        self.first_member = ""
        self.first_activity = 0
        self.first_event = 0

    async def grow(self, *, members: int, events: int, activities: int, bodies: int) -> None:
        today = date.today()
        async with transaction():
            for number in range(self.size.bodies, self.size.bodies + bodies):
                await body(slug=f"other-body-{number}", name=f"Other body {number}", kind="working_group")
            for number in range(self.size.members, self.size.members + members):
                slug = f"city-{number}"
                await member(slug=slug, name=f"City {number}", country="FR")
                await membership(body_slug=BODY, member_slug=slug)
                if number % 5 == 0:
                    await person(member_slug=slug, name=f"Mayor {number}", email=f"mayor{number}@example.org")
                self.first_member = self.first_member or slug
            for number in range(self.size.activities, self.size.activities + activities):
                made = await activity(
                    body=BODY,
                    priority="A",
                    title=f"Activity {number}",
                    planned=Period(precision=DatePrecision.year, start=date(2020 + number % 6, 1, 1)),
                    participants=[f"city-{n}" for n in range(min(3, self.size.members + members))],
                )
                self.first_activity = self.first_activity or made.id
            for number in range(self.size.events, self.size.events + events):
                # Half past, half upcoming, spread over two years.
                spread = timedelta(days=1 + (number * 37) % 400)
                day = today + spread if number % 2 else today - spread
                made_event = await event(
                    body=BODY, title=f"Event {number}", start_date=day.isoformat(), activity=self.first_activity
                )
                self.first_event = self.first_event or made_event.id
        self.size.members += members
        self.size.events += events
        self.size.activities += activities
        self.size.bodies += bodies


@pytest.fixture
async def network(db: Litestar) -> Network:
    await priority(code="A", title_en="Implementation", title_fr="Mise en œuvre", title_es="Implementación")
    await body(slug=BODY, name="Big commission", kind="commission")
    grown = Network()
    await grown.grow(members=3, events=4, activities=2, bodies=1)
    await term(body_slug=BODY, member_slug=grown.first_member, start_date=date(2020, 1, 1))
    return grown


def statements() -> int:
    return database.statements_run()
