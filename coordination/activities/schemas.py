from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from coordination.activities.enums import ActivityStatus, DatePrecision
from coordination.core.schemas import (
    ONE_LINE_PATTERN,
    LongText,
    Name,
    OptionalUrl,
    Revision,
    Slug,
    SlugList,
    Title,
    Website,
)
from coordination.core.translated import Language, Translations
from coordination.members.schemas import MemberSummary
from coordination.network.schemas import PriorityOut

ProgressPercent = Annotated[int, Meta(ge=0, le=100, description="How far the activity has got, 0 to 100.")]
PriorityCode = Annotated[
    str,
    Meta(min_length=1, max_length=10, pattern=ONE_LINE_PATTERN, description="A strategic priority's code, e.g. `A`."),
]
MAX_DELIVERABLES = 100


# Partner organisations ----------------------------------------------------------------------------


class PartnerCreate(msgspec.Struct, forbid_unknown_fields=True):
    slug: Slug
    name: Name
    website: Website = ""


class PartnerUpdate(msgspec.Struct, forbid_unknown_fields=True):
    revision: Revision
    name: Name | UnsetType = UNSET
    website: Website | UnsetType = UNSET


class PartnerOut(msgspec.Struct):
    slug: str
    name: str
    website: str
    revision: int
    created_at: datetime


class PartnerSummary(msgspec.Struct):
    slug: str
    name: str
    website: str


# Activities ---------------------------------------------------------------------------------------


class Period(msgspec.Struct, forbid_unknown_fields=True):
    """A planned period: whole days, months, quarters, years, or the end of a year.

    ``start`` is the first day and must begin a unit of ``precision`` (a
    quarter starts on 1 January, 1 April, 1 July or 1 October; a year, on
    1 January; the end of a year, on 1 October). ``end`` is the last day
    covered and must close a unit of the same precision; left out, it is the
    end of the unit that ``start`` begins. "2019–2020" is
    ``{"precision": "year", "start": "2019-01-01", "end": "2020-12-31"}``;
    "End 2019" is ``{"precision": "end_of_year", "start": "2019-10-01"}``.
    """

    precision: DatePrecision
    start: date
    end: date | None = None


class PeriodOut(msgspec.Struct):
    precision: DatePrecision
    start: date
    end: date


class DeliverableIn(msgspec.Struct, forbid_unknown_fields=True):
    title: Title
    description: LongText = ""
    url: OptionalUrl = ""
    delivered_on: date | None = None


Deliverables = Annotated[
    list[DeliverableIn], Meta(max_length=MAX_DELIVERABLES, description=f"At most {MAX_DELIVERABLES} deliverables.")
]


class DeliverableOut(msgspec.Struct):
    title: str
    description: str
    url: str
    delivered_on: date | None


class ActivityCreate(msgspec.Struct, forbid_unknown_fields=True):
    body: Slug
    priority: PriorityCode
    title: Title
    description: LongText = ""
    planned: Period | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    status: ActivityStatus = ActivityStatus.planned
    progress_percent: ProgressPercent = 0
    deliverables: Deliverables = []
    partners: SlugList = []
    participants: SlugList = []
    language: Language = "en"  # the language of the title and description as written
    translations: Translations = {}  # {"fr": {"title": "…", "description": "…"}}


class ActivityUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """Fields left out are kept; ``deliverables``, ``partners`` and ``participants`` replace the lists when given."""

    revision: Revision
    body: Slug | UnsetType = UNSET
    priority: PriorityCode | UnsetType = UNSET
    title: Title | UnsetType = UNSET
    description: LongText | UnsetType = UNSET
    planned: Period | UnsetType | None = UNSET
    actual_start: date | UnsetType | None = UNSET
    actual_end: date | UnsetType | None = UNSET
    status: ActivityStatus | UnsetType = UNSET
    progress_percent: ProgressPercent | UnsetType = UNSET
    deliverables: Deliverables | UnsetType = UNSET
    partners: SlugList | UnsetType = UNSET
    participants: SlugList | UnsetType = UNSET
    language: Language | UnsetType = UNSET
    translations: Translations | UnsetType = UNSET  # replaces every translation when given


class BodyRef(msgspec.Struct):
    slug: str
    name: str


class PriorityRef(msgspec.Struct):
    code: str
    title: dict[str, str]  # language -> title


class ActivityOut(msgspec.Struct):
    id: int
    body: BodyRef
    priority: PriorityRef
    title: str
    description: str
    planned: PeriodOut | None
    actual_start: date | None
    actual_end: date | None
    status: ActivityStatus
    progress_percent: int
    deliverables: list[DeliverableOut]
    partners: list[PartnerSummary]
    participants: list[MemberSummary]
    revision: int
    created_at: datetime
    updated_at: datetime
    language: str = "en"  # the language of ``title`` and ``description`` as written
    translations: Translations = {}


class ActivitySummary(msgspec.Struct):
    """What another page needs to mention an activity (an event's agenda, a report line)."""

    id: int
    title: str
    body: BodyRef
    priority: PriorityRef
    planned: PeriodOut | None
    status: ActivityStatus
    progress_percent: int


class PriorityActivities(msgspec.Struct):
    priority: PriorityOut
    activities: list[ActivityOut]
