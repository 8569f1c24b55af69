"""When a job is due: APScheduler 3 triggers on a fixed grid, and the due times around a moment.

Every process must agree on a job's due times, since a run is claimed under
(job, due time): interval triggers are therefore anchored at a fixed instant
(``ANCHOR``), not at the moment a process started, and cron triggers carry
their time zone. ``latest_due`` answers "which due time is the latest one not
after now", which APScheduler does not (its triggers only look forward).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

ANCHOR = datetime(2000, 1, 1, tzinfo=UTC)
_TICK = timedelta(microseconds=1)
# How far back ``latest_due`` looks, widening until it finds a due time: cheap for a job due every
# second (a minute is enough), still right for a yearly one.
_SPANS = (
    timedelta(minutes=1),
    timedelta(hours=1),
    timedelta(days=1),
    timedelta(days=8),
    timedelta(days=32),
    timedelta(days=367),
    timedelta(days=4 * 366),
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Schedule:
    """A trigger with what a page needs to describe it (``kind``: interval, daily or weekly)."""

    trigger: BaseTrigger
    kind: str
    seconds: int = 0  # interval
    at: str = ""  # "06:00", daily and weekly
    weekday: int = 0  # 0 is Monday, weekly
    timezone: str = "UTC"

    def summary(self) -> str:
        """In English, for the command line: ``every 1 min``, ``daily at 03:30 (UTC)``."""
        if self.kind == "interval":
            if self.seconds % 3600 == 0:
                return f"every {self.seconds // 3600} h"
            if self.seconds % 60 == 0:
                return f"every {self.seconds // 60} min"
            return f"every {self.seconds} s"
        if self.kind == "daily":
            return f"daily at {self.at} ({self.timezone})"
        return f"{WEEKDAYS[self.weekday]}s at {self.at} ({self.timezone})"

    def next_due(self, now: datetime) -> datetime | None:
        """The first due time after ``now``."""
        found = self.trigger.get_next_fire_time(None, now + _TICK)
        return None if found is None else found.astimezone(UTC)

    def latest_due(self, now: datetime, *, after: datetime | None = None) -> datetime | None:
        """The latest due time not after ``now`` (and strictly after ``after``, if given), or None."""
        for span in _SPANS:
            lower = now - span
            bounded = after is not None and lower <= after
            if bounded:
                assert after is not None
                lower = after + _TICK
            found = self.trigger.get_next_fire_time(None, lower)
            if found is not None and found <= now:
                while True:
                    following = self.trigger.get_next_fire_time(found, found + _TICK)
                    if following is None or following > now:
                        return found.astimezone(UTC)
                    found = following
            if bounded:
                return None
        return None


def every(*, seconds: int = 0, minutes: int = 0, hours: int = 0) -> Schedule:
    """Every so often, on a grid anchored at midnight UTC, 1 January 2000 (``every(minutes=1)``: at :00 seconds)."""
    total = seconds + 60 * minutes + 3600 * hours
    if total <= 0:
        raise ValueError("a job's interval must be at least one second")
    return Schedule(
        trigger=IntervalTrigger(seconds=total, start_date=ANCHOR, timezone=UTC), kind="interval", seconds=total
    )


def daily(at: time, *, timezone: str = "UTC") -> Schedule:
    """Every day at ``at``, wall-clock time in ``timezone`` (an IANA name)."""
    trigger = CronTrigger(hour=at.hour, minute=at.minute, second=0, timezone=ZoneInfo(timezone))
    return Schedule(trigger=trigger, kind="daily", at=f"{at:%H:%M}", timezone=timezone)


def weekly(weekday: int, at: time, *, timezone: str = "UTC") -> Schedule:
    """Every week on ``weekday`` (0 is Monday) at ``at``, wall-clock time in ``timezone``."""
    if not 0 <= weekday <= 6:
        raise ValueError("weekday is 0 (Monday) to 6 (Sunday)")
    trigger = CronTrigger(day_of_week=weekday, hour=at.hour, minute=at.minute, second=0, timezone=ZoneInfo(timezone))
    return Schedule(trigger=trigger, kind="weekly", at=f"{at:%H:%M}", weekday=weekday, timezone=timezone)
