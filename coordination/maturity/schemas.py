"""What the maturity API and pages read and write. Every string and list has a maximum length; texts refuse NUL
and other control characters (line breaks and tabs are allowed in multi-line texts)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import msgspec
from msgspec import Meta

from coordination.core.schemas import LINES_PATTERN, NOT_BLANK_LINE_PATTERN, Revision, Slug, whole
from coordination.core.translated import Language
from coordination.maturity.enums import AssessmentState

MAX_THEMES = 30
MAX_LEVELS = 10
MAX_ANSWER_TEXT = 2_000
MAX_FRAMEWORK_TEXT = 4_000

ThemeCode = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=50,
        pattern=whole(r"[a-z0-9]+(?:-[a-z0-9]+)*"),
        description="Lower-case letters, digits and single hyphens; at most 50.",
    ),
]
FrameworkText = Annotated[str, Meta(max_length=MAX_FRAMEWORK_TEXT, pattern=LINES_PATTERN)]
# A text of the framework in each language: {"en": "…", "fr": "…", "es": "…"}; English is required where noted.
LocalText = Annotated[dict[Language, FrameworkText], Meta(max_length=3)]
AnswerText = Annotated[
    str,
    Meta(
        max_length=MAX_ANSWER_TEXT,
        pattern=LINES_PATTERN,
        description=f"Several lines, at most {MAX_ANSWER_TEXT:,} characters.",
    ),
]
CampaignName = Annotated[str, Meta(min_length=1, max_length=200, pattern=NOT_BLANK_LINE_PATTERN)]
Reason = Annotated[str, Meta(min_length=1, max_length=2_000, pattern=LINES_PATTERN)]


class LevelIn(msgspec.Struct, forbid_unknown_fields=True):
    level: Annotated[int, Meta(ge=1, le=MAX_LEVELS)]
    title: LocalText
    description: LocalText = {}


class ThemeIn(msgspec.Struct, forbid_unknown_fields=True):
    """A theme's sheet (seed 004): context, stakes, signs of success, skills needed, and its scale of levels."""

    code: ThemeCode
    title: LocalText
    context: LocalText = {}
    stakes: LocalText = {}
    success: LocalText = {}
    skills: LocalText = {}
    levels: Annotated[list[LevelIn], Meta(min_length=2, max_length=MAX_LEVELS)] = []


class FrameworkCreate(msgspec.Struct, forbid_unknown_fields=True):
    """A new version of a framework (the first one when the slug is new)."""

    slug: Slug
    name: LocalText
    themes: Annotated[list[ThemeIn], Meta(min_length=1, max_length=MAX_THEMES)]


class FrameworkOut(msgspec.Struct):
    id: int
    slug: str
    version: int
    name: dict[str, str]
    themes: list[ThemeIn]
    created_at: datetime
    created_by: str


class FrameworkRef(msgspec.Struct):
    slug: str
    version: int
    name: dict[str, str]


class CampaignCreate(msgspec.Struct, forbid_unknown_fields=True):
    slug: Slug
    name: CampaignName
    start_date: date
    end_date: date
    framework: Slug  # its latest version at the time the campaign is created
    published: bool = False


class CampaignPublish(msgspec.Struct, forbid_unknown_fields=True):
    revision: Revision
    published: bool


class CampaignOut(msgspec.Struct):
    slug: str
    name: str
    start_date: date
    end_date: date
    framework: FrameworkRef
    published: bool
    revision: int


class AnswerIn(msgspec.Struct, forbid_unknown_fields=True):
    theme: ThemeCode
    level: Annotated[int, Meta(ge=1, le=MAX_LEVELS)] | None = None
    justification: AnswerText = ""
    next_steps: AnswerText = ""


class AssessmentSave(msgspec.Struct, forbid_unknown_fields=True):
    """Some themes' answers (the others are kept as they are), based on the assessment's ``revision``."""

    revision: Revision
    answers: Annotated[list[AnswerIn], Meta(max_length=MAX_THEMES)]


class AssessmentSubmit(msgspec.Struct, forbid_unknown_fields=True):
    revision: Revision


class AssessmentShare(msgspec.Struct, forbid_unknown_fields=True):
    revision: Revision
    shared: bool


class AssessmentReopen(msgspec.Struct, forbid_unknown_fields=True):
    revision: Revision
    reason: Reason


class AnswerOut(msgspec.Struct):
    theme: str
    level: int | None
    justification: str
    next_steps: str


class AssessmentOut(msgspec.Struct):
    campaign: str
    member: str
    member_name: str
    state: AssessmentState
    shared: bool
    revision: int
    submissions: int
    submitted_at: datetime | None
    answers: list[AnswerOut]  # one per theme of the campaign's framework, in its order


class SubmittedAssessment(msgspec.Struct):
    """The latest submission of one member in one campaign: what the figures read."""

    member: str
    member_name: str
    shared: bool
    levels: dict[str, int]  # theme code -> level


class ThemeFigures(msgspec.Struct):
    theme: str
    title: str
    levels: int  # the top of its scale
    distribution: list[int]  # members at level 1, 2, … (index 0 is level 1)
    answered: int
    median: float | None
    mean: float | None


class MemberProgress(msgspec.Struct):
    member: str
    member_name: str
    previous_campaign: str
    changes: dict[str, int]  # theme code -> level now minus level then, for themes in both
    mean_change: float


class CampaignFigures(msgspec.Struct):
    campaign: CampaignOut
    language: str
    participants: int
    members_invited: int  # assessments started (draft or submitted)
    comparable: bool  # at least MIN_PARTICIPANTS submissions: the network's figures may be shown to members
    themes: list[ThemeFigures]
    weakest: list[str]  # theme codes with the lowest median
    progress: list[MemberProgress]  # the secretariat's view only; empty otherwise


class HistoryPoint(msgspec.Struct):
    campaign: str
    campaign_name: str
    end_date: date
    levels: dict[str, int]
    network_median: dict[str, float]  # empty when fewer than MIN_PARTICIPANTS submitted


class MemberHistory(msgspec.Struct):
    member: str
    member_name: str
    themes: list[tuple[str, str]]  # (code, title) across the campaigns, latest framework's order first
    points: list[HistoryPoint]
