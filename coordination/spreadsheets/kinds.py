"""The kinds of data a spreadsheet holds: their columns, how their rows are read, and how each row is written.

Every read and every write goes through the owning domain's services (and
so, for writes, through ``audit.writes``): nothing here queries a table.
A row is a dict of canonical cell values (``cells.read_cell``) keyed by
column name; a kind turns it into the domain's own create or update request
(the same msgspec structs the JSON API takes), so a spreadsheet can say
nothing the API refuses.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import msgspec

from coordination.accounts import rules
from coordination.accounts.schemas import Principal
from coordination.activities import services as activities
from coordination.activities.enums import ActivityStatus, DatePrecision
from coordination.activities.schemas import ActivityCreate, ActivityOut, ActivityUpdate
from coordination.bodies import leadership as leadership_terms
from coordination.bodies import memberships as body_memberships
from coordination.bodies import services as bodies
from coordination.bodies.enums import BodyKind, BodyStatus, LeadershipRole
from coordination.bodies.schemas import (
    BodyCreate,
    BodyUpdate,
    LeadershipTermCreate,
    LeadershipTermUpdate,
    MembershipCreate,
    MembershipUpdate,
)
from coordination.core.i18n import N_
from coordination.core.schemas import Name, OptionalEmail, OptionalName, Slug
from coordination.events import services as events
from coordination.events.enums import EventKind, EventStatus, EventTiming, Visibility
from coordination.events.schemas import EventCreate, EventOut, EventUpdate
from coordination.members import services as members
from coordination.members.enums import MemberKind
from coordination.members.schemas import MemberCreate, MemberUpdate, PersonCreate, PersonUpdate
from coordination.reporting import services as reporting
from coordination.reporting.enums import SlotState
from coordination.reporting.rules import Scope, reading_scope
from coordination.spreadsheets.cells import Column, choice_values

Record = dict[str, Any]
ALL = 1_000_000  # "every row" for the services' paged lists


@dataclass
class Context:
    """Who imports or exports, and the whole network's slugs, resolved once per file."""

    principal: Principal
    member_ids: dict[str, int] = field(default_factory=dict)
    body_ids: dict[str, int] = field(default_factory=dict)

    async def load(self) -> Context:
        self.member_ids = await members.member_ids_by_slug()
        self.body_ids = {summary.slug: body_id for body_id, summary in (await bodies.all_body_summaries()).items()}
        return self


@dataclass(frozen=True)
class Stored:
    record: Record
    revision: int


@dataclass(frozen=True)
class Refusal:
    """Why someone may not write a row (a template for the reader's language)."""

    template: str


ONLY_SECRETARIAT = Refusal(N_("only the secretariat may import this"))
NOT_YOURS = Refusal(N_("you may not change this row: it belongs to a member or body you do not look after"))


@dataclass
class Kind:
    name: str
    label: str  # marked for translation
    columns: list[Column]
    load: Callable[[Context, dict[str, str]], Awaitable[list[Stored]]]
    create_type: type[msgspec.Struct] | None = None
    update_type: type[msgspec.Struct] | None = None
    create: Callable[[Any], Awaitable[Any]] | None = None
    update: Callable[[str, Any], Awaitable[Any]] | None = None
    may_write: Callable[[Context, Record, Record | None], Refusal | None] = lambda ctx, new, old: None
    create_payload: Callable[[Record], dict[str, Any]] | None = None
    update_payload: Callable[[set[str], Record], dict[str, Any]] | None = None
    fields: dict[str, str] = field(default_factory=dict)  # a service's field name → the column that holds it
    filters: tuple[str, ...] = ()  # the list filters an export honours

    @property
    def key(self) -> Column:
        return next(column for column in self.columns if column.key)

    @property
    def importable(self) -> bool:
        return self.create is not None

    def column_of(self, service_field: str) -> str:
        head = service_field.split(".", 1)[0].split("[", 1)[0]
        if head in self.fields:
            return self.fields[head]
        names = {column.name for column in self.columns}
        return head if head in names else self.key.name

    def payload_for_create(self, record: Record) -> dict[str, Any]:
        if self.create_payload is not None:
            return self.create_payload(record)
        return {
            column.name: record[column.name]
            for column in self.columns
            if not (column.key and column.type == "int") and record.get(column.name) is not None
        }

    def payload_for_update(self, changed: set[str], record: Record) -> dict[str, Any]:
        if self.update_payload is not None:
            return self.update_payload(changed, record)
        return {name: record[name] for name in changed}


def _text(value: Any) -> str:
    return "" if value is None else str(value)


# ------------------------------------------------------------------ members


async def _load_members(ctx: Context, filters: dict[str, str]) -> list[Stored]:
    kind = MemberKind(filters["kind"]) if filters.get("kind") in choice_values(MemberKind) else None
    listed = await members.list_members(kind=kind, limit=ALL)
    return [
        Stored(
            {
                "slug": item.slug,
                "name": item.name,
                "kind": item.kind.value,
                "country": item.country,
                "website": item.website,
            },
            item.revision,
        )
        for item in listed.items
    ]


def _may_write_member(ctx: Context, new: Record, old: Record | None) -> Refusal | None:
    if old is None:
        return None if rules.is_secretariat(ctx.principal) else ONLY_SECRETARIAT
    member_id = ctx.member_ids.get(old["slug"], 0)
    return None if rules.can_edit_member(ctx.principal, member_id=member_id) else NOT_YOURS


async def _update_member(key: str, data: Any) -> Any:
    return await members.update_member(slug=key, data=data)


MEMBERS = Kind(
    name="members",
    label=N_("Members"),
    columns=[
        Column("slug", key=True, optional=False),
        Column("name", optional=False, width=30),
        Column("kind", "choice", optional=False, choices=choice_values(MemberKind)),
        Column("country", optional=False),
        Column("website", width=30),
    ],
    load=_load_members,
    create_type=MemberCreate,
    update_type=MemberUpdate,
    create=lambda data: members.create_member(data=data),
    update=_update_member,
    may_write=_may_write_member,
    filters=("kind",),
)


# ------------------------------------------------------------------ people


async def _load_people(ctx: Context, filters: dict[str, str]) -> list[Stored]:
    private = await rules.member_ids_with_private_access(ctx.principal)
    return [
        Stored(
            {
                "id": person.id,
                "member": person.member,
                "name": person.name,
                "title": person.title,
                "email": person.email,
                "is_focal_point": person.is_focal_point,
            },
            person.revision,
        )
        for person in await members.list_people(private_member_ids=private)
        if not filters.get("member") or person.member == filters["member"]
    ]


def _may_write_person(ctx: Context, new: Record, old: Record | None) -> Refusal | None:
    for record in (new, old):
        member = None if record is None else ctx.member_ids.get(record.get("member") or "")
        if member is not None and not rules.can_edit_member(ctx.principal, member_id=member):
            return NOT_YOURS
    return None


async def _create_person(data: Any) -> Any:
    person = PersonCreate(name=data.name, title=data.title, email=data.email, is_focal_point=data.is_focal_point)
    return await members.add_person(member_slug=data.member, data=person)


async def _update_person(key: str, data: Any) -> Any:
    return await members.update_person(person_id=int(key), data=data)


class PersonImport(msgspec.Struct, forbid_unknown_fields=True):
    """A person to add, with the member it speaks for (the service takes the member apart)."""

    member: Slug
    name: Name
    title: OptionalName = ""
    email: OptionalEmail = ""
    is_focal_point: bool = False


PEOPLE = Kind(
    name="people",
    label=N_("People"),
    columns=[
        Column("id", "int", key=True),
        Column("member", optional=False, editable=False),
        Column("name", optional=False, width=24),
        Column("title", width=24),
        Column("email", width=24),
        Column("is_focal_point", "bool"),
    ],
    load=_load_people,
    create_type=PersonImport,
    update_type=PersonUpdate,
    create=_create_person,
    update=_update_person,
    may_write=_may_write_person,
    filters=("member",),
)


# ------------------------------------------------------------------ bodies


async def _load_bodies(ctx: Context, filters: dict[str, str]) -> list[Stored]:
    kind = BodyKind(filters["kind"]) if filters.get("kind") in choice_values(BodyKind) else None
    status = BodyStatus(filters["status"]) if filters.get("status") in choice_values(BodyStatus) else None
    listed = await bodies.list_bodies(kind=kind, status=status, limit=ALL)
    return [
        Stored(
            {
                "slug": item.slug,
                "name": item.name,
                "kind": item.kind.value,
                "mandate": item.mandate,
                "status": item.status.value,
            },
            item.revision,
        )
        for item in listed.items
    ]


def _secretariat_only(ctx: Context, new: Record, old: Record | None) -> Refusal | None:
    return None if rules.is_secretariat(ctx.principal) else ONLY_SECRETARIAT


async def _update_body(key: str, data: Any) -> Any:
    return await bodies.update_body(slug=key, data=data)


BODIES = Kind(
    name="bodies",
    label=N_("Bodies"),
    columns=[
        Column("slug", key=True, optional=False),
        Column("name", optional=False, width=30),
        Column("kind", "choice", optional=False, choices=choice_values(BodyKind)),
        Column("mandate", width=40),
        Column("status", "choice", optional=False, choices=choice_values(BodyStatus)),
    ],
    load=_load_bodies,
    create_type=BodyCreate,
    update_type=BodyUpdate,
    create=lambda data: bodies.create_body(data=data),
    update=_update_body,
    may_write=_secretariat_only,
    filters=("kind", "status"),
)


# ------------------------------------------------------------------ memberships


async def _load_memberships(ctx: Context, filters: dict[str, str]) -> list[Stored]:
    listed = await body_memberships.list_memberships(
        body_slug=filters.get("body") or None, member_slug=filters.get("member") or None, limit=ALL
    )
    return [
        Stored(
            {
                "id": item.id,
                "body": item.body,
                "member": item.member,
                "start_date": item.start_date,
                "end_date": item.end_date,
            },
            item.revision,
        )
        for item in listed.items
    ]


async def _update_membership(key: str, data: Any) -> Any:
    return await body_memberships.update_membership(membership_id=int(key), data=data)


MEMBERSHIPS = Kind(
    name="memberships",
    label=N_("Memberships"),
    columns=[
        Column("id", "int", key=True),
        Column("body", optional=False, editable=False),
        Column("member", optional=False, editable=False),
        Column("start_date", "date"),
        Column("end_date", "date"),
    ],
    load=_load_memberships,
    create_type=MembershipCreate,
    update_type=MembershipUpdate,
    create=lambda data: body_memberships.create_membership(data=data),
    update=_update_membership,
    may_write=_secretariat_only,
    filters=("body", "member"),
)


# ------------------------------------------------------------------ leadership terms


async def _load_terms(ctx: Context, filters: dict[str, str]) -> list[Stored]:
    listed = await leadership_terms.list_terms(
        body_slug=filters.get("body") or None, member_slug=filters.get("member") or None, limit=ALL
    )
    return [
        Stored(
            {
                "id": item.id,
                "body": item.body,
                "member": item.member,
                "role": item.role.value,
                "start_date": item.start_date,
                "end_date": item.end_date,
                "person": item.person,
            },
            item.revision,
        )
        for item in listed.items
    ]


async def _update_term(key: str, data: Any) -> Any:
    return await leadership_terms.update_term(term_id=int(key), data=data)


LEADERSHIP_TERMS = Kind(
    name="leadership-terms",
    label=N_("Leadership terms"),
    columns=[
        Column("id", "int", key=True),
        Column("body", optional=False, editable=False),
        Column("member", optional=False, editable=False),
        Column("role", "choice", optional=False, choices=choice_values(LeadershipRole)),
        Column("start_date", "date", optional=False),
        Column("end_date", "date"),
        Column("person", "int"),
    ],
    load=_load_terms,
    create_type=LeadershipTermCreate,
    update_type=LeadershipTermUpdate,
    create=lambda data: leadership_terms.create_term(data=data),
    update=_update_term,
    may_write=_secretariat_only,
    filters=("body", "member"),
)


# ------------------------------------------------------------------ activities


def _activity_record(item: ActivityOut) -> Record:
    return {
        "id": item.id,
        "body": item.body.slug,
        "priority": item.priority.code,
        "title": item.title,
        "description": item.description,
        "planned_precision": item.planned.precision.value if item.planned else None,
        "planned_start": item.planned.start if item.planned else None,
        "planned_end": item.planned.end if item.planned else None,
        "actual_start": item.actual_start,
        "actual_end": item.actual_end,
        "status": item.status.value,
        "progress_percent": item.progress_percent,
        "partners": sorted(partner.slug for partner in item.partners),
        "participants": sorted(member.slug for member in item.participants),
        "deliverables": [msgspec.to_builtins(deliverable) for deliverable in item.deliverables],
    }


async def _load_activities(ctx: Context, filters: dict[str, str]) -> list[Stored]:
    status = filters.get("status")
    listed = await activities.list_activities(
        body=filters.get("body") or None,
        priority=filters.get("priority") or None,
        status=ActivityStatus(status) if status in choice_values(ActivityStatus) else None,
        limit=ALL,
    )
    return [Stored(_activity_record(item), item.revision) for item in listed.items]


PLANNED = ("planned_precision", "planned_start", "planned_end")


def _planned(record: Record) -> dict[str, Any] | None:
    if record.get("planned_precision") is None and record.get("planned_start") is None:
        return None
    return {
        "precision": record.get("planned_precision"),
        "start": record.get("planned_start"),
        "end": record.get("planned_end"),
    }


def _activity_payload(record: Record) -> dict[str, Any]:
    payload = {
        name: record[name]
        for name in (
            "body",
            "priority",
            "title",
            "description",
            "actual_start",
            "actual_end",
            "status",
            "progress_percent",
            "deliverables",
            "partners",
            "participants",
        )
        if record.get(name) is not None
    }
    payload["planned"] = _planned(record)
    return payload


def _activity_update(changed: set[str], record: Record) -> dict[str, Any]:
    payload = {name: record[name] for name in changed if name not in PLANNED}
    if changed & set(PLANNED):
        payload["planned"] = _planned(record)
    return payload


def _may_write_for_body(ctx: Context, new: Record, old: Record | None) -> Refusal | None:
    for record in (new, old):
        body = None if record is None else ctx.body_ids.get(record.get("body") or "")
        if body is not None and not rules.can_edit_body(ctx.principal, body_id=body):
            return NOT_YOURS
    return None


async def _update_activity(key: str, data: Any) -> Any:
    return await activities.update_activity(activity_id=int(key), data=data)


ACTIVITIES = Kind(
    name="activities",
    label=N_("Activities"),
    columns=[
        Column("id", "int", key=True),
        Column("body", optional=False),
        Column("priority", optional=False),
        Column("title", optional=False, width=40),
        Column("description", width=40),
        Column("planned_precision", "choice", choices=choice_values(DatePrecision)),
        Column("planned_start", "date"),
        Column("planned_end", "date"),
        Column("actual_start", "date"),
        Column("actual_end", "date"),
        Column("status", "choice", optional=False, choices=choice_values(ActivityStatus)),
        Column("progress_percent", "int", optional=False),
        Column("partners", "slugs"),
        Column("participants", "slugs"),
        Column("deliverables", "json", width=40),
    ],
    load=_load_activities,
    create_type=ActivityCreate,
    update_type=ActivityUpdate,
    create=lambda data: activities.create_activity(data=data),
    update=_update_activity,
    may_write=_may_write_for_body,
    create_payload=_activity_payload,
    update_payload=_activity_update,
    fields={"planned": "planned_start"},
    filters=("body", "priority", "status"),
)


# ------------------------------------------------------------------ events

TIMING_FIELDS = {
    EventTiming.timed.value: ("start", "end", "timezone"),
    EventTiming.all_day.value: ("start_date", "end_date"),
    EventTiming.to_be_confirmed.value: ("year", "month"),
}
ALL_TIMING = ("timing", "start", "end", "timezone", "start_date", "end_date", "year", "month")


def _minutes(value: Any) -> str | None:
    return None if value is None else value.isoformat(timespec="minutes")


def _event_record(item: EventOut) -> Record:
    return {
        "id": item.id,
        "title": item.title,
        "body": item.body.slug,
        "kind": item.kind.value,
        "timing": item.timing.value,
        "start": _minutes(item.start),
        "end": _minutes(item.end),
        "timezone": item.timezone or "",
        "start_date": item.start_date,
        "end_date": item.end_date,
        "year": item.year,
        "month": item.month,
        "description": item.description,
        "activity": item.activity.id if item.activity else None,
        "location": item.location,
        "online_url": item.online_url,
        "status": item.status.value,
        "visibility": item.visibility.value,
        "sessions": [
            {
                "title": session.title,
                "description": session.description,
                "kind": session.kind.value,
                "start": _minutes(session.start),
                "end": _minutes(session.end),
            }
            for session in item.sessions
        ],
    }


async def _load_events(ctx: Context, filters: dict[str, str]) -> list[Stored]:
    from datetime import date

    def day(name: str) -> date | None:
        try:
            return date.fromisoformat(filters[name]) if filters.get(name) else None
        except ValueError:
            return None

    kind, status = filters.get("kind"), filters.get("status")
    listed = await events.list_events(
        body_slug=filters.get("body") if filters.get("body") in ctx.body_ids else None,
        kind=EventKind(kind) if kind in choice_values(EventKind) else None,
        status=EventStatus(status) if status in choice_values(EventStatus) else None,
        date_from=day("from"),
        date_to=day("to"),
        visible_body_ids=await rules.body_ids_with_members_only_access(ctx.principal),
        limit=None,
    )
    return [Stored(_event_record(item), item.revision) for item in listed.items]


def _event_payload(record: Record) -> dict[str, Any]:
    timing = record.get("timing") or ""
    own = TIMING_FIELDS.get(timing, ())
    return {
        name: value
        for name, value in record.items()
        if name != "id" and value is not None and (name not in ALL_TIMING[1:] or name in own)
    }


def _event_update(changed: set[str], record: Record) -> dict[str, Any]:
    payload = {name: record[name] for name in changed if name not in ALL_TIMING}
    if changed & set(ALL_TIMING):
        # A changed time is sent with its whole form, so the service checks the event as it will be.
        payload["timing"] = record["timing"]
        for name in TIMING_FIELDS.get(record["timing"], ()):
            payload[name] = record[name]
    return payload


async def _update_event(key: str, data: Any) -> Any:
    return await events.update_event(event_id=int(key), data=data)


EVENTS = Kind(
    name="events",
    label=N_("Events"),
    columns=[
        Column("id", "int", key=True),
        Column("title", optional=False, width=40),
        Column("body", optional=False),
        Column("kind", "choice", optional=False, choices=choice_values(EventKind)),
        Column("timing", "choice", optional=False, choices=choice_values(EventTiming)),
        Column("start", "datetime"),
        Column("end", "datetime"),
        Column("timezone"),
        Column("start_date", "date"),
        Column("end_date", "date"),
        Column("year", "int"),
        Column("month", "int"),
        Column("description", width=40),
        Column("activity", "int"),
        Column("location", width=24),
        Column("online_url", width=24),
        Column("status", "choice", optional=False, choices=choice_values(EventStatus)),
        Column("visibility", "choice", optional=False, choices=choice_values(Visibility)),
        Column("sessions", "json", width=40),
    ],
    load=_load_events,
    create_type=EventCreate,
    update_type=EventUpdate,
    create=lambda data: events.create_event(data=data),
    update=_update_event,
    may_write=_may_write_for_body,
    create_payload=_event_payload,
    update_payload=_event_update,
    filters=("body", "kind", "status", "from", "to"),
)


# ------------------------------------------------------------------ reporting slots (export only)


async def _load_slots(ctx: Context, filters: dict[str, str]) -> list[Stored]:
    # The command line's operator is the secretariat without being a signed-in user.
    everything = Scope(everything=True, body_ids=frozenset(), member_ids=frozenset())
    scope = everything if rules.is_secretariat(ctx.principal) else reading_scope(ctx.principal)
    listed = await reporting.list_slots(scope=scope, period=filters.get("period") or None, limit=ALL)
    return [
        Stored(
            {
                "id": slot.id,
                "period": slot.period.slug,
                "reporter_kind": slot.reporter.kind.value,
                "reporter": slot.reporter.slug,
                "state": slot.state.value,
                "due_date": slot.due_date,
                "grace_ends": slot.grace_ends,
                "timeliness": slot.timeliness.value,
                "first_submitted_at": slot.first_submitted_at.date() if slot.first_submitted_at else None,
                "submissions": slot.submissions,
            },
            slot.revision,
        )
        for slot in listed.items
    ]


REPORTING_SLOTS = Kind(
    name="reporting-slots",
    label=N_("Reporting slots"),
    columns=[
        Column("id", "int", key=True),
        Column("period"),
        Column("reporter_kind"),
        Column("reporter"),
        Column("state", "choice", choices=choice_values(SlotState)),
        Column("due_date", "date"),
        Column("grace_ends", "date"),
        Column("timeliness"),
        Column("first_submitted_at", "date"),
        Column("submissions", "int"),
    ],
    load=_load_slots,
    filters=("period",),
)


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (MEMBERS, PEOPLE, BODIES, MEMBERSHIPS, LEADERSHIP_TERMS, ACTIVITIES, EVENTS, REPORTING_SLOTS)
}
