"""Serving a rendered feed over HTTP: conditional requests, HEAD, and the gzip copy.

The headers of each answer are prepared once per rendered feed (``prepare``),
so a poll costs a dictionary lookup and a few header comparisons.

``Cache-Control: public, max-age=300``: calendar apps poll every hour or so
(the feeds say ``REFRESH-INTERVAL:PT1H``); five minutes lets a CDN or proxy in
front answer the polls of many subscribers, while an edit still reaches them
within five minutes of their app's next refresh. After that the cache
revalidates with ``If-None-Match`` and usually gets a 304.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from litestar.datastructures import Headers
from litestar.response.base import ASGIResponse

from coordination.feeds.schemas import RenderedFeed

PUBLIC_CACHE_CONTROL = "public, max-age=300"
_ENTITY_TAG = re.compile(r'\s*(?:W/)?"([^"]*)"\s*(?:,|$)')


@dataclass(frozen=True)
class ServedFeed:
    feed: RenderedFeed
    plain_headers: list[tuple[str, str]]
    gzip_headers: list[tuple[str, str]]
    plain_304_headers: list[tuple[str, str]]
    gzip_304_headers: list[tuple[str, str]]
    opaque_tags: frozenset[str]  # both representations' entity tags, unquoted

    @property
    def valid_until(self) -> datetime:
        return self.feed.valid_until


def prepare(feed: RenderedFeed, *, cache_control: str = PUBLIC_CACHE_CONTROL) -> ServedFeed:
    validators = [
        ("last-modified", format_datetime(feed.last_modified, usegmt=True)),
        ("cache-control", cache_control),
        ("vary", "Accept-Encoding"),
    ]
    entity = [
        ("content-type", feed.content_type),
        ("content-disposition", f'inline; filename="{feed.filename}"'),
        ("x-content-type-options", "nosniff"),
    ]
    return ServedFeed(
        feed=feed,
        plain_headers=[("etag", feed.etag), *validators, *entity, ("content-length", str(len(feed.body)))],
        gzip_headers=[
            ("etag", feed.gzip_etag),
            *validators,
            *entity,
            ("content-encoding", "gzip"),
            ("content-length", str(len(feed.gzip_body))),
        ],
        plain_304_headers=[("etag", feed.etag), *validators],
        gzip_304_headers=[("etag", feed.gzip_etag), *validators],
        opaque_tags=frozenset({feed.etag.strip('"'), feed.gzip_etag.strip('"')}),
    )


def respond(served: ServedFeed, *, method: str, headers: Headers) -> ASGIResponse:
    """200 with the plain or gzip bytes (none for HEAD, same headers), or 304 when the client's copy is current."""
    gzip = accepts_gzip(headers.get("accept-encoding"))
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        # When both are sent, If-None-Match decides alone (RFC 9110 13.1.3).
        not_modified = entity_tag_matches(if_none_match, served.opaque_tags)
    else:
        not_modified = unmodified_since(headers.get("if-modified-since"), served.feed.last_modified)
    if not_modified:
        return ASGIResponse(status_code=304, headers=served.gzip_304_headers if gzip else served.plain_304_headers)
    head = method == "HEAD"
    body = served.feed.gzip_body if gzip else served.feed.body
    return ASGIResponse(
        body=b"" if head else body,
        is_head_response=head,
        headers=served.gzip_headers if gzip else served.plain_headers,
    )


def entity_tag_matches(header: str, opaque_tags: frozenset[str]) -> bool:
    """Weak comparison, as If-None-Match asks: ``W/"x"`` matches ``"x"``; ``*`` matches any."""
    if header.strip() == "*":
        return True
    return any(tag in opaque_tags for tag in _ENTITY_TAG.findall(header))


def unmodified_since(header: str | None, last_modified: datetime) -> bool:
    """Whether If-Modified-Since is at or after ``last_modified``; an unreadable date is ignored."""
    if not header:
        return False
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return last_modified <= since


def accepts_gzip(header: str | None) -> bool:
    """Whether Accept-Encoding allows gzip (explicitly, or through ``*``), honouring ``q=0``."""
    if not header:
        return False
    gzip_q: float | None = None
    any_q: float | None = None
    for part in header.split(","):
        coding, _, parameters = part.partition(";")
        coding = coding.strip().lower()
        q = 1.0
        for parameter in parameters.split(";"):
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if coding in ("gzip", "x-gzip"):
            gzip_q = q
        elif coding == "*":
            any_q = q
    if gzip_q is not None:
        return gzip_q > 0
    return any_q is not None and any_q > 0
