"""The audit trail page: every recorded write, newest first, for the secretariat, said in sentences."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.params import FromQuery
from litestar.response import Template

from coordination.accounts.guards import secretariat_only
from coordination.audit import services
from coordination.audit.sentences import describe
from coordination.core.pages import list_url, offset_param, page, page_language
from coordination.core.pagination import DEFAULT_LIMIT


@get("/audit", include_in_schema=False, guards=[secretariat_only])
async def audit_list(
    request: Request[Any, Any, Any],
    object_type: FromQuery[str | None] = None,
    object_id: FromQuery[str | None] = None,
    action: FromQuery[str | None] = None,
    offset: FromQuery[str | None] = None,
) -> Template:
    start = offset_param(offset)
    filters = {"object_type": object_type or None, "object_id": object_id or None, "action": action or None}
    listed = await services.list_records(
        object_type=filters["object_type"],
        object_id=filters["object_id"],
        action=filters["action"],
        limit=DEFAULT_LIMIT,
        offset=start,
    )
    following = start + DEFAULT_LIMIT
    return await page(
        request,
        "audit/list.html",
        records=listed.items,
        sentences=await describe(listed.items, page_language(request)),
        total=listed.total,
        filters=filters,
        previous_url=list_url("/audit", max(0, start - DEFAULT_LIMIT), **filters) if start else None,
        next_url=list_url("/audit", following, **filters) if following < listed.total else None,
    )
