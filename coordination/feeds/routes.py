"""The public calendar feeds over HTTP, under ``/calendars/`` (not the JSON API).

Handlers answer GET and HEAD (calendar clients and proxies send both), turn
the path and query into a ``FeedScope``, and serve it from the app's
``FeedCache`` (``app.state.feed_cache``). The feeds are gzipped once when
rendered, so the app's compression middleware leaves them alone
(``skip_compression``).
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Annotated, Any

from litestar import Controller, Request, route
from litestar.datastructures import State
from litestar.enums import HttpMethod
from litestar.openapi.spec import OpenAPIFormat
from litestar.params import FromQuery, PathParameter, QueryParameter
from litestar.response.base import ASGIResponse

from coordination.core import changes
from coordination.core.errors import InvalidInput, NotFound
from coordination.core.settings import Settings
from coordination.events.enums import EventKind, EventStatus
from coordination.feeds import http, services
from coordination.feeds.cache import FeedCache
from coordination.feeds.http import ServedFeed
from coordination.feeds.schemas import FeedScope
from coordination.feeds.selection import FeedData

logger = logging.getLogger(__name__)

GET_HEAD = [HttpMethod.GET, HttpMethod.HEAD]
MAX_ID = 2**31 - 1  # ids are 32-bit integers in the database
SKIP_COMPRESSION = "skip_compression"  # the app's CompressionConfig.exclude_opt_key
RESPONSES_DESCRIPTION = "An iCalendar feed (text/calendar); 304 when the client's copy (ETag, date) is current."


def _stem(filename: str) -> str:
    if not filename.endswith(".ics") or len(filename) == len(".ics"):
        raise NotFound(f"no calendar {filename!r}: feeds end in .ics")
    return filename.removesuffix(".ics")


def _query_date(value: str | None, *, field: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"{value!r} is not a date such as 2021-12-06", field=field) from exc


async def served_feed(state: State, scope: FeedScope) -> ServedFeed:
    """The feed of ``scope`` from this worker's cache (``state.feed_cache``), rendered if stale."""
    settings: Settings = state.settings
    cache: FeedCache = state.feed_cache

    async def load(counters: dict[str, changes.Counter]) -> FeedData:
        # After an edit, only the events that changed are read again (the rest kept from the last snapshot).
        previous = cache.previous(services.DATA_KEY)
        return await services.load_feed_data(base_url=settings.base_url, counters=counters, previous=previous)

    async def render(counters: dict[str, changes.Counter]) -> ServedFeed:
        # Every feed of this worker is chosen from the same snapshot, loaded once per change.
        data = await cache.get(services.DATA_KEY, load)
        feed = await services.render_feed(
            scope=scope,
            base_url=settings.base_url,
            retention=timedelta(days=settings.feeds_retention_days),
            now=cache.now(),
            data=data,
            previous=getattr(cache.previous(scope), "feed", None),
        )
        return http.prepare(feed)

    return await cache.get(scope, render, stale_while_rendering=True)


async def serve(request: Request[Any, Any, Any], scope: FeedScope) -> ASGIResponse:
    """The feed from this worker's cache (rendered if stale), as a full, HEAD or 304 answer."""
    served = await served_feed(request.app.state, scope)
    # The next poll of this address, while the feed is current, is answered by http.serve_current_feeds.
    request.app.state.feed_cache.address(request.scope["path"], request.scope["query_string"], scope)
    return http.respond(served, method=request.method, headers=request.headers)


async def warm(state: State) -> None:
    """Load the feeds' snapshot and render the network feed as the worker starts (``feeds_warm``).

    A worker's first feed request otherwise waits for both: at 50,000 events, several seconds for the first
    subscriber, and every poll meanwhile (there is no previous version to serve yet). A failure is logged and
    left to the first request, which renders as it would have.
    """
    try:
        await served_feed(state, services.network_scope())
    except Exception:  # the server runs on without it; the first request renders (and reports) instead
        logger.exception("warming the network feed at start failed")


FeedFilename = Annotated[str, PathParameter(max_length=120, description="`<slug>.ics`, `<code>.ics` or `<id>.ics`")]


class FeedController(Controller):
    path = "/calendars"
    tags = ("calendars",)
    opt = {SKIP_COMPRESSION: True}  # noqa: RUF012 (Litestar reads it as declared)

    @route("/network.ics", http_method=GET_HEAD, description=RESPONSES_DESCRIPTION)
    async def network_feed(
        self,
        request: Request[Any, Any, Any],
        # Litestar keeps the name `body` for the raw request body, hence the alias.
        body_slug: Annotated[
            str | None, QueryParameter(name="body", max_length=100, description="A body's slug")
        ] = None,
        member: Annotated[
            str | None,
            QueryParameter(max_length=100, description="A member's slug: events of the bodies it belongs to today"),
        ] = None,
        priority: Annotated[
            str | None,
            QueryParameter(max_length=100, description="A strategic priority's code: events of its activities"),
        ] = None,
        kind: FromQuery[EventKind | None] = None,
        status: FromQuery[EventStatus | None] = None,
        date_from: Annotated[
            str | None,
            QueryParameter(
                name="from", max_length=10, format=OpenAPIFormat.DATE, description="Events not over before that day"
            ),
        ] = None,
    ) -> ASGIResponse:
        """The network's public events; the filters combine."""
        scope = services.network_scope(
            body=body_slug,
            member=member,
            priority=priority,
            kind=kind,
            status=status,
            date_from=_query_date(date_from, field="from"),
        )
        return await serve(request, scope)

    @route("/bodies/{filename:str}", http_method=GET_HEAD, description=RESPONSES_DESCRIPTION)
    async def body_feed(self, request: Request[Any, Any, Any], filename: FeedFilename) -> ASGIResponse:
        """A body's public events: ``/calendars/bodies/<slug>.ics``."""
        return await serve(request, services.body_scope(slug=_stem(filename)))

    @route("/members/{filename:str}", http_method=GET_HEAD, description=RESPONSES_DESCRIPTION)
    async def member_feed(self, request: Request[Any, Any, Any], filename: FeedFilename) -> ASGIResponse:
        """The public events of the bodies a member belongs to or leads today: ``/calendars/members/<slug>.ics``."""
        return await serve(request, services.member_scope(slug=_stem(filename)))

    @route("/priorities/{filename:str}", http_method=GET_HEAD, description=RESPONSES_DESCRIPTION)
    async def priority_feed(self, request: Request[Any, Any, Any], filename: FeedFilename) -> ASGIResponse:
        """The public events of the activities under a strategic priority: ``/calendars/priorities/<code>.ics``."""
        return await serve(request, services.priority_scope(code=_stem(filename)))

    @route("/kinds/{filename:str}", http_method=GET_HEAD, description=RESPONSES_DESCRIPTION)
    async def kind_feed(self, request: Request[Any, Any, Any], filename: FeedFilename) -> ASGIResponse:
        """The public events of one kind: ``/calendars/kinds/<kind>.ics`` (webinar, forum…)."""
        return await serve(request, services.kind_scope(kind=_stem(filename)))

    @route("/events/{filename:str}", http_method=GET_HEAD, description=RESPONSES_DESCRIPTION)
    async def event_feed(self, request: Request[Any, Any, Any], filename: FeedFilename) -> ASGIResponse:
        """One public event ("add to calendar"): ``/calendars/events/<id>.ics``; 404 while its date is unconfirmed."""
        stem = _stem(filename)
        if not (stem.isascii() and stem.isdigit() and 0 < int(stem) <= MAX_ID):
            raise NotFound(f"no calendar {filename!r}: an event's file is named by its id, e.g. 12.ics")
        return await serve(request, services.event_scope(event_id=int(stem)))
