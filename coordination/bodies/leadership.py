"""Leadership terms: a member leads, chairs or co-chairs a body from a date, until a date or for now.

``end_date`` is the term's last day; null means the term goes on. A role in
``SINGLE_HOLDER_ROLES`` (lead, chair, president) has one holder at a time in
a body; the others (co-chair, vice-chair, co-president) may be shared, but a
member does not hold the same role twice over the same days.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from piccolo.custom_types import Combinable

from coordination.audit import services as audit
from coordination.audit import writes
from coordination.audit.snapshots import snapshot
from coordination.bodies.enums import LEADERSHIP_ROLE_LABELS, SINGLE_HOLDER_ROLES, LeadershipRole
from coordination.bodies.schemas import LeadershipTermCreate, LeadershipTermOut, LeadershipTermUpdate
from coordination.bodies.services import (
    active_on,
    body_id,
    check_end_after_start,
    describe_period,
    inactive_on,
    lock_body,
    overlaps,
    terms_out,
    today,
)
from coordination.bodies.tables import LeadershipTerm
from coordination.core import changes as counters
from coordination.core.database import transaction
from coordination.core.errors import Conflict, InvalidInput, NotFound, Phrase
from coordination.core.i18n import N_
from coordination.core.pagination import Page
from coordination.core.schemas import utc_now
from coordination.core.versioning import changes, check_revision
from coordination.members import services as members


async def list_terms(
    *,
    body_slug: str | None = None,
    member_slug: str | None = None,
    role: LeadershipRole | None = None,
    current: bool | None = None,
    on: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[LeadershipTermOut]:
    """Terms by start date; ``current``: running today (or not); ``on``: running that day."""
    where: list[Combinable] = []
    if body_slug is not None:
        where.append(LeadershipTerm.body == await body_id(slug=body_slug, field="body"))
    if member_slug is not None:
        where.append(LeadershipTerm.member == await members.member_id(slug=member_slug, field="member"))
    if role is not None:
        where.append(LeadershipTerm.role == role.value)
    if current is not None:
        where.append(active_on(LeadershipTerm, today()) if current else inactive_on(LeadershipTerm, today()))
    if on is not None:
        where.append(active_on(LeadershipTerm, on))
    query = (
        LeadershipTerm.select()
        .order_by(LeadershipTerm.start_date)
        .order_by(LeadershipTerm.id)
        .limit(limit)
        .offset(offset)
    )
    count = LeadershipTerm.count()
    for condition in where:
        query = query.where(condition)
        count = count.where(condition)
    rows = await query
    return Page(items=await terms_out(rows), total=await count, limit=limit, offset=offset)


async def get_term(*, term_id: int) -> LeadershipTermOut:
    row = await LeadershipTerm.select().where(LeadershipTerm.id == term_id).first()
    if row is None:
        raise NotFound(N_("leadership term %(id)s not found"), params={"id": term_id})
    return (await terms_out([row]))[0]


def _audited(term: LeadershipTermOut) -> dict[str, Any]:
    return snapshot(term, leave_out=["id", "body_name", "member_name", "person_name", "person_title"])


async def _check_person(*, person_id: int, member_id: int, member_slug: str) -> None:
    person = (await members.people_by_id(ids=[person_id])).get(person_id)
    if person is None:
        raise InvalidInput(N_("no person has the id %(id)s"), field="person", params={"id": person_id})
    if not await members.person_belongs_to(person_id=person_id, member_id=member_id):
        raise InvalidInput(
            N_("%(name)s (person %(id)s) speaks for %(member)r, not for %(other)r"),
            field="person",
            params={"name": person.name, "id": person_id, "member": person.member, "other": member_slug},
        )


async def _check_no_clash(
    *,
    body: int,
    member: int,
    role: LeadershipRole,
    start: date,
    end: date | None,
    exclude_id: int | None = None,
) -> None:
    query = LeadershipTerm.select().where((LeadershipTerm.body == body) & (LeadershipTerm.role == role.value))
    if exclude_id is not None:
        query = query.where(LeadershipTerm.id != exclude_id)
    single_holder = role in SINGLE_HOLDER_ROLES
    for other in await query:
        if not overlaps(start, end, other["start_date"], other["end_date"]):
            continue
        if not single_holder and other["member"] != member:
            continue
        holder = (await terms_out([other]))[0]
        params = {
            "who": holder.member_name + (f" ({holder.person_name})" if holder.person_name else ""),
            "member": holder.member_name,
            "role": Phrase(LEADERSHIP_ROLE_LABELS[role], lowercase=True),
            "body": holder.body_name,
            "period": describe_period(other["start_date"], other["end_date"]),
            "id": other["id"],
        }
        # Whole sentences, so each language can order them its own way; "who" is the member (and its person).
        if single_holder:
            raise Conflict(
                N_(
                    "%(who)s is already %(role)s of %(body)s %(period)s (term %(id)s); "
                    "a body has one %(role)s at a time"
                ),
                field="role",
                params=params,
            )
        raise Conflict(
            N_(
                "%(who)s is already %(role)s of %(body)s %(period)s (term %(id)s); "
                "%(member)s cannot hold the same role twice at once"
            ),
            field="role",
            params=params,
        )


async def create_term(*, data: LeadershipTermCreate) -> LeadershipTermOut:
    check_end_after_start(data.start_date, data.end_date)
    async with transaction():
        body = await body_id(slug=data.body, field="body")
        member = await members.member_id(slug=data.member, field="member")
        if data.person is not None:
            await _check_person(person_id=data.person, member_id=member, member_slug=data.member)
        await lock_body(body_id=body)
        await _check_no_clash(body=body, member=member, role=data.role, start=data.start_date, end=data.end_date)
        now = utc_now()
        rows = await LeadershipTerm.insert(
            LeadershipTerm(
                body=body,
                member=member,
                person=data.person,
                role=data.role.value,
                start_date=data.start_date,
                end_date=data.end_date,
                created_at=now,
                updated_at=now,
            )
        ).returning(LeadershipTerm.id)
        await counters.bump(counters.FEED_LABELS)
        created = await get_term(term_id=rows[0]["id"])
        await audit.record(
            action="leadership_term.created",
            object_type="leadership_term",
            object_id=created.id,
            after=_audited(created),
        )
    return created


async def update_term(*, term_id: int, data: LeadershipTermUpdate) -> LeadershipTermOut:
    what = Phrase(N_("leadership term %(id)s"), {"id": term_id})
    async with transaction():
        row = await LeadershipTerm.select().where(LeadershipTerm.id == term_id).first()
        if row is None:
            raise NotFound(N_("leadership term %(id)s not found"), params={"id": term_id})
        await lock_body(body_id=row["body"])
        check_revision(expected=data.revision, actual=row["revision"], what=what)
        values: dict[str, Any] = changes(data)
        role: LeadershipRole = values.get("role", LeadershipRole(row["role"]))
        start: date = values["start_date"] if "start_date" in values else row["start_date"]
        end: date | None = values.get("end_date", row["end_date"])
        check_end_after_start(start, end)
        if values.get("person") is not None:
            member_slug = (await members.summaries(ids=[row["member"]]))[row["member"]].slug
            await _check_person(person_id=values["person"], member_id=row["member"], member_slug=member_slug)
        await _check_no_clash(
            body=row["body"], member=row["member"], role=role, start=start, end=end, exclude_id=term_id
        )
        if "role" in values:
            values["role"] = role.value
        return await writes.update(
            _target(term_id),
            revision=data.revision,
            values=values,
            read=lambda: get_term(term_id=term_id),
            before=(await terms_out([row]))[0],
            audited=_audited,
            action="leadership_term.updated",
            counter=counters.FEED_LABELS,
        )


def _target(term_id: int) -> writes.Target:
    return writes.Target(
        table=LeadershipTerm,
        row_id=term_id,
        what=Phrase(N_("leadership term %(id)s"), {"id": term_id}),
        object_type="leadership_term",
        object_id=term_id,
    )


async def delete_term(*, term_id: int, revision: int | None = None) -> None:
    await writes.delete(
        _target(term_id),
        revision=revision,
        read=lambda: get_term(term_id=term_id),
        audited=_audited,
        action="leadership_term.deleted",
        counter=counters.FEED_LABELS,
    )
