"""The report model: what one annual report says, in one language, as msgspec structs.

The builder (``builder.py``) makes it from the network's data; every exporter
(HTML, PDF, Word, Markdown, JSON) only turns it into bytes. The JSON export
*is* this model, and its schema (``schema()``, published in
``docs/annual-report.schema.json`` and at ``/api/v1/annual-reports/schema``)
is generated from these structs and their descriptions.

Conventions:

- Codes (``status``, ``kind``, ``role``…) are the API's; each has a ``*_label``
  beside it in the report's language.
- Dates are ISO dates; each has a ``*_text`` beside it as a reader of the
  report's language writes it ("8 décembre 2020", "Fin 2019").
- Text written by people is a ``Text``: in the report's language where a
  translation exists, otherwise the original, with ``untranslated`` set.
- Nothing depends on when the model is built: the same data, editorial texts
  and edition stamp give the same model, byte for byte once encoded.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta, Struct

SCHEMA_ID = "coordination.annual-report/1"

EmptyPriorities = Literal["omit", "mark"]
LanguageCode = Annotated[str, Meta(pattern=r"^(en|fr|es)$(?!\n)", description="`en`, `fr` or `es`.")]


class Text(Struct, frozen=True, kw_only=True):
    """A text written by people, shown in the report's language when it has been translated."""

    text: str
    language: Annotated[
        str | None,
        Meta(description="The language `text` is in; null when the data does not record it."),
    ] = None
    untranslated: Annotated[
        bool,
        Meta(description="True when no translation into the report's language exists: `text` is the original."),
    ] = False


class Count(Struct, frozen=True, kw_only=True):
    """How many things have one value of a closed vocabulary (a body kind, an activity status)."""

    key: str
    label: str
    count: int


class PriorityCount(Struct, frozen=True, kw_only=True):
    """The activities of the year under one strategic priority, by status."""

    code: str
    title: Text
    count: int
    by_status: list[Count]


class ChartSeries(Struct, frozen=True, kw_only=True):
    key: str
    label: str
    values: list[float]


class Chart(Struct, frozen=True, kw_only=True):
    """A chart's data; exporters draw it (SVG in HTML and PDF, PNG in Word) and list its figures for readers."""

    key: Annotated[str, Meta(description="`activities_by_priority` or `reporting_timeliness`.")]
    title: str
    description: Annotated[str, Meta(description="What the chart shows, in words (its alternative text).")]
    categories: Annotated[list[str], Meta(description="The bars, in order.")]
    category_labels: Annotated[list[str], Meta(description="What each bar stands for, spelled out.")]
    series: Annotated[list[ChartSeries], Meta(description="The stacked parts of every bar.")]
    value_label: str


class EventFigures(Struct, frozen=True, kw_only=True):
    """The year's public events in numbers."""

    total: int
    held: Annotated[int, Meta(description="Dated and not cancelled.")]
    in_person: int
    online: int
    hybrid: Annotated[int, Meta(description="In a place and online.")]
    cancelled: int
    to_be_confirmed: Annotated[int, Meta(description="Planned in the year, day not yet known.")]
    places: Annotated[list[Count], Meta(description="Where events were held (not cancelled), by place.")]


class PeriodReporting(Struct, frozen=True, kw_only=True):
    """One reporting period: reports expected, received, received on time."""

    label: str
    start: date
    end: date
    expected: int
    received: int
    on_time: int


class ReportingFigures(Struct, frozen=True, kw_only=True):
    """Progress reporting in the year: completeness (received / expected) and timeliness (on time / expected)."""

    available: Annotated[
        bool, Meta(description="False when progress reporting has no figures for the year (no periods yet).")
    ]
    expected: int = 0
    received: int = 0
    on_time: int = 0
    completeness_percent: Annotated[int | None, Meta(description="Received × 100 / expected, capped at 100.")] = None
    timeliness_percent: Annotated[int | None, Meta(description="On time × 100 / expected, capped at 100.")] = None
    periods: list[PeriodReporting] = []


class Overview(Struct, frozen=True, kw_only=True):
    """The network in the year: bodies, activities, events, members taking part, reporting."""

    bodies_total: int
    bodies_by_kind: list[Count]
    activities_total: int
    activities_by_status: list[Count]
    activities_by_priority: list[PriorityCount]
    events: EventFigures
    members_taking_part: Annotated[
        int, Meta(description="Members of a body during the year, or taking part in one of its activities.")
    ]
    countries: Annotated[int, Meta(description="The countries of the members taking part.")]
    reporting: ReportingFigures
    charts: list[Chart]


class PlannedPeriod(Struct, frozen=True, kw_only=True):
    precision: Annotated[str, Meta(description="`day`, `month`, `quarter`, `year` or `end_of_year`.")]
    start: date
    end: date
    text: Annotated[str, Meta(description='As people say it: "End of 2019", "2e trimestre 2020".')]


class MemberRef(Struct, frozen=True, kw_only=True):
    slug: str
    name: str
    country: str


class Deliverable(Struct, frozen=True, kw_only=True):
    title: Text
    url: str = ""
    delivered_on: date | None = None
    delivered_on_text: str = ""


class Narrative(Struct, frozen=True, kw_only=True):
    """What an approved progress report said about the activity."""

    period: str
    text: Text
    approved_on: date | None = None
    approved_on_text: str = ""


class Activity(Struct, frozen=True, kw_only=True):
    id: int
    title: Text
    description: Text
    planned: PlannedPeriod | None
    status: str
    status_label: str
    progress_percent: int
    progress_text: str
    partners: list[str]
    deliverables: list[Deliverable]
    participants: list[MemberRef]
    narratives: Annotated[list[Narrative], Meta(description="From the year's approved progress reports.")]


class PriorityGroup(Struct, frozen=True, kw_only=True):
    """A body's activities under one strategic priority; empty ones only when the report marks them."""

    code: str
    title: Text
    activities: list[Activity]


class Leader(Struct, frozen=True, kw_only=True):
    """Who held a leadership role in the body at the end of the year."""

    member: MemberRef
    person: str
    person_title: str
    role: str
    role_label: str
    since: date
    since_text: str


class LeadershipChange(Struct, frozen=True, kw_only=True):
    change: Literal["started", "ended"]
    on: date
    on_text: str
    member: MemberRef
    person: str
    role: str
    role_label: str


class OtherRole(Struct, frozen=True, kw_only=True):
    """Another role a leader of this body held in the network at the end of the year."""

    member: MemberRef
    body_slug: str
    body_name: Text
    role: str
    role_label: str


class Renaming(Struct, frozen=True, kw_only=True):
    """The body took its current name and kind during the year."""

    on: date
    on_text: str
    name: Text
    kind: str
    kind_label: str


class Leadership(Struct, frozen=True, kw_only=True):
    leaders: list[Leader]
    changes: Annotated[list[LeadershipChange], Meta(description="Terms that started or ended in the year.")]
    other_roles: list[OtherRole]
    renaming: Renaming | None = None


class Highlight(Struct, frozen=True, kw_only=True):
    title: Text
    text: Text


class Summary(Struct, frozen=True, kw_only=True):
    """The body's results: the secretariat's text, or else the highlights of the approved reports."""

    source: Annotated[
        Literal["secretariat", "approved_reports", "none"],
        Meta(description="`none`: no approved report for this body yet and no text from the secretariat."),
    ]
    text: Text | None = None
    highlights: list[Highlight] = []


class BodyChapter(Struct, frozen=True, kw_only=True):
    slug: str
    name: Text
    kind: str
    kind_label: str
    status: str
    status_label: str
    mandate: Text | None
    members_count: Annotated[int, Meta(description="Members of the body at some point in the year.")]
    events_count: int
    priorities: list[PriorityGroup]
    leadership: Leadership
    summary: Summary


class Event(Struct, frozen=True, kw_only=True):
    id: int
    title: Text
    body_slug: str
    body_name: Text
    kind: str
    kind_label: str
    first_day: date
    last_day: date
    when: Annotated[str, Meta(description="The date (and time, with its zone) as people say it.")]
    place: str
    online: bool
    status: str
    status_label: str


class MaturityTheme(Struct, frozen=True, kw_only=True):
    """One theme of the campaign's framework: how many members stand at each level, and the median."""

    code: str
    title: str
    levels: Annotated[int, Meta(description="The top of the theme's scale.")]
    distribution: Annotated[list[int], Meta(description="Members at level 1, 2, … (the first is level 1).")]
    median: float | None = None


class SharedMaturity(Struct, frozen=True, kw_only=True):
    """A member that chose to share its answers: its level per theme."""

    member: MemberRef
    levels: Annotated[dict[str, int], Meta(description="Theme code → level.")]


class MaturitySection(Struct, frozen=True, kw_only=True):
    """The year's digital-maturity campaign, for the network; no member named unless it shared its answers."""

    campaign: str
    name: str
    start: date
    end: date
    period_text: str
    participants: Annotated[int, Meta(description="Members that submitted their self-assessment.")]
    shown: Annotated[
        bool,
        Meta(description="False when fewer than three members submitted: the figures are withheld so none stands out."),
    ]
    themes: list[MaturityTheme] = []
    weakest: Annotated[list[str], Meta(description="Codes of the themes with the lowest median.")] = []
    shared: list[SharedMaturity] = []
    chart: Chart | None = None


class EditionStamp(Struct, frozen=True, kw_only=True):
    number: int
    frozen_at: datetime
    frozen_at_text: str
    frozen_by: str


class Scope(Struct, frozen=True, kw_only=True):
    """The report narrowed to one body: its chapter and its events (the overview stays the network's)."""

    body_slug: str
    body_name: Text


class Network(Struct, frozen=True, kw_only=True):
    name: str
    short_name: str


class ReportModel(Struct, frozen=True, kw_only=True):
    """One annual report of the network, in one language."""

    schema: Annotated[str, Meta(description=f"Always `{SCHEMA_ID}` for this shape.")] = SCHEMA_ID
    year: int
    language: LanguageCode
    title: str
    network: Network
    edition: Annotated[EditionStamp | None, Meta(description="Null for a draft.")] = None
    scope: Scope | None = None
    empty_priorities: Annotated[
        EmptyPriorities, Meta(description="`omit`: priorities without activities are left out; `mark`: listed.")
    ] = "omit"
    data_as_of: Annotated[
        datetime | None, Meta(description="The latest change to the bodies, activities and events reported.")
    ] = None
    data_as_of_text: str = ""
    introduction: Text | None = None
    overview: Overview
    bodies: list[BodyChapter]
    events: Annotated[list[Event], Meta(description="The annex: the year's public events, by date.")]
    maturity: Annotated[
        MaturitySection | None,
        Meta(description="The year's digital-maturity campaign; null when no campaign ended in the year."),
    ] = None


_encoder = msgspec.json.Encoder(order="deterministic")


def encode(model: ReportModel) -> bytes:
    """The model as JSON: keys in a fixed order, accents as they are, indented for people."""
    return msgspec.json.format(_encoder.encode(model), indent=2) + b"\n"


def decode(raw: bytes | str) -> ReportModel:
    return msgspec.json.decode(raw, type=ReportModel)


def content_of(model: ReportModel) -> bytes:
    """What the report says, leaving out its edition stamp: equal for equal data and editorial texts."""
    return encode(msgspec.structs.replace(model, edition=None))


def schema() -> dict[str, Any]:
    """The JSON Schema of the model (draft 2020-12, as msgspec writes it)."""
    generated = msgspec.json.schema(ReportModel)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Annual report of the network",
        **generated,
    }


def schema_document() -> str:
    """The schema as published in ``docs/annual-report.schema.json``."""
    return json.dumps(schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":  # python -m coordination.annual_report.model > docs/annual-report.schema.json
    sys.stdout.write(schema_document())
