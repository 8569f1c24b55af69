"""Rendered feeds kept in the worker's memory, and how a worker learns they are stale.

A poll must touch neither the database nor the renderer. Every write that can
change a feed bumps a change counter in its own transaction
(``core.changes``); each worker reads the counters at most once every
``check_seconds`` (one tiny query) and drops everything it rendered when one
moved, so a change made through any worker shows in every worker's feeds
within that time. A write answered by this worker (see ``notice_writes``)
makes it look at once, so whoever edits an event sees the change on their
next request.

Time changes feeds too (a cancelled event's retention ends, a membership ends
at midnight): each entry carries a ``valid_until`` after which it is rendered
again.

No poll waits for a render while a previous version exists: a stale feed is
kept until its new version is stored, and while one request renders it the
others are answered at once with the previous version (with its own ETag, so
a client that has it gets a 304 and asks again later). The request that
starts the render waits for it at most ``render_wait_seconds`` (a tenth of a
second: a 1,000-event feed is rendered again within it, so an editor gets the
new version at once), then it too gets the previous version while the render
goes on in the background (half a second for 50,000 events). Only a request
for a feed never rendered before waits for the whole render.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar

from litestar.types import ASGIApp, Message, Receive, Scope, Send

from coordination.core import changes
from coordination.core.schemas import utc_now

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

logger = logging.getLogger(__name__)


class Expiring(Protocol):
    @property
    def valid_until(self) -> datetime: ...


T = TypeVar("T", bound=Expiring)


@dataclass(frozen=True)
class _Entry:
    value: Any
    generation: tuple[tuple[str, int], ...] | None


@dataclass(frozen=True)
class _Flight:
    task: asyncio.Task[Any]
    generation: tuple[tuple[str, int], ...] | None  # the counters' when it began: its value is stored as of then


class FeedCache:
    """Rendered feeds by key (a ``FeedScope``), and the snapshot they are made from; beyond
    ``max_entries``, the least recently used go.

    ``clock`` (monotonic seconds) paces the counter checks and ``now`` (UTC)
    is compared with each entry's ``valid_until``; tests pass their own.
    """

    def __init__(
        self,
        *,
        check_seconds: float = 1.0,
        render_wait_seconds: float = 0.1,
        max_entries: int = 256,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self.check_seconds = check_seconds
        self.render_wait_seconds = render_wait_seconds
        self.max_entries = max_entries
        self.clock = clock
        self.now = now
        self.counters: dict[str, changes.Counter] = {}
        # What tests and benchmarks watch: feeds rendered, and counter reads (database round trips).
        self.renders = 0
        self.checks = 0
        self._generation: tuple[tuple[str, int], ...] | None = None
        self._next_check = float("-inf")
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self.stale_served = 0  # answers given from a previous version while a new one was rendered
        self.answered_directly = 0  # polls answered by the short cut (``current_at``), not by a feed route
        # The render of each key under way (one at a time), and the renders no request waits for any more.
        self._in_flight: dict[Hashable, _Flight] = {}
        self._unwatched: set[asyncio.Task[Any]] = set()
        self._checking = asyncio.Lock()
        # The addresses (path, query string) the feed routes answered, each with the key it was answered from.
        self._addresses: dict[tuple[str, bytes], Hashable] = {}

    def check_now(self) -> None:
        """Read the counters on the next request rather than within ``check_seconds``."""
        self._next_check = float("-inf")

    def clear(self) -> None:
        self._entries.clear()
        self._addresses.clear()

    def address(self, path: str, query_string: bytes, key: Hashable) -> None:
        """Note that a request for ``path?query_string`` is answered with the value of ``key`` (see ``current_at``)."""
        if len(self._addresses) >= 4 * self.max_entries:
            self._addresses.clear()  # a crawler trying every filter: forget them all rather than grow
        self._addresses[path, query_string] = key

    def current_at(self, path: str, query_string: bytes) -> Any:
        """The value for an address noted with ``address``, only if it is current and no counter check is due.

        Synchronous and free of I/O, for the polls' short cut (``http.serve_current_feeds``); None sends
        the request the long way, through ``get``.
        """
        key = self._addresses.get((path, query_string))
        if key is None or self.clock() >= self._next_check:
            return None
        value = self._fresh(key)
        if value is not None:
            self.answered_directly += 1
        return value

    def previous(self, key: Hashable) -> Any:
        """The value last stored under ``key``, current or not (None if none): what a new one may start from."""
        entry = self._entries.get(key)
        return None if entry is None else entry.value

    async def get(
        self,
        key: Hashable,
        render: Callable[[dict[str, changes.Counter]], Awaitable[T]],
        *,
        stale_while_rendering: bool = False,
    ) -> T:
        """The cached value for ``key`` if still good, else ``await render(counters)``, cached.

        ``stale_while_rendering``: when there is a previous value, answer with
        it rather than wait while another request renders ``key``, or after
        ``render_wait_seconds`` of this request's own render, which goes on in
        the background (the feeds; not the data they are rendered from, which
        must be current).
        Errors from ``render`` (an unknown slug) propagate and nothing is cached.
        """
        await self._check_counters()
        while True:
            found = self._fresh(key)
            if found is not None:
                return found
            previous = self._entries.get(key) if stale_while_rendering else None
            flight = self._in_flight.get(key)
            if flight is not None and previous is not None:
                self.stale_served += 1
                return previous.value
            if flight is not None and flight.generation != self._generation:
                # Begun before the counters last moved: its value would be stale on arrival. Let it end, then
                # render anew (one render per key at a time).
                await asyncio.wait({flight.task})
                continue
            if flight is None:
                # Registered before this coroutine yields, so a poll arriving meanwhile finds it (and, with a
                # previous version, is answered with that at once).
                flight = _Flight(
                    task=asyncio.create_task(self._render(key, render, self._generation)), generation=self._generation
                )
                self._in_flight[key] = flight
                flight.task.add_done_callback(functools.partial(self._render_done, key, flight))
            return await self._wait(flight.task, previous)

    async def _wait(self, rendering: asyncio.Task[T], previous: _Entry | None) -> T:
        """The render's value; with a previous version, that one once ``render_wait_seconds`` have passed."""
        try:
            if previous is None:
                # shield: a request that goes away leaves the render running, for the next ones.
                return await asyncio.shield(rendering)
            done, _ = await asyncio.wait({rendering}, timeout=self.render_wait_seconds)
        except asyncio.CancelledError:
            self._unwatched.add(rendering)
            raise
        if rendering in done:
            return rendering.result()
        # Not done now, so its done-callback has not run yet: it will see it is no longer watched.
        self._unwatched.add(rendering)
        self.stale_served += 1
        return previous.value

    async def _render(
        self,
        key: Hashable,
        render: Callable[[dict[str, changes.Counter]], Awaitable[T]],
        generation: tuple[tuple[str, int], ...] | None,
    ) -> T:
        value = await render(self.counters)
        self.renders += 1
        self._entries[key] = _Entry(value=value, generation=generation)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
        return value

    def _render_done(self, key: Hashable, flight: _Flight, rendering: asyncio.Task[Any]) -> None:
        if self._in_flight.get(key) is flight:
            del self._in_flight[key]
        unwatched = rendering in self._unwatched
        self._unwatched.discard(rendering)
        if unwatched and not rendering.cancelled() and rendering.exception() is not None:
            # Nobody waits for it any more: the next poll renders again (and answers the error, if it recurs).
            logger.error("a feed rendered in the background failed", exc_info=rendering.exception())

    async def stop(self) -> None:
        """Cancel the renders still running (the worker is stopping)."""
        running = [flight.task for flight in self._in_flight.values()]
        for rendering in running:
            rendering.cancel()
        await asyncio.gather(*running, return_exceptions=True)

    def _fresh(self, key: Hashable) -> Any:
        entry = self._entries.get(key)
        # An entry rendered before the counters last moved is stale even if it was stored after.
        if entry is None or entry.generation != self._generation or self.now() >= entry.value.valid_until:
            return None
        self._entries.move_to_end(key)
        return entry.value

    async def _check_counters(self) -> None:
        if self.clock() < self._next_check:
            return
        async with self._checking:
            if self.clock() < self._next_check:
                return  # another request checked while this one waited
            # Read before any render that follows, so what is rendered is at least as new as its label.
            counters = await changes.read_counters(changes.FEED_COUNTERS)
            self.checks += 1
            generation = changes.generation(counters)
            if generation != self._generation:
                # Entries are kept: each is stale now (its generation is older), and served while it is re-rendered.
                self._generation = generation
                self.counters = counters
            self._next_check = self.clock() + self.check_seconds


def notice_writes(app: ASGIApp) -> ASGIApp:
    """ASGI middleware: after a successful write through this app, its feed cache checks the counters at once.

    The service's transaction has committed by the time the response starts,
    so the next feed request (from the same person, typically) sees the change.
    """

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in SAFE_METHODS:
            await app(scope, receive, send)
            return

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] < 400:
                cache: Any = getattr(scope["app"].state, "feed_cache", None)
                if cache is not None:
                    cache.check_now()
            await send(message)

        await app(scope, receive, watch)

    return middleware
