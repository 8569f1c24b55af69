from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from coordination.bodies.enums import BodyKind, BodyStatus, LeadershipRole
from coordination.core.schemas import MAX_INT, LongText, Name, Revision, RowId, Slug
from coordination.core.translated import Language, Translations

ChangedOn = Annotated[
    date,
    Meta(description="When a change of name or kind took effect (default: today). Ignored when neither changes."),
]


class BodyCreate(msgspec.Struct, forbid_unknown_fields=True):
    slug: Slug
    name: Name
    kind: BodyKind
    mandate: LongText = ""
    status: BodyStatus = BodyStatus.active
    language: Language = "en"  # the language of the name and mandate as written
    translations: Translations = {}  # {"fr": {"name": "…", "mandate": "…"}}


class BodyUpdate(msgspec.Struct, forbid_unknown_fields=True):
    revision: Revision
    name: Name | UnsetType = UNSET
    kind: BodyKind | UnsetType = UNSET
    mandate: LongText | UnsetType = UNSET
    status: BodyStatus | UnsetType = UNSET
    changed_on: ChangedOn | UnsetType = UNSET
    language: Language | UnsetType = UNSET
    translations: Translations | UnsetType = UNSET  # replaces every translation when given


class BodySummary(msgspec.Struct):
    slug: str
    name: str
    kind: BodyKind
    status: BodyStatus


class BodyHistoryCreate(msgspec.Struct, forbid_unknown_fields=True):
    """A name the body had before the earliest one recorded (or before its current one)."""

    name: Name
    kind: BodyKind
    valid_until: Annotated[date, Meta(description="When the body stopped being called so.")]
    valid_from: Annotated[date | None, Meta(description="When it began to be called so, if known.")] = None
    note: LongText = ""


class BodyHistoryEntryOut(msgspec.Struct):
    """From ``valid_from`` (null: not known) until ``valid_until`` the body was called ``name``."""

    id: int
    name: str
    kind: BodyKind
    valid_from: date | None
    valid_until: date
    note: str


class LeadershipTermCreate(msgspec.Struct, forbid_unknown_fields=True):
    body: Slug
    member: Slug
    role: LeadershipRole
    start_date: date
    end_date: Annotated[date | None, Meta(description="The term's last day; null while it goes on.")] = None
    person: (
        Annotated[int, Meta(ge=1, le=MAX_INT, description="Who speaks for the member in this role (a person id).")]
        | None
    ) = None


class LeadershipTermUpdate(msgspec.Struct, forbid_unknown_fields=True):
    revision: Revision
    role: LeadershipRole | UnsetType = UNSET
    start_date: date | UnsetType = UNSET
    end_date: date | UnsetType | None = UNSET
    person: RowId | UnsetType | None = UNSET


class LeadershipTermOut(msgspec.Struct):
    id: int
    body: str
    body_name: str
    member: str
    member_name: str
    person: int | None
    person_name: str
    person_title: str
    role: LeadershipRole
    start_date: date
    end_date: date | None
    revision: int


class MembershipCreate(msgspec.Struct, forbid_unknown_fields=True):
    body: Slug
    member: Slug
    start_date: Annotated[date | None, Meta(description="When the member joined, if known.")] = None
    end_date: Annotated[date | None, Meta(description="The last day of membership; null while it goes on.")] = None


class MembershipUpdate(msgspec.Struct, forbid_unknown_fields=True):
    revision: Revision
    start_date: date | UnsetType | None = UNSET
    end_date: date | UnsetType | None = UNSET


class MembershipOut(msgspec.Struct):
    id: int
    body: str
    body_name: str
    member: str
    member_name: str
    start_date: date | None
    end_date: date | None
    revision: int


class BodyOut(msgspec.Struct):
    slug: str
    name: str
    kind: BodyKind
    mandate: str
    status: BodyStatus
    named_since: date | None  # when the current name and kind took effect, if known
    revision: int
    created_at: datetime
    updated_at: datetime
    leadership: list[LeadershipTermOut] = []  # the terms running today
    history: list[BodyHistoryEntryOut] = []  # past names, oldest first (filled when one body is read)
    language: str = "en"  # the language of ``name`` and ``mandate`` as written
    translations: Translations = {}  # the same fields in other languages


class MemberBody(msgspec.Struct):
    """A body a member belongs to or leads today, with the roles it holds there."""

    body: BodySummary
    is_member: bool
    roles: list[LeadershipRole]
