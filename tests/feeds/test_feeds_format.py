"""Every feed of the demo and of hostile data passes ical.js, vobject and icalendar, and the byte rules."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import icalendar
import pytest

from coordination.demo.loader import load_demo
from coordination.events import services as events
from coordination.events.enums import EventTiming, Visibility
from coordination.feeds.services import write_feed_files
from tests.factories.feeds import NASTY, NASTY_LINE, adversarial_network, as_parsed
from tests.feeds.checks import check_feeds

BASE = "https://coordination.example.org"


async def fetch_all(client: httpx.AsyncClient, paths: list[str], folder: Path) -> list[Path]:
    """Each feed as a file, named after its path (what a subscriber's app downloads)."""
    bodies = []
    for path in paths:
        answer = await client.get(path, headers={"Accept-Encoding": "identity"})
        assert answer.status_code == 200, (path, answer.text)
        assert answer.headers["content-type"] == "text/calendar; charset=utf-8"
        bodies.append(answer.content)
    return save(folder, paths, bodies)


def save(folder: Path, paths: list[str], bodies: list[bytes]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for index, (path, body) in enumerate(zip(paths, bodies, strict=True)):
        file = folder / f"{index:03d}-{path.strip('/').replace('/', '_').replace('?', '_')}"
        file.write_bytes(body)
        files.append(file)
    return files


def escaped(text: str) -> str:
    """TEXT as RFC 5545 writes it."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def feed_of(parsed: dict[str, dict[str, Any]], name_part: str) -> dict[str, Any]:
    [feed] = [feed for file, feed in parsed.items() if name_part in file]
    return feed


def events_of(parsed: dict[str, dict[str, Any]], name_part: str) -> dict[str, dict[str, Any]]:
    return {event["uid"]: event for event in feed_of(parsed, name_part)["events"]}


@pytest.mark.demo
async def test_every_demo_feed_passes_icaljs_vobject_icalendar_and_the_byte_rules(
    client: httpx.AsyncClient, tmp_path: Path, icaljs: Path
) -> None:
    await load_demo()
    every = (await events.list_events(limit=None)).items
    public_dated = [
        e for e in every if e.visibility is Visibility.public and e.timing is not EventTiming.to_be_confirmed
    ]
    paths = [
        "/calendars/network.ics",
        *[f"/calendars/events/{event.id}.ics" for event in public_dated],
        "/calendars/network.ics?status=cancelled",
        "/calendars/network.ics?from=2020-01-01&kind=webinar",
    ]
    served = await fetch_all(client, paths, tmp_path / "demo")
    # Every published feed: each body, member (41), priority and kind, as the job writes them.
    published = await write_feed_files(output=tmp_path / "published", base_url=BASE, retention=timedelta(days=30))
    assert len(published.written) == 1 + 6 + 41 + 5 + 7
    files = sorted((tmp_path / "published").rglob("*.ics"))
    assert (tmp_path / "published" / "network.ics").read_bytes() == served[0].read_bytes()
    parsed = check_feeds(served + files, icaljs)
    network = events_of(parsed, "000-calendars_network.ics")
    assert set(network) == {event.uid for event in public_dated}
    assert len(public_dated) == 5  # of 8: two to be confirmed, one members-only
    datacites = next(event for event in public_dated if event.timezone == "Europe/Paris")
    assert network[datacites.uid]["start"] == {
        "local": "2020-12-08T09:30:00",
        "tzid": "Europe/Paris",
        "is_date": False,
        "utc": "2020-12-08T08:30:00.000Z",
    }
    assert network[datacites.uid]["url"] == f"{BASE}/events/{datacites.id}"
    assert feed_of(parsed, "000-calendars_network.ics")["timezones"] == ["Europe/Madrid", "Europe/Paris"]


async def test_hostile_text_and_timezones_survive_every_parser_unchanged(
    client: httpx.AsyncClient, tmp_path: Path, icaljs: Path
) -> None:
    data = await adversarial_network()
    dated = {key: event for key, event in data.events.items() if key not in ("to_be_confirmed", "members_only")}
    paths = [
        "/calendars/network.ics",
        f"/calendars/bodies/{data.body}.ics",
        f"/calendars/members/{data.member}.ics",
        f"/calendars/priorities/{data.priority}.ics",
        "/calendars/kinds/webinar.ics",
        "/calendars/network.ics?status=cancelled",
        f"/calendars/network.ics?body={data.body}&from=2021-03-28",
        *[f"/calendars/events/{event.id}.ics" for event in dated.values()],
    ]
    parsed = check_feeds(await fetch_all(client, paths, tmp_path / "hostile"), icaljs)

    network = events_of(parsed, "000-calendars_network.ics")
    sydney = data.deleted["sydney"]
    assert set(network) == {event.uid for event in dated.values()} | {sydney.uid}
    # NAME (RFC 7986) and X-WR-CALNAME are TEXT, so escaped; neither ical.js nor icalendar knows
    # them yet, so both hand back the value as written, which must be exactly the escaped name.
    name = escaped(f"Réseau {NASTY_LINE}")
    assert feed_of(parsed, "000-calendars_network.ics")["name"] == name
    calendar = icalendar.Calendar.from_ical((tmp_path / "hostile" / "000-calendars_network.ics").read_bytes())
    assert (str(calendar["NAME"]), str(calendar["X-WR-CALNAME"])) == (name, name)
    new_york = network[data.events["new_york"].uid]
    assert new_york["summary"] == as_parsed(data.events["new_york"].title)
    assert len(data.events["new_york"].title) == 300
    assert new_york["location"] == NASTY_LINE
    assert new_york["description"].startswith(as_parsed(NASTY * 3) + "\n\nProgramme (times in America/New_York):\n")
    assert "\n\nJoin online: https://meet.example.org/room?x=1,2;y=3\n\n" in new_york["description"]
    assert new_york["conference"] == "https://meet.example.org/room?x=1,2;y=3"
    assert new_york["categories"] == [f"Body {NASTY_LINE}", f"Priorité {NASTY_LINE}"]
    # 22:00 EST (UTC−5) to 10:00 EDT (UTC−4): eleven hours, not twelve.
    assert (new_york["start"]["utc"], new_york["end"]["utc"]) == (
        "2021-03-14T03:00:00.000Z",
        "2021-03-14T14:00:00.000Z",
    )
    paris = network[data.events["paris"].uid]
    assert (paris["start"]["utc"], paris["end"]["utc"]) == ("2021-03-27T09:00:00.000Z", "2021-03-29T10:00:00.000Z")
    assert paris["location"] == "Lyon, Halle Tony Garnier; salle 2"
    cancelled = network[data.events["cancelled"].uid]
    assert (cancelled["status"], cancelled["start"]["utc"]) == ("CANCELLED", "2021-06-01T04:00:00.000Z")
    assert (network[sydney.uid]["status"], network[sydney.uid]["sequence"]) == ("CANCELLED", 1)
    # 10:00 AEDT (UTC+11) on the 3rd to 10:00 AEST (UTC+10) on the 4th.
    assert (network[sydney.uid]["start"]["utc"], network[sydney.uid]["end"]["utc"]) == (
        "2021-04-02T23:00:00.000Z",
        "2021-04-04T00:00:00.000Z",
    )
    all_day = network[data.events["all_day"].uid]
    assert (all_day["start"], all_day["end"]) == (
        {"local": "2021-12-06", "tzid": None, "is_date": True, "utc": None},
        {"local": "2021-12-08", "tzid": None, "is_date": True, "utc": None},  # exclusive
    )
    assert network[data.events["tentative"].uid]["status"] == "TENTATIVE"
    assert network[data.events["utc"].uid]["start"] == {
        "local": "2021-07-01T12:00:00Z",
        "tzid": "UTC",
        "is_date": False,
        "utc": "2021-07-01T12:00:00.000Z",
    }
    assert feed_of(parsed, "000-calendars_network.ics")["timezones"] == [
        "America/New_York",
        "Asia/Kolkata",
        "Australia/Sydney",
        "Europe/Paris",
    ]
    assert {event["start"]["local"][:4] for event in network.values()} == {"2021", "2022"}  # no 1970

    assert set(events_of(parsed, "calendars_priorities_Z.ics")) == {data.events["new_york"].uid}
    assert set(events_of(parsed, f"calendars_members_{data.member}.ics")) == set(network)
    assert set(events_of(parsed, "calendars_network.ics_status=cancelled")) == {
        data.events["cancelled"].uid,
        sydney.uid,
    }
    assert set(events_of(parsed, "from=2021-03-28")) == {
        data.events[key].uid for key in ("paris", "all_day", "tentative", "cancelled", "utc")
    } | {sydney.uid}
