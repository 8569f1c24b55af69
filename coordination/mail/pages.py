"""The outbox page: what the service sent, what waits, and what could not be sent, for the secretariat."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.background_tasks import BackgroundTask
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from coordination.accounts.guards import secretariat_only
from coordination.core.errors import ServiceError
from coordination.core.i18n import N_
from coordination.core.pages import list_url, offset_param, page, page_language
from coordination.core.pagination import DEFAULT_LIMIT
from coordination.mail import services
from coordination.mail.enums import STATUS_LABELS, MessageStatus

NOTICES = {"retried": N_("The message will be sent again in a moment.")}


async def _outbox_page(
    request: Request[Any, Any, Any], *, troubled: bool, start: int, status_code: int = 200, **context: Any
) -> Template:
    listed = await services.list_messages(troubled_only=troubled, limit=DEFAULT_LIMIT, offset=start)
    filters = {"troubled": "1" if troubled else None}
    following = start + DEFAULT_LIMIT
    values: dict[str, Any] = {"notice": None, "error": None}
    values.update(context)
    return await page(
        request,
        "mail/outbox.html",
        status_code=status_code,
        messages=listed.items,
        total=listed.total,
        troubled=troubled,
        troubled_count=await services.count_troubled(),
        status_labels={status.value: label for status, label in STATUS_LABELS.items()},
        failed=MessageStatus.failed.value,
        previous_url=list_url("/outbox", max(0, start - DEFAULT_LIMIT), **filters) if start else None,
        next_url=list_url("/outbox", following, **filters) if following < listed.total else None,
        **values,
    )


@get("/outbox", include_in_schema=False, guards=[secretariat_only])
async def outbox_list(
    request: Request[Any, Any, Any],
    troubled: FromQuery[str | None] = None,
    offset: FromQuery[str | None] = None,
    done: FromQuery[str | None] = None,
) -> Template:
    return await _outbox_page(
        request, troubled=bool(troubled), start=offset_param(offset), notice=NOTICES.get(done or "")
    )


@post("/outbox/{message_id:int}/retry", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def outbox_retry(request: Request[Any, Any, Any], message_id: FromPath[int]) -> Redirect | Template:
    try:
        await services.retry(message_id=message_id)
    except ServiceError as exc:
        return await _outbox_page(
            request,
            troubled=False,
            start=0,
            status_code=exc.status_code,
            error=exc.message_in(page_language(request)),
        )
    # Tried again once this answer has gone, rather than at the sender's next run.
    return Redirect(
        path="/outbox?done=retried",
        status_code=303,
        background=BackgroundTask(services.send_due, request.app.state.settings),
    )
