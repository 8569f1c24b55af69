from __future__ import annotations

from datetime import datetime

import msgspec
from msgspec import UNSET, UnsetType

from coordination.core.schemas import CountryCode, Name, OptionalEmail, OptionalName, Revision, Slug, Website
from coordination.members.enums import MemberKind


class MemberCreate(msgspec.Struct, forbid_unknown_fields=True):
    slug: Slug
    name: Name
    kind: MemberKind
    country: CountryCode
    website: Website = ""


class MemberUpdate(msgspec.Struct, forbid_unknown_fields=True):
    revision: Revision
    name: Name | UnsetType = UNSET
    kind: MemberKind | UnsetType = UNSET
    country: CountryCode | UnsetType = UNSET
    website: Website | UnsetType = UNSET


class PersonCreate(msgspec.Struct, forbid_unknown_fields=True):
    name: Name
    title: OptionalName = ""  # what they do, e.g. Head of digital transformation
    email: OptionalEmail = ""
    is_focal_point: bool = False


class PersonUpdate(msgspec.Struct, forbid_unknown_fields=True):
    revision: Revision
    name: Name | UnsetType = UNSET
    title: OptionalName | UnsetType = UNSET
    email: OptionalEmail | UnsetType = UNSET
    is_focal_point: bool | UnsetType = UNSET


class PersonOut(msgspec.Struct):
    id: int
    member: str
    name: str
    title: str
    email: str
    is_focal_point: bool
    revision: int


class MemberSummary(msgspec.Struct):
    slug: str
    name: str
    kind: MemberKind
    country: str


class MemberOut(msgspec.Struct):
    slug: str
    name: str
    kind: MemberKind
    country: str
    website: str
    revision: int
    created_at: datetime
    updated_at: datetime
    people: list[PersonOut] = []
