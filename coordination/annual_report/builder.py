"""From the network's data to the report model: read once through the services, then compose, purely.

``load_year(year)`` asks the domains' services for everything a year's report
shows — the network and its priorities, bodies, leadership terms,
memberships, members, the year's activities and public events, and what
progress reporting gives (``sources.py``) — in a fixed number of queries,
whatever the number of bodies, activities or events.

``build_model(data, language=…, editorial=…, stamp=…)`` is a pure function of
that data: no clock, no database, every list in a fixed order. The same data
gives the same model, which is what lets an edition be checked against the
data it was frozen from.

Choices the issue left open, made here:

- A body has a chapter when it is not closed, or when it has activities or
  events in the year (a closed body's last year is still reported).
- An activity belongs to the year when its planned or actual period overlaps
  it; an activity with no date at all is in no year.
- The annex and the event figures hold public events only: the report is a
  document the network publishes. Cancelled events are listed, marked, and
  not counted as held; events whose day is to be confirmed are counted apart.
- Leaders are those in office on 31 December of the year; "changes" are the
  terms that started or ended in the year; "other roles" are the leaders'
  roles in other bodies on that day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

import msgspec

from coordination.activities import services as activities
from coordination.activities.enums import ACTIVITY_STATUS_LABELS, ActivityStatus
from coordination.activities.periods import describe_period
from coordination.activities.schemas import ActivityOut
from coordination.annual_report import model as m
from coordination.annual_report import sources as src
from coordination.annual_report import wording
from coordination.annual_report.wording import Wording
from coordination.bodies import leadership, memberships
from coordination.bodies import services as bodies
from coordination.bodies.enums import (
    BODY_KIND_LABELS,
    BODY_STATUS_LABELS,
    LEADERSHIP_ROLE_LABELS,
    BodyKind,
    BodyStatus,
    LeadershipRole,
)
from coordination.bodies.schemas import BodyOut, LeadershipTermOut, MembershipOut
from coordination.core import i18n
from coordination.core.collation import sort_key
from coordination.core.i18n import N_
from coordination.core.translated import Translations, localize
from coordination.events import services as events
from coordination.events.enums import EVENT_KIND_LABELS, EVENT_STATUS_LABELS, EventStatus, EventTiming
from coordination.events.schemas import EventOut
from coordination.members import services as members
from coordination.members.schemas import MemberOut, MemberSummary
from coordination.network import services as network
from coordination.network.schemas import NetworkOut, PriorityOut

T = TypeVar("T")
K = TypeVar("K")

# Lists read whole: the report needs every row of the year, not a page of them.
ALL = 1_000_000

CHART_ACTIVITIES_TITLE = N_("Activities by strategic priority and status")
CHART_ACTIVITIES_DESCRIPTION = N_(
    "For each strategic priority, a bar as long as its number of activities in %(year)s, divided by status."
)
CHART_ACTIVITIES_AXIS = N_("Activities")
CHART_TIMELINESS_TITLE = N_("Reporting timeliness by period")
CHART_TIMELINESS_DESCRIPTION = N_(
    "For each reporting period of %(year)s, the reports expected: received on time, received late, not received."
)
CHART_TIMELINESS_AXIS = N_("Reports")
ON_TIME = N_("Received on time")
LATE = N_("Received late")
MISSING = N_("Not received")

EVENT_TIMED_ONE_DAY = N_("%(date)s, %(start)s–%(end)s (%(timezone)s)")
EVENT_TIMED_DAYS = N_("%(start_date)s, %(start)s – %(end_date)s, %(end)s (%(timezone)s)")
EVENT_MONTH_TBC = N_("%(month)s (day to be confirmed)")
EVENT_YEAR_TBC = N_("Date to be confirmed: %(year)s")


# ---------------------------------------------------------------- inputs


class EditorialSummary(msgspec.Struct, frozen=True, kw_only=True):
    text: str
    language: str
    translations: Translations = {}


class Editorial(msgspec.Struct, frozen=True, kw_only=True):
    """What the secretariat wrote for the year's report."""

    introduction: str = ""
    language: str = "en"
    translations: Translations = {}
    summaries: dict[str, EditorialSummary] = {}  # by body slug
    empty_priorities: m.EmptyPriorities = "omit"


NO_EDITORIAL = Editorial()


@dataclass(frozen=True)
class YearData:
    """Everything a year's report is built from, as the services gave it."""

    year: int
    network: NetworkOut
    priorities: list[PriorityOut]
    bodies: list[BodyOut]
    terms: list[LeadershipTermOut]
    memberships: list[MembershipOut]
    members: list[MemberOut]
    activities: list[ActivityOut]
    events: list[EventOut]
    narratives: list[src.ApprovedNarrative]
    highlights: list[src.Highlight]
    completeness: src.Completeness
    maturity: src.MaturityYear | None = None

    @property
    def first_day(self) -> date:
        return date(self.year, 1, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, 12, 31)


async def load_year(
    year: int, *, source: src.ReportingSource | None = None, maturity: src.MaturitySource | None = None
) -> YearData:
    """Read a year's data through the services, in a number of queries that does not depend on the data."""
    reporting = source or src.reporting_source()
    campaigns = maturity or src.maturity_source()
    first, last = date(year, 1, 1), date(year, 12, 31)
    return YearData(
        year=year,
        network=await network.get_network(),
        priorities=await network.list_priorities(),
        bodies=(await bodies.list_bodies(limit=ALL)).items,
        terms=(await leadership.list_terms(limit=ALL)).items,
        memberships=(await memberships.list_memberships(limit=ALL)).items,
        members=(await members.list_members(limit=ALL)).items,
        activities=(await activities.list_activities(from_date=first, to_date=last, limit=ALL)).items,
        events=(await events.list_events(date_from=first, date_to=last, include_members_only=False, limit=None)).items,
        narratives=await reporting.approved_narratives(year),
        highlights=await reporting.highlights(year),
        completeness=await reporting.completeness(year),
        maturity=await campaigns.maturity(year),
    )


# ---------------------------------------------------------------- helpers


def _overlaps_year(start: date | None, end: date | None, first: date, last: date) -> bool:
    return (start is None or start <= last) and (end is None or end >= first)


def _active_on(start: date | None, end: date | None, day: date) -> bool:
    return (start is None or start <= day) and (end is None or end >= day)


def _content(
    context: _Context, text: str, language: str | None, translations: Translations | None, field: str
) -> m.Text:
    """A text in the report's language where translated, else its original, marked (``core.translated``'s rule).

    A text whose row does not record its language (bodies, activities and events do not, yet) is shown as
    written and not marked: the demo alone mixes English and French, and a wrong "(in English)" misleads.
    """
    if language is None:
        return m.Text(text=text)
    shown = localize(
        original=text, original_language=language, translations=translations, field=field, language=context.language
    )
    return m.Text(text=shown.text, language=shown.language, untranslated=shown.is_fallback)


def _recorded(context: _Context, value: object, field: str) -> m.Text:
    """A field of a struct, translated when the struct records ``language`` and ``translations``."""
    return _content(
        context,
        str(getattr(value, field) or ""),
        getattr(value, "language", None),
        getattr(value, "translations", None),
        field,
    )


def _priority_title(priority: PriorityOut, language: str) -> m.Text:
    # The network service already falls back to the English title; equal titles are not marked,
    # since "Monitoring" may well be the same word in two languages.
    return m.Text(text=priority.title.get(language) or priority.title.get("en", ""), language=language)


def _member_ref(member: MemberSummary | MemberOut) -> m.MemberRef:
    return m.MemberRef(slug=member.slug, name=member.name, country=member.country)


def _percent(part: int, whole: int) -> int | None:
    return min(100, round(part * 100 / whole)) if whole else None


def _grouped(items: Iterable[T], key: Callable[[T], K]) -> dict[K, list[T]]:
    grouped: dict[K, list[T]] = defaultdict(list)
    for item in items:
        grouped[key(item)].append(item)
    return dict(grouped)


def _counts(keys: Iterable[str], labels: dict[str, str], counted: dict[str, int], words: Wording) -> list[m.Count]:
    return [m.Count(key=key, label=words(labels[key]), count=counted.get(key, 0)) for key in keys]


# ---------------------------------------------------------------- the model


@dataclass(frozen=True)
class _Context:
    data: YearData
    language: str
    words: Wording
    editorial: Editorial
    bodies_by_slug: dict[str, BodyOut]
    narratives: dict[int, list[src.ApprovedNarrative]]  # by activity id
    highlights: dict[str, list[src.Highlight]]  # by body slug


def build_model(
    data: YearData,
    *,
    language: str,
    editorial: Editorial = NO_EDITORIAL,
    stamp: m.EditionStamp | None = None,
    body: str | None = None,
) -> m.ReportModel:
    """The report of ``data``'s year in ``language``; ``body`` narrows it to that body's chapter and events."""
    words = Wording(language)
    context = _Context(
        data=data,
        language=words.language,
        words=words,
        editorial=editorial,
        bodies_by_slug={item.slug: item for item in data.bodies},
        narratives=_grouped(data.narratives, lambda item: item.activity_id),
        highlights=_grouped(data.highlights, lambda item: item.body_slug),
    )
    year = data.year
    activities_of: dict[str, list[ActivityOut]] = defaultdict(list)
    for activity in data.activities:
        activities_of[activity.body.slug].append(activity)
    events_of: dict[str, list[EventOut]] = defaultdict(list)
    for event in data.events:
        events_of[event.body.slug].append(event)
    reported = [
        body_out
        for body_out in data.bodies
        if body_out.status is not BodyStatus.closed or activities_of[body_out.slug] or events_of[body_out.slug]
    ]
    kind_order = {kind: position for position, kind in enumerate(BodyKind)}
    reported.sort(key=lambda item: (kind_order[item.kind], sort_key(item.name), item.slug))
    chapters = [_chapter(context, item, activities_of[item.slug], len(events_of[item.slug])) for item in reported]
    annex = [_event(context, event) for event in data.events]
    stamps = [item.updated_at for item in reported] + [a.updated_at for a in data.activities]
    stamps += [e.updated_at for e in data.events]
    as_of = max(stamps) if stamps else None
    introduction = None
    if editorial.introduction.strip():
        introduction = _content(
            context, editorial.introduction, editorial.language, editorial.translations, "introduction"
        )
    model = m.ReportModel(
        year=year,
        language=context.language,
        title=words.title(year),
        network=m.Network(name=data.network.name, short_name=data.network.short_name),
        edition=stamp,
        empty_priorities=editorial.empty_priorities,
        data_as_of=as_of,
        data_as_of_text=words.datetime(as_of),
        introduction=introduction,
        overview=_overview(context, reported),
        bodies=chapters,
        events=annex,
        maturity=_maturity(data.maturity, words) if data.maturity is not None else None,
    )
    return narrow(model, body) if body is not None else model


def narrow(model: m.ReportModel, body: str) -> m.ReportModel:
    """The report of one body: its chapter and its events; the overview stays the network's; the maturity
    section, about members rather than bodies, is left out.

    Pure, so a frozen edition narrows exactly as the draft it was frozen from.
    """
    chapter = next((item for item in model.bodies if item.slug == body), None)
    name = (
        chapter.name
        if chapter is not None
        else next((event.body_name for event in model.events if event.body_slug == body), m.Text(text=body))
    )
    return msgspec.structs.replace(
        model,
        scope=m.Scope(body_slug=body, body_name=name),
        bodies=[chapter] if chapter is not None else [],
        events=[event for event in model.events if event.body_slug == body],
        maturity=None,
    )


def stamp_for(*, number: int, frozen_at: datetime, frozen_by: str, language: str) -> m.EditionStamp:
    return m.EditionStamp(
        number=number, frozen_at=frozen_at, frozen_at_text=Wording(language).datetime(frozen_at), frozen_by=frozen_by
    )


# ---------------------------------------------------------------- chapters


def _chapter(context: _Context, body: BodyOut, body_activities: list[ActivityOut], events_count: int) -> m.BodyChapter:
    data, words, language = context.data, context.words, context.language
    grouped: dict[str, list[ActivityOut]] = defaultdict(list)
    for activity in body_activities:
        grouped[activity.priority.code].append(activity)
    groups = [
        m.PriorityGroup(
            code=priority.code,
            title=_priority_title(priority, language),
            activities=[
                _activity(context, activity, context.narratives.get(activity.id, []))
                for activity in grouped[priority.code]
            ],
        )
        for priority in data.priorities
        if grouped[priority.code] or context.editorial.empty_priorities == "mark"
    ]
    members_count = len(
        {
            item.member
            for item in data.memberships
            if item.body == body.slug and _overlaps_year(item.start_date, item.end_date, data.first_day, data.last_day)
        }
    )
    return m.BodyChapter(
        slug=body.slug,
        name=_recorded(context, body, "name"),
        kind=body.kind.value,
        kind_label=words(BODY_KIND_LABELS[body.kind]),
        status=body.status.value,
        status_label=words(BODY_STATUS_LABELS[body.status]),
        mandate=_recorded(context, body, "mandate") if body.mandate.strip() else None,
        members_count=members_count,
        events_count=events_count,
        priorities=groups,
        leadership=_leadership(context, body),
        summary=_summary(context, body.slug),
    )


def _activity(context: _Context, activity: ActivityOut, narratives: list[src.ApprovedNarrative]) -> m.Activity:
    words, language = context.words, context.language
    planned = None
    if activity.planned is not None:
        planned = m.PlannedPeriod(
            precision=activity.planned.precision.value,
            start=activity.planned.start,
            end=activity.planned.end,
            text=describe_period(activity.planned.start, activity.planned.end, activity.planned.precision, language),
        )
    ordered = sorted(narratives, key=lambda item: (item.approved_on or date.min, item.period_label, item.text))
    return m.Activity(
        id=activity.id,
        title=_recorded(context, activity, "title"),
        description=_recorded(context, activity, "description"),
        planned=planned,
        status=activity.status.value,
        status_label=words(ACTIVITY_STATUS_LABELS[activity.status]),
        progress_percent=activity.progress_percent,
        progress_text=words.percent(activity.progress_percent),
        partners=[partner.name for partner in activity.partners],
        deliverables=[
            m.Deliverable(
                title=_recorded(context, item, "title"),
                url=item.url,
                delivered_on=item.delivered_on,
                delivered_on_text=words.date(item.delivered_on),
            )
            for item in activity.deliverables
        ],
        participants=[_member_ref(member) for member in activity.participants],
        narratives=[
            m.Narrative(
                period=item.period_labels.get(language) or item.period_label,
                text=_content(context, item.text, item.language, item.translations, "text"),
                approved_on=item.approved_on,
                approved_on_text=words.date(item.approved_on),
            )
            for item in ordered
        ],
    )


def _leadership(context: _Context, body: BodyOut) -> m.Leadership:
    data, words = context.data, context.words
    first, last = data.first_day, data.last_day
    members_by_slug = {member.slug: member for member in data.members}
    role_order = {role: position for position, role in enumerate(LeadershipRole)}

    def ref(slug: str, name: str) -> m.MemberRef:
        member = members_by_slug.get(slug)
        return m.MemberRef(slug=slug, name=name, country=member.country if member else "")

    own = [term for term in data.terms if term.body == body.slug]
    in_office = sorted(
        (term for term in own if _active_on(term.start_date, term.end_date, last)),
        key=lambda term: (role_order[term.role], term.start_date, term.id),
    )
    leaders = [
        m.Leader(
            member=ref(term.member, term.member_name),
            person=term.person_name,
            person_title=term.person_title,
            role=term.role.value,
            role_label=words(LEADERSHIP_ROLE_LABELS[term.role]),
            since=term.start_date,
            since_text=words.date(term.start_date),
        )
        for term in in_office
    ]
    changes: list[m.LeadershipChange] = []
    for term in own:
        for change, day in (("started", term.start_date), ("ended", term.end_date)):
            if day is not None and first <= day <= last:
                changes.append(
                    m.LeadershipChange(
                        change=change,  # type: ignore[arg-type]
                        on=day,
                        on_text=words.date(day),
                        member=ref(term.member, term.member_name),
                        person=term.person_name,
                        role=term.role.value,
                        role_label=words(LEADERSHIP_ROLE_LABELS[term.role]),
                    )
                )
    changes.sort(key=lambda item: (item.on, item.change != "ended", item.member.name, item.role))
    leader_slugs = {term.member for term in in_office}
    body_names = context.bodies_by_slug
    other_terms = sorted(
        (
            term
            for term in data.terms
            if term.member in leader_slugs
            and term.body != body.slug
            and _active_on(term.start_date, term.end_date, last)
        ),
        key=lambda term: (sort_key(term.member_name), role_order[term.role], sort_key(term.body_name), term.id),
    )
    other_roles = [
        m.OtherRole(
            member=ref(term.member, term.member_name),
            body_slug=term.body,
            body_name=_recorded(context, body_names[term.body], "name")
            if term.body in body_names
            else m.Text(text=term.body_name),
            role=term.role.value,
            role_label=words(LEADERSHIP_ROLE_LABELS[term.role]),
        )
        for term in other_terms
    ]
    renaming = None
    if body.named_since is not None and first <= body.named_since <= last:
        renaming = m.Renaming(
            on=body.named_since,
            on_text=words.date(body.named_since),
            name=_recorded(context, body, "name"),
            kind=body.kind.value,
            kind_label=words(BODY_KIND_LABELS[body.kind]),
        )
    return m.Leadership(leaders=leaders, changes=changes, other_roles=other_roles, renaming=renaming)


def _summary(context: _Context, body_slug: str) -> m.Summary:
    written = context.editorial.summaries.get(body_slug)
    if written is not None and written.text.strip():
        return m.Summary(
            source="secretariat",
            text=_content(context, written.text, written.language, written.translations, "text"),
        )
    highlights = context.highlights.get(body_slug, [])
    if highlights:
        return m.Summary(
            source="approved_reports",
            highlights=[
                m.Highlight(
                    title=_content(context, item.title, item.language, item.translations, "title"),
                    text=_content(context, item.text, item.language, item.translations, "text"),
                )
                for item in highlights
            ],
        )
    return m.Summary(source="none")


# ---------------------------------------------------------------- events


def _when(event: EventOut, words: Wording) -> str:
    if event.timing is EventTiming.timed and event.start is not None and event.end is not None:
        zone = event.timezone or ""
        start_time, end_time = (
            i18n.format_time(event.start, words.language),
            i18n.format_time(event.end, words.language),
        )
        if event.start.date() == event.end.date():
            return words(
                EVENT_TIMED_ONE_DAY, date=words.date(event.start.date()), start=start_time, end=end_time, timezone=zone
            )
        return words(
            EVENT_TIMED_DAYS,
            start_date=words.date(event.start.date()),
            start=start_time,
            end_date=words.date(event.end.date()),
            end=end_time,
            timezone=zone,
        )
    if event.timing is EventTiming.all_day and event.start_date is not None:
        return describe_period(event.start_date, event.end_date or event.start_date, "day", words.language)
    if event.month:
        return words(
            EVENT_MONTH_TBC, month=i18n.format_month(event.year or event.first_day.year, event.month, words.language)
        )
    return words(EVENT_YEAR_TBC, year=event.year or event.first_day.year)


def _event(context: _Context, event: EventOut) -> m.Event:
    words = context.words
    named = context.bodies_by_slug.get(event.body.slug)
    return m.Event(
        id=event.id,
        title=_recorded(context, event, "title"),
        body_slug=event.body.slug,
        body_name=_recorded(context, named, "name") if named is not None else m.Text(text=event.body.name),
        kind=event.kind.value,
        kind_label=words(EVENT_KIND_LABELS[event.kind]),
        first_day=event.first_day,
        last_day=event.last_day,
        when=_when(event, words),
        place=event.location,
        online=bool(event.online_url),
        status=event.status.value,
        status_label=words(EVENT_STATUS_LABELS[event.status]),
    )


# ---------------------------------------------------------------- overview


def _overview(context: _Context, reported: list[BodyOut]) -> m.Overview:
    data, words, language = context.data, context.words, context.language
    reported_slugs = {item.slug for item in reported}
    year_activities = [activity for activity in data.activities if activity.body.slug in reported_slugs]

    kinds: dict[str, int] = defaultdict(int)
    for item in reported:
        kinds[item.kind.value] += 1
    statuses: dict[str, int] = defaultdict(int)
    by_priority: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for activity in year_activities:
        statuses[activity.status.value] += 1
        by_priority[activity.priority.code][activity.status.value] += 1
    status_keys = [status.value for status in ActivityStatus]
    status_labels = {status.value: label for status, label in ACTIVITY_STATUS_LABELS.items()}
    priority_counts = [
        m.PriorityCount(
            code=priority.code,
            title=_priority_title(priority, language),
            count=sum(by_priority[priority.code].values()),
            by_status=_counts(status_keys, status_labels, by_priority[priority.code], words),
        )
        for priority in data.priorities
    ]

    taking_part: set[str] = {
        item.member
        for item in data.memberships
        if item.body in reported_slugs and _overlaps_year(item.start_date, item.end_date, data.first_day, data.last_day)
    }
    for activity in year_activities:
        taking_part.update(member.slug for member in activity.participants)
    countries = {member.country for member in data.members if member.slug in taking_part}

    reporting = _reporting(data.completeness, language)
    # A chart of nothing says nothing: drawn only when there is something to compare.
    charts = (
        [_activities_chart(priority_counts, status_keys, status_labels, words, data.year)] if year_activities else []
    )
    if reporting.available and reporting.periods:
        charts.append(_timeliness_chart(reporting, words, data.year))
    return m.Overview(
        bodies_total=len(reported),
        bodies_by_kind=_counts(
            [kind.value for kind in BodyKind], {k.value: v for k, v in BODY_KIND_LABELS.items()}, kinds, words
        ),
        activities_total=len(year_activities),
        activities_by_status=_counts(status_keys, status_labels, statuses, words),
        activities_by_priority=priority_counts,
        events=_event_figures(data.events),
        members_taking_part=len(taking_part),
        countries=len(countries),
        reporting=reporting,
        charts=charts,
    )


def _event_figures(year_events: list[EventOut]) -> m.EventFigures:
    cancelled = [event for event in year_events if event.status is EventStatus.cancelled]
    standing = [event for event in year_events if event.status is not EventStatus.cancelled]
    dated = [event for event in standing if event.timing is not EventTiming.to_be_confirmed]
    places: dict[str, int] = defaultdict(int)
    for event in dated:
        if event.location.strip():
            places[event.location.strip()] += 1
    return m.EventFigures(
        total=len(year_events),
        held=len(dated),
        in_person=sum(1 for event in dated if event.location.strip() and not event.online_url),
        online=sum(1 for event in dated if event.online_url and not event.location.strip()),
        hybrid=sum(1 for event in dated if event.online_url and event.location.strip()),
        cancelled=len(cancelled),
        to_be_confirmed=len(standing) - len(dated),
        places=[m.Count(key=place, label=place, count=count) for place, count in sorted(places.items())],
    )


def _reporting(figures: src.Completeness, language: str) -> m.ReportingFigures:
    if not figures.available:
        return m.ReportingFigures(available=False)
    # Per-body figures add up to the network's, period by period.
    totals: dict[tuple[date, date, str], list[int]] = {}
    for period in figures.periods:
        key = (period.start, period.end, period.labels.get(language) or period.label)
        counted = totals.setdefault(key, [0, 0, 0])
        counted[0] += period.expected
        counted[1] += min(period.received, period.expected)
        counted[2] += min(period.on_time, period.received, period.expected)
    periods = [
        m.PeriodReporting(label=label, start=start, end=end, expected=e, received=r, on_time=o)
        for (start, end, label), (e, r, o) in sorted(totals.items())
    ]
    expected = sum(period.expected for period in periods)
    received = sum(period.received for period in periods)
    on_time = sum(period.on_time for period in periods)
    return m.ReportingFigures(
        available=True,
        expected=expected,
        received=received,
        on_time=on_time,
        completeness_percent=_percent(received, expected),
        timeliness_percent=_percent(on_time, expected),
        periods=periods,
    )


def _activities_chart(
    priorities: list[m.PriorityCount], status_keys: list[str], status_labels: dict[str, str], words: Wording, year: int
) -> m.Chart:
    return m.Chart(
        key="activities_by_priority",
        title=words(CHART_ACTIVITIES_TITLE),
        description=words(CHART_ACTIVITIES_DESCRIPTION, year=year),
        categories=[priority.code for priority in priorities],
        category_labels=[f"{priority.code}. {priority.title.text}" for priority in priorities],
        series=[
            m.ChartSeries(
                key=status,
                label=words(status_labels[status]),
                values=[float(next(c.count for c in p.by_status if c.key == status)) for p in priorities],
            )
            for status in status_keys
        ],
        value_label=words(CHART_ACTIVITIES_AXIS),
    )


def _timeliness_chart(reporting: m.ReportingFigures, words: Wording, year: int) -> m.Chart:
    periods = reporting.periods
    return m.Chart(
        key="reporting_timeliness",
        title=words(CHART_TIMELINESS_TITLE),
        description=words(CHART_TIMELINESS_DESCRIPTION, year=year),
        categories=[period.label for period in periods],
        category_labels=[period.label for period in periods],
        series=[
            m.ChartSeries(key="on_time", label=words(ON_TIME), values=[float(p.on_time) for p in periods]),
            m.ChartSeries(key="late", label=words(LATE), values=[float(p.received - p.on_time) for p in periods]),
            m.ChartSeries(
                key="missing", label=words(MISSING), values=[float(p.expected - p.received) for p in periods]
            ),
        ],
        value_label=words(CHART_TIMELINESS_AXIS),
    )


def _maturity(figures: src.MaturityYear, words: Wording) -> m.MaturitySection:
    """The year's maturity campaign: figures only when at least three members submitted; members named only
    when they shared their answers."""
    language = words.language
    themes = [
        m.MaturityTheme(
            code=theme.code,
            title=theme.titles.get(language) or theme.titles.get("en", theme.code),
            levels=theme.levels,
            distribution=list(theme.distribution),
            median=theme.median,
        )
        for theme in figures.themes
    ]
    top = max((theme.levels for theme in themes), default=0)
    chart = (
        m.Chart(
            key="maturity_levels",
            title=words(wording.CHART_MATURITY_TITLE),
            description=words(wording.CHART_MATURITY_DESCRIPTION),
            categories=[theme.code for theme in themes],
            category_labels=[theme.title for theme in themes],
            series=[
                m.ChartSeries(
                    key=f"level_{level}",
                    label=words(wording.LEVEL, level=level),
                    values=[float(theme.distribution[level - 1]) if level <= theme.levels else 0.0 for theme in themes],
                )
                for level in range(1, top + 1)
            ],
            value_label=words(wording.CHART_MATURITY_AXIS),
        )
        if themes
        else None
    )
    shared = sorted(figures.shared, key=lambda item: (item.member_name.casefold(), item.member_slug))
    return m.MaturitySection(
        campaign=figures.campaign,
        name=figures.name,
        start=figures.start,
        end=figures.end,
        period_text=f"{words.date(figures.start)} – {words.date(figures.end)}",
        participants=figures.participants,
        shown=bool(themes),
        themes=themes,
        weakest=list(figures.weakest),
        shared=[
            m.SharedMaturity(
                member=m.MemberRef(slug=item.member_slug, name=item.member_name, country=item.member_country),
                levels=dict(item.levels),
            )
            for item in shared
        ],
        chart=chart,
    )
