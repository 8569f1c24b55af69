"""The "my calendar feeds" page: create a personal feed, see its secret link once, revoke one or all.

Every form carries the CSRF token (``{{ csrf_input|safe }}``); the accounts
middleware refuses a form without it before these handlers run.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from coordination.accounts.guards import principal_of, signed_in
from coordination.core.i18n import N_
from coordination.core.pages import page
from coordination.core.pagination import MAX_LIMIT
from coordination.core.params import IdPath
from coordination.core.settings import Settings
from coordination.feeds import private
from coordination.feeds.schemas import PersonalFeedCreate

DONE_MESSAGES = {
    "revoked": N_("The link was revoked: it no longer works."),
    "revoked-all": N_("All your feed links were revoked: none of them works any more."),
}


async def _feeds_page(request: Request[Any, Any, Any], status_code: int = 200, **context: Any) -> Template:
    principal = principal_of(request)
    assert principal.user_id is not None
    listed = await private.list_personal_feeds(user_id=principal.user_id, limit=MAX_LIMIT)
    values: dict[str, Any] = {"created": None, "error": None, "name": "", "notice": None}
    values.update(context)
    answer = await page(
        request,
        "feeds/private.html",
        status_code=status_code,
        feeds=listed.items,
        covered=await private.body_names_covered(principal=principal),
        **values,
    )
    # The page may hold a secret address: no Referer with it, no copy kept by a cache.
    answer.headers["Referrer-Policy"] = "no-referrer"
    answer.headers["Cache-Control"] = "no-store"
    return answer


@get("/account/feeds", include_in_schema=False, guards=[signed_in])
async def feed_list(request: Request[Any, Any, Any]) -> Template:
    done = request.query_params.get("done") or ""
    return await _feeds_page(request, notice=DONE_MESSAGES.get(done))


@post("/account/feeds", include_in_schema=False, guards=[signed_in], status_code=200)
async def feed_create(request: Request[Any, Any, Any]) -> Template:
    form = await request.form()
    raw = form.get("name")
    # One line: a browser's input has none, and the edge let only line breaks and tabs through forms.
    name = " ".join((raw if isinstance(raw, str) else "").split())[:100]
    if not name:
        return await _feeds_page(request, status_code=400, error=N_("Give the feed a name, such as “My bodies”."))
    user_id = principal_of(request).user_id
    assert user_id is not None
    settings: Settings = request.app.state.settings
    created = await private.create_personal_feed(
        user_id=user_id, data=PersonalFeedCreate(name=name), base_url=settings.base_url
    )
    # Rendered, not redirected: the secret must not travel in an address or be shown twice.
    return await _feeds_page(request, created=created)


@post("/account/feeds/{feed_id:int}/revoke", include_in_schema=False, guards=[signed_in], status_code=303)
async def feed_revoke(request: Request[Any, Any, Any], feed_id: IdPath) -> Redirect:
    await private.revoke_personal_feed(feed_id=feed_id, principal=principal_of(request))
    return Redirect(path="/account/feeds?done=revoked", status_code=303)


@post("/account/feeds/revoke-all", include_in_schema=False, guards=[signed_in], status_code=303)
async def feed_revoke_all(request: Request[Any, Any, Any]) -> Redirect:
    user_id = principal_of(request).user_id
    assert user_id is not None
    await private.revoke_all_personal_feeds(user_id=user_id)
    return Redirect(path="/account/feeds?done=revoked-all", status_code=303)
