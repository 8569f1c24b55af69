"""The home page and the page of each strategic priority (the settings' form is in ``form_pages.py``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, get
from litestar.params import FromPath
from litestar.response import Template

from coordination.accounts.guards import visible_body_ids
from coordination.activities import services as activities
from coordination.activities.enums import ActivityStatus
from coordination.bodies import services as bodies
from coordination.bodies.enums import BodyKind
from coordination.core.collation import sort_by_name
from coordination.core.i18n import N_
from coordination.core.pages import found, page, page_language
from coordination.core.pagination import MAX_LIMIT
from coordination.events import services as events
from coordination.members import services as members
from coordination.members.enums import MemberKind
from coordination.network import services

HOME_UPCOMING = 5
INVALID_SETTING = N_("Check this value: a name on one line, an https address for the logo, a colour such as #0b5cad.")
HOME_RECENT = 5
# Bodies listed on the home page, by name, then a link to all of them: a network of 200 bodies is not read there.
HOME_BODIES = 20


@get("/", include_in_schema=False)
async def home(request: Request[Any, Any, Any]) -> Template:
    today = date.today()
    # Three GROUP BY queries, listed in the vocabularies' order.
    by_member_kind = await members.count_by_kind()
    by_body_kind = await bodies.count_by_kind()
    by_status = await activities.count_by_status()
    member_counts = [(kind, by_member_kind.get(kind, 0)) for kind in MemberKind]
    body_counts = [(kind, by_body_kind.get(kind, 0)) for kind in BodyKind]
    activity_counts = [(status, by_status.get(status, 0)) for status in ActivityStatus]
    some_bodies = await bodies.list_bodies(limit=HOME_BODIES, language=page_language(request))
    visible = await visible_body_ids(request)
    return await page(
        request,
        "network/home.html",
        member_counts=[(kind, count) for kind, count in member_counts if count],
        member_total=sum(count for _, count in member_counts),
        body_counts=[(kind, count) for kind, count in body_counts if count],
        body_total=sum(count for _, count in body_counts),
        activity_counts=[(status, count) for status, count in activity_counts if count],
        activity_total=sum(count for _, count in activity_counts),
        priorities=await services.list_priorities(),
        bodies=some_bodies.items,
        more_bodies=some_bodies.total > len(some_bodies.items),
        upcoming=await events.upcoming_events(today=today, limit=HOME_UPCOMING, visible_body_ids=visible),
        recent=await events.recent_events(today=today, limit=HOME_RECENT, visible_body_ids=visible),
    )


@get("/priorities/{code:str}", include_in_schema=False)
async def priority_detail(request: Request[Any, Any, Any], code: FromPath[str]) -> Template:
    """One strategic priority: its activities, body by body (bodies by name as the reader sorts them)."""
    priority = await found(request, services.get_priority(code=code))
    listed = await activities.list_activities(priority=priority.code, limit=MAX_LIMIT)
    by_body: dict[str, list[Any]] = {}
    for activity in listed.items:
        by_body.setdefault(activity.body.slug, []).append(activity)
    groups = sort_by_name(
        [(items[0].body, items) for items in by_body.values()],
        page_language(request),
        key=lambda group: group[0].name,
    )
    return await page(
        request,
        "network/priority.html",
        priority=priority,
        groups=groups,
        total=listed.total,
        priorities=await services.list_priorities(),
    )
