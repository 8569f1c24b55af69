"""The pages of the bodies: the list, and one body with its people, work and events."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from litestar import Request, get
from litestar.response import Template

from coordination.accounts.guards import may_edit_body, secretariat_may, visible_body_ids
from coordination.activities import services as activities
from coordination.bodies import leadership, memberships
from coordination.bodies import services as bodies
from coordination.bodies.enums import BodyKind
from coordination.core.collation import sort_key
from coordination.core.pages import found, page, page_language
from coordination.core.pagination import MAX_LIMIT
from coordination.core.params import SlugPath
from coordination.events import services as events
from coordination.feeds import services as feeds
from coordination.reporting import services as reporting

_KIND_ORDER = {kind: position for position, kind in enumerate(BodyKind)}

# A body page stays small however big the body grows: the rest is one link away (/members?body=, /events?body=).
BODY_PAGE_MEMBERS = 60
BODY_PAGE_EVENTS = 10


@get("/bodies", include_in_schema=False)
async def body_list(request: Request[Any, Any, Any]) -> Template:
    listed = await bodies.list_bodies(limit=MAX_LIMIT)
    language = page_language(request)
    # By kind in the order the vocabulary gives (councils first), then by name.
    ordered = sorted(listed.items, key=lambda body: (_KIND_ORDER[body.kind], sort_key(body.name, language)))
    return await page(
        request, "bodies/list.html", bodies=ordered, total=listed.total, may_create=secretariat_may(request)
    )


@get("/bodies/{slug:str}", include_in_schema=False)
async def body_detail(request: Request[Any, Any, Any], slug: SlugPath) -> Template:
    body = await found(request, bodies.get_body(slug=slug))
    today = date.today()
    visible = await visible_body_ids(request)
    # One more than shown, to know whether to link to the rest; past events read newest first.
    upcoming = await events.list_events(
        body_slug=slug, date_from=today, visible_body_ids=visible, limit=BODY_PAGE_EVENTS + 1, count_total=False
    )
    # Listed by first day: a few more, as an event begun before today and still going on is not past.
    past = await events.list_events(
        body_slug=slug,
        date_to=today - timedelta(days=1),
        visible_body_ids=visible,
        limit=BODY_PAGE_EVENTS + 6,
        newest_first=True,
        count_total=False,
    )
    past_events = [event for event in past.items if event.last_day < today]
    members = await memberships.first_body_members(slug=slug, limit=BODY_PAGE_MEMBERS)
    manage = secretariat_may(request)
    return await page(
        request,
        "bodies/detail.html",
        body=body,
        manage=manage,
        may_edit=manage or await may_edit_body(request, body_slug=slug),
        # Every membership and term, past ones too, for the secretariat to correct.
        all_terms=(await leadership.list_terms(body_slug=slug, limit=100_000)).items if manage else [],
        all_memberships=(await memberships.list_memberships(body_slug=slug, limit=100_000)).items if manage else [],
        # Most recent name first: "formerly …" reads back in time.
        history=list(reversed(body.history)),
        members=members.items,
        member_total=members.total,
        priority_groups=await activities.activities_by_priority(body_slug=slug),
        # Approving a progress report applies its statuses and percentages to the activities shown here.
        approved_report=await reporting.latest_approval(body=slug),
        upcoming=upcoming.items[:BODY_PAGE_EVENTS],
        more_upcoming=len(upcoming.items) > BODY_PAGE_EVENTS,
        today_iso=today.isoformat(),
        past=past_events[:BODY_PAGE_EVENTS],
        more_past=len(past_events) > BODY_PAGE_EVENTS,
        subscribe=await feeds.subscribe_links_for(
            base_url=request.app.state.settings.base_url, scope=feeds.body_scope(slug=slug), title=body.name
        ),
    )
