"""Members and their people: the only code that queries the members tables."""

from __future__ import annotations

from typing import Any

from coordination.audit import services as audit
from coordination.audit import writes
from coordination.audit.snapshots import snapshot
from coordination.core import changes as counters
from coordination.core.collation import ordered_ids
from coordination.core.database import count_by, name_contains, transaction
from coordination.core.errors import Conflict, InvalidInput, NotFound, Phrase
from coordination.core.i18n import N_
from coordination.core.pagination import Page
from coordination.core.schemas import utc_now
from coordination.core.versioning import changes, integrity_errors
from coordination.members.enums import MemberKind
from coordination.members.schemas import (
    MemberCreate,
    MemberOut,
    MemberSummary,
    MemberUpdate,
    PersonCreate,
    PersonOut,
    PersonUpdate,
)
from coordination.members.tables import Member, Person


async def member_id(*, slug: str, field: str | None = None) -> int:
    """The id behind a member slug; 404, or 400 naming ``field`` when it was given in a body."""
    row = await Member.select(Member.id).where(Member.slug == slug).first()
    if row is None:
        if field is not None:
            raise InvalidInput(N_("no member has the slug %(slug)r"), field=field, params={"slug": slug})
        raise NotFound(N_("member %(slug)r not found"), params={"slug": slug})
    return int(row["id"])


async def member_ids(*, slugs: list[str], field: str) -> dict[str, int]:
    if not slugs:
        return {}
    rows = await Member.select(Member.id, Member.slug).where(Member.slug.is_in(slugs))
    found = {row["slug"]: int(row["id"]) for row in rows}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise InvalidInput(
            N_("no member has the slug %(slugs)s"), field=field, params={"slugs": ", ".join(map(repr, missing))}
        )
    return found


def _person_out(row: dict[str, Any], member_slug: str, *, include_private: bool = True) -> PersonOut:
    return PersonOut(
        id=row["id"],
        member=member_slug,
        name=row["name"],
        title=row["title"],
        # People's addresses are for those who work with the member (accounts.rules.can_read_member_private).
        email=row["email"] if include_private else "",
        is_focal_point=row["is_focal_point"],
        revision=row["revision"],
    )


def _member_out(row: dict[str, Any], people: list[PersonOut] | None = None) -> MemberOut:
    return MemberOut(
        slug=row["slug"],
        name=row["name"],
        kind=MemberKind(row["kind"]),
        country=row["country"],
        website=row["website"],
        revision=row["revision"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        people=people or [],
    )


async def list_members(
    *,
    kind: MemberKind | None = None,
    country: str | None = None,
    member_ids_in: list[int] | None = None,
    search: str | None = None,
    limit: int = 50,
    offset: int = 0,
    language: str = "en",
) -> Page[MemberOut]:
    where = []
    if kind is not None:
        where.append(Member.kind == kind.value)
    if country:
        where.append(Member.country == country.upper())
    if member_ids_in is not None:
        where.append(Member.id.is_in(member_ids_in or [-1]))
    if search:
        where.append(name_contains(Member.name, search))
    # Names in the order people expect (core/collation.py), not the database's byte order.
    query = Member.select(Member.id, Member.name)
    for condition in where:
        query = query.where(condition)
    ordered = ordered_ids(await query, language=language)
    page_ids = ordered[offset : offset + limit]
    by_id = {row["id"]: row for row in await Member.select().where(Member.id.is_in(page_ids or [-1]))}
    items = [_member_out(by_id[member_pk]) for member_pk in page_ids]
    return Page(items=items, total=len(ordered), limit=limit, offset=offset)


async def count_by_kind() -> dict[MemberKind, int]:
    return {MemberKind(kind): count for kind, count in (await count_by(Member.kind)).items()}


async def summaries(*, ids: list[int]) -> dict[int, MemberSummary]:
    if not ids:
        return {}
    rows = await Member.select(Member.id, Member.slug, Member.name, Member.kind, Member.country).where(
        Member.id.is_in(ids)
    )
    return {
        row["id"]: MemberSummary(
            slug=row["slug"], name=row["name"], kind=MemberKind(row["kind"]), country=row["country"]
        )
        for row in rows
    }


async def get_member(*, slug: str, include_private: bool = True) -> MemberOut:
    """A member with its people; ``include_private=False`` leaves their email addresses empty."""
    row = await Member.select().where(Member.slug == slug).first()
    if row is None:
        raise NotFound(N_("member %(slug)r not found"), params={"slug": slug})
    people = await Person.select().where(Person.member == row["id"]).order_by(Person.id)
    return _member_out(row, [_person_out(p, slug, include_private=include_private) for p in people])


async def create_member(*, data: MemberCreate) -> MemberOut:
    message = N_("the slug %(slug)r is already taken by another member")
    params = {"slug": data.slug}
    async with transaction():
        if await Member.exists().where(Member.slug == data.slug):
            raise Conflict(message, field="slug", params=params)
        now = utc_now()
        async with integrity_errors(unique_field="slug", unique_message=message, unique_params=params):
            await Member.insert(
                Member(
                    slug=data.slug,
                    name=data.name.strip(),
                    kind=data.kind.value,
                    country=data.country,
                    website=data.website,
                    created_at=now,
                    updated_at=now,
                )
            )
        created = await get_member(slug=data.slug)
        await audit.record(action="member.created", object_type="member", object_id=data.slug, after=_audited(created))
    return created


def _audited(member: MemberOut) -> dict[str, Any]:
    # People have their own records ("person").
    return snapshot(member, leave_out=["people"])


def _target(*, row_id: int, slug: str) -> writes.Target:
    return writes.Target(
        table=Member,
        row_id=row_id,
        what=Phrase(N_("member %(slug)r"), {"slug": slug}),
        object_type="member",
        object_id=slug,
    )


async def update_member(*, slug: str, data: MemberUpdate) -> MemberOut:
    values = changes(data)
    if "kind" in values:
        values["kind"] = values["kind"].value
    async with transaction():
        return await writes.update(
            _target(row_id=await member_id(slug=slug), slug=slug),
            revision=data.revision,
            values=values,
            read=lambda: get_member(slug=slug),
            audited=_audited,
            action="member.updated",
            counter=counters.FEED_LABELS,
        )


async def delete_member(*, slug: str, revision: int | None = None) -> None:
    async with transaction():
        await writes.delete(
            _target(row_id=await member_id(slug=slug), slug=slug),
            revision=revision,
            read=lambda: get_member(slug=slug),
            # Its people go with it (ON DELETE CASCADE): the member's record names them rather than one per person.
            audited=lambda before: _audited(before) | {"people": [person.name for person in before.people]},
            action="member.deleted",
            counter=counters.FEED_LABELS,
            # Leadership terms and activity participation restrict the delete: they are the network's record.
            reference_message=N_(
                "member %(slug)r has held leadership roles or taken part in activities; remove those records first"
            ),
            reference_params={"slug": slug},
            reference_field="slug",
        )


async def add_person(*, member_slug: str, data: PersonCreate) -> PersonOut:
    async with transaction():
        owner = await member_id(slug=member_slug)
        now = utc_now()
        rows = await Person.insert(
            Person(
                member=owner,
                name=data.name.strip(),
                title=data.title,
                email=data.email,
                is_focal_point=data.is_focal_point,
                created_at=now,
                updated_at=now,
            )
        ).returning(Person.id)
        created = await get_person(person_id=rows[0]["id"])
        await audit.record(action="person.created", object_type="person", object_id=created.id, after=snapshot(created))
    return created


async def get_person(*, person_id: int, include_private: bool = True) -> PersonOut:
    """One person; ``include_private=False`` leaves the email address empty."""
    row = (
        await Person.select(*Person.all_columns(), Person.member.slug.as_alias("member_slug"))
        .where(Person.id == person_id)
        .first()
    )
    if row is None:
        raise NotFound(N_("person %(id)s not found"), params={"id": person_id})
    return _person_out(row, row["member_slug"], include_private=include_private)


def _person_target(person_id: int) -> writes.Target:
    return writes.Target(
        table=Person,
        row_id=person_id,
        what=Phrase(N_("person %(id)s"), {"id": person_id}),
        object_type="person",
        object_id=person_id,
    )


async def update_person(*, person_id: int, data: PersonUpdate) -> PersonOut:
    return await writes.update(
        _person_target(person_id),
        revision=data.revision,
        values=changes(data),
        read=lambda: get_person(person_id=person_id),
        audited=snapshot,
        action="person.updated",
    )


async def delete_person(*, person_id: int, revision: int | None = None) -> None:
    await writes.delete(
        _person_target(person_id),
        revision=revision,
        read=lambda: get_person(person_id=person_id),
        audited=snapshot,
        action="person.deleted",
    )


async def person_belongs_to(*, person_id: int, member_id: int) -> bool:
    return bool(await Person.exists().where((Person.id == person_id) & (Person.member == member_id)))


async def people_by_id(*, ids: list[int]) -> dict[int, PersonOut]:
    if not ids:
        return {}
    rows = await Person.select(*Person.all_columns(), Person.member.slug.as_alias("member_slug")).where(
        Person.id.is_in(ids)
    )
    return {row["id"]: _person_out(row, row["member_slug"]) for row in rows}


async def list_people(*, private_member_ids: set[int] | None = None) -> list[PersonOut]:
    """Every person, by member then id; email addresses only of the members in ``private_member_ids`` (None: all)."""
    rows = (
        await Person.select(*Person.all_columns(), Person.member.slug.as_alias("member_slug"))
        .order_by(Person.member.slug)
        .order_by(Person.id)
    )
    return [
        _person_out(
            row,
            row["member_slug"],
            include_private=private_member_ids is None or row["member"] in private_member_ids,
        )
        for row in rows
    ]


async def member_ids_by_slug() -> dict[str, int]:
    """Every member's id by its slug (imports resolve a whole file's references at once)."""
    return {row["slug"]: int(row["id"]) for row in await Member.select(Member.id, Member.slug)}
