from __future__ import annotations

from piccolo.columns import JSON, Date, ForeignKey, Integer, Serial, Text, Timestamp, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from coordination.activities.tables import Activity
from coordination.bodies.tables import Body
from coordination.events.enums import EventKind, EventStatus, EventTiming, Visibility


class Event(Table, tablename="event"):
    """An event of a body.

    Timed events keep their wall-clock times and IANA zone (``start_local``,
    ``end_local``, ``timezone``) because that is what was agreed with the
    people attending; ``starts_at`` is the same instant in UTC, for sorting and
    filtering. ``first_day``/``last_day`` are the local days covered whatever the
    timing, so one date filter serves timed, all-day and to-be-confirmed events.
    """

    id: Serial  # added by Piccolo; declared so type-checkers know it
    uid = Varchar(length=64, unique=True)  # never changes: calendar clients key on it
    body = ForeignKey(references=Body, on_delete=OnDelete.restrict, null=False, index=True)
    activity = ForeignKey(references=Activity, on_delete=OnDelete.set_null, null=True, index=True)
    title = Varchar(length=300)
    description = Text(default="")
    language = Varchar(length=5, default="en")  # the language its texts were written in (core/translated.py)
    translations = JSON(default="{}")  # {"fr": {"title": "…"}}
    kind = Varchar(length=30, choices=EventKind)
    timing = Varchar(length=20, choices=EventTiming)
    timezone = Varchar(length=64, null=True, default=None)
    start_local = Timestamp(null=True, default=None)
    end_local = Timestamp(null=True, default=None)
    start_date = Date(null=True, default=None)
    end_date = Date(null=True, default=None)  # inclusive, as people say it
    tbc_year = Integer(null=True, default=None)
    tbc_month = Integer(null=True, default=None)
    starts_at = Timestamptz(null=True, default=None)
    ends_at = Timestamptz(null=True, default=None)
    first_day = Date(index=True)
    last_day = Date(index=True)
    # last_day − first_day: the longest span is one index read away, and bounds where a "from this day on" query
    # must start reading first_day to find the events begun earlier and still going on (events.services).
    span_days = Integer(default=0, index=True)
    location = Varchar(length=300, default="")
    online_url = Varchar(length=500, default="")
    status = Varchar(length=20, choices=EventStatus, default=EventStatus.confirmed)
    visibility = Varchar(length=20, choices=Visibility, default=Visibility.public)
    revision = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class EventSession(Table, tablename="event_session"):
    """A part of an event (a round table of a restitution), in the event's timezone."""

    id: Serial  # added by Piccolo; declared so type-checkers know it
    event = ForeignKey(references=Event, on_delete=OnDelete.cascade, null=False, index=True)
    position = Integer(default=0)
    title = Varchar(length=300)
    description = Text(default="")
    kind = Varchar(length=30, choices=EventKind, default=EventKind.round_table)
    start_local = Timestamp(null=True, default=None)
    end_local = Timestamp(null=True, default=None)


class EventTombstone(Table, tablename="event_tombstone"):
    """What is kept of a deleted event so the calendar feeds can publish it as CANCELLED for a while.

    A calendar app that subscribed to a feed only removes an event it has
    been told is cancelled; an event that silently vanished can stay on its
    screen. Written by ``delete_event`` in the delete's transaction, for dated
    events only (those still to be confirmed were never in a feed), and
    pruned by the feeds' scheduled job once the retention period is over.
    """

    id: Serial  # added by Piccolo; declared so type-checkers know it
    uid = Varchar(length=64, unique=True)
    body = ForeignKey(references=Body, on_delete=OnDelete.cascade, null=False, index=True)
    activity = ForeignKey(references=Activity, on_delete=OnDelete.set_null, null=True, index=True)
    title = Varchar(length=300)
    kind = Varchar(length=30, choices=EventKind)
    visibility = Varchar(length=20, choices=Visibility)
    timing = Varchar(length=20, choices=EventTiming)
    timezone = Varchar(length=64, null=True, default=None)
    start_local = Timestamp(null=True, default=None)
    end_local = Timestamp(null=True, default=None)
    start_date = Date(null=True, default=None)
    end_date = Date(null=True, default=None)  # inclusive
    first_day = Date()
    last_day = Date()
    sequence = Integer()  # the deleted event's last SEQUENCE plus one: the deletion is a change
    deleted_at = Timestamptz(index=True)
