from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from coordination.core.schemas import (
    NOT_BLANK_LINE_PATTERN,
    ONE_LINE_PATTERN,
    Name,
    OptionalUrl,
    Position,
    Revision,
    documented_items,
    pattern_message,
    whole,
)

PRIORITY_CODE_PATTERN = pattern_message(
    whole(r"[A-Z0-9]{1,10}"), "must be 1 to 10 capital letters or digits, such as A or D2"
)
LANGUAGE_PATTERN = pattern_message(whole("en|fr|es"), "must be en, fr or es")
PriorityCode = Annotated[
    str,
    Meta(min_length=1, max_length=10, pattern=PRIORITY_CODE_PATTERN, description="A short code such as `A`."),
]
PriorityTitle = Annotated[
    str, Meta(max_length=200, pattern=ONE_LINE_PATTERN, description="One line, at most 200 characters; may be empty.")
]
RequiredPriorityTitle = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=200,
        pattern=NOT_BLANK_LINE_PATTERN,
        description="One line, not blank, at most 200 characters.",
    ),
]
Language = Annotated[str, Meta(min_length=2, max_length=2, pattern=LANGUAGE_PATTERN, description="`en`, `fr` or `es`.")]
Languages = Annotated[
    list[Language],
    Meta(
        min_length=1,
        max_length=3,
        description="One to three of `en`, `fr`, `es`.",
        extra_json_schema=documented_items(Language),
    ),
]
ShortName = Annotated[
    str, Meta(max_length=50, pattern=ONE_LINE_PATTERN, description="One line, at most 50 characters; may be empty.")
]


AccentColor = Annotated[
    str,
    Meta(
        max_length=7,
        pattern=pattern_message(whole(r"(#[0-9a-fA-F]{6})?"), "must be a colour such as #0b5cad, or empty"),
        description="The colour of links and the header's stripe, such as `#0b5cad`; empty for the default.",
    ),
]


class NetworkOut(msgspec.Struct):
    name: str
    short_name: str
    languages: list[str]
    default_language: str
    revision: int
    logo_url: str = ""  # shown in every page's header; empty: the name alone
    accent_color: str = ""  # "#0b5cad"; empty: the default colour


class NetworkUpdate(msgspec.Struct, forbid_unknown_fields=True):
    revision: Revision
    name: Name | UnsetType = UNSET
    short_name: ShortName | UnsetType = UNSET
    languages: Languages | UnsetType = UNSET
    default_language: Language | UnsetType = UNSET
    logo_url: OptionalUrl | UnsetType = UNSET
    accent_color: AccentColor | UnsetType = UNSET


class PriorityOut(msgspec.Struct):
    code: str
    position: int
    title: dict[str, str]  # language -> title
    revision: int


class PriorityCreate(msgspec.Struct, forbid_unknown_fields=True):
    code: PriorityCode
    title_en: RequiredPriorityTitle
    title_fr: PriorityTitle = ""
    title_es: PriorityTitle = ""
    position: Position | None = None


class PriorityUpdate(msgspec.Struct, forbid_unknown_fields=True):
    revision: Revision
    title_en: RequiredPriorityTitle | UnsetType = UNSET
    title_fr: PriorityTitle | UnsetType = UNSET
    title_es: PriorityTitle | UnsetType = UNSET
    position: Position | UnsetType = UNSET
