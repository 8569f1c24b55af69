"""What the feeds services take and give."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated

import msgspec

from coordination.core.schemas import NOT_BLANK_LINE_PATTERN
from coordination.events.enums import EventKind, EventStatus


class FeedScope(msgspec.Struct, frozen=True, kw_only=True):
    """Which events a feed holds, and where it is published (also the cache key).

    ``path`` is the feed's place under ``/calendars/`` without ``.ics``:
    ``network``, ``bodies/<slug>``, ``members/<slug>``, ``priorities/<code>``,
    ``kinds/<kind>`` or ``events/<id>``. Only ``network`` combines filters.
    ``include_members_only`` stays False for every public feed; a personal feed
    (behind a token) will set it.
    """

    path: str
    body: str | None = None
    member: str | None = None
    priority: str | None = None
    kind: EventKind | None = None
    status: EventStatus | None = None
    date_from: date | None = None
    event_id: int | None = None
    include_members_only: bool = False


class RenderedFeed(msgspec.Struct, frozen=True, kw_only=True):
    """A rendered feed: its bytes, a gzip copy of them, and what HTTP caching needs.

    The bytes are kept as their parts (``builder.calendar_parts``: most are shared with the other feeds), joined
    only for the few who ask for them whole (``body``: a file, a client that does not take gzip).
    """

    parts: tuple[bytes, ...]
    size: int  # of the joined bytes
    gzip_body: bytes
    gzip_blocks: Mapping[tuple[bytes, ...], bytes]  # the gzip copy's blocks, for the next render (compression.py)
    content_type: str
    filename: str
    etag: str  # quoted strong entity tag of ``body``
    gzip_etag: str  # quoted strong entity tag of ``gzip_body``, a different representation
    last_modified: datetime  # UTC, whole seconds: the latest change that can have altered the feed
    valid_until: datetime  # UTC: when time alone changes it (a cancelled event's retention ends, a new day)
    events: int  # VEVENTs in it, tombstones included

    @property
    def body(self) -> bytes:
        return b"".join(self.parts)


class FeedFiles(msgspec.Struct, kw_only=True):
    """What writing the feed files did."""

    written: list[str]  # paths under the output folder rewritten because their content changed
    unchanged: int
    removed: list[str]  # files of bodies, members… that no longer exist
    valid_until: datetime  # when time alone will change one of them


# --------------------------------------------------------------------------- personal feeds (feeds.private)

PersonalFeedName = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=100,
        pattern=NOT_BLANK_LINE_PATTERN,
        description="What the feed is, e.g. My bodies: one line, not blank, at most 100 characters.",
    ),
]


class PersonalFeedCreate(msgspec.Struct, forbid_unknown_fields=True):
    name: PersonalFeedName


class PersonalFeedOut(msgspec.Struct):
    """A personal feed link, never its secret: ``prefix`` is its first characters, to tell links apart."""

    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class PersonalFeedCreated(msgspec.Struct):
    """A new personal feed. ``token`` and the two addresses holding it are shown this once; only a hash is kept."""

    id: int
    name: str
    prefix: str
    created_at: datetime
    token: str
    url: str  # https://…/calendars/private/<token>.ics
    webcal_url: str  # the same as webcal://, which opens the calendar app


class PersonalFeedsRevoked(msgspec.Struct):
    revoked: int  # how many links stopped working
