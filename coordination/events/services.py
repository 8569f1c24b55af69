"""Events and their sessions: the only code that queries the events tables.

Every change to an event, its sessions included, raises its ``revision`` by
exactly one: the calendar feeds publish it as SEQUENCE, and calendar clients
only take an update whose SEQUENCE went up.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from piccolo.query.mixins import OrderByRaw

from coordination.activities import services as activities
from coordination.bodies import services as bodies
from coordination.core.database import transaction
from coordination.core.errors import InvalidInput, NotFound
from coordination.core.pagination import MAX_LIMIT, Page
from coordination.core.schemas import utc_now
from coordination.core.versioning import changes, check_revision, update_versioned
from coordination.events.enums import EventKind, EventStatus, EventTiming, Visibility
from coordination.events.schemas import (
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
    activity_summaries = await activities.activity_summaries(ids=[row["activity"] for row in rows if row["activity"]])
    activity_refs = {pk: EventActivityRef(id=pk, title=activity.title) for pk, activity in activity_summaries.items()}
    return [
        _event_out(
            row,
            body=body_refs[row["body"]],
            activity=activity_refs.get(row["activity"]) if row["activity"] else None,
            sessions=sessions[row["id"]],
        )
        for row in rows
    ]


async def get_event(*, event_id: int) -> EventOut:
    row = await Event.select().where(Event.id == event_id).first()
    if row is None:
        raise NotFound(f"event {event_id} not found")
    return (await _events_out([row]))[0]


async def list_events(
    *,
    body_slug: str | None = None,
    member_slug: str | None = None,
    priority_code: str | None = None,
    status: EventStatus | None = None,
    kind: EventKind | None = None,
    visibility: Visibility | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    include_members_only: bool = True,
    include_cancelled: bool = True,
    limit: int | None = 50,
    offset: int = 0,
) -> Page[EventOut]:
    """Events by first day then start time; ``limit=None`` gives them all (the feeds).

    ``member_slug`` keeps the events of the bodies the member belongs to today;
    ``priority_code`` those of activities under that priority; ``date_from`` and
    ``date_to`` (inclusive) keep events whose days overlap that range.
    ``include_members_only=False`` is for public views.
    """
    if date_from is not None and date_to is not None and date_to < date_from:
        raise InvalidInput(f"'to' ({date_to}) comes before 'from' ({date_from})", field="to")
    where = []
    if body_slug is not None:
        where.append(Event.body == await bodies.body_id(slug=body_slug, field="body"))
    if member_slug is not None:
        body_ids = await bodies.body_ids_for_member(member_slug=member_slug, field="member")
        where.append(Event.body.is_in(body_ids or [-1]))
    if priority_code is not None:
        where.append(Event.activity.is_in(await _activity_ids_under(priority_code) or [-1]))
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
    if date_from is not None:
        where.append(Event.last_day >= date_from)
    if date_to is not None:
        where.append(Event.first_day <= date_to)
    query = Event.select().order_by(*_ORDER)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    count = Event.count()
    for condition in where:
        query = query.where(condition)
        count = count.where(condition)
    rows = await query
    # SQLite refuses an OFFSET without a LIMIT.
    items = await _events_out(rows if limit is not None else rows[offset:])
    total = await count
    return Page(items=items, total=total, limit=limit if limit is not None else total, offset=offset)


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
    include_cancelled: bool = False,
) -> list[EventOut]:
    """The next events not yet over on ``today`` (under way ones included), soonest first."""
    page = await list_events(
        body_slug=body_slug,
        date_from=today,
        include_members_only=include_members_only,
        include_cancelled=include_cancelled,
        limit=limit,
    )
    return page.items


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
                f"the event's sessions no longer fit: {exc.detail}; send sessions along with the new timing",
                field="sessions",
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


async def create_event(*, data: EventCreate) -> EventOut:
    given = {name: getattr(data, name) for name in TIMING_FIELDS}
    timing = resolve_timing(data.timing, given)
    sessions = _checked_sessions(data.sessions, timing)
    async with transaction():
        owner = await bodies.body_id(slug=data.body, field="body")
        if data.activity is not None:
            await activities.activity_exists(activity_id=data.activity, field="activity")
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
                created_at=now,
                updated_at=now,
                **_timing_columns(timing),
            )
        ).returning(Event.id)
        event_id = int(rows[0]["id"])
        await _write_sessions(event_id, sessions)
    return await get_event(event_id=event_id)


async def update_event(*, event_id: int, data: EventUpdate) -> EventOut:
    """Apply a change; the revision goes up by one whatever changed (sessions included)."""
    sent = changes(data)
    async with transaction():
        row = await Event.select().where(Event.id == event_id).first()
        if row is None:
            raise NotFound(f"event {event_id} not found")
        what = f"event {event_id}"
        check_revision(expected=data.revision, actual=row["revision"], what=what)

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
        if "body" in sent:
            values["body"] = await bodies.body_id(slug=sent["body"], field="body")
        if "activity" in sent:
            if sent["activity"] is not None:
                await activities.activity_exists(activity_id=sent["activity"], field="activity")
            values["activity"] = sent["activity"]

        timing = _updated_timing(row, sent)
        if timing is not None:
            values.update(_timing_columns(timing))
        sessions: list[tuple[SessionIn, SessionTimes]] | None = None
        if "sessions" in sent:
            current = timing or resolve_timing(EventTiming(row["timing"]), _stored_form(row))
            sessions = _checked_sessions(sent["sessions"], current)
        elif timing is not None:
            await _check_stored_sessions(event_id, timing)

        await update_versioned(table=Event, row_id=event_id, revision=data.revision, values=values, what=what)
        if sessions is not None:
            await _write_sessions(event_id, sessions)
    return await get_event(event_id=event_id)


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
    async with transaction():
        row = await Event.select(Event.id, Event.revision).where(Event.id == event_id).first()
        if row is None:
            raise NotFound(f"event {event_id} not found")
        check_revision(expected=revision, actual=row["revision"], what=f"event {event_id}")
        await Event.delete().where(Event.id == event_id)
