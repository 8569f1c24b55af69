"""Field types shared by the request schemas of every domain."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from msgspec import Meta

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Slug = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=100,
        pattern=SLUG_PATTERN,
        description="Lower-case letters, digits and single hyphens (e.g. `digital-cities`).",
    ),
]
Name = Annotated[str, Meta(min_length=1, max_length=200, pattern=r"\S")]
Title = Annotated[str, Meta(min_length=1, max_length=300, pattern=r"\S")]
LongText = Annotated[str, Meta(max_length=20_000)]
OptionalUrl = Annotated[
    str, Meta(max_length=500, pattern=r"^(|https?://\S+)$", description="An http(s) URL, or empty.")
]
OptionalEmail = Annotated[str, Meta(max_length=254, pattern=r"^(|[^@\s]+@[^@\s]+\.[^@\s]+)$")]
CountryCode = Annotated[str, Meta(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code, e.g. `ES`.")]
Revision = Annotated[
    int,
    Meta(ge=1, description="The revision you last read; a stale one is refused with 409 so no edit is lost."),
]


def utc_now() -> datetime:
    # Set in Python: a database default of current_timestamp loses the offset on SQLite.
    return datetime.now(UTC)
