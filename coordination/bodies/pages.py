"""The pages of the bodies: the list, and one body with its people, work and events."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, get
from litestar.response import Template

from coordination.accounts.guards import visible_body_ids
from coordination.activities import services as activities
from coordination.bodies import memberships
from coordination.bodies import services as bodies
from coordination.bodies.enums import BodyKind
from coordination.core.collation import sort_key
from coordination.core.pages import found, page
from coordination.core.pagination import MAX_LIMIT
from coordination.core.params import SlugPath
from coordination.events import services as events
from coordination.feeds import services as feeds
from coordination.reporting import services as reporting

_KIND_ORDER = {kind: position for position, kind in enumerate(BodyKind)}


@get("/bodies", include_in_schema=False)
async def body_list(request: Request[Any, Any, Any]) -> Template:
    listed = await bodies.list_bodies(limit=MAX_LIMIT)
    # By kind in the order the vocabulary gives (councils first), then by name.
    ordered = sorted(listed.items, key=lambda body: (_KIND_ORDER[body.kind], sort_key(body.name)))
    return await page(request, "bodies/list.html", bodies=ordered, total=listed.total)


@get("/bodies/{slug:str}", include_in_schema=False)
async def body_detail(request: Request[Any, Any, Any], slug: SlugPath) -> Template:
    body = await found(request, bodies.get_body(slug=slug))
    today = date.today()
    visible = await visible_body_ids(request)
    body_events = (await events.list_events(body_slug=slug, visible_body_ids=visible, limit=None)).items
    return await page(
        request,
        "bodies/detail.html",
        body=body,
        # Most recent name first: "formerly …" reads back in time.
        history=list(reversed(body.history)),
        members=await memberships.body_members(slug=slug),
        priority_groups=await activities.activities_by_priority(body_slug=slug),
        # Approving a progress report applies its statuses and percentages to the activities shown here.
        approved_report=await reporting.latest_approval(body=slug),
        upcoming=[event for event in body_events if event.last_day >= today],
        past=[event for event in reversed(body_events) if event.last_day < today],
        subscribe=await feeds.subscribe_links_for(
            base_url=request.app.state.settings.base_url, scope=feeds.body_scope(slug=slug), title=body.name
        ),
    )
