"""Data that tries to break a calendar feed, built through the services.

Every text field carries commas, semicolons, backslashes (one before an N),
newlines of every kind, a tab, non-ASCII (accents, CJK, an emoji) and an
attempt to start a property with a CR LF; the timed events sit in zones whose
clocks change during the events, on both hemispheres and at a half-hour offset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from coordination.events import services as events
from coordination.events.schemas import EventOut
from coordination.network import services as network
from coordination.network.schemas import NetworkUpdate
from tests.factories import activities as activity_factories
from tests.factories import bodies as body_factories
from tests.factories import events as event_factories
from tests.factories import members as member_factories

INJECTION = "X\r\nDTSTART:19700101T000000Z"
NASTY = f"Ça, “quoted”; back\\slash \\N 日本語 🎉 — {INJECTION}\nline two\rthree\ttab"
# One-line fields (names, titles, places) refuse line breaks and tabs at the edge; they get all the rest.
NASTY_LINE = " ".join(NASTY.replace("\t", " ").splitlines())


def as_parsed(text: str) -> str:
    """What a parser gives back for ``text``: every line break a LF, nothing else changed."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def long_title(prefix: str) -> str:
    return (prefix + " " + NASTY_LINE + " " + "é" * 300)[:300]


@dataclass
class Adversarial:
    body: str = "nasty-body"
    member: str = "nasty-city"
    priority: str = "Z"
    events: dict[str, EventOut] = field(default_factory=dict)
    deleted: dict[str, EventOut] = field(default_factory=dict)  # as they were before deletion

    def utc(self, zone: str, local: str) -> str:
        instant = datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone)).astimezone(ZoneInfo("UTC"))
        return instant.strftime("%Y-%m-%dT%H:%M:%S.000Z")


async def adversarial_network() -> Adversarial:
    data = Adversarial()
    current = await network.get_network()
    await network.update_network(data=NetworkUpdate(revision=current.revision, name=f"Réseau {NASTY_LINE}"[:200]))
    await activity_factories.priority(code=data.priority, title_en=f"Priorité {NASTY_LINE}"[:200])
    await body_factories.body(slug=data.body, name=f"Body {NASTY_LINE}"[:200])
    await member_factories.member(slug=data.member, name=f"Ville {NASTY_LINE}"[:200])
    await body_factories.membership(body_slug=data.body, member_slug=data.member)
    activity = await activity_factories.activity(body=data.body, priority=data.priority, title=long_title("Activity"))
    session = {"title": long_title("Session"), "description": NASTY}
    data.events["new_york"] = await event_factories.event(
        body=data.body,
        activity=activity.id,
        title=long_title("New York"),
        description=NASTY * 3,
        location=NASTY_LINE,
        kind="webinar",
        timing="timed",
        # Daylight saving time starts at 2:00 on 14 March 2021, during the event.
        start="2021-03-13T22:00",
        end="2021-03-14T10:00",
        timezone="America/New_York",
        online_url="https://meet.example.org/room?x=1,2;y=3",
        sessions=[
            {**session, "start": "2021-03-13T22:30", "end": "2021-03-14T01:30"},
            {**session, "start": "2021-03-14T03:30", "end": "2021-03-14T09:00"},
        ],
    )
    data.events["paris"] = await event_factories.event(
        body=data.body,
        title=long_title("Paris"),
        description=NASTY,
        kind="forum",
        timing="timed",
        start="2021-03-27T10:00",  # the clocks go forward on the 28th
        end="2021-03-29T12:00",
        timezone="Europe/Paris",
        location="Lyon, Halle Tony Garnier; salle 2",
    )
    data.events["all_day"] = await event_factories.event(
        body=data.body, title=long_title("All day"), description=NASTY, start_date="2021-12-06", end_date="2021-12-07"
    )
    data.events["tentative"] = await event_factories.event(
        body=data.body, title=f"Tentative {NASTY_LINE}", status="tentative", start_date="2022-01-10"
    )
    data.events["cancelled"] = await event_factories.event(
        body=data.body,
        title=f"Cancelled {NASTY_LINE}",
        kind="workshop",
        timing="timed",
        start="2021-06-01T09:30",
        end="2021-06-01T11:00",
        timezone="Asia/Kolkata",  # UTC+05:30
        status="cancelled",
    )
    data.events["utc"] = await event_factories.event(
        body=data.body,
        title=f"In UTC {NASTY_LINE}",
        kind="round_table",
        timing="timed",
        start="2021-07-01T12:00",
        end="2021-07-01T13:00",
        timezone="UTC",  # written as ...Z times, with no TZID and no VTIMEZONE
    )
    sydney = await event_factories.event(
        body=data.body,
        title=f"Deleted {NASTY_LINE}",
        kind="panel",
        timing="timed",
        start="2021-04-03T10:00",  # the clocks go back at 3:00 on the 4th
        end="2021-04-04T10:00",
        timezone="Australia/Sydney",
    )
    await events.delete_event(event_id=sydney.id)
    data.deleted["sydney"] = sydney
    # Never in a public feed: a date still to be confirmed, and a members-only event.
    data.events["to_be_confirmed"] = await event_factories.event(
        body=data.body, title=f"Someday {NASTY_LINE}", timing="to_be_confirmed", year=2022, month=5
    )
    data.events["members_only"] = await event_factories.event(
        body=data.body,
        title=f"Members only {NASTY_LINE}",
        visibility="members",
        start_date=date(2021, 9, 1).isoformat(),
    )
    return data
