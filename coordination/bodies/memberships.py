"""Memberships of bodies: which member sits in which body, and when.

A membership's ``start_date`` may be unknown (null: "since before we kept
track"); a null ``end_date`` means it goes on; the end date is its last day.
One member holds at most one membership of a body on any given day.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from piccolo.custom_types import Combinable

from coordination.audit import services as audit
from coordination.audit import writes
from coordination.audit.snapshots import snapshot
from coordination.bodies.schemas import MembershipCreate, MembershipOut, MembershipUpdate
from coordination.bodies.services import (
    active_on,
    body_id,
    body_summaries,
    check_end_after_start,
    describe_period,
    lock_body,
    overlaps,
    today,
)
from coordination.bodies.tables import BodyMembership
from coordination.core import changes as counters
from coordination.core.collation import sort_key
from coordination.core.database import transaction
from coordination.core.errors import Conflict, NotFound, Phrase
from coordination.core.i18n import N_
from coordination.core.pagination import Page
from coordination.core.schemas import utc_now
from coordination.core.versioning import changes, check_revision
from coordination.members import services as members
from coordination.members.schemas import MemberSummary


async def _memberships_out(
    rows: list[dict[str, Any]], member_summaries: dict[int, MemberSummary] | None = None
) -> list[MembershipOut]:
    """``member_summaries``: already read by the caller (it must hold every row's member)."""
    bodies = await body_summaries(ids=sorted({row["body"] for row in rows}))
    if member_summaries is None:
        member_summaries = await members.summaries(ids=sorted({row["member"] for row in rows}))
    return [
        MembershipOut(
            id=row["id"],
            body=bodies[row["body"]].slug,
            body_name=bodies[row["body"]].name,
            member=member_summaries[row["member"]].slug,
            member_name=member_summaries[row["member"]].name,
            start_date=row["start_date"],
            end_date=row["end_date"],
            revision=row["revision"],
        )
        for row in rows
    ]


async def list_memberships(
    *,
    body_slug: str | None = None,
    member_slug: str | None = None,
    on: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[MembershipOut]:
    """Memberships in the order they were recorded; ``on``: those running that day. Unknown slugs are 400s."""
    where: list[Combinable] = []
    if body_slug is not None:
        where.append(BodyMembership.body == await body_id(slug=body_slug, field="body"))
    if member_slug is not None:
        where.append(BodyMembership.member == await members.member_id(slug=member_slug, field="member"))
    if on is not None:
        where.append(active_on(BodyMembership, on))
    query = BodyMembership.select().order_by(BodyMembership.id).limit(limit).offset(offset)
    count = BodyMembership.count()
    for condition in where:
        query = query.where(condition)
        count = count.where(condition)
    rows = await query
    return Page(items=await _memberships_out(rows), total=await count, limit=limit, offset=offset)


async def body_members(*, slug: str, on: date | None = None) -> list[MembershipOut]:
    """The memberships of a body running on ``on`` (default today), by member name."""
    rows = await BodyMembership.select().where(
        (BodyMembership.body == await body_id(slug=slug)) & active_on(BodyMembership, on or today())
    )
    return sorted(await _memberships_out(rows), key=lambda item: sort_key(item.member_name))


async def first_body_members(*, slug: str, limit: int, on: date | None = None) -> Page[MembershipOut]:
    """The first ``limit`` memberships of ``body_members`` and how many there are: only the member names of the
    others are read (a body of 500 members took 17 ms to build in full, for a page that shows 60)."""
    rows = await BodyMembership.select(BodyMembership.id, BodyMembership.member).where(
        (BodyMembership.body == await body_id(slug=slug)) & active_on(BodyMembership, on or today())
    )
    summaries = await members.summaries(ids=sorted({row["member"] for row in rows}))
    chosen = sorted(rows, key=lambda row: sort_key(summaries[row["member"]].name))[:limit]
    shown = await BodyMembership.select().where(BodyMembership.id.is_in([row["id"] for row in chosen] or [-1]))
    items = sorted(await _memberships_out(shown, summaries), key=lambda item: sort_key(item.member_name))
    return Page(items=items, total=len(rows), limit=limit, offset=0)


async def body_member_ids(*, slug: str, on: date | None = None) -> list[int]:
    """The ids of the members of a body on ``on`` (default today), in one query after the body's (404 if unknown)."""
    rows = await BodyMembership.select(BodyMembership.member).where(
        (BodyMembership.body == await body_id(slug=slug)) & active_on(BodyMembership, on or today())
    )
    return sorted({row["member"] for row in rows})


async def get_membership(*, membership_id: int) -> MembershipOut:
    row = await BodyMembership.select().where(BodyMembership.id == membership_id).first()
    if row is None:
        raise NotFound(N_("membership %(id)s not found"), params={"id": membership_id})
    return (await _memberships_out([row]))[0]


def _audited(membership: MembershipOut) -> dict[str, Any]:
    return snapshot(membership, leave_out=["id", "body_name", "member_name"])


async def _check_no_overlap(
    *, body: int, member: int, start: date | None, end: date | None, exclude_id: int | None = None
) -> None:
    query = BodyMembership.select().where((BodyMembership.body == body) & (BodyMembership.member == member))
    if exclude_id is not None:
        query = query.where(BodyMembership.id != exclude_id)
    for other in await query:
        if overlaps(start, end, other["start_date"], other["end_date"]):
            existing = (await _memberships_out([other]))[0]
            raise Conflict(
                N_("%(member)s is already a member of %(body)s %(period)s (membership %(id)s)"),
                field="member",
                params={
                    "member": existing.member_name,
                    "body": existing.body_name,
                    "period": describe_period(other["start_date"], other["end_date"]),
                    "id": other["id"],
                },
            )


async def create_membership(*, data: MembershipCreate) -> MembershipOut:
    check_end_after_start(data.start_date, data.end_date)
    async with transaction():
        body = await body_id(slug=data.body, field="body")
        member = await members.member_id(slug=data.member, field="member")
        await lock_body(body_id=body)
        await _check_no_overlap(body=body, member=member, start=data.start_date, end=data.end_date)
        now = utc_now()
        rows = await BodyMembership.insert(
            BodyMembership(
                body=body,
                member=member,
                start_date=data.start_date,
                end_date=data.end_date,
                created_at=now,
                updated_at=now,
            )
        ).returning(BodyMembership.id)
        await counters.bump(counters.FEED_LABELS)
        created = await get_membership(membership_id=rows[0]["id"])
        await audit.record(
            action="membership.created", object_type="membership", object_id=created.id, after=_audited(created)
        )
    return created


async def update_membership(*, membership_id: int, data: MembershipUpdate) -> MembershipOut:
    what = Phrase(N_("membership %(id)s"), {"id": membership_id})
    async with transaction():
        row = await BodyMembership.select().where(BodyMembership.id == membership_id).first()
        if row is None:
            raise NotFound(N_("membership %(id)s not found"), params={"id": membership_id})
        await lock_body(body_id=row["body"])
        check_revision(expected=data.revision, actual=row["revision"], what=what)
        values = {"start_date": row["start_date"], "end_date": row["end_date"], **changes(data)}
        check_end_after_start(values["start_date"], values["end_date"])
        await _check_no_overlap(
            body=row["body"],
            member=row["member"],
            start=values["start_date"],
            end=values["end_date"],
            exclude_id=membership_id,
        )
        return await writes.update(
            _target(membership_id),
            revision=data.revision,
            values=values,
            read=lambda: get_membership(membership_id=membership_id),
            before=(await _memberships_out([row]))[0],
            audited=_audited,
            action="membership.updated",
            counter=counters.FEED_LABELS,
        )


def _target(membership_id: int) -> writes.Target:
    return writes.Target(
        table=BodyMembership,
        row_id=membership_id,
        what=Phrase(N_("membership %(id)s"), {"id": membership_id}),
        object_type="membership",
        object_id=membership_id,
    )


async def delete_membership(*, membership_id: int, revision: int | None = None) -> None:
    await writes.delete(
        _target(membership_id),
        revision=revision,
        read=lambda: get_membership(membership_id=membership_id),
        audited=_audited,
        action="membership.deleted",
        counter=counters.FEED_LABELS,
    )
