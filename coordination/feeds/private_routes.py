"""Personal feeds over HTTP: the feed behind its secret link, and the JSON API that manages the links.

``/calendars/private/<token>.ics`` answers like the public feeds (GET, HEAD,
ETag, 304, a gzip copy) but with ``Cache-Control: private``, so no shared
cache keeps one person's feed for another, and ``Referrer-Policy:
no-referrer``, so the secret address never leaves in a Referer header. Every
refusal (malformed, unknown, revoked, owner disabled) is the same 404.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

from litestar import Controller, Request, delete, get, post, route
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response.base import ASGIResponse

from coordination.accounts.guards import principal_of, signed_in
from coordination.core import changes
from coordination.core.errors import NotFound
from coordination.core.pagination import Limit, Offset, Page
from coordination.core.params import IdPath
from coordination.core.settings import Settings
from coordination.feeds import http, private
from coordination.feeds.cache import FeedCache
from coordination.feeds.http import ServedFeed
from coordination.feeds.routes import GET_HEAD, SKIP_COMPRESSION
from coordination.feeds.schemas import (
    PersonalFeedCreate,
    PersonalFeedCreated,
    PersonalFeedOut,
    PersonalFeedsRevoked,
    RenderedFeed,
)
from coordination.feeds.selection import FeedData

# A calendar app polls hourly; five minutes in its own cache (never a shared one) spares the server.
PRIVATE_CACHE_CONTROL = "private, max-age=300"
NOT_FOUND = "calendar not found"  # the same words for every refusal: nothing to learn from them
_PRIVATE_HEADERS = [("referrer-policy", "no-referrer"), ("x-robots-tag", "noindex, nofollow")]


def prepare_private(feed: RenderedFeed) -> ServedFeed:
    served = http.prepare(feed, cache_control=PRIVATE_CACHE_CONTROL)
    return dataclasses.replace(
        served,
        plain_headers=served.plain_headers + _PRIVATE_HEADERS,
        gzip_headers=served.gzip_headers + _PRIVATE_HEADERS,
        plain_304_headers=served.plain_304_headers + _PRIVATE_HEADERS,
        gzip_304_headers=served.gzip_304_headers + _PRIVATE_HEADERS,
    )


class PersonalFeedController(Controller):
    path = private.PATH
    tags = ("calendars",)
    opt = {SKIP_COMPRESSION: True}  # noqa: RUF012 (Litestar reads it as declared)

    @route("/{filename:str}", http_method=GET_HEAD, include_in_schema=False)
    async def personal_feed(self, request: Request[Any, Any, Any], filename: FromPath[str]) -> ASGIResponse:
        """A personal feed: ``/calendars/private/<token>.ics``; 404 unless the link is valid right now."""
        token = filename.removesuffix(".ics")
        access = await private.feed_access(token=token) if filename.endswith(".ics") else None
        if access is None:
            raise NotFound(NOT_FOUND)
        settings: Settings = request.app.state.settings
        cache: FeedCache = request.app.state.feed_cache

        async def load(counters: dict[str, changes.Counter]) -> FeedData:
            return await private.load_personal_feed_data(base_url=settings.base_url, counters=counters)

        async def render(counters: dict[str, changes.Counter]) -> ServedFeed:
            data = await cache.get(private.DATA_KEY, load)
            feed = await private.render_personal_feed(
                access=access,
                token=token,
                base_url=settings.base_url,
                retention=timedelta(days=settings.feeds_retention_days),
                now=cache.now(),
                data=data,
            )
            return prepare_private(feed)

        served = await cache.get(access.cache_key, render)
        return http.respond(served, method=request.method, headers=request.headers)


class PersonalFeedTokenController(Controller):
    """Your personal feed links, for scripts and apps holding an API token."""

    path = "/api/v1/feed-tokens"
    tags = ("calendars",)
    guards = [signed_in]  # noqa: RUF012

    @get("/")
    async def list_feed_tokens(
        self,
        request: Request[Any, Any, Any],
        include_revoked: FromQuery[bool] = False,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[PersonalFeedOut]:
        """Your own personal feed links (never their secrets)."""
        user_id = principal_of(request).user_id
        assert user_id is not None
        return await private.list_personal_feeds(
            user_id=user_id, include_revoked=include_revoked, limit=limit, offset=offset
        )

    @post("/")
    async def create_feed_token(
        self, request: Request[Any, Any, Any], data: JSONBody[PersonalFeedCreate]
    ) -> PersonalFeedCreated:
        """A new personal feed of the events you may see, members-only ones included.

        The answer holds its secret address (``url``, ``webcal_url``), shown this once.
        """
        user_id = principal_of(request).user_id
        assert user_id is not None
        settings: Settings = request.app.state.settings
        return await private.create_personal_feed(user_id=user_id, data=data, base_url=settings.base_url)

    @delete("/{feed_id:int}")
    async def revoke_feed_token(self, request: Request[Any, Any, Any], feed_id: IdPath) -> None:
        """Revoke one of your feed links (the secretariat may revoke anyone's); it answers 404 at once."""
        await private.revoke_personal_feed(feed_id=feed_id, principal=principal_of(request))

    @post("/revoke-all", status_code=200)
    async def revoke_all_feed_tokens(self, request: Request[Any, Any, Any]) -> PersonalFeedsRevoked:
        """Revoke every one of your feed links at once."""
        user_id = principal_of(request).user_id
        assert user_id is not None
        return await private.revoke_all_personal_feeds(user_id=user_id)
