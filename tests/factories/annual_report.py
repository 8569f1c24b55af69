"""A synthetic network for the annual report: N bodies with members, leads, activities, events, approved reports.

Built through the services (inside one transaction per body, which keeps
SQLite fast); the approved reports come as a ``StaticSource`` since progress
reporting feeds the report through ``annual_report.sources``. Used by the
query-count tests and by ``bench/report.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import msgspec

from coordination.activities import services as activities
from coordination.activities.schemas import ActivityCreate
from coordination.annual_report.sources import ApprovedNarrative, Completeness, Highlight, PeriodFigures, StaticSource
from coordination.bodies import leadership, memberships
from coordination.bodies import services as bodies
from coordination.bodies.schemas import BodyCreate, LeadershipTermCreate, MembershipCreate
from coordination.core.database import transaction
from coordination.events import services as events
from coordination.events.schemas import EventCreate
from coordination.members import services as members
from coordination.members.enums import MemberKind
from coordination.members.schemas import MemberCreate
from coordination.network import services as network
from coordination.network.schemas import PriorityCreate

PRIORITIES = [
    ("A", "Implementation", "Mise en œuvre", "Implementación"),
    ("B", "Advocacy", "Plaidoyer", "Incidencia"),
    ("C", "Monitoring and reporting", "Suivi et rapport", "Seguimiento e informes"),
    ("D", "Learning", "Apprentissage", "Aprendizaje"),
    ("E", "Strengthening the network", "Renforcement du réseau", "Fortalecimiento de la red"),
]
KINDS = ["policy_council", "commission", "working_group", "community_of_practice", "forum"]
STATUSES = ["planned", "ongoing", "completed", "postponed", "cancelled"]
COUNTRIES = ["ES", "FR", "DE", "BR", "KR", "ZA", "CA", "MX"]
MEMBERS_PER_BODY = 5
PERIODS = [
    ("2020, first half", date(2020, 1, 1), date(2020, 6, 30)),
    ("2020, second half", date(2020, 7, 1), date(2020, 12, 31)),
]


@dataclass(frozen=True)
class SyntheticNetwork:
    body_slugs: list[str]
    activity_ids: list[int]
    source: StaticSource


async def _priorities() -> None:
    existing = {priority.code for priority in await network.list_priorities()}
    for code, en, fr, es in PRIORITIES:
        if code not in existing:
            await network.create_priority(data=PriorityCreate(code=code, title_en=en, title_fr=fr, title_es=es))


async def _body(number: int, *, activities_per_body: int, events_per_body: int, prefix: str) -> tuple[str, list[int]]:
    slug = f"{prefix}-body-{number}"
    member_slugs = [f"{prefix}-city-{number}-{index}" for index in range(MEMBERS_PER_BODY)]
    async with transaction():
        for index, member_slug in enumerate(member_slugs):
            await members.create_member(
                data=MemberCreate(
                    slug=member_slug,
                    name=f"City {number}.{index}",
                    kind=MemberKind.city,
                    country=COUNTRIES[(number + index) % len(COUNTRIES)],
                )
            )
        await bodies.create_body(
            data=msgspec.convert(
                {
                    "slug": slug,
                    "name": f"Commission {number} on digital cities",
                    "kind": KINDS[number % len(KINDS)],
                    "mandate": f"Body {number}: share what works | in data, *open* services and the commons.",
                },
                BodyCreate,
            )
        )
        for member_slug in member_slugs:
            await memberships.create_membership(
                data=MembershipCreate(body=slug, member=member_slug, start_date=date(2019, 1, 1))
            )
        await leadership.create_term(
            data=msgspec.convert(
                {"body": slug, "member": member_slugs[0], "role": "lead", "start_date": "2019-01-01"},
                LeadershipTermCreate,
            )
        )
        if number % 4 == 0:  # some bodies change chairs during the year
            await leadership.create_term(
                data=msgspec.convert(
                    {
                        "body": slug,
                        "member": member_slugs[1],
                        "role": "co_chair",
                        "start_date": "2018-01-01",
                        "end_date": "2020-06-30",
                    },
                    LeadershipTermCreate,
                )
            )
        ids = []
        for index in range(activities_per_body):
            status = STATUSES[(number + index) % len(STATUSES)]
            values: dict[str, Any] = {
                "body": slug,
                "priority": PRIORITIES[(number + index) % len(PRIORITIES)][0],
                "title": f"Activity {number}.{index}: open data for citizens",
                "description": f"What body {number} does in 2020.\n\nA second paragraph with <b>markup</b> as text.",
                "planned": {"precision": "year", "start": "2020-01-01"},
                "status": status,
                "progress_percent": 100 if status == "completed" else (index * 25) % 100,
                "deliverables": [{"title": f"Guide {number}.{index}", "delivered_on": "2020-11-30"}],
                "participants": member_slugs[: 2 + index % 3],
            }
            ids.append((await activities.create_activity(data=msgspec.convert(values, ActivityCreate))).id)
        for index in range(events_per_body):
            month = 1 + (number + index) % 12
            await events.create_event(
                data=msgspec.convert(
                    {
                        "title": f"Meeting {number}.{index}",
                        "body": slug,
                        "kind": "webinar" if index % 2 else "workshop",
                        "timing": "all_day",
                        "start_date": f"2020-{month:02d}-10",
                        "end_date": f"2020-{month:02d}-11",
                        "location": "" if index % 2 else f"City {number}",
                        "online_url": "https://meet.example.org/x" if index % 2 else "",
                        "activity": ids[index % len(ids)] if ids else None,
                    },
                    EventCreate,
                    strict=False,
                )
            )
    return slug, ids


async def synthetic_network(
    bodies_count: int, *, activities_per_body: int = 4, events_per_body: int = 3, prefix: str = "syn"
) -> SyntheticNetwork:
    """``bodies_count`` bodies, each with its members, a lead, activities and events in 2020, and approved reports."""
    await _priorities()
    slugs: list[str] = []
    activity_ids: list[int] = []
    for number in range(bodies_count):
        slug, ids = await _body(
            number, activities_per_body=activities_per_body, events_per_body=events_per_body, prefix=prefix
        )
        slugs.append(slug)
        activity_ids.extend(ids)
    narratives = [
        ApprovedNarrative(
            activity_id=activity_id,
            period_label=PERIODS[index % 2][0],
            text=f"Progress on activity {activity_id}: the guide was drafted | reviewed.",
            language="en",
            translations={"fr": {"text": f"Avancement de l'activité {activity_id} : le guide a été rédigé."}},
            approved_on=date(2020, 7 if index % 2 == 0 else 12, 15),
        )
        for index, activity_id in enumerate(activity_ids)
    ]
    highlights = [
        Highlight(body_slug=slug, title="Guide published", text=f"Body {number} published its guide.", language="en")
        for number, slug in enumerate(slugs)
    ]
    figures = Completeness(
        available=True,
        periods=[
            PeriodFigures(
                label=label,
                start=start,
                end=end,
                body_slug=slug,
                expected=MEMBERS_PER_BODY,
                received=MEMBERS_PER_BODY - (number % 2),
                on_time=MEMBERS_PER_BODY - (number % 2) - (index % 2),
            )
            for number, slug in enumerate(slugs)
            for index, (label, start, end) in enumerate(PERIODS)
        ],
    )
    return SyntheticNetwork(
        body_slugs=slugs,
        activity_ids=activity_ids,
        source=StaticSource(
            narratives=narratives, highlight_list=highlights, figures=figures, last_end=date(2020, 12, 31)
        ),
    )
