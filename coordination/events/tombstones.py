"""Tombstones of deleted events: the only code that queries ``event_tombstone``.

``events.services`` writes one when it deletes a dated event and re-exports
the reading and pruning; filters arrive here already resolved to ids.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from coordination.events.enums import EventKind, EventTiming, Visibility
from coordination.events.schemas import DeletedEventOut, EventBodyRef
from coordination.events.tables import EventTombstone

_DATED = (EventTiming.timed.value, EventTiming.all_day.value)


async def remember(row: dict[str, Any], *, deleted_at: datetime) -> None:
    """Keep what a feed needs to cancel the event ``row`` (a full ``event`` row); dated events only."""
    if row["timing"] not in _DATED:
        return
    await EventTombstone.insert(
        EventTombstone(
            uid=row["uid"],
            body=row["body"],
            activity=row["activity"],
            title=row["title"],
            kind=row["kind"],
            visibility=row["visibility"],
            timing=row["timing"],
            timezone=row["timezone"],
            start_local=row["start_local"],
            end_local=row["end_local"],
            start_date=row["start_date"],
            end_date=row["end_date"],
            first_day=row["first_day"],
            last_day=row["last_day"],
            sequence=row["revision"],
            deleted_at=deleted_at,
        )
    )


def deleted_event_out(row: dict[str, Any], *, body: EventBodyRef) -> DeletedEventOut:
    timing = EventTiming(row["timing"])
    timed = timing is EventTiming.timed
    return DeletedEventOut(
        uid=row["uid"],
        title=row["title"],
        kind=EventKind(row["kind"]),
        body=body,
        activity_id=row["activity"],
        visibility=Visibility(row["visibility"]),
        timing=timing,
        start=row["start_local"] if timed else None,
        end=row["end_local"] if timed else None,
        timezone=row["timezone"] if timed else None,
        start_date=None if timed else row["start_date"],
        end_date=None if timed else row["end_date"],
        first_day=row["first_day"],
        last_day=row["last_day"],
        sequence=row["sequence"],
        deleted_at=row["deleted_at"].astimezone(UTC),
    )


async def deleted_event_rows(*, deleted_since: datetime, include_members_only: bool) -> list[dict[str, Any]]:
    """Tombstones written at ``deleted_since`` or later, by first day then uid."""
    query = (
        EventTombstone.select()
        .where(EventTombstone.deleted_at >= deleted_since)
        .order_by(EventTombstone.first_day)
        .order_by(EventTombstone.uid)
    )
    if not include_members_only:
        query = query.where(EventTombstone.visibility == Visibility.public.value)
    return list(await query)


async def prune(*, deleted_before: datetime) -> int:
    """Forget the tombstones written before ``deleted_before``; how many went."""
    rows = await EventTombstone.delete().where(EventTombstone.deleted_at < deleted_before).returning(EventTombstone.id)
    return len(rows)
