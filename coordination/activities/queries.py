"""Reading activities: one activity, filtered lists in plan order, groupings and summaries.

Split from ``services`` (which re-exports these) to keep each module readable.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from piccolo.custom_types import Combinable

from coordination.activities.enums import ActivityStatus, DatePrecision
from coordination.activities.partners import partner_summaries
from coordination.activities.schemas import (
    ActivityOut,
    ActivitySummary,
    BodyRef,
    DeliverableOut,
    PeriodOut,
    PriorityActivities,
    PriorityRef,
)
from coordination.activities.tables import Activity, ActivityParticipant, ActivityPartner, Deliverable
from coordination.bodies import services as bodies
from coordination.core import translated
from coordination.core.database import count_by
from coordination.core.errors import InvalidInput, NotFound
from coordination.core.i18n import N_
from coordination.core.pagination import Page
from coordination.members import services as members
from coordination.network import services as network
from coordination.network.schemas import PriorityOut


def _period_out(row: dict[str, Any]) -> PeriodOut | None:
    if row["planned_start"] is None or row["planned_end"] is None:
        return None
    return PeriodOut(
        precision=DatePrecision(row["planned_precision"]), start=row["planned_start"], end=row["planned_end"]
    )


def _priority_ref(priority: PriorityOut) -> PriorityRef:
    return PriorityRef(code=priority.code, title=priority.title)


async def _body_refs(ids: list[int]) -> dict[int, BodyRef]:
    found = await bodies.body_summaries(ids=list(set(ids)))
    return {body_id: BodyRef(slug=body.slug, name=body.name) for body_id, body in found.items()}


async def _activities_out(rows: list[dict[str, Any]]) -> list[ActivityOut]:
    """Activities with everything they point at, in a fixed number of queries whatever their count."""
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    body_refs = await _body_refs([row["body"] for row in rows])
    priorities = await network.priorities_by_id(ids=list({row["priority"] for row in rows}))

    deliverables: dict[int, list[DeliverableOut]] = defaultdict(list)
    for item in await Deliverable.select().where(Deliverable.activity.is_in(ids)).order_by(Deliverable.position):
        deliverables[item["activity"]].append(
            DeliverableOut(
                title=item["title"], description=item["description"], url=item["url"], delivered_on=item["delivered_on"]
            )
        )

    partner_links = (
        await ActivityPartner.select().where(ActivityPartner.activity.is_in(ids)).order_by(ActivityPartner.id)
    )
    partners = await partner_summaries(ids=list({link["partner"] for link in partner_links}))
    partners_of = defaultdict(list)
    for link in partner_links:
        partners_of[link["activity"]].append(partners[link["partner"]])

    member_links = (
        await ActivityParticipant.select()
        .where(ActivityParticipant.activity.is_in(ids))
        .order_by(ActivityParticipant.id)
    )
    member_summaries = await members.summaries(ids=list({link["member"] for link in member_links}))
    participants_of = defaultdict(list)
    for link in member_links:
        participants_of[link["activity"]].append(member_summaries[link["member"]])

    return [
        ActivityOut(
            id=row["id"],
            body=body_refs[row["body"]],
            priority=_priority_ref(priorities[row["priority"]]),
            title=row["title"],
            description=row["description"],
            planned=_period_out(row),
            actual_start=row["actual_start"],
            actual_end=row["actual_end"],
            status=ActivityStatus(row["status"]),
            progress_percent=row["progress_percent"],
            deliverables=deliverables[row["id"]],
            partners=partners_of[row["id"]],
            participants=participants_of[row["id"]],
            revision=row["revision"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            language=row["language"],
            translations=translated.load(row["translations"]),
        )
        for row in rows
    ]


async def get_activity(*, activity_id: int) -> ActivityOut:
    row = await Activity.select().where(Activity.id == activity_id).first()
    if row is None:
        raise NotFound(N_("activity %(id)s not found"), params={"id": activity_id})
    return (await _activities_out([row]))[0]


async def _in_plan_order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows by priority position, then planned start (undated last), then creation.

    Sorted here rather than in SQL because the priority order belongs to the
    network's table, which only its service reads.
    """
    priorities = await network.priorities_by_id(ids=list({row["priority"] for row in rows}))

    def key(row: dict[str, Any]) -> tuple[Any, ...]:
        priority = priorities[row["priority"]]
        start = row["planned_start"]
        return (priority.position, priority.code, start is None, start or date.min, row["id"])

    return sorted(rows, key=key)


async def count_by_status() -> dict[ActivityStatus, int]:
    return {ActivityStatus(status): count for status, count in (await count_by(Activity.status)).items()}


async def list_activities(
    *,
    body: str | None = None,
    member: str | None = None,
    priority: str | None = None,
    status: ActivityStatus | None = None,
    from_date: date | None = None,
    to_date: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[ActivityOut]:
    """Activities matching every filter given, in plan order.

    ``body``, ``member`` and ``priority`` are a slug, a slug and a code; an
    unknown one is a 400 naming the filter. ``from_date``/``to_date`` keep the
    activities whose planned or actual period overlaps the range (an activity
    started and not finished runs on).
    """
    where: list[Combinable] = []
    if body is not None:
        where.append(Activity.body == await bodies.body_id(slug=body, field="body"))
    if priority is not None:
        where.append(Activity.priority == await network.priority_id(code=priority, field="priority"))
    if member is not None:
        member_pk = await members.member_id(slug=member, field="member")
        where.append(
            Activity.id.is_in(
                ActivityParticipant.select(ActivityParticipant.activity).where(ActivityParticipant.member == member_pk)
            )
        )
    if status is not None:
        where.append(Activity.status == status.value)
    if from_date is not None and to_date is not None and to_date < from_date:
        raise InvalidInput(
            N_("the range ends (%(end)s) before it starts (%(start)s)"),
            field="to",
            params={"end": to_date.isoformat(), "start": from_date.isoformat()},
        )
    if from_date is not None or to_date is not None:
        where.append(_overlaps(from_date, to_date))

    query = Activity.select(Activity.id, Activity.priority, Activity.planned_start)
    for condition in where:
        query = query.where(condition)
    ordered = await _in_plan_order(await query)
    page_ids = [row["id"] for row in ordered[offset : offset + limit]]
    rows = await Activity.select().where(Activity.id.is_in(page_ids)) if page_ids else []
    by_id = {row["id"]: row for row in rows}
    items = await _activities_out([by_id[activity_id] for activity_id in page_ids])
    return Page(items=items, total=len(ordered), limit=limit, offset=offset)


def _overlaps(from_date: date | None, to_date: date | None) -> Combinable:
    """Planned or actual period overlapping [from_date, to_date]; an open side is unbounded."""
    planned: Combinable = Activity.planned_start.is_not_null()
    actual_started: Combinable = Activity.actual_start.is_not_null()
    # An end known without its start counts as that single day.
    actual_end_only: Combinable = Activity.actual_start.is_null() & Activity.actual_end.is_not_null()
    if to_date is not None:
        planned &= Activity.planned_start <= to_date
        actual_started &= Activity.actual_start <= to_date
        actual_end_only &= Activity.actual_end <= to_date
    if from_date is not None:
        planned &= Activity.planned_end >= from_date
        actual_started &= Activity.actual_end.is_null() | (Activity.actual_end >= from_date)
        actual_end_only &= Activity.actual_end >= from_date
    return planned | actual_started | actual_end_only


async def activities_by_priority(*, body_slug: str, include_empty: bool = False) -> list[PriorityActivities]:
    """A body's activities grouped under the priorities, in priority order (404 for an unknown body).

    With ``include_empty`` every priority of the network is listed, even with no activity.
    """
    owner = await bodies.body_id(slug=body_slug)
    rows = await _in_plan_order(await Activity.select().where(Activity.body == owner))
    activities = await _activities_out(rows)
    grouped: dict[str, list[ActivityOut]] = defaultdict(list)
    for activity in activities:
        grouped[activity.priority.code].append(activity)
    return [
        PriorityActivities(priority=priority, activities=grouped[priority.code])
        for priority in await network.list_priorities()
        if include_empty or grouped[priority.code]
    ]


async def activity_titles(*, ids: list[int]) -> dict[int, str]:
    """The titles of the given activities, by id, in one query (an event names its activity and nothing more)."""
    if not ids:
        return {}
    rows = await Activity.select(Activity.id, Activity.title).where(Activity.id.is_in(list(set(ids))))
    return {row["id"]: row["title"] for row in rows}


async def activity_summaries(*, ids: list[int]) -> dict[int, ActivitySummary]:
    """Short descriptions of the given activities, by id (ids with no activity are left out)."""
    if not ids:
        return {}
    rows = await Activity.select(
        Activity.id,
        Activity.title,
        Activity.body,
        Activity.priority,
        Activity.planned_start,
        Activity.planned_end,
        Activity.planned_precision,
        Activity.status,
        Activity.progress_percent,
    ).where(Activity.id.is_in(list(set(ids))))
    body_refs = await _body_refs([row["body"] for row in rows])
    priorities = await network.priorities_by_id(ids=list({row["priority"] for row in rows}))
    return {
        row["id"]: ActivitySummary(
            id=row["id"],
            title=row["title"],
            body=body_refs[row["body"]],
            priority=_priority_ref(priorities[row["priority"]]),
            planned=_period_out(row),
            status=ActivityStatus(row["status"]),
            progress_percent=row["progress_percent"],
        )
        for row in rows
    }
