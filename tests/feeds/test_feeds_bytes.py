"""The VEVENTs the feeds write directly (``builder.vevent_bytes``) are the bytes icalendar writes for the same event.

``vevent_bytes`` exists for speed only (its docstring says why): whatever the event, its bytes must be
icalendar's, property for property, escape for escape, fold for fold. Events are generated in every form a
feed shows: timed in zones east and west of UTC and in UTC itself, all-day over one or several days;
with sessions, an online link, a place, a priority or none; titles and descriptions long, short, accented,
in scripts of several bytes per character, with the characters TEXT escapes and the line breaks it rewrites.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import msgspec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coordination.events.schemas import EventOut
from coordination.feeds import builder

ZONES = [
    "Europe/Paris",
    "America/Argentina/Buenos_Aires",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "UTC",
    "Etc/UTC",
    "Etc/GMT+5",
    "America/St_Johns",
]
# What a title or description can hold: TEXT's special characters, every kind of line break, controls,
# and characters of two, three and four UTF-8 bytes (so a fold can fall inside one).
ALPHABET = st.sampled_from(
    list("abcdefgh ijklmnop qrstuvwxyz 0123456789")
    + list("\\;,:^\"'")
    + ["\n", "\r", "\t", "\x00", "\x1b", "\x7f", "\x85", "\u2028"]
    + list("éàçøß—…€中文🏙🌍")
)
TEXT = st.text(alphabet=ALPHABET, max_size=220)
MOMENTS = st.datetimes(min_value=datetime(2019, 1, 1), max_value=datetime(2030, 12, 31))


@st.composite
def events(draw: Any) -> tuple[EventOut, str | None]:
    timed = draw(st.booleans())
    first = draw(MOMENTS).replace(second=0, microsecond=0)
    length = draw(st.timedeltas(min_value=timedelta(minutes=15), max_value=timedelta(days=3)))
    payload: dict[str, Any] = {
        "id": draw(st.integers(min_value=1, max_value=2**31 - 1)),
        "uid": draw(st.sampled_from(["3f2a9c@coordination.example", "a,b;c\\\\N@x"])),
        "title": draw(TEXT.filter(lambda text: text.strip() != "")),
        "description": draw(TEXT),
        "kind": draw(st.sampled_from(["forum", "webinar", "workshop"])),
        "body": {"slug": "b", "name": draw(st.sampled_from(["Digital Cities", "Villes, données; et \\ communs"]))},
        "activity": None,
        "location": draw(st.sampled_from(["", "Lyon", "Hôtel de ville, salle 2; 3e étage"])),
        "online_url": draw(st.sampled_from(["", "https://meet.example/room?id=1;b=2,c&lang=fr" + "x" * 40])),
        "status": draw(st.sampled_from(["tentative", "confirmed", "cancelled"])),
        "visibility": "public",
        "revision": draw(st.integers(min_value=1, max_value=40)),
        "created_at": draw(MOMENTS).replace(tzinfo=UTC),
        "updated_at": draw(MOMENTS).replace(tzinfo=UTC),
        "first_day": first.date(),
        "last_day": (first + length).date(),
        "starts_at": None,
        "ends_at": None,
        "sessions": [],
    }
    if timed:
        zone = draw(st.sampled_from(ZONES))
        payload |= {"timing": "timed", "start": first, "end": first + length, "timezone": zone}
        sessions = draw(st.lists(st.tuples(TEXT, TEXT), max_size=3))
        payload["sessions"] = [
            {
                "title": title or "Session",
                "description": description,
                "kind": "round_table",
                "start": first + timedelta(minutes=10 * number),
                "end": first + timedelta(minutes=10 * number + 5),
                "starts_at": first.replace(tzinfo=UTC),
                "ends_at": first.replace(tzinfo=UTC),
            }
            for number, (title, description) in enumerate(sessions)
        ]
    else:
        last = first.date() + timedelta(days=draw(st.integers(min_value=0, max_value=4)))
        payload |= {"timing": "all_day", "start_date": first.date(), "end_date": draw(st.sampled_from([None, last]))}
    priority = draw(st.sampled_from([None, "Implementation", "Plaidoyer, influence; réseau"]))
    return msgspec.convert(payload, EventOut, strict=False), priority


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events())
def test_a_vevent_written_directly_is_what_icalendar_writes(drawn: tuple[EventOut, str | None]) -> None:
    event, priority = drawn
    item = builder.FeedEvent(event, priority)
    ours, theirs = builder._ZoneRanges(), builder._ZoneRanges()
    written = builder.vevent_bytes(item, base_url="https://network.example", zones=ours)
    expected = builder._vevent(item, base_url="https://network.example", zones=theirs).to_ical()
    assert written == expected
    assert [zone.to_ical() for zone in ours.timezones()] == [zone.to_ical() for zone in theirs.timezones()]


def test_long_lines_fold_at_74_octets_without_splitting_a_character_or_an_escape() -> None:
    # Worked out by hand from RFC 5545 3.1 and icalendar's rule (never end a piece on a backslash or caret).
    assert builder.fold(b"A" * 74) == b"A" * 74 + b"\r\n"
    assert builder.fold(b"A" * 75) == b"A" * 74 + b"\r\n A\r\n"
    assert builder.fold(b"A" * 73 + b"\\nB") == b"A" * 73 + b"\r\n \\nB\r\n"
    # "é" is two octets: 72 + 2 = 74 fits, the next "é" would make 76 and starts the next piece.
    assert builder.fold(b"A" * 72 + "éé".encode()) == b"A" * 72 + "é".encode() + b"\r\n " + "é".encode() + b"\r\n"
    assert builder.fold(b"A" * 73 + "é".encode()) == b"A" * 73 + b"\r\n " + "é".encode() + b"\r\n"


def test_a_whole_feed_assembled_from_direct_bytes_is_icalendars_calendar() -> None:
    base = datetime(2026, 3, 28, 9, 0)
    made = [
        msgspec.convert(
            {
                "id": number,
                "uid": f"{number}@coordination.example",
                "title": f"Réunion {number}: villes, données; communs",
                "description": "Deux jours à Lyon.\n" * 5,
                "kind": "forum",
                "body": {"slug": "b", "name": "Digital Cities"},
                "activity": None,
                "timing": "timed",
                "start": base + timedelta(days=number),
                "end": base + timedelta(days=number, hours=2),
                "timezone": ZONES[number % len(ZONES)],
                "starts_at": None,
                "ends_at": None,
                "first_day": date(2026, 3, 28),
                "last_day": date(2026, 3, 28),
                "location": "",
                "online_url": "",
                "status": "confirmed",
                "visibility": "public",
                "sessions": [],
                "revision": 2,
                "created_at": datetime(2026, 1, 1, tzinfo=UTC),
                "updated_at": datetime(2026, 2, 1, tzinfo=UTC),
            },
            EventOut,
            strict=False,
        )
        for number in range(1, 12)
    ]
    items = [builder.FeedEvent(event, "Implementation") for event in made]
    info = builder.CalendarInfo(name="Network", description="Its events", source="https://network.example/x.ics")
    written = builder.serialise_calendar(info, items, base_url="https://network.example")
    assert written == builder.build_calendar(info, items, base_url="https://network.example").to_ical()
