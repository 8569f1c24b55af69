"""Which events a feed holds, chosen in memory from one snapshot of everything the feeds show. Pure.

Every feed is a filter over the same ``FeedData`` (loaded once per change by
``services.load_feed_data``), so writing all the files costs a handful of
queries, not a handful per feed, and a served feed and its file always agree.
The filters mean what ``events.services.list_events`` means: ``member`` keeps
the events of the bodies the member belongs to or leads today; ``priority``
those of activities under the priority; ``date_from`` those not over before
that day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode

from coordination.core.changes import Counter
from coordination.core.errors import InvalidInput, NotFound
from coordination.events.enums import EVENT_KIND_LABELS, EventKind, EventStatus
from coordination.events.schemas import DeletedEventOut, EventOut
from coordination.feeds import builder
from coordination.feeds.builder import CalendarInfo, FeedEvent, WrittenEvent
from coordination.feeds.schemas import FeedScope

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
TO_BE_CONFIRMED = (
    "its date is still to be confirmed, so there is nothing to put in a calendar yet; "
    "it will be in the feeds once it is dated"
)


@dataclass(frozen=True, slots=True)
class FeedRow:
    """One event as the feeds keep it: what choosing a feed needs, and its VEVENT, written once.

    Not the whole ``EventOut``: at 50,000 events the snapshot would hold every description and session
    twice (as text and as VEVENT bytes), about a third of a worker's memory.
    """

    id: int
    revision: int
    title: str  # the calendar's name when the feed is this one event
    body: str  # the body's slug
    activity: int | None
    kind: EventKind
    status: EventStatus
    last_day: date
    updated_at: datetime
    written: WrittenEvent | None  # None while its date is to be confirmed: in no feed

    @property
    def dated(self) -> bool:
        return self.written is not None

    @property
    def vevent(self) -> WrittenEvent:
        assert self.written is not None, "an event to be dated is in no feed"
        return self.written

    @classmethod
    def of(cls, event: EventOut, *, priority: str | None, base_url: str) -> FeedRow:
        """``event`` as the feeds keep it; ``priority``: the title of its activity's strategic priority."""
        return cls(
            id=event.id,
            revision=event.revision,
            title=event.title,
            body=event.body.slug,
            activity=event.activity.id if event.activity else None,
            kind=event.kind,
            status=event.status,
            last_day=event.last_day,
            updated_at=event.updated_at,
            written=(
                builder.write_event(FeedEvent(event=event, priority=priority), base_url=base_url)
                if builder.is_dated(event)
                else None
            ),
        )


@dataclass(frozen=True)
class FeedData:
    """Everything the public feeds show, as of one moment (one generation of the change counters)."""

    day: date  # the local day memberships were read for
    valid_until: datetime  # the next local midnight: a member's bodies may change then
    base_url: str  # the site's address, in every VEVENT's URL
    network_name: str
    events: tuple[FeedRow, ...]  # in list_events order; to-be-confirmed and old cancelled ones included
    deleted: tuple[DeletedEventOut, ...]
    bodies: Mapping[str, str]  # slug -> name
    members: Mapping[str, str]  # slug -> name
    priorities: Mapping[str, str]  # code -> title (English)
    activity_priority: Mapping[int, str]  # activity id -> priority code
    member_bodies: Mapping[str, frozenset[str]]  # member slug -> slugs of the bodies it is in today
    member_changed: Mapping[str, datetime]  # member slug -> when it last joined or left a body
    counters: Mapping[str, Counter]


@dataclass(frozen=True)
class Selection:
    info: CalendarInfo
    events: list[FeedRow]
    deleted: list[DeletedEventOut]
    filename: str
    last_modified: datetime  # the latest change that can have altered the feed
    valid_until: datetime  # when time alone changes it


def feed_url(scope: FeedScope, *, base_url: str) -> str:
    """Where the feed is published, its filters as query parameters."""
    query = {name: value for name, value in _filters(scope) if value is not None}
    url = f"{base_url}/calendars/{scope.path}.ics"
    return f"{url}?{urlencode(query)}" if scope.path == "network" and query else url


def _filters(scope: FeedScope) -> list[tuple[str, str | None]]:
    return [
        ("body", scope.body),
        ("member", scope.member),
        ("priority", scope.priority),
        ("kind", scope.kind.value if scope.kind else None),
        ("status", scope.status.value if scope.status else None),
        ("from", scope.date_from.isoformat() if scope.date_from else None),
    ]


def select(data: FeedData, scope: FeedScope, *, base_url: str, retention: timedelta, now: datetime) -> Selection:
    """The feed ``scope`` asks for: 404 (``NotFound``) for a path naming nothing, 400 for an unknown filter."""
    if scope.event_id is not None:
        return _one_event(data, scope, base_url=base_url)
    info = _calendar_info(data, scope, base_url=base_url)
    body_slugs = _body_slugs(data, scope)
    cancelled_since = now - retention

    def in_scope(body: str, activity: int | None, kind: str, last_day: date) -> bool:
        return (
            (body_slugs is None or body in body_slugs)
            and (
                scope.priority is None
                or (activity is not None and data.activity_priority.get(activity) == scope.priority)
            )
            and (scope.kind is None or kind == scope.kind)
            and (scope.date_from is None or last_day >= scope.date_from)
        )

    candidates = [
        event
        for event in data.events
        if in_scope(event.body, event.activity, event.kind, event.last_day)
        and (scope.status is None or event.status is scope.status)
    ]
    # Dated, and if cancelled, cancelled (last changed) within the retention period.
    listed = [
        event
        for event in candidates
        if event.dated and (event.status is not EventStatus.cancelled or event.updated_at >= cancelled_since)
    ]
    deleted_in_scope = [
        tombstone
        for tombstone in data.deleted
        if scope.status in (None, EventStatus.cancelled)
        and in_scope(tombstone.body.slug, tombstone.activity_id, tombstone.kind, tombstone.last_day)
    ]
    deleted = [tombstone for tombstone in deleted_in_scope if tombstone.deleted_at >= cancelled_since]
    # The moments a cancelled or deleted event leaves (or left) the feed through time alone.
    departures = [event.updated_at + retention for event in candidates if event.status is EventStatus.cancelled]
    departures += [tombstone.deleted_at + retention for tombstone in deleted_in_scope]
    changed = [event.updated_at for event in listed] + [tombstone.deleted_at for tombstone in deleted]
    changed += [counter.changed_at for counter in data.counters.values()]
    changed += [moment for moment in departures if moment <= now]
    if scope.member is not None:
        changed.append(data.member_changed.get(scope.member, EPOCH))
    return Selection(
        info=info,
        events=listed,
        deleted=deleted,
        filename=_filename(scope),
        last_modified=max(changed, default=EPOCH),
        valid_until=min([moment for moment in departures if moment > now] + [data.valid_until]),
    )


def _one_event(data: FeedData, scope: FeedScope, *, base_url: str) -> Selection:
    """One event's own file ("add to calendar"); kept even when cancelled long ago."""
    found = [event for event in data.events if event.id == scope.event_id]
    if not found:  # members-only events are not in the data of public feeds: they are not found either
        raise NotFound(f"event {scope.event_id} not found")
    event = found[0]
    if not event.dated:
        raise NotFound(f"event {scope.event_id} has no calendar entry: {TO_BE_CONFIRMED}")
    return Selection(
        info=CalendarInfo(
            name=event.title,
            description=f"{event.title} ({data.bodies.get(event.body, event.body)})",
            source=feed_url(scope, base_url=base_url),
        ),
        events=[event],
        deleted=[],
        filename=_filename(scope),
        last_modified=max([event.updated_at] + [counter.changed_at for counter in data.counters.values()]),
        valid_until=data.valid_until,
    )


def _body_slugs(data: FeedData, scope: FeedScope) -> frozenset[str] | None:
    """The bodies a feed is limited to (None: all); checks the body, member and priority named."""
    slugs: frozenset[str] | None = None
    if scope.body is not None:
        if scope.body not in data.bodies:
            raise InvalidInput(f"no body has the slug {scope.body!r}", field="body")
        slugs = frozenset({scope.body})
    if scope.member is not None:
        if scope.member not in data.members:
            raise InvalidInput(f"no member has the slug {scope.member!r}", field="member")
        of_member = data.member_bodies.get(scope.member, frozenset())
        slugs = of_member if slugs is None else slugs & of_member
    if scope.priority is not None and scope.priority not in data.priorities:
        known = ", ".join(data.priorities) or "none defined yet"
        raise InvalidInput(f"unknown strategic priority {scope.priority!r} (known: {known})", field="priority")
    return slugs


def _filename(scope: FeedScope) -> str:
    return f"{scope.path.replace('/', '-')}.ics"


def _calendar_info(data: FeedData, scope: FeedScope, *, base_url: str) -> CalendarInfo:
    """The calendar's name and description; 404 when the path names nothing."""
    network = data.network_name
    source = feed_url(scope, base_url=base_url)
    kind, _, key = scope.path.partition("/")
    if kind == "bodies":
        if key not in data.bodies:
            raise NotFound(f"body {key!r} not found")
        name = data.bodies[key]
        return CalendarInfo(name=f"{name} ({network})", description=f"Public events of {name}.", source=source)
    if kind == "members":
        if key not in data.members:
            raise NotFound(f"member {key!r} not found")
        name = data.members[key]
        return CalendarInfo(
            name=f"{name}: events of its bodies ({network})",
            description=f"Public events of the bodies {name} belongs to or leads in {network}.",
            source=source,
        )
    if kind == "priorities":
        if key not in data.priorities:
            raise NotFound(f"strategic priority {key!r} not found")
        title = data.priorities[key]
        return CalendarInfo(
            name=f"{title} ({network})",
            description=f"Public events of the activities under the strategic priority {key}: {title}.",
            source=source,
        )
    if kind == "kinds":
        assert scope.kind is not None
        label = EVENT_KIND_LABELS[scope.kind]
        return CalendarInfo(
            name=f"{label} events ({network})",
            description=f"Public {label.lower()} events of {network}.",
            source=source,
        )
    filters = ", ".join(f"{name} {value}" for name, value in _filters(scope) if value is not None)
    return CalendarInfo(
        name=f"{network}: {filters}" if filters else network,
        description=f"Public events of {network}" + (f" ({filters})." if filters else "."),
        source=source,
    )


def next_midnight(day: date) -> datetime:
    """The local midnight that ends ``day``, in UTC (memberships are dated in local days)."""
    return datetime.combine(day + timedelta(days=1), time.min).astimezone(UTC)
