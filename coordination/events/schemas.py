"""Events on the wire.

The timing fields sit flat in the event, next to ``timing`` which says which
form they follow (see ``timing.py``): ``start``/``end``/``timezone``,
``start_date``/``end_date``, or ``year``/``month``. The output carries the same
fields, leaving out those of the other forms, so an event read back mirrors
what was sent.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import msgspec
from litestar.openapi.spec import OpenAPIType, Schema
from msgspec import UNSET, Meta, UnsetType

from coordination.core.schemas import (
    LOCAL_DATE_TIME_PATTERN,
    ONE_LINE_PATTERN,
    LongText,
    OptionalUrl,
    Revision,
    RowId,
    ShortText,
    Slug,
    Title,
)
from coordination.core.translated import Language, Translations
from coordination.events.enums import EventKind, EventStatus, EventTiming, Visibility
from coordination.events.timing import YEAR_MAX, YEAR_MIN

LOCAL_DATE_TIME = "local-date-time"  # the OpenAPI format of a wall-clock time without an offset
LOCAL_DATE_TIME_DESCRIPTION = (
    "Local wall-clock time without an offset, in the event's timezone, e.g. `2020-12-08T09:30`: "
    "not an instant (see `starts_at`/`ends_at` for those, in UTC)."
)
# In requests: checked as text by events.timing, which explains what is wrong with it.
LocalDateTime = Annotated[
    str,
    Meta(
        max_length=40,
        pattern=ONE_LINE_PATTERN,
        description=LOCAL_DATE_TIME_DESCRIPTION,
        extra_json_schema={"extra": {"format": LOCAL_DATE_TIME}},
    ),
]
# In answers: msgspec writes a naive datetime without an offset, which OpenAPI's `date-time` would promise.
_LOCAL_SCHEMA = {"format": LOCAL_DATE_TIME, "pattern": LOCAL_DATE_TIME_PATTERN}
LocalDateTimeOut = Annotated[
    datetime,
    Meta(extra_json_schema={"description": LOCAL_DATE_TIME_DESCRIPTION, "extra": _LOCAL_SCHEMA}),
]
OptionalLocalDateTimeOut = Annotated[
    datetime | None,
    Meta(
        extra_json_schema={
            "description": f"{LOCAL_DATE_TIME_DESCRIPTION} Null for events that are not timed.",
            "extra": {
                "one_of": [
                    Schema(type=OpenAPIType.STRING, format=LOCAL_DATE_TIME, pattern=LOCAL_DATE_TIME_PATTERN),
                    Schema(type=OpenAPIType.NULL),
                ]
            },
        }
    ),
]
TimezoneName = Annotated[
    str, Meta(max_length=64, pattern=ONE_LINE_PATTERN, description="An IANA timezone such as `Europe/Paris`.")
]
Location = ShortText
ActivityId = RowId
Year = Annotated[int, Meta(ge=YEAR_MIN, le=YEAR_MAX, description=f"A year, {YEAR_MIN} to {YEAR_MAX}.")]
Month = Annotated[int, Meta(ge=1, le=12, description="A month, 1 to 12.")]
DAY_DESCRIPTION = "Never accepted: a date to be confirmed has only a month or a year; other forms give full dates."
Day = Annotated[int, Meta(ge=1, le=31, description=DAY_DESCRIPTION)] | None
MAX_SESSIONS = 100


class SessionIn(msgspec.Struct, forbid_unknown_fields=True):
    """A part of a timed event, within the event's span, in the event's timezone."""

    title: Title
    start: LocalDateTime
    end: LocalDateTime
    description: LongText = ""
    kind: EventKind = EventKind.round_table


Sessions = Annotated[list[SessionIn], Meta(max_length=MAX_SESSIONS, description=f"At most {MAX_SESSIONS} sessions.")]


class EventCreate(msgspec.Struct, forbid_unknown_fields=True):
    title: Title
    body: Slug
    kind: EventKind
    timing: EventTiming
    # timed
    start: LocalDateTime | None = None
    end: LocalDateTime | None = None
    timezone: TimezoneName | None = None
    # all_day (end_date inclusive; defaults to start_date)
    start_date: date | None = None
    end_date: date | None = None
    # to_be_confirmed
    year: Year | None = None
    month: Month | None = None
    day: Day = None
    description: LongText = ""
    activity: ActivityId | None = None
    location: Location = ""
    online_url: OptionalUrl = ""
    status: EventStatus = EventStatus.confirmed
    visibility: Visibility = Visibility.public
    sessions: Sessions = []
    language: Language = "en"  # the language of the title and description as written
    translations: Translations = {}  # {"fr": {"title": "…", "description": "…"}}


class EventUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """Only the fields sent change.

    Timing fields sent without ``timing`` amend the current form (``{"end": …}``
    moves the end); sending another ``timing`` replaces the form, whose fields
    must then all be given. ``null`` clears an optional field (``month``).
    ``sessions``, when sent, replaces the whole list.
    """

    revision: Revision
    title: Title | UnsetType = UNSET
    body: Slug | UnsetType = UNSET
    kind: EventKind | UnsetType = UNSET
    timing: EventTiming | UnsetType = UNSET
    start: LocalDateTime | UnsetType | None = UNSET
    end: LocalDateTime | UnsetType | None = UNSET
    timezone: TimezoneName | UnsetType | None = UNSET
    start_date: date | UnsetType | None = UNSET
    end_date: date | UnsetType | None = UNSET
    year: Year | UnsetType | None = UNSET
    month: Month | UnsetType | None = UNSET
    day: Day | UnsetType = UNSET
    description: LongText | UnsetType = UNSET
    activity: ActivityId | UnsetType | None = UNSET
    location: Location | UnsetType = UNSET
    online_url: OptionalUrl | UnsetType = UNSET
    status: EventStatus | UnsetType = UNSET
    visibility: Visibility | UnsetType = UNSET
    sessions: Sessions | UnsetType = UNSET
    language: Language | UnsetType = UNSET
    translations: Translations | UnsetType = UNSET  # replaces every translation when given


class EventBodyRef(msgspec.Struct):
    slug: str
    name: str


class EventActivityRef(msgspec.Struct):
    id: int
    title: str


class SessionOut(msgspec.Struct):
    title: str
    description: str
    kind: EventKind
    start: LocalDateTimeOut  # local, in the event's timezone
    end: LocalDateTimeOut
    starts_at: datetime  # UTC
    ends_at: datetime


class EventOut(msgspec.Struct, kw_only=True, omit_defaults=True):
    """An event. Of the timing fields only those of its form appear (they default to None)."""

    id: int
    uid: str  # never changes: calendar clients key on it
    title: str
    description: str
    kind: EventKind
    body: EventBodyRef
    activity: EventActivityRef | None
    timing: EventTiming
    start: OptionalLocalDateTimeOut = None  # local wall-clock time in ``timezone``
    end: OptionalLocalDateTimeOut = None
    timezone: str | None = None
    start_date: date | None = None
    end_date: date | None = None  # inclusive
    year: int | None = None
    month: int | None = None
    starts_at: datetime | None  # UTC; only timed events have one
    ends_at: datetime | None
    first_day: date  # local days covered, whatever the timing
    last_day: date
    location: str
    online_url: str
    status: EventStatus
    visibility: Visibility
    sessions: list[SessionOut]
    revision: int  # +1 on every change, sessions included: the feeds' SEQUENCE
    created_at: datetime
    updated_at: datetime
    language: str = "en"  # the language of ``title`` and ``description`` as written
    translations: Translations = {}


class DeletedEventOut(msgspec.Struct, kw_only=True, omit_defaults=True):
    """A deleted dated event, kept for a while so calendar feeds can publish it as cancelled."""

    uid: str
    title: str
    kind: EventKind
    body: EventBodyRef
    activity_id: int | None  # None also when the activity was deleted since
    visibility: Visibility
    timing: EventTiming  # timed or all_day: only dated events leave a tombstone
    start: OptionalLocalDateTimeOut = None  # local wall-clock time in ``timezone``
    end: OptionalLocalDateTimeOut = None
    timezone: str | None = None
    start_date: date | None = None
    end_date: date | None = None  # inclusive
    first_day: date
    last_day: date
    sequence: int  # the SEQUENCE to publish: one above the event's last
    deleted_at: datetime
