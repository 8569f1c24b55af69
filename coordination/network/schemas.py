from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from coordination.core.schemas import Name, Revision

PriorityCode = Annotated[str, Meta(pattern=r"^[A-Z0-9]{1,10}$", description="A short code such as `A`.")]
PriorityTitle = Annotated[str, Meta(max_length=200)]
Languages = Annotated[list[Annotated[str, Meta(pattern=r"^(en|fr|es)$")]], Meta(min_length=1)]


class NetworkOut(msgspec.Struct):
    name: str
    short_name: str
    languages: list[str]
    default_language: str
    revision: int


class NetworkUpdate(msgspec.Struct, forbid_unknown_fields=True):
    revision: Revision
    name: Name | UnsetType = UNSET
    short_name: str | UnsetType = UNSET
    languages: Languages | UnsetType = UNSET
    default_language: Annotated[str, Meta(pattern=r"^(en|fr|es)$")] | UnsetType = UNSET


class PriorityOut(msgspec.Struct):
    code: str
    position: int
    title: dict[str, str]  # language -> title
    revision: int


class PriorityCreate(msgspec.Struct, forbid_unknown_fields=True):
    code: PriorityCode
    title_en: Annotated[str, Meta(min_length=1, max_length=200, pattern=r"\S")]
    title_fr: PriorityTitle = ""
    title_es: PriorityTitle = ""
    position: int | None = None


class PriorityUpdate(msgspec.Struct, forbid_unknown_fields=True):
    revision: Revision
    title_en: Annotated[str, Meta(min_length=1, max_length=200, pattern=r"\S")] | UnsetType = UNSET
    title_fr: PriorityTitle | UnsetType = UNSET
    title_es: PriorityTitle | UnsetType = UNSET
    position: int | UnsetType = UNSET
