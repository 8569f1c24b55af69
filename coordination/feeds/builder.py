"""Events as the events service gives them → an ``icalendar.Calendar`` (RFC 5545, RFC 7986). Pure: no I/O.

What a subscriber's calendar app sees, and why:

- **One VEVENT per event**, whose ``UID`` never changes. ``SEQUENCE`` is the
  event's revision minus one (so it starts at 0 and goes up with every
  change); ``DTSTAMP`` and ``LAST-MODIFIED`` are the event's last change, not
  "now", so the same data always gives the same bytes (and the same ETag).
- **Timed events** carry ``TZID`` and the feed has one ``VTIMEZONE`` per zone
  used, built once per zone and holding only the offsets in force between
  that zone's first and last event days (not 1970–2038; see ``vtimezone``). **All-day events** use
  DATE values with an exclusive ``DTEND`` (the day after the last day).
- **Events whose date is still to be confirmed are left out** until they are
  dated: a calendar entry needs a day, and a made-up one (the 1st of the
  month) would put people on the wrong day. An event that goes from dated back
  to "to be confirmed" leaves the feed the same way.
- **Cancelled events** stay as ``STATUS:CANCELLED`` during the retention
  period after their last change (so every client removes them), then leave
  (``selection.select``). **Deleted events** come from their tombstone as a
  minimal ``CANCELLED`` VEVENT with the same UID and a higher SEQUENCE, for
  the same period.
- **Sessions** (the round tables of a restitution) are listed with their
  local times in the event's ``DESCRIPTION``: separate VEVENTs would show as
  overlapping entries nobody could tell belonged together.
- **Online meetings**: ``CONFERENCE`` (RFC 7986) and the link again in the
  description, for clients that ignore ``CONFERENCE``; ``URL`` is always the
  event's page. ``LOCATION`` for a place; ``CATEGORIES``: the body's name and
  the title (English) of the strategic priority of the event's activity.
- **Text** is cleaned of control characters (a CR or LF in a title becomes an
  escaped ``\\n`` and can never start a property) and escaped per RFC 5545;
  icalendar folds lines at 75 octets without splitting a UTF-8 character.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from icalendar import (
    Calendar,
    Component,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCategory,
    vDuration,
    vText,
    vUri,
)
from icalendar.parser import dquote
from icalendar.timezone import is_utc, tzid_from_dt

from coordination.events.enums import EventStatus, EventTiming
from coordination.events.schemas import DeletedEventOut, EventOut, SessionOut

PRODID = "-//coordination//feeds//EN"
REFRESH = timedelta(hours=1)
CONFERENCE_LABEL = "Join online"

_STATUS = {
    EventStatus.tentative: "TENTATIVE",
    EventStatus.confirmed: "CONFIRMED",
    EventStatus.cancelled: "CANCELLED",
}
# Line breaks of every kind become one LF; other control characters (NUL, ESC, DEL, C1…) are dropped:
# RFC 5545 TEXT allows none of them, and U+2028/U+0085 split lines in some parsers.
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


def clean(text: str) -> str:
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text))


class PlainText(vText):
    """TEXT escaped exactly as RFC 5545 says.

    icalendar's own escaping also turns a typed backslash-N into a line
    break; here a backslash is always a backslash.
    """

    def to_ical(self) -> bytes:
        return escape_text(str(self)).encode("utf-8")


def escape_text(text: str) -> str:
    """``text`` cleaned of control characters and escaped as RFC 5545 TEXT."""
    return clean(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


@dataclass(frozen=True)
class CalendarInfo:
    """What the calendar app shows about the subscription itself."""

    name: str
    description: str
    source: str  # the feed's own URL (RFC 7986 SOURCE)


@dataclass(frozen=True)
class FeedEvent:
    event: EventOut
    priority: str | None = None  # the title of its activity's strategic priority


def is_dated(event: EventOut) -> bool:
    return event.timing is not EventTiming.to_be_confirmed


def event_url(base_url: str, event_id: int) -> str:
    return f"{base_url}/events/{event_id}"


def build_calendar(
    info: CalendarInfo,
    events: Sequence[FeedEvent],
    deleted: Sequence[DeletedEventOut] = (),
    *,
    base_url: str,
) -> Calendar:
    """The whole feed; events in the order given, then the deleted ones."""
    calendar = _calendar(info)
    zones = _ZoneRanges()
    for item in events:
        calendar.add_component(_vevent(item, base_url=base_url, zones=zones))
    for tombstone in deleted:
        calendar.add_component(_cancelled_vevent(tombstone, zones=zones))
    # VTIMEZONEs before the events that use them, as some clients read in one pass.
    calendar.subcomponents[:0] = zones.timezones()
    return calendar


_END = b"END:VCALENDAR\r\n"


@dataclass(frozen=True, slots=True)
class WrittenEvent:
    """An event's VEVENT as written (``vevent_bytes``), and the zone and local days its VTIMEZONE must cover.

    The feeds keep each event so, written once when it is loaded (``services.load_feed_data``) and shared by
    every feed that shows it: an edit to one event of 50,000 writes one VEVENT again, not 50,000.
    """

    vevent: bytes
    zone: tuple[str, date, date] | None  # None: all-day, or in UTC


class Written:
    """VEVENTs written since the process started (tests and the bench read it)."""

    count = 0


def write_event(item: FeedEvent, *, base_url: str) -> WrittenEvent:
    event = item.event
    body = vevent_bytes(item, base_url=base_url, zones=_ZoneRanges())
    span = None
    if event.timing is EventTiming.timed:
        assert event.timezone is not None
        assert event.start is not None
        assert event.end is not None
        span = _ZoneRanges.span(event.timezone, event.start, event.end)
    Written.count += 1
    return WrittenEvent(vevent=body, zone=span)


def serialise_calendar(
    info: CalendarInfo,
    events: Sequence[FeedEvent],
    deleted: Sequence[DeletedEventOut] = (),
    *,
    base_url: str,
) -> bytes:
    """The bytes of ``build_calendar(...).to_ical()``, assembled from each event's own bytes."""
    written = [write_event(item, base_url=base_url) for item in events]
    return b"".join(calendar_parts(info, written, deleted))


def calendar_parts(
    info: CalendarInfo, events: Sequence[WrittenEvent], deleted: Sequence[DeletedEventOut] = ()
) -> list[bytes]:
    """``serialise_calendar`` before the join: the head, each VTIMEZONE, each VEVENT, the end.

    A feed is kept as its parts: the VEVENTs' bytes are the events' own (``WrittenEvent``), shared with every
    other feed holding them, rather than copied into one more string of the whole feed.
    """
    zones = _ZoneRanges()
    for written in events:
        if written.zone is not None:
            zones.cover(*written.zone)
    parts = [written.vevent for written in events]
    parts += [_cancelled_vevent(tombstone, zones=zones).to_ical() for tombstone in deleted]
    head = _calendar(info).to_ical()
    assert head.endswith(_END)
    return [head[: -len(_END)], *zones.timezones_bytes(), *parts, _END]


def _calendar(info: CalendarInfo) -> Calendar:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add("NAME", PlainText(info.name))
    calendar.add("X-WR-CALNAME", PlainText(info.name))
    calendar.add("DESCRIPTION", PlainText(info.description))
    calendar.add("X-WR-CALDESC", PlainText(info.description))
    calendar.add("SOURCE", vUri(info.source), parameters={"VALUE": "URI"})
    calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    return calendar


class _ZoneRanges:
    """The zones the timed events use, each with the first and last local day it must cover."""

    def __init__(self) -> None:
        self._ranges: dict[str, tuple[date, date]] = {}

    def timed(self, zone: str, start: datetime, end: datetime) -> tuple[datetime, datetime]:
        tz = ZoneInfo(zone)
        aware = start.replace(tzinfo=tz), end.replace(tzinfo=tz)
        span = self.span(zone, start, end)
        if span is not None:
            self.cover(*span)
        return aware

    @staticmethod
    def span(zone: str, start: datetime, end: datetime) -> tuple[str, date, date] | None:
        """The zone and the days a timed event needs in the VTIMEZONE (None in UTC)."""
        if _zone_is_utc(zone):
            return None  # icalendar writes UTC (and its aliases) as ...Z times, without a TZID
        return zone, start.date(), end.date()

    def cover(self, zone: str, first_day: date, last_day: date) -> None:
        first, last = self._ranges.get(zone, (first_day, last_day))
        self._ranges[zone] = (min(first, first_day), max(last, last_day))

    def timezones(self) -> list[Timezone]:
        # From the first day's midnight to the day after the last: every instant of the events.
        return [
            vtimezone(zone, first=first, last=last + timedelta(days=1))
            for zone, (first, last) in sorted(self._ranges.items())
        ]

    def timezones_bytes(self) -> list[bytes]:
        """``timezones()`` serialised; the same zone over the same days is worked out once per process."""
        return [
            _vtimezone_bytes(zone, first, last + timedelta(days=1))
            for zone, (first, last) in sorted(self._ranges.items())
        ]


@lru_cache(maxsize=1024)
def _vtimezone_bytes(zone: str, first: date, last: date) -> bytes:
    # Finding a zone's changes over four years steps through them six hours at a time: a tenth of a second a zone.
    return vtimezone(zone, first=first, last=last).to_ical()


def vtimezone(key: str, *, first: date, last: date) -> Timezone:
    """A VTIMEZONE for ``key`` holding exactly the offsets in force from ``first`` to ``last`` (local midnights).

    One observance for the offset at the start, then one per change of
    offset, each starting (DTSTART) at the local time of the offset it
    replaces, as RFC 5545 says. icalendar's ``Timezone.from_tzid`` dates a
    change by the wall-clock time after it (03:00 instead of 02:00 when the
    clocks go forward), which puts the change an hour late for a strict reader.
    """
    tz = ZoneInfo(key)
    start = datetime.combine(first, time.min, tzinfo=tz)
    end = datetime.combine(last, time.min, tzinfo=tz).astimezone(UTC)
    component = Timezone()
    component.add("TZID", key)
    offset = start.utcoffset()
    assert offset is not None
    component.add_component(_observance(start, onset=start.replace(tzinfo=None), offset_from=offset))
    for change in _changes(tz, start.astimezone(UTC), end):
        before = (change - timedelta(seconds=1)).astimezone(tz).utcoffset()
        assert before is not None
        component.add_component(
            _observance(change.astimezone(tz), onset=(change + before).replace(tzinfo=None), offset_from=before)
        )
    return component


def _observance(moment: datetime, *, onset: datetime, offset_from: timedelta) -> Component:
    observance = TimezoneStandard() if moment.dst() == timedelta(0) else TimezoneDaylight()
    observance.add("DTSTART", onset)
    observance.add("TZOFFSETFROM", offset_from)
    observance.add("TZOFFSETTO", moment.utcoffset())
    observance.add("TZNAME", moment.tzname() or "")
    return observance


def _changes(tz: ZoneInfo, start: datetime, end: datetime) -> Iterator[datetime]:
    """The UTC instants in [start, end) at which ``tz`` changes offset, to the second."""
    step = timedelta(hours=6)  # no zone changes twice within six hours

    def state(instant: datetime) -> tuple[timedelta | None, timedelta | None]:
        local = instant.astimezone(tz)
        return local.utcoffset(), local.dst()

    cursor = start
    while cursor < end:
        following = min(cursor + step, end)
        if state(following) != state(cursor):
            low, high = cursor, following  # state(low) is the old one, state(high) the new one
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if state(middle) == state(low) else (low, middle)
            yield high.replace(microsecond=0)
        cursor = following


def _when(
    vevent: Event,
    *,
    timing: EventTiming,
    zones: _ZoneRanges,
    start: datetime | None,
    end: datetime | None,
    timezone: str | None,
    start_date: date | None,
    end_date: date | None,
) -> None:
    if timing is EventTiming.timed:
        assert start is not None
        assert end is not None
        assert timezone is not None
        dtstart, dtend = zones.timed(timezone, start, end)
        vevent.add("DTSTART", dtstart)
        vevent.add("DTEND", dtend)
        return
    assert start_date is not None
    vevent.add("DTSTART", start_date)
    vevent.add("DTEND", (end_date or start_date) + timedelta(days=1))  # exclusive


def _vevent(item: FeedEvent, *, base_url: str, zones: _ZoneRanges) -> Event:
    event = item.event
    page = event_url(base_url, event.id)
    vevent = Event()
    vevent.add("UID", event.uid)
    vevent.add("DTSTAMP", event.updated_at.astimezone(UTC))
    vevent.add("CREATED", event.created_at.astimezone(UTC))
    vevent.add("LAST-MODIFIED", event.updated_at.astimezone(UTC))
    vevent.add("SEQUENCE", event.revision - 1)
    vevent.add("STATUS", _STATUS[event.status])
    vevent.add("SUMMARY", PlainText(event.title))
    _when(
        vevent,
        timing=event.timing,
        zones=zones,
        start=event.start,
        end=event.end,
        timezone=event.timezone,
        start_date=event.start_date,
        end_date=event.end_date,
    )
    vevent.add("DESCRIPTION", PlainText(_description(event, page)))
    if event.location:
        vevent.add("LOCATION", PlainText(event.location))
    vevent.add("URL", vUri(page), parameters={"VALUE": "URI"})
    if event.online_url:
        vevent.add(
            "CONFERENCE",
            vUri(event.online_url),
            parameters={"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": CONFERENCE_LABEL},
        )
    categories = vCategory([])
    categories.cats = [PlainText(name) for name in (event.body.name, item.priority) if name]
    vevent.add("CATEGORIES", categories)
    return vevent


# --------------------------------------------------------------------------- VEVENT bytes, written directly


def vevent_bytes(item: FeedEvent, *, base_url: str, zones: _ZoneRanges) -> bytes:
    """Exactly ``_vevent(item, …).to_ical()``, written directly: the same properties, order, escaping and folding.

    Why not icalendar here: it builds an object per property, infers each value's type, sorts the parameters
    and folds every line a character at a time, which made a cold render of the network feed about 0.9 ms an
    event (45 s at 50,000) and slower than building the same events with icalendar alone. Written directly,
    a VEVENT takes a few microseconds. ``tests/feeds/test_feeds_bytes.py`` pins that both give the same bytes for
    events of every form (timed in any zone, UTC, all-day; sessions, online, long and non-ASCII text); the
    VTIMEZONEs, the calendar's head and the deleted events' VEVENTs are still icalendar's.
    """
    event = item.event
    page = event_url(base_url, event.id)
    created = _utc_stamp(event.created_at)
    updated = _utc_stamp(event.updated_at)
    lines = ["BEGIN:VEVENT", "SUMMARY:" + escape_text(event.title)]
    if event.timing is EventTiming.timed:
        assert event.start is not None
        assert event.end is not None
        assert event.timezone is not None
        dtstart, dtend = zones.timed(event.timezone, event.start, event.end)
        lines += [f"DTSTART{_zone_parameter(dtstart)}:{_local_stamp(dtstart)}"]
        lines += [f"DTEND{_zone_parameter(dtend)}:{_local_stamp(dtend)}"]
    else:
        assert event.start_date is not None
        last = (event.end_date or event.start_date) + timedelta(days=1)  # exclusive
        lines += [f"DTSTART;VALUE=DATE:{_day(event.start_date)}", f"DTEND;VALUE=DATE:{_day(last)}"]
    lines += [f"DTSTAMP:{updated}", "UID:" + _icalendar_text(event.uid), f"SEQUENCE:{event.revision - 1}"]
    categories = [escape_text(name) for name in (event.body.name, item.priority) if name]
    lines.append("CATEGORIES:" + ",".join(categories))
    if event.online_url:
        lines.append(f"CONFERENCE;FEATURE=VIDEO;LABEL={CONFERENCE_LABEL};VALUE=URI:{event.online_url}")
    lines += [f"CREATED:{created}", "DESCRIPTION:" + escape_text(_description(event, page))]
    lines.append(f"LAST-MODIFIED:{updated}")
    if event.location:
        lines.append("LOCATION:" + escape_text(event.location))
    lines += ["STATUS:" + _STATUS[event.status], f"URL;VALUE=URI:{page}", "END:VEVENT"]
    return b"".join(fold(line.encode("utf-8")) for line in lines)


def fold(line: bytes) -> bytes:
    """One content line ending in CRLF, folded as icalendar folds it.

    At most 74 octets per piece, never inside a UTF-8 character, and a piece does not end with a backslash or a
    caret (which goes to the next piece, so an escape is never split).
    """
    if len(line) < 75:
        return line + b"\r\n"
    pieces = []
    start = 0
    while len(line) - start >= 75:
        end = start + 74
        while line[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: the character starts earlier
            end -= 1
        if line[end - 1] in b"\\^" and end - 1 > start:
            end -= 1
        pieces.append(line[start:end])
        start = end
    pieces.append(line[start:])
    return b"\r\n ".join(pieces) + b"\r\n"


def _icalendar_text(text: str) -> str:
    """TEXT escaped as icalendar escapes a plain ``str`` value (the UID's): its order of replacements."""
    escaped = text.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return escaped.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _utc_stamp(moment: datetime) -> str:
    moment = moment.astimezone(UTC)
    return f"{_day(moment)}T{moment.hour:02}{moment.minute:02}{moment.second:02}Z"


def _local_stamp(moment: datetime) -> str:
    stamp = f"{_day(moment)}T{moment.hour:02}{moment.minute:02}{moment.second:02}"
    assert isinstance(moment.tzinfo, ZoneInfo)
    return stamp + "Z" if _zone_is_utc(moment.tzinfo.key) else stamp


@cache
def _zone_is_utc(key: str) -> bool:
    """Whether icalendar writes times in zone ``key`` as UTC (...Z): it asks of the zone, not the moment."""
    return is_utc(datetime(2000, 1, 1, tzinfo=ZoneInfo(key)))


def _day(day: date) -> str:
    return f"{day.year:04}{day.month:02}{day.day:02}"


def _zone_parameter(moment: datetime) -> str:
    """``;TZID=…`` as icalendar writes it for ``moment``'s zone; nothing for UTC (its times end in Z)."""
    assert isinstance(moment.tzinfo, ZoneInfo)
    return _zone_parameter_of(moment.tzinfo.key)


@cache
def _zone_parameter_of(key: str) -> str:
    if _zone_is_utc(key):
        return ""
    return f";TZID={dquote(tzid_from_dt(datetime(2000, 1, 1, tzinfo=ZoneInfo(key))) or key)}"


def _description(event: EventOut, page: str) -> str:
    parts = [event.description.strip()] if event.description.strip() else []
    if event.sessions:
        several_days = event.first_day != event.last_day
        parts.append(_programme(event.sessions, timezone=event.timezone or "", several_days=several_days))
    if event.online_url:
        parts.append(f"Join online: {event.online_url}")
    parts.append(f"Details: {page}")
    return "\n\n".join(parts)


def _programme(sessions: Sequence[SessionOut], *, timezone: str, several_days: bool) -> str:
    shape = "%Y-%m-%d %H:%M" if several_days else "%H:%M"
    lines = [f"Programme (times in {timezone}):"]
    for session in sessions:
        end_shape = shape if session.end.date() != session.start.date() else "%H:%M"
        lines.append(f"{session.start.strftime(shape)}–{session.end.strftime(end_shape)} {session.title}")
        if session.description.strip():
            lines.append(f"  {session.description.strip()}")
    return "\n".join(lines)


def _cancelled_vevent(tombstone: DeletedEventOut, *, zones: _ZoneRanges) -> Event:
    vevent = Event()
    vevent.add("UID", tombstone.uid)
    vevent.add("DTSTAMP", tombstone.deleted_at)
    vevent.add("LAST-MODIFIED", tombstone.deleted_at)
    vevent.add("SEQUENCE", tombstone.sequence)
    vevent.add("STATUS", "CANCELLED")
    vevent.add("SUMMARY", PlainText(tombstone.title))
    _when(
        vevent,
        timing=tombstone.timing,
        zones=zones,
        start=tombstone.start,
        end=tombstone.end,
        timezone=tombstone.timezone,
        start_date=tombstone.start_date,
        end_date=tombstone.end_date,
    )
    vevent.add("DESCRIPTION", PlainText("This event was cancelled and removed from the calendar."))
    return vevent
