"""The annual report's API: drafts, editions, files. (The report itself is ``model.ReportModel``.)"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

from coordination.core.schemas import LongText, Revision, Slug
from coordination.core.translated import Language, Translations

Year = Annotated[int, Meta(ge=1900, le=2200, description="The year the report covers, e.g. 2020.")]
EmptyPriorities = Annotated[
    Literal["omit", "mark"],
    Meta(description="Strategic priorities without activities in a body: `omit` leaves them out, `mark` lists them."),
]


class DraftCreate(msgspec.Struct, forbid_unknown_fields=True):
    year: Year
    language: Language = "en"


class SummaryIn(msgspec.Struct, forbid_unknown_fields=True):
    """The secretariat's summary of a body's results; an empty text brings back its approved reports' highlights."""

    body: Slug
    text: LongText
    language: Language = "en"
    translations: Annotated[
        Translations, Meta(description='The same text in other languages: `{"fr": {"text": "…"}}`.')
    ] = {}


SummaryList = Annotated[list[SummaryIn], Meta(max_length=2000)]


class DraftUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """Fields left out are kept; ``summaries`` replaces the summaries of the bodies it names."""

    revision: Revision
    introduction: LongText | UnsetType = UNSET
    language: Annotated[Language, Meta(description="The language the introduction is written in.")] | UnsetType = UNSET
    translations: (
        Annotated[
            Translations, Meta(description='The introduction in other languages: `{"fr": {"introduction": "…"}}`.')
        ]
        | UnsetType
    ) = UNSET
    empty_priorities: EmptyPriorities | UnsetType = UNSET
    summaries: SummaryList | UnsetType = UNSET


class SummaryOut(msgspec.Struct):
    body: str
    text: str
    language: str
    translations: Translations


class DraftOut(msgspec.Struct):
    year: int
    language: str
    introduction: str
    translations: Translations
    empty_priorities: str
    summaries: list[SummaryOut]
    revision: int
    created_at: datetime
    updated_at: datetime
    updated_by: str


class EditionOut(msgspec.Struct):
    year: int
    number: int
    frozen_at: datetime
    frozen_by: str


class YearOut(msgspec.Struct):
    year: int
    draft: DraftOut | None
    editions: list[EditionOut]


class ManifestEntry(msgspec.Struct, kw_only=True):
    """One file written under the exports folder (``<exports>/<year>/manifest.json`` lists them)."""

    edition: int
    language: str
    format: str
    file: str
    checksum: Annotated[str, Meta(description="`sha256:` and the hex digest of the file's bytes.")]
    bytes: int
    created_by: str
    created_at: datetime


class Manifest(msgspec.Struct, kw_only=True):
    year: int
    files: list[ManifestEntry] = []
