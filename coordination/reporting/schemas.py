"""What the reporting API reads and writes. Every string and list has a maximum length; texts refuse NUL and
other control characters (line breaks and tabs are allowed in multi-line texts)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

from coordination.activities.enums import ActivityStatus
from coordination.core.schemas import (
    LINES_PATTERN,
    MAX_INT,
    NOT_BLANK_LINE_PATTERN,
    ONE_LINE_PATTERN,
    Revision,
    Slug,
    documented_items,
    whole,
)
from coordination.core.translated import Language
from coordination.reporting.enums import (
    AttachmentKind,
    PeriodKind,
    ReportAction,
    ReporterKind,
    SlotState,
    Timeliness,
)

# The shared text patterns (core/schemas.py): several lines; one line; one line with something in it.
MULTI_LINE = LINES_PATTERN
ONE_LINE = ONE_LINE_PATTERN
ONE_LINE_NOT_BLANK = NOT_BLANK_LINE_PATTERN

MAX_NARRATIVE = 10_000
MAX_SUMMARY = 4_000
MAX_REASON = 2_000
MAX_ENTRIES = 500
MAX_HIGHLIGHTS = 20
MAX_PARAGRAPHS = 2  # seed 001: "two paragraphs summarising the results"

Narrative = Annotated[str, Meta(max_length=MAX_NARRATIVE, pattern=MULTI_LINE)]
Summary = Annotated[
    str,
    Meta(
        max_length=MAX_SUMMARY,
        pattern=MULTI_LINE,
        description="At most two paragraphs (separated by an empty line).",
        examples=["La nouvelle édition de Smart Cities Study a été élaborée au cours de l’année 2019."],
    ),
]
HighlightTitle = Annotated[
    str, Meta(min_length=1, max_length=300, pattern=ONE_LINE_NOT_BLANK, examples=["Smart Cities Study"])
]
Reason = Annotated[
    str,
    Meta(
        max_length=MAX_REASON,
        pattern=MULTI_LINE,
        description="Why: required to return, reopen, exempt or move a due date.",
        examples=["Please add the number of cities that took part in the study."],
    ),
]
PeriodName = Annotated[str, Meta(max_length=200, pattern=ONE_LINE, description="Empty: said from kind and dates.")]
TranslatedText = Annotated[str, Meta(max_length=MAX_NARRATIVE, pattern=MULTI_LINE)]
FieldName = Annotated[str, Meta(max_length=40, pattern=whole(r"[a-z_]{1,40}"))]
Translations = Annotated[
    dict[Language, Annotated[dict[FieldName, TranslatedText], Meta(max_length=4)]],
    Meta(
        max_length=3,
        description='Language → field → text, e.g. `{"en": {"summary": "…"}}`; never the text\'s own language.',
    ),
]
ProgressPercent = Annotated[int, Meta(ge=0, le=100)]
Year = Annotated[int, Meta(ge=1900, le=2200)]
GraceDays = Annotated[int, Meta(ge=0, le=366, description="Days after the due date still counted as in grace.")]


# ------------------------------------------------------------------ periods


class PeriodCreate(msgspec.Struct, forbid_unknown_fields=True):
    """A reporting period: ``year`` (with ``year``), ``half`` or ``quarter`` (with ``year`` and ``number``),
    or ``custom`` (with ``start_date`` and ``end_date``)."""

    kind: PeriodKind
    due_date: date
    year: Year | None = None
    number: Annotated[int, Meta(ge=1, le=4, description="Which half (1–2) or quarter (1–4).")] | None = None
    start_date: date | None = None
    end_date: date | None = None
    name: PeriodName = ""
    slug: Slug | None = None
    grace_days: GraceDays = 0
    include_bodies: Annotated[bool, Meta(description="Every active body owes a report (written by its lead).")] = True
    members: Annotated[
        list[Slug],
        Meta(
            max_length=1000,
            description="Members that owe a report too (written by their focal point).",
            extra_json_schema=documented_items(Slug),
        ),
    ] = []


class PeriodUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """Moving the due date moves every slot still on the period's date (not those extended on their own)."""

    revision: Revision
    due_date: date | UnsetType = UNSET
    grace_days: GraceDays | UnsetType = UNSET
    name: PeriodName | UnsetType = UNSET
    reason: Reason = ""


class PeriodRef(msgspec.Struct):
    slug: str
    kind: PeriodKind
    name: str
    start_date: date
    end_date: date


class PeriodOut(msgspec.Struct):
    slug: str
    kind: PeriodKind
    name: str
    start_date: date
    end_date: date
    due_date: date
    grace_days: int
    grace_ends: date  # the last day a report still counts as in grace
    include_bodies: bool
    slots: int
    revision: int
    created_at: datetime
    updated_at: datetime


# ------------------------------------------------------------------ slots


class SlotAdd(msgspec.Struct, forbid_unknown_fields=True):
    """A reporter added to a period after it was set up: a body or a member (exactly one)."""

    body: Slug | None = None
    member: Slug | None = None


class SlotUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """The secretariat's changes to one slot: an extension of its due date, or an exemption (or lifting one)."""

    revision: Revision
    reason: Reason
    due_date: date | UnsetType = UNSET
    exempt: bool | UnsetType = UNSET


class ReporterRef(msgspec.Struct):
    kind: ReporterKind
    slug: str
    name: str


class SlotOut(msgspec.Struct):
    id: int
    period: PeriodRef
    reporter: ReporterRef
    state: SlotState
    due_date: date
    grace_ends: date
    timeliness: Timeliness
    exempt_reason: str
    first_submitted_at: datetime | None
    last_submitted_at: datetime | None
    approved_at: datetime | None
    approved_version: int
    submissions: int
    # Why it was last returned or reopened, while it is returned: what the reporter must see.
    returned_reason: str
    revision: int
    updated_at: datetime


# ------------------------------------------------------------------ reports


class EntryIn(msgspec.Struct, forbid_unknown_fields=True):
    activity: Annotated[int, Meta(ge=1, le=MAX_INT, description="The id of one of the reporter's activities.")]
    status: ActivityStatus
    progress_percent: ProgressPercent
    narrative: Narrative = ""
    added_in_period: bool = False
    translations: Translations = {}


class HighlightIn(msgspec.Struct, forbid_unknown_fields=True):
    title: HighlightTitle
    summary: Summary = ""
    translations: Translations = {}


class ReportSave(msgspec.Struct, forbid_unknown_fields=True):
    """The whole working copy (entries and highlights replace what was saved), based on ``revision``.

    A stale revision is refused with 409, and the answer holds the current report under ``current``.
    """

    revision: Revision
    language: Language
    leadership_note: Narrative = ""
    translations: Translations = {}
    entries: Annotated[list[EntryIn], Meta(max_length=MAX_ENTRIES)] = []
    highlights: Annotated[list[HighlightIn], Meta(max_length=MAX_HIGHLIGHTS)] = []


class EntryOut(msgspec.Struct):
    activity: int | None
    activity_title: str
    priority: str
    priority_title: dict[str, str]
    status: ActivityStatus
    progress_percent: int
    narrative: str
    added_in_period: bool
    language: str
    translations: dict[str, dict[str, str]]


class HighlightOut(msgspec.Struct):
    title: str
    summary: str
    language: str
    translations: dict[str, dict[str, str]]


class LeadershipFact(msgspec.Struct):
    body: str
    body_name: str
    member: str
    member_name: str
    person_name: str
    role: str
    start_date: date
    end_date: date | None


class LeadershipFacts(msgspec.Struct):
    """What seed 001's "leadership updates" reads from the network's own records."""

    started: list[LeadershipFact] = []  # terms in the reporter's body (or of the member) that began in the period
    ended: list[LeadershipFact] = []  # …that ended in the period
    leads: list[LeadershipFact] = []  # who leads the body at the end of the period
    other_roles: list[LeadershipFact] = []  # the lead member's roles in other bodies at the end of the period


class AttachmentOut(msgspec.Struct):
    id: int
    file_name: str
    kind: AttachmentKind
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    uploaded_by: str
    removed: bool


class ReportContent(msgspec.Struct):
    language: str
    leadership_note: str
    translations: dict[str, dict[str, str]]
    entries: list[EntryOut]
    highlights: list[HighlightOut]
    leadership: LeadershipFacts
    attachments: list[AttachmentOut]


class ReportOut(msgspec.Struct):
    slot: int
    state: SlotState
    revision: int  # send it back with the next save
    saved: bool  # false: pre-filled from the network's data, never saved yet
    content: ReportContent
    updated_at: datetime | None


class VersionSummary(msgspec.Struct):
    number: int
    submitted_as: SlotState
    submitted_at: datetime
    submitted_by: str
    approved: bool


class VersionOut(msgspec.Struct):
    number: int
    submitted_as: SlotState
    submitted_at: datetime
    submitted_by: str
    approved: bool
    content: ReportContent


class ComparedField(msgspec.Struct):
    field: str  # a stable path: "leadership_note", "entries[activity=12].status", "highlights[1].summary"
    section: str  # "report", "activities", "highlights", "attachments"
    subject: str  # what the field belongs to: an activity's title, a highlight's title, or ""
    aspect: str  # which of its fields: "status", "progress_percent", "narrative", "summary", "title"…
    language: str  # for a translation, its language; else ""
    label: str  # what a person reads, in English (pages say it in their own language)
    before: str
    after: str
    changed: bool


class VersionComparison(msgspec.Struct):
    slot: int
    before: int  # version numbers; 0 is the working copy
    after: int
    fields: list[ComparedField]


# ------------------------------------------------------------------ workflow


class TransitionIn(msgspec.Struct, forbid_unknown_fields=True):
    """``submit`` (the reporter), ``return`` and ``reopen`` (the secretariat, with a reason), ``approve``."""

    action: Literal["submit", "return", "approve", "reopen"]
    reason: Reason = ""
    revision: Revision | None = None


class TransitionOut(msgspec.Struct):
    id: int
    action: ReportAction
    from_state: SlotState
    to_state: SlotState
    reason: str
    version_number: int
    due_date: date | None
    at: datetime
    actor: str


# ------------------------------------------------------------------ completeness and queries


class CompletenessCell(msgspec.Struct):
    period: str
    slot: int
    state: SlotState
    timeliness: Timeliness
    due_date: date
    first_submitted_at: datetime | None


class CompletenessRow(msgspec.Struct):
    reporter: ReporterRef
    cells: list[CompletenessCell | None]  # one per period, in the order of ``periods``; null: owes nothing there


class PeriodRates(msgspec.Struct):
    """DHIS2's rates: reporting rate = received ÷ expected; timeliness rate = received by the due date ÷ expected.

    Expected leaves out exempt slots (counted apart); received counts every report submitted at least once.
    Rates are percentages with one decimal, capped at 100; null when nothing is expected.
    """

    period: str
    expected: int
    received: int
    on_time: int
    in_grace: int
    late: int
    approved: int
    awaiting_review: int
    exempt: int
    reporting_rate: float | None
    timeliness_rate: float | None


class Completeness(msgspec.Struct):
    periods: list[PeriodRef]
    rates: list[PeriodRates]
    rows: list[CompletenessRow]


class ApprovedEntryOut(msgspec.Struct):
    """One activity as an approved report states it: what the annual report reads."""

    period: str
    reporter: ReporterRef
    version: int
    approved_at: datetime
    priority: str
    activity: int | None
    activity_title: str
    status: ActivityStatus
    progress_percent: int
    added_in_period: bool
    narrative: str
    language: str
    translations: dict[str, dict[str, str]]


class ApprovedHighlightOut(msgspec.Struct):
    period: str
    reporter: ReporterRef
    version: int
    position: int
    title: str
    summary: str
    language: str
    translations: dict[str, dict[str, str]]


class LatestApproval(msgspec.Struct):
    """A reporter's most recently approved report: what a body's page says its progress comes from."""

    slot: int
    period: PeriodRef
    version: int
    approved_at: datetime


class ErrorItem(msgspec.Struct):
    field: str
    message: str


class StaleReportAnswer(msgspec.Struct):
    """409 on a stale save: nothing was written; ``current`` is the report as it is now."""

    status_code: int
    detail: str
    errors: list[ErrorItem]
    current: ReportOut


# ------------------------------------------------------------------ reminders


class ReminderOut(msgspec.Struct):
    """A reminder decided for a slot: which (``before``, ``due``, ``overdue-N``, ``chase-N``), for which due
    date and day, to whom, when, by whom (``system`` for the scheduled ones)."""

    id: int
    slot: int
    kind: str
    due_date: date
    planned_for: date
    status: str  # queued, cancelled, nobody
    recipients: list[str]
    decided_at: datetime
    actor: str


class PlannedReminder(msgspec.Struct):
    """A reminder due (or, on a dry run, that would be sent), with what the command line prints."""

    slot: int
    kind: str
    due_date: date
    planned_for: date
    period: str
    reporter: str
    state: SlotState
    recipients: list[str]
    sent: bool = False  # decided by this run (False: on a dry run, or another process decided it first)
