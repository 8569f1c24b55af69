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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from functools import cached_property
from typing import Any

from litestar.datastructures import Headers
from litestar.response.base import ASGIResponse
from litestar.types import ASGIApp, HTTPResponseBodyEvent, HTTPResponseStartEvent, Receive, Scope, Send

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

    def headers(self, *, gzip: bool, not_modified: bool) -> list[tuple[str, str]]:
        if not_modified:
            return self.gzip_304_headers if gzip else self.plain_304_headers
        return self.gzip_headers if gzip else self.plain_headers

    @cached_property
    def raw_headers(self) -> dict[tuple[bool, bool], list[tuple[bytes, bytes]]]:
        """The four header lists as ASGI wants them, by (gzip, 304); encoded once per rendered feed."""
        return {
            (gzip, not_modified): [
                (name.encode("latin-1"), value.encode("latin-1"))
                for name, value in self.headers(gzip=gzip, not_modified=not_modified)
            ]
            for gzip in (False, True)
            for not_modified in (False, True)
        }


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
        plain_headers=[("etag", feed.etag), *validators, *entity, ("content-length", str(feed.size))],
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


@dataclass(frozen=True)
class Answer:
    status: int
    gzip: bool
    chunks: Sequence[bytes]  # the body, joined (none for HEAD and 304)


def answer(
    served: ServedFeed,
    *,
    method: str,
    accept_encoding: str | None,
    if_none_match: str | None,
    if_modified_since: str | None,
) -> Answer:
    """200 with the plain or gzip bytes (none for HEAD, same headers), or 304 when the client's copy is current."""
    gzip = accepts_gzip(accept_encoding)
    if if_none_match is not None:
        # When both are sent, If-None-Match decides alone (RFC 9110 13.1.3).
        not_modified = entity_tag_matches(if_none_match, served.opaque_tags)
    else:
        not_modified = unmodified_since(if_modified_since, served.feed.last_modified)
    if not_modified:
        return Answer(status=304, gzip=gzip, chunks=())
    chunks = () if method == "HEAD" else (served.feed.gzip_body,) if gzip else served.feed.parts
    return Answer(status=200, gzip=gzip, chunks=chunks)


def respond(served: ServedFeed, *, method: str, headers: Headers) -> ASGIResponse:
    """``answer`` as a Litestar response."""
    found = answer(
        served,
        method=method,
        accept_encoding=headers.get("accept-encoding"),
        if_none_match=headers.get("if-none-match"),
        if_modified_since=headers.get("if-modified-since"),
    )
    return ASGIResponse(
        status_code=found.status,
        body=b"".join(found.chunks),
        is_head_response=method == "HEAD",
        headers=served.headers(gzip=found.gzip, not_modified=found.status == 304),
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


# --------------------------------------------------------------------------- the polls' short cut


def serve_current_feeds(app: ASGIApp) -> ASGIApp:
    """ASGI middleware (the app's first): a poll of a public feed this worker holds current is answered here.

    Only an address (path and query string) the feed routes already answered is served (``FeedCache.address``),
    so what a feed is and who may see it is still decided there, once; anything else, a counter check that is
    due or a feed gone stale included, goes on to the route. A poll is most of what this service answers:
    skipping the other middleware and Litestar's parameter parsing makes it cost about a third of what it did.
    """

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        method = scope.get("method")
        if scope["type"] == "http" and method in ("GET", "HEAD") and scope["path"].startswith("/calendars/"):
            cache: Any = getattr(scope["app"].state, "feed_cache", None)
            served = None if cache is None else cache.current_at(scope["path"], scope["query_string"])
            if served is not None:
                wanted: dict[bytes, str] = {}
                for name, value in scope["headers"]:
                    if name in _CONDITIONAL:
                        wanted.setdefault(name, value.decode("latin-1"))  # the first, as the route reads it
                found = answer(
                    served,
                    method=method,
                    accept_encoding=wanted.get(b"accept-encoding"),
                    if_none_match=wanted.get(b"if-none-match"),
                    if_modified_since=wanted.get(b"if-modified-since"),
                )
                start: HTTPResponseStartEvent = {
                    "type": "http.response.start",
                    "status": found.status,
                    "headers": list(served.raw_headers[found.gzip, found.status == 304]),
                }
                await send(start)
                for body in _messages(found.chunks):
                    await send(body)
                return
        await app(scope, receive, send)

    return middleware


_CONDITIONAL = frozenset({b"accept-encoding", b"if-none-match", b"if-modified-since"})
MESSAGE_BYTES = 256 * 1024  # the parts of a plain feed go out in messages of about this size, not one copy of all


def _messages(chunks: Sequence[bytes]) -> Iterator[HTTPResponseBodyEvent]:
    gathered: list[bytes] = []
    size = 0
    for chunk in chunks:
        gathered.append(chunk)
        size += len(chunk)
        if size >= MESSAGE_BYTES:
            yield {"type": "http.response.body", "body": b"".join(gathered), "more_body": True}
            gathered, size = [], 0
    yield {"type": "http.response.body", "body": b"".join(gathered), "more_body": False}
