"""Bodies, and what the pages and other domains ask about bodies.

Memberships and leadership terms have their own modules (``memberships.py``,
``leadership.py``) and the history of names and kinds its model
(``history.py``); this module holds the bodies, the date rules the others
share, and the lookups the rest of the application calls.

A body's name or kind changes with an ordinary update: the previous naming
stays in its history, and ``changed_on`` (default today, never in the future)
says when the change took effect; ``named_since`` on the body is that date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from piccolo.columns import Column
from piccolo.custom_types import Combinable
from piccolo.table import Table

from coordination.audit import services as audit
from coordination.audit import writes
from coordination.audit.snapshots import snapshot
from coordination.bodies import history
from coordination.bodies.enums import BodyKind, BodyStatus, LeadershipRole
from coordination.bodies.schemas import (
    BodyCreate,
    BodyHistoryCreate,
    BodyHistoryEntryOut,
    BodyOut,
    BodySummary,
    BodyUpdate,
    LeadershipTermOut,
    MemberBody,
)
from coordination.bodies.tables import Body, BodyMembership, LeadershipTerm
from coordination.core import changes as counters
from coordination.core import translated
from coordination.core.collation import ordered_ids, sort_key
from coordination.core.database import count_by, is_sqlite, name_contains, transaction
from coordination.core.errors import Conflict, InvalidInput, NotFound, Phrase
from coordination.core.i18n import N_
from coordination.core.pagination import Page
from coordination.core.schemas import utc_now
from coordination.core.versioning import changes, check_revision, integrity_errors
from coordination.members import services as members

# ---------------------------------------------------------------- date rules


def today() -> date:
    return date.today()


def overlaps(a_start: date | None, a_end: date | None, b_start: date | None, b_end: date | None) -> bool:
    """Whether two periods share a day; a missing start is "always", a missing end is "ongoing"; ends are inclusive."""
    starts_before_b_ends = a_start is None or b_end is None or a_start <= b_end
    b_starts_before_a_ends = b_start is None or a_end is None or b_start <= a_end
    return starts_before_b_ends and b_starts_before_a_ends


def describe_period(start: date | None, end: date | None) -> Phrase:
    """A membership's or term's days in a message: "from 2020-01-01 to 2021-12-31", "from an unknown date (ongoing)"."""
    if start is None:
        if end is None:
            return Phrase(N_("from an unknown date (ongoing)"))
        return Phrase(N_("from an unknown date to %(end)s"), {"end": end.isoformat()})
    if end is None:
        return Phrase(N_("from %(start)s (ongoing)"), {"start": start.isoformat()})
    return Phrase(N_("from %(start)s to %(end)s"), {"start": start.isoformat(), "end": end.isoformat()})


def check_end_after_start(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and end < start:
        raise InvalidInput(
            N_("the end date %(end)s is before the start date %(start)s"),
            field="end_date",
            params={"end": end.isoformat(), "start": start.isoformat()},
        )


def active_on(table: type[Table], on: date) -> Combinable:
    """Rows of a dated table (memberships, terms) running on ``on``: ends are inclusive."""
    start: Column = table._meta.get_column_by_name("start_date")
    end: Column = table._meta.get_column_by_name("end_date")
    return (start.is_null() | (start <= on)) & (end.is_null() | (end >= on))


def inactive_on(table: type[Table], on: date) -> Combinable:
    start: Column = table._meta.get_column_by_name("start_date")
    end: Column = table._meta.get_column_by_name("end_date")
    return (start > on) | (end < on)


# The texts of a body that can be given in several languages (core/translated.py).
TRANSLATABLE = ("name", "mandate")


async def lock_body(*, body_id: int) -> None:
    """Serialise the date checks of one body's memberships, terms and history.

    SQLite transactions already begin IMMEDIATE (one writer at a time); on
    PostgreSQL two writers could otherwise both find no overlap and both insert.
    """
    if not is_sqlite():
        await Body.select(Body.id).where(Body.id == body_id).lock_rows()


# ---------------------------------------------------------------- lookups for other domains


async def body_id(*, slug: str, field: str | None = None) -> int:
    """The id behind a body slug: 404 when it came from the path, 400 naming ``field`` when it came from a body."""
    row = await Body.select(Body.id).where(Body.slug == slug).first()
    if row is None:
        if field is not None:
            raise InvalidInput(N_("no body has the slug %(slug)r"), field=field, params={"slug": slug})
        raise NotFound(N_("body %(slug)r not found"), params={"slug": slug})
    return int(row["id"])


def _summary(row: dict[str, Any]) -> BodySummary:
    return BodySummary(slug=row["slug"], name=row["name"], kind=BodyKind(row["kind"]), status=BodyStatus(row["status"]))


async def count_by_kind() -> dict[BodyKind, int]:
    return {BodyKind(kind): count for kind, count in (await count_by(Body.kind)).items()}


async def body_summaries(*, ids: list[int]) -> dict[int, BodySummary]:
    if not ids:
        return {}
    rows = await Body.select(Body.id, Body.slug, Body.name, Body.kind, Body.status).where(Body.id.is_in(list(ids)))
    return {row["id"]: _summary(row) for row in rows}


async def all_body_summaries() -> dict[int, BodySummary]:
    """Every body by id, with its status, in one query (reporting checks who owes a report against it)."""
    rows = await Body.select(Body.id, Body.slug, Body.name, Body.kind, Body.status)
    return {row["id"]: _summary(row) for row in rows}


async def body_ids_for_member(*, member_slug: str, on: date | None = None, field: str | None = None) -> list[int]:
    """Bodies the member belongs to or leads on ``on`` (default today), in no particular order."""
    member = await members.member_id(slug=member_slug, field=field)
    on = on or today()
    memberships = await BodyMembership.select(BodyMembership.body).where(
        (BodyMembership.member == member) & active_on(BodyMembership, on)
    )
    terms = await LeadershipTerm.select(LeadershipTerm.body).where(
        (LeadershipTerm.member == member) & active_on(LeadershipTerm, on)
    )
    return sorted({row["body"] for row in [*memberships, *terms]})


async def member_ids_in_body(*, body_slug: str, on: date | None = None, field: str | None = None) -> list[int]:
    """Members with a membership of the body running on ``on`` (default today)."""
    body = await body_id(slug=body_slug, field=field)
    rows = await BodyMembership.select(BodyMembership.member).where(
        (BodyMembership.body == body) & active_on(BodyMembership, on or today())
    )
    return sorted({row["member"] for row in rows})


async def body_ids_of_members(*, member_ids: Iterable[int], on: date | None = None) -> set[int]:
    """Bodies any of the members belongs to or leads on ``on`` (default today)."""
    ids = sorted(set(member_ids))
    if not ids:
        return set()
    on = on or today()
    memberships = await BodyMembership.select(BodyMembership.body).where(
        BodyMembership.member.is_in(ids) & active_on(BodyMembership, on)
    )
    terms = await LeadershipTerm.select(LeadershipTerm.body).where(
        LeadershipTerm.member.is_in(ids) & active_on(LeadershipTerm, on)
    )
    return {row["body"] for row in [*memberships, *terms]}


async def member_ids_of_bodies(*, body_ids: Iterable[int], on: date | None = None) -> set[int]:
    """Members with a membership of any of the bodies running on ``on`` (default today)."""
    ids = sorted(set(body_ids))
    if not ids:
        return set()
    rows = await BodyMembership.select(BodyMembership.member).where(
        BodyMembership.body.is_in(ids) & active_on(BodyMembership, on or today())
    )
    return {row["member"] for row in rows}


async def member_bodies(*, member_slug: str, on: date | None = None) -> list[MemberBody]:
    """The bodies a member belongs to or leads on ``on`` (default today), with its roles there, by body name."""
    member = await members.member_id(slug=member_slug)
    on = on or today()
    memberships = await BodyMembership.select(BodyMembership.body).where(
        (BodyMembership.member == member) & active_on(BodyMembership, on)
    )
    terms = await LeadershipTerm.select(LeadershipTerm.body, LeadershipTerm.role).where(
        (LeadershipTerm.member == member) & active_on(LeadershipTerm, on)
    )
    roles: dict[int, list[LeadershipRole]] = defaultdict(list)
    for term in terms:
        role = LeadershipRole(term["role"])
        if role not in roles[term["body"]]:
            roles[term["body"]].append(role)
    member_of = {row["body"] for row in memberships}
    summaries = await body_summaries(ids=sorted(member_of | set(roles)))
    found = [
        MemberBody(body=summary, is_member=body in member_of, roles=roles.get(body, []))
        for body, summary in summaries.items()
    ]
    return sorted(found, key=lambda item: sort_key(item.body.name))


# ---------------------------------------------------------------- leadership shown with bodies


async def terms_out(rows: list[dict[str, Any]]) -> list[LeadershipTermOut]:
    """Leadership term rows with the names of their body, member and person, in the order given."""
    bodies = await body_summaries(ids=sorted({row["body"] for row in rows}))
    member_summaries = await members.summaries(ids=sorted({row["member"] for row in rows}))
    people = await members.people_by_id(ids=sorted({row["person"] for row in rows if row["person"] is not None}))
    result = []
    for row in rows:
        person = people.get(row["person"]) if row["person"] is not None else None
        result.append(
            LeadershipTermOut(
                id=row["id"],
                body=bodies[row["body"]].slug,
                body_name=bodies[row["body"]].name,
                member=member_summaries[row["member"]].slug,
                member_name=member_summaries[row["member"]].name,
                person=person.id if person else None,
                person_name=person.name if person else "",
                person_title=person.title if person else "",
                role=LeadershipRole(row["role"]),
                start_date=row["start_date"],
                end_date=row["end_date"],
                revision=row["revision"],
            )
        )
    return result


async def current_leadership(*, body_ids: list[int], on: date | None = None) -> dict[int, list[LeadershipTermOut]]:
    """The terms running on ``on`` (default today) in each body, by role then start date."""
    if not body_ids:
        return {}
    rows = await LeadershipTerm.select().where(
        LeadershipTerm.body.is_in(list(body_ids)) & active_on(LeadershipTerm, on or today())
    )
    role_order = {role: position for position, role in enumerate(LeadershipRole)}
    rows.sort(key=lambda row: (role_order[LeadershipRole(row["role"])], row["start_date"], row["id"]))
    by_body: dict[int, list[LeadershipTermOut]] = defaultdict(list)
    for row, term in zip(rows, await terms_out(rows), strict=True):
        by_body[row["body"]].append(term)
    return dict(by_body)


# ---------------------------------------------------------------- history (the model: see history.py)


async def body_history(*, slug: str) -> list[BodyHistoryEntryOut]:
    """The body's past names and kinds, oldest first, each with when it began (if known) and ended."""
    return history.past_namings(await history.chain(body_id=await body_id(slug=slug)))


async def add_history_entry(*, slug: str, data: BodyHistoryCreate) -> BodyHistoryEntryOut:
    """Record a name the body had before the earliest one recorded (before its current one, if none is)."""
    if data.valid_until > today():
        raise InvalidInput(
            N_("%(date)s is in the future"), field="valid_until", params={"date": data.valid_until.isoformat()}
        )
    async with transaction():
        body = await _body_row(slug=slug)
        await lock_body(body_id=body["id"])
        entry_id = await history.prepend_naming(body=body, data=data)
        entry = next(entry for entry in await body_history(slug=slug) if entry.id == entry_id)
        await audit.record(
            action="body_history.created",
            object_type="body_history",
            object_id=entry_id,
            after=_audited_entry(entry, body_slug=slug),
        )
    return entry


def _audited_entry(entry: BodyHistoryEntryOut, *, body_slug: str) -> dict[str, Any]:
    return snapshot(entry, leave_out=["id"], body=body_slug)


async def delete_history_entry(*, slug: str, entry_id: int) -> None:
    """Forget a past name; the name before it then lasts until the one after it began."""
    async with transaction():
        body = await _body_row(slug=slug)
        await lock_body(body_id=body["id"])
        past = history.past_namings(await history.chain(body_id=body["id"]))
        await history.forget_naming(body=body, entry_id=entry_id)
        forgotten = next(entry for entry in past if entry.id == entry_id)
        await audit.record(
            action="body_history.deleted",
            object_type="body_history",
            object_id=entry_id,
            before=_audited_entry(forgotten, body_slug=slug),
        )


# ---------------------------------------------------------------- bodies


async def _body_row(*, slug: str) -> dict[str, Any]:
    row = await Body.select().where(Body.slug == slug).first()
    if row is None:
        raise NotFound(N_("body %(slug)r not found"), params={"slug": slug})
    return row


def _body_out(
    row: dict[str, Any],
    *,
    chain: list[dict[str, Any]],
    leadership: list[LeadershipTermOut],
    with_history: bool,
) -> BodyOut:
    return BodyOut(
        slug=row["slug"],
        name=row["name"],
        kind=BodyKind(row["kind"]),
        mandate=row["mandate"],
        status=BodyStatus(row["status"]),
        named_since=history.named_since(chain),
        revision=row["revision"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        leadership=leadership,
        history=history.past_namings(chain) if with_history else [],
        language=row["language"],
        translations=translated.load(row["translations"]),
    )


async def list_bodies(
    *,
    kind: BodyKind | None = None,
    status: BodyStatus | None = None,
    member_slug: str | None = None,
    search: str | None = None,
    limit: int = 50,
    offset: int = 0,
    language: str = "en",
) -> Page[BodyOut]:
    """Bodies by name (as a reader of ``language`` orders them), each with its current leadership;
    ``member_slug``: those it belongs to or leads today."""
    where: list[Combinable] = []
    if kind is not None:
        where.append(Body.kind == kind.value)
    if status is not None:
        where.append(Body.status == status.value)
    if member_slug is not None:
        ids = await body_ids_for_member(member_slug=member_slug, field="member")
        where.append(Body.id.is_in(ids or [-1]))
    if search:
        where.append(name_contains(Body.name, search))
    # Names in the order people expect (core/collation.py), not the database's byte order.
    query = Body.select(Body.id, Body.name)
    for condition in where:
        query = query.where(condition)
    ordered = ordered_ids(await query, language=language)
    page_ids = ordered[offset : offset + limit]
    by_id = {row["id"]: row for row in await Body.select().where(Body.id.is_in(page_ids or [-1]))}
    rows = [by_id[body_pk] for body_pk in page_ids]
    ids = [row["id"] for row in rows]
    chains = await history.chains(body_ids=ids)
    leadership = await current_leadership(body_ids=ids)
    items = [
        _body_out(row, chain=chains.get(row["id"], []), leadership=leadership.get(row["id"], []), with_history=False)
        for row in rows
    ]
    return Page(items=items, total=len(ordered), limit=limit, offset=offset)


async def get_body(*, slug: str) -> BodyOut:
    """One body with its current leadership and its past names."""
    row = await _body_row(slug=slug)
    chain = await history.chain(body_id=row["id"])
    leadership = await current_leadership(body_ids=[row["id"]])
    return _body_out(row, chain=chain, leadership=leadership.get(row["id"], []), with_history=True)


async def create_body(*, data: BodyCreate) -> BodyOut:
    message = N_("the slug %(slug)r is already taken by another body")
    params = {"slug": data.slug}
    async with transaction():
        if await Body.exists().where(Body.slug == data.slug):
            raise Conflict(message, field="slug", params=params)
        now = utc_now()
        async with integrity_errors(unique_field="slug", unique_message=message, unique_params=params):
            await Body.insert(
                Body(
                    slug=data.slug,
                    name=data.name.strip(),
                    kind=data.kind.value,
                    mandate=data.mandate.strip(),
                    status=data.status.value,
                    language=data.language,
                    translations=translated.dump(
                        translated.clean_translations(
                            data.translations, fields=TRANSLATABLE, one_line=("name",), original_language=data.language
                        )
                    ),
                    created_at=now,
                    updated_at=now,
                )
            )
        created = await get_body(slug=data.slug)
        await audit.record(action="body.created", object_type="body", object_id=data.slug, after=_audited(created))
    return created


def _audited(body: BodyOut) -> dict[str, Any]:
    # Leadership terms and past names have their own records.
    return snapshot(body, leave_out=["leadership", "history"])


async def update_body(*, slug: str, data: BodyUpdate) -> BodyOut:
    """Change a body; a new name or kind extends its history (see history.py), dated ``changed_on``."""
    values = changes(data)
    changed_on = values.pop("changed_on", None)
    if "name" in values:
        values["name"] = values["name"].strip()
    if "mandate" in values:
        values["mandate"] = values["mandate"].strip()
    for enum_field in ("kind", "status"):
        if enum_field in values:
            values[enum_field] = values[enum_field].value
    async with transaction():
        row = await _body_row(slug=slug)
        await lock_body(body_id=row["id"])
        check_revision(expected=data.revision, actual=row["revision"], what=_named(slug))
        translated.prepare_columns(values, fields=TRANSLATABLE, one_line=("name",), current_language=row["language"])
        before = await get_body(slug=slug)
        name, kind = values.get("name", row["name"]), values.get("kind", row["kind"])
        if (name, kind) != (row["name"], row["kind"]):
            on = changed_on or today()
            if on > today():
                raise InvalidInput(
                    N_("a change of name or kind cannot take effect in the future (%(date)s)"),
                    field="changed_on",
                    params={"date": on.isoformat()},
                )
            await history.record_change(body=row, name=name, kind=kind, on=on)
        # A rename shows as name (and named_since); the history entries it adds are part of this record.
        return await writes.update(
            _target(row_id=row["id"], slug=slug),
            revision=data.revision,
            values=values,
            read=lambda: get_body(slug=slug),
            before=before,
            audited=_audited,
            action=lambda old, new: "body.status_changed" if new.status is not old.status else "body.updated",
            counter=counters.FEED_LABELS,
        )


def _target(*, row_id: int, slug: str) -> writes.Target:
    return writes.Target(table=Body, row_id=row_id, what=_named(slug), object_type="body", object_id=slug)


def _named(slug: str) -> Phrase:
    return Phrase(N_("body %(slug)r"), {"slug": slug})


async def delete_body(*, slug: str, revision: int | None = None) -> None:
    """Delete a body with its history, memberships and terms (the database cascades them).

    A body that still has activities or events is refused (the tables restrict
    it): they are part of the network's record. Close the body instead.
    """
    async with transaction():
        row = await _body_row(slug=slug)
        # Its history, memberships and terms go with it (ON DELETE CASCADE): one record for the lot.
        await writes.delete(
            _target(row_id=row["id"], slug=slug),
            revision=revision,
            read=lambda: get_body(slug=slug),
            audited=_audited,
            action="body.deleted",
            counter=counters.FEED_LABELS,
            reference_message=N_(
                "body %(slug)r still has activities or events; "
                "set its status to closed instead, or move or delete them first"
            ),
            reference_params={"slug": slug},
            reference_field="slug",
        )
