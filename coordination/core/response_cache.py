"""Public pages and API answers kept in the worker's memory, dropped as soon as anything they show may have changed.

Decided for issue 9: a page such as the home page runs about twenty queries
and renders tens of kilobytes of HTML, which no index or kept connection
brings near the rate of a bare app; yet what the public reads changes a few
times a day. So a signed-out ``GET`` that answered 200 is kept, per worker,
keyed by path, query string, language (``?lang=``, then the ``lang`` cookie,
then ``Accept-Language``, as ``core.pages.page_language`` chooses) and whether
JSON was asked for, and the next visitor gets the same bytes.

What is never kept, or never served from here:

- anything asked with a session cookie or an ``Authorization`` header: a
  signed-in person's pages are rendered for them each time, and never come
  from, nor go into, a store shared with anyone else;
- any answer rendered for someone the accounts middleware recognised, however
  the cookie header was written (the cookies are read with Litestar's own
  parser, and the actor is checked again before anything is kept), and any
  answer marked ``Cache-Control: private`` or ``no-store``, or already encoded;
- a query string over 256 bytes (no link of ours makes one), so made-up
  parameters cannot fill the memory (each entry also counts its key and an
  overhead against the limit);
- an answer that sets a cookie (other than the anonymous CSRF cookie, which
  is left out of what is kept) or holds a CSRF token (a form): such a token is
  bound to one visitor's cookie;
- a ``?lang=`` switch the ``lang`` cookie does not match yet (the answer sets
  the cookie);
- anything but 200, and the calendar feeds and ``/health`` (which have their
  own rules).

Staleness: every audited write bumps the ``content`` change counter in its
transaction (``core.changes``), and the feed counters move with what the feeds
show. The cache reads the counters at most once every ``check_seconds`` (the
same rhythm as the feeds' cache) and, after a write this worker answered, at
once: so a change through any worker shows everywhere within a second, and
the person who made it sees it on their next page. An entry also expires after
``seconds`` (30 by default), for what time alone changes ("upcoming" events).

Each answer still gets its own request id and Content-Security-Policy nonce:
the nonce of the kept page is replaced by the new one. Bodies are kept plain
and, when no nonce is in them, gzipped once for clients that accept it.
``COORDINATION_PAGE_CACHE_SECONDS=0`` turns the cache off (``make bench``
measures both).
"""

from __future__ import annotations

import asyncio
import gzip
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import parse_qsl

from litestar._parsers import parse_cookie_string
from litestar.middleware import DefineMiddleware
from litestar.types import ASGIApp, Empty, Message, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

from coordination.core import changes, i18n
from coordination.core.actor import current_actor
from coordination.core.edge import CSP_NONCE_KEY, csp_nonce

STATE_KEY = "response_cache"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Never kept: the feeds have their own cache, and /health must ask the database.
UNCACHED_PREFIXES = ("/calendars/", "/health")
# Cookies that make a request someone's: the session (plain or __Host-), whatever its value.
SESSION_COOKIES = frozenset({"coordination_session", "__Host-coordination_session"})
CSRF_COOKIE_MARK = "coordination_csrf="
LANGUAGE_COOKIE = "lang"
MAX_BODY_BYTES = 1024 * 1024  # a bigger answer is not kept
MAX_QUERY_BYTES = 256  # a longer query string (no link of ours makes one) is answered but not kept
ENTRY_OVERHEAD_BYTES = 1024  # what Python spends on an entry beyond its bytes, counted against max_bytes
GZIP_MINIMUM_BYTES = 1024  # as the app's compression middleware


@dataclass(frozen=True)
class _Kept:
    status: int
    headers: list[tuple[bytes, bytes]]
    parts: list[bytes]  # the body, split where the page's CSP nonce was (one part when it had none)
    gzipped: bytes | None  # made once when the body holds no nonce
    generation: tuple[tuple[str, int], ...] | None
    expires: float  # monotonic seconds
    size: int


class ResponseCache:
    """Kept answers by key, least recently used first out beyond ``max_bytes``.

    ``clock`` (monotonic seconds) paces the counter checks and ages the
    entries; tests pass their own.
    """

    def __init__(
        self,
        *,
        seconds: float = 30.0,
        check_seconds: float = 1.0,
        max_bytes: int = 32 * 1024 * 1024,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.seconds = seconds
        self.check_seconds = check_seconds
        self.max_bytes = max_bytes
        self.clock = clock
        self.hits = 0
        self.stored = 0
        self.checks = 0
        self._bytes = 0
        self._entries: OrderedDict[tuple[Any, ...], _Kept] = OrderedDict()
        self._generation: tuple[tuple[str, int], ...] | None = None
        self._next_check = float("-inf")
        self._asked = 0  # check_now() calls: one made during a read is not undone by that read
        self._checking = asyncio.Lock()

    @property
    def enabled(self) -> bool:
        return self.seconds > 0

    def check_now(self) -> None:
        """Read the counters on the next request rather than within ``check_seconds``."""
        self._asked += 1
        self._next_check = float("-inf")

    def clear(self) -> None:
        self._entries.clear()
        self._bytes = 0

    async def check_counters(self) -> None:
        if self.clock() < self._next_check:
            return
        async with self._checking:
            if self.clock() < self._next_check:
                return
            asked = self._asked
            counters = await changes.read_counters()
            self.checks += 1
            generation = changes.generation(counters)
            if generation != self._generation:
                self._generation = generation
                self.clear()
            if asked == self._asked:  # else a write answered meanwhile: read again on the next request
                self._next_check = self.clock() + self.check_seconds

    def get(self, key: tuple[Any, ...]) -> _Kept | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.generation != self._generation or self.clock() >= entry.expires:
            self._drop(key)
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return entry

    def put(
        self,
        key: tuple[Any, ...],
        *,
        generation: tuple[tuple[str, int], ...] | None,
        status: int,
        headers: list[tuple[bytes, bytes]],
        body: bytes,
        nonce: str | None,
    ) -> None:
        if generation != self._generation:
            return  # the counters moved while it was rendered: it may show what was before
        parts = body.split(nonce.encode()) if nonce else [body]
        gzipped = None
        if len(parts) == 1 and len(body) >= GZIP_MINIMUM_BYTES:
            gzipped = gzip.compress(body, compresslevel=6, mtime=0)
        size = (
            len(body)
            + len(gzipped or b"")
            + sum(len(name) + len(value) for name, value in headers)
            + sum(len(part) for part in key if isinstance(part, str | bytes))
            + ENTRY_OVERHEAD_BYTES
        )
        self._drop(key)
        self._entries[key] = _Kept(
            status=status,
            headers=headers,
            parts=parts,
            gzipped=gzipped,
            generation=generation,
            expires=self.clock() + self.seconds,
            size=size,
        )
        self._bytes += size
        self.stored += 1
        while self._bytes > self.max_bytes and self._entries:
            self._drop(next(iter(self._entries)))

    def _drop(self, key: tuple[Any, ...]) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= entry.size


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str:
    for key, value in headers:
        if key == name:
            return value.decode("latin-1")
    return ""


def cache_key(scope: Scope) -> tuple[Any, ...] | None:
    """What a signed-out ``GET`` is kept under, or None when it must not come from the cache."""
    if scope.get("method") != "GET" or scope["path"].startswith(UNCACHED_PREFIXES):
        return None
    headers: list[tuple[bytes, bytes]] = list(scope["headers"])
    if _header(headers, b"authorization"):
        return None
    # Read as Litestar reads them (spaces trimmed, quotes and escapes undone, the last of two wins), so the key
    # says what the page will be rendered from.
    cookies = parse_cookie_string(_header(headers, b"cookie"))
    if SESSION_COOKIES & cookies.keys():
        return None  # signed in, or was: rendered for this person alone
    query: bytes = scope.get("query_string", b"")
    if len(query) > MAX_QUERY_BYTES:
        return None
    cookie_language = i18n.normalise_language(cookies.get(LANGUAGE_COOKIE))
    language = None
    if b"lang=" in query:
        asked = dict(parse_qsl(query.decode("latin-1"))).get("lang")
        language = i18n.normalise_language(asked)
        if language and language != cookie_language:
            return None  # the answer remembers the switch in a cookie
    language = (
        language
        or cookie_language
        or i18n.negotiate(_header(headers, b"accept-language") or None)
        or i18n.DEFAULT_LANGUAGE
    )
    wants_json = "application/json" in _header(headers, b"accept")
    return (scope["path"], query, language, wants_json)


def _accepts_gzip(scope: Scope) -> bool:
    return "gzip" in _header(list(scope["headers"]), b"accept-encoding")


class ResponseCacheMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        cache: ResponseCache | None = scope["app"].state.get(STATE_KEY) if scope["type"] == "http" else None
        if cache is None or not cache.enabled:
            await self.app(scope, receive, send)
            return
        if scope.get("method") not in SAFE_METHODS:
            await self.app(scope, receive, _noticing_writes(cache, send))
            return
        key = cache_key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        try:
            await cache.check_counters()
        except Exception:  # the counters unreadable (the database down): render as if there were no cache
            await self.app(scope, receive, send)
            return
        kept = cache.get(key)
        if kept is not None:
            await _replay(kept, scope, send)
            return
        await self._render_and_keep(cache, key, scope, receive, send)

    async def _render_and_keep(
        self, cache: ResponseCache, key: tuple[Any, ...], scope: Scope, receive: Receive, send: Send
    ) -> None:
        generation = cache._generation
        gzip_wanted = _accepts_gzip(scope)
        # Rendered plain (kept plain, gzipped here once): the app's compression middleware is inside this one.
        scope["headers"] = [(name, value) for name, value in scope["headers"] if name != b"accept-encoding"]
        ScopeState.from_scope(scope).headers = Empty
        start: Any = None
        chunks: list[bytes] = []
        keep = True

        async def capture(message: Message) -> None:
            nonlocal start, keep
            if message["type"] == "http.response.start":
                start = message
                keep = message["status"] == 200
                return
            if message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if sum(map(len, chunks)) > MAX_BODY_BYTES:
                    keep = False
                if not message.get("more_body", False):
                    await self._finish(cache, key, generation, start, b"".join(chunks), keep, scope, gzip_wanted, send)
                return
            await send(message)

        await self.app(scope, receive, capture)

    async def _finish(
        self,
        cache: ResponseCache,
        key: tuple[Any, ...],
        generation: tuple[tuple[str, int], ...] | None,
        start: Any,
        body: bytes,
        keep: bool,
        scope: Scope,
        gzip_wanted: bool,
        send: Send,
    ) -> None:
        headers = [(name.lower(), value) for name, value in start.get("headers", [])]
        kept_headers = []
        if current_actor().via != "anonymous":
            keep = False  # whatever the key said, the accounts middleware found someone: never shared
        for name, value in headers:
            if name == b"content-encoding":
                keep = False  # encoded by someone else: what is kept must be the plain bytes
            if name == b"cache-control" and (b"private" in value or b"no-store" in value):
                keep = False  # the handler said it is this person's alone
            if name == b"set-cookie":
                if not value.decode("latin-1").startswith(("__Host-" + CSRF_COOKIE_MARK, CSRF_COOKIE_MARK)):
                    keep = False  # a cookie for this visitor alone (a language switch)
                continue
            if name != b"content-length":
                kept_headers.append((name, value))
        csrf_token = ScopeState.from_scope(scope).csrf_token
        if isinstance(csrf_token, str) and csrf_token.encode() in body:
            keep = False  # a form: its token is bound to this visitor's cookie
        nonce = scope.get("state", {}).get(CSP_NONCE_KEY)
        if keep:
            cache.put(key, generation=generation, status=start["status"], headers=kept_headers, body=body, nonce=nonce)
        # This visitor gets what was rendered for them, their cookies included.
        if gzip_wanted and start["status"] == 200 and len(body) >= GZIP_MINIMUM_BYTES:
            body = gzip.compress(body, compresslevel=6, mtime=0)
            headers = [(name, value) for name, value in headers if name != b"content-length"]
            headers += [(b"content-encoding", b"gzip"), (b"content-length", str(len(body)).encode())]
            headers = _vary_on_encoding(headers)
        await send(cast(Message, {**start, "headers": headers}))
        await send({"type": "http.response.body", "body": body, "more_body": False})


def _vary_on_encoding(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    for index, (name, value) in enumerate(headers):
        if name == b"vary":
            if b"accept-encoding" not in value.lower():
                headers[index] = (name, value + b", Accept-Encoding")
            return headers
    return [*headers, (b"vary", b"Accept-Encoding")]


async def _replay(kept: _Kept, scope: Scope, send: Send) -> None:
    headers = list(kept.headers)
    if kept.gzipped is not None and _accepts_gzip(scope):
        body = kept.gzipped
        headers.append((b"content-encoding", b"gzip"))
    elif len(kept.parts) == 1:
        body = kept.parts[0]
    else:
        # A fresh nonce: this answer's Content-Security-Policy (added on the way out) names the same one.
        body = csp_nonce(scope).encode().join(kept.parts)
        if len(body) >= GZIP_MINIMUM_BYTES and _accepts_gzip(scope):
            body = gzip.compress(body, compresslevel=1, mtime=0)  # about a tenth of a millisecond per 40 KB
            headers.append((b"content-encoding", b"gzip"))
    headers.append((b"content-length", str(len(body)).encode()))
    if len(kept.parts) > 1 or kept.gzipped is not None:
        headers = _vary_on_encoding(headers)
    await send({"type": "http.response.start", "status": kept.status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


def _noticing_writes(cache: ResponseCache, send: Send) -> Send:
    """After a write this worker answered, read the counters at once: whoever wrote sees it next."""

    async def watch(message: Message) -> None:
        if message["type"] == "http.response.start" and message["status"] < 400:
            cache.check_now()
        await send(message)

    return watch


response_cache_middleware = DefineMiddleware(ResponseCacheMiddleware)
