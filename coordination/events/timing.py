"""When an event happens: pure functions from what a request says to what is stored.

An event is in exactly one of three timing forms:

- ``timed``: ``start`` and ``end`` are local wall-clock times (no offset) in
  the IANA zone ``timezone``, because that is what people agreed on; the UTC
  instants ``starts_at``/``ends_at`` are derived from them.
- ``all_day``: whole days from ``start_date`` to ``end_date`` inclusive (a
  missing ``end_date`` means a one-day event). No zone, so no UTC instants.
- ``to_be_confirmed``: only a ``year``, or a ``year`` and a ``month``.

Whatever the form, ``first_day``/``last_day`` are the local days it covers (the
whole month or year for a date to be confirmed), so one date filter serves all.

Local times that clocks skip (spring forward) or show twice (fall back) are
refused with 400 rather than guessed: the request carries no offset to tell
which instant was meant, and a guess would put people an hour off.

Nothing here touches the database; every rule error is an ``InvalidInput``
naming the field.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from coordination.core.errors import InvalidInput, Phrase
from coordination.core.i18n import N_
from coordination.events.enums import EventTiming

YEAR_MIN = 1900
YEAR_MAX = 2100

# The request fields that belong to each timing form. ``day`` belongs to none:
# it is accepted only so that a day sent with a date to be confirmed can be
# refused with an explanation instead of a bare "unknown field".
FORM_FIELDS: dict[EventTiming, tuple[str, ...]] = {
    EventTiming.timed: ("start", "end", "timezone"),
    EventTiming.all_day: ("start_date", "end_date"),
    EventTiming.to_be_confirmed: ("year", "month"),
}
TIMING_FIELDS: tuple[str, ...] = (
    "start",
    "end",
    "timezone",
    "start_date",
    "end_date",
    "year",
    "month",
    "day",
)

# How messages name a timing form and a field the request lacks: English words for the API (the error's
# ``field`` carries the field's own name), the reader's words on a page.
TIMING_NAMES: dict[EventTiming, Phrase] = {
    EventTiming.timed: Phrase(N_("timed")),
    EventTiming.all_day: Phrase(N_("all-day")),
    EventTiming.to_be_confirmed: Phrase(N_("to-be-confirmed")),
}
FIELD_NAMES: dict[str, Phrase] = {
    "start": Phrase(N_("a start")),
    "end": Phrase(N_("an end")),
    "timezone": Phrase(N_("a time zone")),
    "start_date": Phrase(N_("a first day")),
    "year": Phrase(N_("a year")),
}

TBC_HAS_NO_DAY = N_("a date to be confirmed has only a month or a year, never a day; send year (and month if known)")


@dataclass(frozen=True)
class Timing:
    """A checked timing, as the ``event`` table stores it."""

    timing: EventTiming
    first_day: date
    last_day: date
    timezone: str | None = None
    start_local: datetime | None = None
    end_local: datetime | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    start_date: date | None = None
    end_date: date | None = None
    year: int | None = None
    month: int | None = None

    def form(self) -> dict[str, Any]:
        """The request fields of this timing, as a request would give them (local times as ISO text)."""
        values: dict[str, Any] = {
            "start": self.start_local.isoformat() if self.start_local else None,
            "end": self.end_local.isoformat() if self.end_local else None,
            "timezone": self.timezone,
            "start_date": self.start_date,
            "end_date": self.end_date,
            "year": self.year,
            "month": self.month,
        }
        return {name: values[name] for name in FORM_FIELDS[self.timing]}


@dataclass(frozen=True)
class SessionTimes:
    start_local: datetime
    end_local: datetime
    starts_at: datetime
    ends_at: datetime


# Files in a system zoneinfo folder that name this machine's zone, not a place.
_MACHINE_ZONES = frozenset({"localtime", "posixrules"})


@lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones()) - _MACHINE_ZONES


def zone(key: str, *, field: str = "timezone") -> ZoneInfo:
    """The IANA zone called ``key``; 400 naming ``field`` when there is none."""
    message = N_("unknown timezone %(zone)r: give an IANA name such as 'Europe/Paris' or 'America/New_York'")
    params = {"zone": key}
    # ZoneInfo alone also opens files such as 'localtime' or a folder ('Europe').
    known = _known_zones()
    if key in _MACHINE_ZONES or (known and key not in known):
        raise InvalidInput(message, field=field, params=params)
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise InvalidInput(message, field=field, params=params) from exc


def parse_local(value: str, *, field: str) -> datetime:
    """A local wall-clock time such as ``2020-12-08T09:30``; an offset or a bare date is refused."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(
            N_("%(value)r is not a local date and time such as '2020-12-08T09:30'"),
            field=field,
            params={"value": value},
        ) from exc
    if "T" not in value.upper() and " " not in value:
        raise InvalidInput(
            N_("%(value)r has no time of day; give a local date and time such as '2020-12-08T09:30'"),
            field=field,
            params={"value": value},
        )
    if parsed.tzinfo is not None:
        raise InvalidInput(
            N_("%(value)r carries an offset; give the local wall-clock time without it and the zone in timezone"),
            field=field,
            params={"value": value},
        )
    _check_year(parsed.year, field=field)
    return parsed


def local_to_utc(local: datetime, tz: ZoneInfo, *, field: str) -> datetime:
    """The UTC instant of a local time in ``tz``; 400 if the clocks skip it or show it twice."""
    earlier = local.replace(tzinfo=tz, fold=0)
    later = local.replace(tzinfo=tz, fold=1)
    shown = {"time": local.isoformat(timespec="minutes"), "zone": tz.key}
    if earlier.utcoffset() != later.utcoffset():
        # Python gives the two folds different offsets both in a gap and in an overlap;
        # a time that exists maps back to itself, one in a gap does not.
        if earlier.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != local:
            raise InvalidInput(
                N_(
                    "%(time)s in %(zone)s does not exist: the clocks skip that hour (daylight saving time starts); "
                    "give another time"
                ),
                field=field,
                params=shown,
            )
        raise InvalidInput(
            N_(
                "%(time)s in %(zone)s happens twice: the clocks go back over that hour (daylight saving time ends); "
                "give another time"
            ),
            field=field,
            params=shown,
        )
    return earlier.astimezone(UTC)


def lenient_local_to_utc(local: datetime, tz: ZoneInfo) -> datetime:
    """The same conversion for stored times, which were checked when saved: never raises."""
    return local.replace(tzinfo=tz, fold=0).astimezone(UTC)


def local_days(start_local: datetime, end_local: datetime) -> tuple[date, date]:
    """The local days a timed span covers; an end at midnight does not cover the day it opens."""
    last = end_local.date()
    if end_local.time() == datetime.min.time() and last > start_local.date():
        last -= timedelta(days=1)
    return start_local.date(), last


def tbc_days(year: int, month: int | None) -> tuple[date, date]:
    """First and last day of the month, or of the year when the month is not known."""
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _check_year(year: int, *, field: str) -> None:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise InvalidInput(
            N_("the year must be between %(min)s and %(max)s, not %(year)s"),
            field=field,
            params={"min": YEAR_MIN, "max": YEAR_MAX, "year": year},
        )


def _refuse_foreign_fields(timing: EventTiming, given: Mapping[str, Any]) -> None:
    own = FORM_FIELDS[timing]
    for name in TIMING_FIELDS:
        if name in own or given.get(name) is None:
            continue
        if timing is EventTiming.to_be_confirmed and name in ("start", "end", "start_date", "end_date", "day"):
            raise InvalidInput(TBC_HAS_NO_DAY, field=name)
        raise InvalidInput(
            N_("%(name)s does not belong to a %(timing)s event, which takes only %(own)s"),
            field=name,
            params={"name": name, "timing": TIMING_NAMES[timing], "own": ", ".join(own)},
        )


def _required(given: Mapping[str, Any], name: str, timing: EventTiming, example: str) -> Any:
    value = given.get(name)
    if value is None:
        raise InvalidInput(
            N_("a %(timing)s event needs %(name)s (e.g. %(example)s)"),
            field=name,
            params={"timing": TIMING_NAMES[timing], "name": FIELD_NAMES[name], "example": example},
        )
    return value


def resolve_timing(timing: EventTiming, given: Mapping[str, Any]) -> Timing:
    """Check one timing form (``given`` maps the request's timing fields to values) and derive the rest."""
    _refuse_foreign_fields(timing, given)
    if timing is EventTiming.timed:
        return _resolve_timed(given)
    if timing is EventTiming.all_day:
        return _resolve_all_day(given)
    return _resolve_to_be_confirmed(given)


def _resolve_timed(given: Mapping[str, Any]) -> Timing:
    timing = EventTiming.timed
    start_text = _required(given, "start", timing, "'2020-12-08T09:30'")
    end_text = _required(given, "end", timing, "'2020-12-08T11:30'")
    zone_name = _required(given, "timezone", timing, "'Europe/Paris'")
    tz = zone(zone_name)
    start_local = parse_local(start_text, field="start")
    end_local = parse_local(end_text, field="end")
    starts_at = local_to_utc(start_local, tz, field="start")
    ends_at = local_to_utc(end_local, tz, field="end")
    if ends_at <= starts_at:
        raise InvalidInput(
            N_("the end (%(end)s) must come after the start (%(start)s)"),
            field="end",
            params={"end": end_local.isoformat(timespec="minutes"), "start": start_local.isoformat(timespec="minutes")},
        )
    first_day, last_day = local_days(start_local, end_local)
    return Timing(
        timing=timing,
        first_day=first_day,
        last_day=last_day,
        timezone=tz.key,
        start_local=start_local,
        end_local=end_local,
        starts_at=starts_at,
        ends_at=ends_at,
    )


def _resolve_all_day(given: Mapping[str, Any]) -> Timing:
    timing = EventTiming.all_day
    start_date: date = _required(given, "start_date", timing, "'2021-12-06'")
    end_date: date = given.get("end_date") or start_date
    _check_year(start_date.year, field="start_date")
    _check_year(end_date.year, field="end_date")
    if end_date < start_date:
        raise InvalidInput(
            N_("the end date (%(end)s) comes before the start date (%(start)s)"),
            field="end_date",
            params={"end": end_date.isoformat(), "start": start_date.isoformat()},
        )
    return Timing(timing=timing, first_day=start_date, last_day=end_date, start_date=start_date, end_date=end_date)


def _resolve_to_be_confirmed(given: Mapping[str, Any]) -> Timing:
    timing = EventTiming.to_be_confirmed
    year: int = _required(given, "year", timing, "2021")
    month: int | None = given.get("month")
    _check_year(year, field="year")
    if month is not None and not 1 <= month <= 12:
        raise InvalidInput(
            N_("the month must be between 1 and 12, not %(month)s"), field="month", params={"month": month}
        )
    first_day, last_day = tbc_days(year, month)
    return Timing(timing=timing, first_day=first_day, last_day=last_day, year=year, month=month)


def resolve_session(*, start: str, end: str, event: Timing, field: str) -> SessionTimes:
    """Check a session's local times against its event; ``field`` is the session's path, e.g. ``sessions[1]``."""
    if event.timing is not EventTiming.timed:
        raise InvalidInput(
            N_("only timed events have sessions; this one is %(timing)s (send sessions: [] or make it timed)"),
            field="sessions",
            params={"timing": event.timing.value},
        )
    assert event.timezone is not None
    assert event.starts_at is not None
    assert event.ends_at is not None
    tz = zone(event.timezone)
    start_local = parse_local(start, field=f"{field}.start")
    end_local = parse_local(end, field=f"{field}.end")
    starts_at = local_to_utc(start_local, tz, field=f"{field}.start")
    ends_at = local_to_utc(end_local, tz, field=f"{field}.end")
    if ends_at <= starts_at:
        raise InvalidInput(
            N_("the session ends (%(end)s) before it starts (%(start)s)"),
            field=f"{field}.end",
            params={"end": end_local.isoformat(timespec="minutes"), "start": start_local.isoformat(timespec="minutes")},
        )
    span = f"{_minutes(event.start_local)} – {_minutes(event.end_local)} {event.timezone}"
    if starts_at < event.starts_at:
        raise InvalidInput(
            N_("the session starts at %(time)s, before the event (%(span)s)"),
            field=f"{field}.start",
            params={"time": _minutes(start_local), "span": span},
        )
    if ends_at > event.ends_at:
        raise InvalidInput(
            N_("the session ends at %(time)s, after the event (%(span)s)"),
            field=f"{field}.end",
            params={"time": _minutes(end_local), "span": span},
        )
    return SessionTimes(start_local=start_local, end_local=end_local, starts_at=starts_at, ends_at=ends_at)


def _minutes(value: datetime | None) -> str:
    return value.isoformat(timespec="minutes") if value else "?"
