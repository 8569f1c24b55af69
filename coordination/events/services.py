"""Events and their sessions: the only code that queries the events tables.

Every change to an event, its sessions included, raises its ``revision`` by
exactly one: the calendar feeds publish it as SEQUENCE, and calendar clients
only take an update whose SEQUENCE went up.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from piccolo.custom_types import Combinable
from piccolo.query.functions.aggregate import Max
from piccolo.query.mixins import OrderByRaw

from coordination.activities import services as activities
from coordination.audit import services as audit
from coordination.audit import writes
from coordination.audit.snapshots import snapshot
from coordination.bodies import services as bodies
from coordination.core import changes as counters
from coordination.core import translated
from coordination.core.database import transaction
from coordination.core.errors import InvalidInput, NotFound, Phrase
from coordination.core.i18n import N_
from coordination.core.pagination import MAX_LIMIT, Page
from coordination.core.schemas import utc_now
from coordination.core.versioning import changes, check_revision
from coordination.events import tombstones
from coordination.events.enums import EventKind, EventStatus, EventTiming, Visibility
from coordination.events.schemas import (
    DeletedEventOut,
    EventActivityRef,
    EventBodyRef,
    EventCreate,
    EventOut,
    EventUpdate,
    SessionIn,
    SessionOut,
)
from coordination.events.tables import Event, EventSession
from coordination.events.timing import (
    TIMING_FIELDS,
    SessionTimes,
    Timing,
    lenient_local_to_utc,
    resolve_session,
    resolve_timing,
    zone,
)

UID_DOMAIN = "coordination"

# Same day: all-day and to-be-confirmed events (no instant) before timed ones,
# written out so SQLite and PostgreSQL, which place NULLs differently, agree.
_ORDER = (
    Event.first_day,
    OrderByRaw("CASE WHEN starts_at IS NULL THEN 0 ELSE 1 END"),
    Event.starts_at,
    Event.id,
)

# The texts of an event that can be given in several languages (core/translated.py).
TRANSLATABLE = ("title", "description")


def new_uid() -> str:
    return f"{uuid.uuid4().hex}@{UID_DOMAIN}"


# --- reading -----------------------------------------------------------------


def _utc(value: datetime | None) -> datetime | None:
    # PostgreSQL answers in the session's zone and SQLite as stored; say UTC either way.
    return value.astimezone(UTC) if value is not None else None


def _session_out(row: dict[str, Any], timezone: str) -> SessionOut:
    tz = zone(timezone)
    return SessionOut(
        title=row["title"],
        description=row["description"],
        kind=EventKind(row["kind"]),
        start=row["start_local"],
        end=row["end_local"],
        starts_at=lenient_local_to_utc(row["start_local"], tz),
        ends_at=lenient_local_to_utc(row["end_local"], tz),
    )


def _event_out(
    row: dict[str, Any], *, body: EventBodyRef, activity: EventActivityRef | None, sessions: list[SessionOut]
) -> EventOut:
    timing = EventTiming(row["timing"])
    return EventOut(
        id=row["id"],
        uid=row["uid"],
        title=row["title"],
        description=row["description"],
        language=row["language"],
        translations=translated.load(row["translations"]),
        kind=EventKind(row["kind"]),
        body=body,
        activity=activity,
        timing=timing,
        start=row["start_local"] if timing is EventTiming.timed else None,
        end=row["end_local"] if timing is EventTiming.timed else None,
        timezone=row["timezone"] if timing is EventTiming.timed else None,
        start_date=row["start_date"] if timing is EventTiming.all_day else None,
        end_date=row["end_date"] if timing is EventTiming.all_day else None,
        year=row["tbc_year"] if timing is EventTiming.to_be_confirmed else None,
        month=row["tbc_month"] if timing is EventTiming.to_be_confirmed else None,
        starts_at=_utc(row["starts_at"]),
        ends_at=_utc(row["ends_at"]),
        first_day=row["first_day"],
        last_day=row["last_day"],
        location=row["location"],
        online_url=row["online_url"],
        status=EventStatus(row["status"]),
        visibility=Visibility(row["visibility"]),
        sessions=sessions,
        revision=row["revision"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


async def _events_out(rows: list[dict[str, Any]]) -> list[EventOut]:
    """Rows to output, with their bodies, activities and sessions fetched once for the lot."""
    if not rows:
        return []
    event_ids = [row["id"] for row in rows]
    session_rows = (
        await EventSession.select()
        .where(EventSession.event.is_in(event_ids))
        .order_by(EventSession.position)
        .order_by(EventSession.id)
    )
    timezones = {row["id"]: row["timezone"] for row in rows}
    sessions: dict[int, list[SessionOut]] = {event_id: [] for event_id in event_ids}
    for session in session_rows:
        sessions[session["event"]].append(_session_out(session, timezones[session["event"]]))
    body_summaries = await bodies.body_summaries(ids=sorted({row["body"] for row in rows}))
    body_refs = {pk: EventBodyRef(slug=body.slug, name=body.name) for pk, body in body_summaries.items()}
    activity_titles = await activities.activity_titles(ids=[row["activity"] for row in rows if row["activity"]])
    activity_refs = {pk: EventActivityRef(id=pk, title=title) for pk, title in activity_titles.items()}
    return [
        _event_out(
            row,
            body=body_refs[row["body"]],
            activity=activity_refs.get(row["activity"]) if row["activity"] else None,
            sessions=sessions[row["id"]],
        )
        for row in rows
    ]


def _visible_to(body_ids: set[int]) -> Combinable:
    """Public events, and the members-only events of ``body_ids``."""
    return (Event.visibility == Visibility.public.value) | Event.body.is_in(sorted(body_ids) or [-1])


async def get_event(*, event_id: int, visible_body_ids: set[int] | None = None) -> EventOut:
    """One event; ``visible_body_ids`` (None: every body) limits the members-only events that can be read.

    A members-only event outside them is "not found", like an event that does
    not exist: its existence must not leak.
    """
    query = Event.select().where(Event.id == event_id)
    if visible_body_ids is not None:
        query = query.where(_visible_to(visible_body_ids))
    row = await query.first()
    if row is None:
        raise NotFound(N_("event %(id)s not found"), params={"id": event_id})
    return (await _events_out([row]))[0]


async def list_events(
    *,
    body_slug: str | None = None,
    member_slug: str | None = None,
    priority_code: str | None = None,
    activity_id: int | None = None,
    status: EventStatus | None = None,
    kind: EventKind | None = None,
    visibility: Visibility | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    include_members_only: bool = True,
    visible_body_ids: set[int] | None = None,
    include_cancelled: bool = True,
    limit: int | None = 50,
    offset: int = 0,
    newest_first: bool = False,
    count_total: bool = True,
    count_up_to: int | None = None,
    ids: Sequence[int] | None = None,
) -> Page[EventOut]:
    """Events by first day then start time; ``limit=None`` gives them all (the feeds).

    ``member_slug`` keeps the events of the bodies the member belongs to today;
    ``priority_code`` those of activities under that priority, ``activity_id`` those of one activity; ``date_from`` and
    ``date_to`` (inclusive) keep events whose days overlap that range.
    ``include_members_only=False`` leaves out every members-only event (the
    public feeds); ``visible_body_ids`` keeps only the members-only events of
    those bodies (what ``accounts.guards.body_ids_with_members_only_access``
    gives for the person asking; None: every body, an empty set: none).
    Counts and pages are computed after the filter, so nothing hidden shows
    through a total. ``count_total=False`` skips the COUNT (a scan of every
    matching row) for a caller that shows no total: ``total`` is then the
    number of items up to this page's end. ``count_up_to`` counts no further than that many (reading at most one
    more row than that): ``total`` is then exact up to it, and ``count_up_to + 1`` beyond ("more than …"), for a
    page whose reader has no use for "12,417 events" but must not wait for them to be counted. ``ids`` keeps only
    those events (the feeds' snapshot reloads the ones ``event_revisions`` says changed).
    """
    if date_from is not None and date_to is not None and date_to < date_from:
        raise InvalidInput(
            N_("'to' (%(to)s) comes before 'from' (%(from)s)"),
            field="to",
            params={"to": date_to.isoformat(), "from": date_from.isoformat()},
        )
    where: list[Combinable] = []
    if body_slug is not None:
        where.append(Event.body == await bodies.body_id(slug=body_slug, field="body"))
    if member_slug is not None:
        body_ids = await bodies.body_ids_for_member(member_slug=member_slug, field="member")
        where.append(Event.body.is_in(body_ids or [-1]))
    if priority_code is not None:
        where.append(Event.activity.is_in(await _activity_ids_under(priority_code) or [-1]))
    if activity_id is not None:
        where.append(Event.activity == activity_id)
    if status is not None:
        where.append(Event.status == status.value)
    if not include_cancelled:
        where.append(Event.status != EventStatus.cancelled.value)
    if kind is not None:
        where.append(Event.kind == kind.value)
    if visibility is not None:
        where.append(Event.visibility == visibility.value)
    if not include_members_only:
        where.append(Event.visibility == Visibility.public.value)
    if visible_body_ids is not None:
        where.append(_visible_to(visible_body_ids))
    if date_from is not None:
        where.append(Event.last_day >= date_from)
        # Said again through first_day, which lists are ordered by: an event still going on at date_from began at
        # most the longest span before it. The database reads first_day from there on, in order, and stops at the
        # page's end, instead of sorting every event that ends after date_from (half of them, "from today on").
        where.append(Event.first_day >= _days_before(date_from, await longest_span()))
    if date_to is not None:
        where.append(Event.first_day <= date_to)
    if ids is not None:
        where.append(Event.id.is_in(list(ids) or [-1]))
    query = Event.select()
    if newest_first:
        query = (
            query.order_by(Event.first_day, ascending=False)
            .order_by(OrderByRaw("CASE WHEN starts_at IS NULL THEN 0 ELSE 1 END"), ascending=False)
            .order_by(Event.starts_at, Event.id, ascending=False)
        )
    else:
        query = query.order_by(*_ORDER)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    count = Event.count()
    for condition in where:
        query = query.where(condition)
        count = count.where(condition)
    rows = await query
    # SQLite refuses an OFFSET without a LIMIT.
    items = await _events_out(rows if limit is not None else rows[offset:])
    if count_up_to is not None:
        counted = Event.select(Event.id).limit(count_up_to + 1)
        for condition in where:
            counted = counted.where(condition)
        total = len(await counted)
    else:
        total = await count if count_total else offset + len(items)
    return Page(items=items, total=total, limit=limit if limit is not None else total, offset=offset)


async def longest_span() -> int:
    """The most days any event spans past its first (0 when every event lies within one day): read from the
    ``span_days`` index, not by reading the events."""
    row = await Event.select(Max(Event.span_days, alias="longest")).first()
    return int(row["longest"] or 0) if row else 0


def _days_before(day: date, days: int) -> date:
    """``day`` less ``days``, or the first representable day where that would come before it."""
    return day - timedelta(days=days) if day.toordinal() > days else date.min


async def event_revisions(*, include_members_only: bool = True) -> list[tuple[int, int]]:
    """Every event's id and revision, in ``list_events``' order: one light query that says which events changed
    since a snapshot (a changed event's revision moved; a deleted one is absent)."""
    query = Event.select(Event.id, Event.revision).order_by(*_ORDER)
    if not include_members_only:
        query = query.where(Event.visibility == Visibility.public.value)
    return [(row["id"], row["revision"]) for row in await query]


async def _activity_ids_under(priority_code: str) -> list[int]:
    """Ids of the activities under a priority (400 naming ``priority`` if the code is unknown)."""
    ids: list[int] = []
    while True:
        page = await activities.list_activities(priority=priority_code, limit=MAX_LIMIT, offset=len(ids))
        ids.extend(activity.id for activity in page.items)
        if not page.items or len(ids) >= page.total:
            return ids


async def upcoming_events(
    *,
    today: date,
    limit: int,
    body_slug: str | None = None,
    include_members_only: bool = True,
    visible_body_ids: set[int] | None = None,
    include_cancelled: bool = False,
) -> list[EventOut]:
    """The next events not yet over on ``today`` (under way ones included), soonest first."""
    page = await list_events(
        body_slug=body_slug,
        date_from=today,
        include_members_only=include_members_only,
        visible_body_ids=visible_body_ids,
        include_cancelled=include_cancelled,
        limit=limit,
        count_total=False,
    )
    return page.items


async def recent_events(
    *, today: date, limit: int, body_slug: str | None = None, visible_body_ids: set[int] | None = None
) -> list[EventOut]:
    """The latest events over before ``today``, latest first (cancelled ones left out).

    ``visible_body_ids``: whose members-only events may be shown (``accounts.guards.visible_body_ids``).
    """
    before = today - timedelta(days=1)
    selection: dict[str, Any] = {
        "body_slug": body_slug,
        "date_to": before,
        "include_cancelled": False,
        "visible_body_ids": visible_body_ids,
    }
    # Events are listed by first day; one that began before today and is still
    # going on belongs to the upcoming ones, so read a few more and drop those.
    window = limit + 5
    latest = await list_events(**selection, limit=window, newest_first=True, count_total=False)
    return [event for event in latest.items if event.last_day < today][:limit]


# --- writing -----------------------------------------------------------------


def _timing_columns(timing: Timing) -> dict[str, Any]:
    return {
        "timing": timing.timing.value,
        "timezone": timing.timezone,
        "start_local": timing.start_local,
        "end_local": timing.end_local,
        "start_date": timing.start_date,
        "end_date": timing.end_date,
        "tbc_year": timing.year,
        "tbc_month": timing.month,
        "starts_at": timing.starts_at,
        "ends_at": timing.ends_at,
        "first_day": timing.first_day,
        "last_day": timing.last_day,
        "span_days": (timing.last_day - timing.first_day).days,
    }


def _stored_form(row: dict[str, Any]) -> dict[str, Any]:
    """The timing fields of a stored event, as a request would give them."""
    timing = EventTiming(row["timing"])
    if timing is EventTiming.timed:
        return {
            "start": row["start_local"].isoformat(),
            "end": row["end_local"].isoformat(),
            "timezone": row["timezone"],
        }
    if timing is EventTiming.all_day:
        return {"start_date": row["start_date"], "end_date": row["end_date"]}
    return {"year": row["tbc_year"], "month": row["tbc_month"]}


def _checked_sessions(sessions: list[SessionIn], timing: Timing) -> list[tuple[SessionIn, SessionTimes]]:
    return [
        (session, resolve_session(start=session.start, end=session.end, event=timing, field=f"sessions[{index}]"))
        for index, session in enumerate(sessions)
    ]


async def _check_stored_sessions(event_id: int, timing: Timing) -> None:
    """A new timing must still hold the sessions that are kept."""
    rows = await EventSession.select().where(EventSession.event == event_id).order_by(EventSession.position)
    for index, row in enumerate(rows):
        try:
            resolve_session(
                start=row["start_local"].isoformat(),
                end=row["end_local"].isoformat(),
                event=timing,
                field=f"sessions[{index}]",
            )
        except InvalidInput as exc:
            raise InvalidInput(
                N_("the event's sessions no longer fit: %(reason)s; send sessions along with the new timing"),
                field="sessions",
                params={"reason": Phrase(exc.template, exc.params)},
            ) from exc


async def _write_sessions(event_id: int, sessions: list[tuple[SessionIn, SessionTimes]]) -> None:
    await EventSession.delete().where(EventSession.event == event_id)
    if sessions:
        await EventSession.insert(
            *[
                EventSession(
                    event=event_id,
                    position=position,
                    title=session.title.strip(),
                    description=session.description,
                    kind=session.kind.value,
                    start_local=times.start_local,
                    end_local=times.end_local,
                )
                for position, (session, times) in enumerate(sessions)
            ]
        )


async def _check_activity(*, activity_id: int, body_id: int) -> None:
    """An event may only be linked to an activity of its own body (400 naming ``activity`` otherwise).

    Otherwise a body's lead could attach their event to another body's work,
    and it would show on that activity as if its body had organised it.
    """
    owner = await activities.activity_body_id(activity_id=activity_id, field="activity")
    if owner != body_id:
        names = await bodies.body_summaries(ids=sorted({owner, body_id}))
        raise InvalidInput(
            N_(
                "activity %(id)s belongs to %(owner)s, not to %(body)s: an event can only "
                "be linked to an activity of its own body"
            ),
            field="activity",
            params={"id": activity_id, "owner": names[owner].slug, "body": names[body_id].slug},
        )


def _audited(event: EventOut) -> dict[str, Any]:
    """The event as a request states it; the instants and days derived from its timing are left out."""
    return snapshot(
        event,
        leave_out=["id", "uid", "starts_at", "ends_at", "first_day", "last_day"],
        body=event.body.slug,
        activity=event.activity.id if event.activity is not None else None,
        sessions=[snapshot(session, leave_out=["starts_at", "ends_at"]) for session in event.sessions],
    )


async def latest_timezone(*, body_slug: str | None) -> str | None:
    """The zone of the body's latest timed event, else of the network's; None when no event is timed."""
    query = Event.select(Event.timezone).where(Event.timing == EventTiming.timed.value)
    if body_slug is not None:
        owner = await bodies.body_id(slug=body_slug)
        row = await query.where(Event.body == owner).order_by(Event.first_day, ascending=False).first()
        if row is not None and row["timezone"]:
            return str(row["timezone"])
    row = await query.order_by(Event.first_day, ascending=False).first()
    return str(row["timezone"]) if row is not None and row["timezone"] else None


async def create_event(*, data: EventCreate) -> EventOut:
    given = {name: getattr(data, name) for name in TIMING_FIELDS}
    timing = resolve_timing(data.timing, given)
    sessions = _checked_sessions(data.sessions, timing)
    async with transaction():
        owner = await bodies.body_id(slug=data.body, field="body")
        if data.activity is not None:
            await _check_activity(activity_id=data.activity, body_id=owner)
        now = utc_now()
        rows = await Event.insert(
            Event(
                uid=new_uid(),
                body=owner,
                activity=data.activity,
                title=data.title.strip(),
                description=data.description,
                kind=data.kind.value,
                location=data.location.strip(),
                online_url=data.online_url,
                status=data.status.value,
                visibility=data.visibility.value,
                language=data.language,
                translations=translated.dump(
                    translated.clean_translations(
                        data.translations, fields=TRANSLATABLE, one_line=("title",), original_language=data.language
                    )
                ),
                created_at=now,
                updated_at=now,
                **_timing_columns(timing),
            )
        ).returning(Event.id)
        event_id = int(rows[0]["id"])
        await _write_sessions(event_id, sessions)
        await counters.bump(counters.FEED_EVENTS)
        created = await get_event(event_id=event_id)
        await audit.record(action="event.created", object_type="event", object_id=event_id, after=_audited(created))
    return created


async def update_event(*, event_id: int, data: EventUpdate) -> EventOut:
    """Apply a change; the revision goes up by one whatever changed (sessions included)."""
    sent = changes(data)
    async with transaction():
        row = await Event.select().where(Event.id == event_id).first()
        if row is None:
            raise NotFound(N_("event %(id)s not found"), params={"id": event_id})
        check_revision(expected=data.revision, actual=row["revision"], what=_named(event_id, row))

        values: dict[str, Any] = {}
        for name in ("title", "location"):
            if name in sent:
                values[name] = sent[name].strip()
        for name in ("description", "online_url"):
            if name in sent:
                values[name] = sent[name]
        for name in ("kind", "status", "visibility"):
            if name in sent:
                values[name] = sent[name].value
        for name in ("language", "translations"):
            if name in sent:
                values[name] = sent[name]
        translated.prepare_columns(values, fields=TRANSLATABLE, one_line=("title",), current_language=row["language"])
        if "body" in sent:
            values["body"] = await bodies.body_id(slug=sent["body"], field="body")
        if "activity" in sent:
            values["activity"] = sent["activity"]
        linked = values.get("activity", row["activity"])
        if linked is not None and ("body" in values or "activity" in values):
            owner: int = values["body"] if "body" in values else row["body"]
            await _check_activity(activity_id=linked, body_id=owner)

        timing = _updated_timing(row, sent)
        if timing is not None:
            values.update(_timing_columns(timing))
        sessions: list[tuple[SessionIn, SessionTimes]] | None = None
        if "sessions" in sent:
            current = timing or resolve_timing(EventTiming(row["timing"]), _stored_form(row))
            sessions = _checked_sessions(sent["sessions"], current)
        elif timing is not None:
            await _check_stored_sessions(event_id, timing)

        # Sessions are the event's own list: their changes are in this record.
        return await writes.update(
            _target(event_id, row),
            revision=data.revision,
            values=values,
            read=lambda: get_event(event_id=event_id),
            audited=_audited,
            action=lambda old, new: "event.status_changed" if new.status is not old.status else "event.updated",
            counter=counters.FEED_EVENTS,
            then=None if sessions is None else lambda: _write_sessions(event_id, sessions),
        )


def _target(event_id: int, row: dict[str, Any] | None) -> writes.Target:
    """The event a write is about, named by its title in the reader's language (its id when gone)."""
    return writes.Target(
        table=Event, row_id=event_id, what=_named(event_id, row), object_type="event", object_id=event_id
    )


def _named(event_id: int, row: dict[str, Any] | None) -> Phrase:
    """ "the event “Uraía 2021”" (its title as the reader reads it), or "event 12"."""
    if row is None:
        return Phrase(N_("event %(id)s"), {"id": event_id})
    title = translated.Text.of_row(row, "title")
    return Phrase(N_("the event “%(title)s”"), {"title": title})


def _updated_timing(row: dict[str, Any], sent: dict[str, Any]) -> Timing | None:
    """The new timing when the update touches it, else None.

    Fields sent without a new form amend the stored one; a new form starts
    from the fields sent alone.
    """
    timing_fields = {name: sent[name] for name in TIMING_FIELDS if name in sent}
    if "timing" not in sent and not timing_fields:
        return None
    stored = EventTiming(row["timing"])
    timing = sent.get("timing", stored)
    given = {**_stored_form(row), **timing_fields} if timing is stored else timing_fields
    return resolve_timing(timing, given)


async def delete_event(*, event_id: int, revision: int | None = None) -> None:
    """Delete an event; a dated one leaves a tombstone so the calendar feeds can tell subscribers."""

    async def leave_tombstone() -> None:
        # Read inside the delete's transaction: if the event changes meanwhile, the delete is refused
        # and the tombstone goes with it.
        row = await Event.select().where(Event.id == event_id).first()
        assert row is not None
        await tombstones.remember(row, deleted_at=utc_now())

    named = await Event.select(Event.title, Event.language, Event.translations).where(Event.id == event_id).first()
    await writes.delete(
        _target(event_id, named),
        revision=revision,
        read=lambda: get_event(event_id=event_id),
        audited=_audited,
        action="event.deleted",
        counter=counters.FEED_EVENTS,
        before_delete=leave_tombstone,
    )


async def list_deleted_events(*, deleted_since: datetime, include_members_only: bool = True) -> list[DeletedEventOut]:
    """Dated events deleted at ``deleted_since`` or later (their tombstones), by first day."""
    rows = await tombstones.deleted_event_rows(deleted_since=deleted_since, include_members_only=include_members_only)
    summaries = await bodies.body_summaries(ids=sorted({row["body"] for row in rows}))
    refs = {pk: EventBodyRef(slug=body.slug, name=body.name) for pk, body in summaries.items()}
    return [tombstones.deleted_event_out(row, body=refs[row["body"]]) for row in rows]


async def prune_deleted_events(*, deleted_before: datetime) -> int:
    """Forget the tombstones of events deleted before ``deleted_before``; how many went."""
    async with transaction():
        return await tombstones.prune(deleted_before=deleted_before)
