"""The activities: the list with its filters, and one activity with its plan, progress, deliverables, partners,
participants and events."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Request, get
from litestar.params import FromQuery, QueryParameter
from litestar.response import Template

from coordination.accounts.guards import may_edit_body, visible_body_ids
from coordination.activities import services as activities
from coordination.activities.enums import ActivityStatus
from coordination.bodies import services as bodies
from coordination.core.collation import sort_by_name
from coordination.core.pages import choice, found, list_url, offset_param, page, page_language
from coordination.core.pagination import DEFAULT_LIMIT, MAX_LIMIT
from coordination.core.params import IdPath
from coordination.events import services as events
from coordination.network import services as network

# The years a filter accepts: anything else in a hand-edited address is no filter.
MIN_YEAR = 1900
# An activity's page lists this many of its events at most (in date order), then links to its body's events.
ACTIVITY_EVENTS_SHOWN = 100
MAX_YEAR = 2200


@get("/activities/{activity_id:int}", include_in_schema=False)
async def activity_detail(request: Request[Any, Any, Any], activity_id: IdPath) -> Template:
    activity = await found(request, activities.get_activity(activity_id=activity_id))
    visible = await visible_body_ids(request)
    related = await events.list_events(
        activity_id=activity.id, visible_body_ids=visible, limit=ACTIVITY_EVENTS_SHOWN + 1, count_total=False
    )
    return await page(
        request,
        "activities/detail.html",
        activity=activity,
        may_edit=await may_edit_body(request, body_slug=activity.body.slug),
        related_events=related.items[:ACTIVITY_EVENTS_SHOWN],
        more_events=len(related.items) > ACTIVITY_EVENTS_SHOWN,
    )


@get("/activities", include_in_schema=False)
async def activity_list(
    request: Request[Any, Any, Any],
    # Litestar keeps the name `body` for the request body, hence the alias.
    body_slug: Annotated[str | None, QueryParameter(name="body")] = None,
    priority: FromQuery[str | None] = None,
    status: FromQuery[str | None] = None,
    year: FromQuery[str | None] = None,
    offset: FromQuery[str | None] = None,
) -> Template:
    """Every activity in plan order, filtered by body, priority, status and the year it runs in.

    Filters are read leniently, as on the events list: an unknown value (a stale bookmark) is no filter.
    """
    language = page_language(request)
    all_bodies = sort_by_name((await bodies.list_bodies(limit=MAX_LIMIT)).items, language)
    priorities = await network.list_priorities()
    chosen_body = body_slug if any(body.slug == body_slug for body in all_bodies) else None
    chosen_priority = priority if any(p.code == priority for p in priorities) else None
    chosen_status = choice(ActivityStatus, status)
    chosen_year = int(year) if year and year.isdigit() and MIN_YEAR <= int(year) <= MAX_YEAR else None
    start = offset_param(offset)
    listed = await activities.list_activities(
        body=chosen_body,
        priority=chosen_priority,
        status=chosen_status,
        from_date=date(chosen_year, 1, 1) if chosen_year else None,
        to_date=date(chosen_year, 12, 31) if chosen_year else None,
        limit=DEFAULT_LIMIT,
        offset=start,
    )
    filters = {
        "body": chosen_body,
        "priority": chosen_priority,
        "status": chosen_status.value if chosen_status else None,
        "year": str(chosen_year) if chosen_year else None,
    }
    following = start + DEFAULT_LIMIT
    this_year = date.today().year
    return await page(
        request,
        "activities/list.html",
        activities=listed.items,
        total=listed.total,
        bodies=all_bodies,
        priorities=priorities,
        statuses=list(ActivityStatus),
        years=list(range(this_year + 2, this_year - 12, -1)),
        form=filters,
        filtered=any(filters.values()),
        previous_url=list_url("/activities", max(0, start - DEFAULT_LIMIT), **filters) if start else None,
        next_url=list_url("/activities", following, **filters) if following < listed.total else None,
    )
