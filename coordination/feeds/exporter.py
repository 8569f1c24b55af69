"""A built feed → the bytes served or written: the parts, their gzip copy, a digest, a content type, a file name."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from coordination.feeds import compression

CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class ExportedCalendar:
    parts: tuple[bytes, ...]  # joined, the calendar (builder.calendar_parts: UTF-8, CRLF, folded at 75 octets)
    size: int
    digest: str  # SHA-256 of the joined bytes, hex
    gzip_body: bytes
    gzip_blocks: compression.Blocks  # for the next export of the same feed
    content_type: str
    filename: str


def export(
    parts: Sequence[bytes], *, filename: str, previous_blocks: compression.Blocks | None = None
) -> ExportedCalendar:
    """``parts`` as served: with their gzip copy (the unchanged ``previous_blocks`` reused) and their digest."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    gzip_body, gzip_blocks = compression.gzip_parts(parts, previous=previous_blocks)
    return ExportedCalendar(
        parts=tuple(parts),
        size=sum(len(part) for part in parts),
        digest=digest.hexdigest(),
        gzip_body=gzip_body,
        gzip_blocks=gzip_blocks,
        content_type=CONTENT_TYPE,
        filename=filename,
    )
