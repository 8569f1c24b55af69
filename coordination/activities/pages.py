"""The page of one activity: its plan, progress, deliverables, partners, participants and events."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.response import Template

from coordination.accounts.guards import may_edit_body, visible_body_ids
from coordination.activities import services as activities
from coordination.core.pages import found, page
from coordination.core.params import IdPath
from coordination.events import services as events


@get("/activities/{activity_id:int}", include_in_schema=False)
async def activity_detail(request: Request[Any, Any, Any], activity_id: IdPath) -> Template:
    activity = await found(request, activities.get_activity(activity_id=activity_id))
    # The events service filters by body, not by activity: an activity's events are among its body's.
    visible = await visible_body_ids(request)
    body_events = (await events.list_events(body_slug=activity.body.slug, visible_body_ids=visible, limit=None)).items
    return await page(
        request,
        "activities/detail.html",
        activity=activity,
        may_edit=await may_edit_body(request, body_slug=activity.body.slug),
        related_events=[event for event in body_events if event.activity and event.activity.id == activity.id],
    )
