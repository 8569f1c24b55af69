"""The pages of the members: the list (filtered by kind), and one member with its bodies and activities.

Pages show people's names and titles to everyone; their email addresses only
to those who work with the member (the secretariat, its focal point, the
leads of its bodies: ``accounts.rules.can_read_member_private``).
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.params import FromQuery
from litestar.response import Template

from coordination.accounts.guards import may_read_member_private
from coordination.activities import services as activities
from coordination.bodies import services as bodies
from coordination.core import i18n
from coordination.core.i18n import N_
from coordination.core.pages import choice, found, list_url, offset_param, page, page_language
from coordination.core.pagination import DEFAULT_LIMIT, MAX_LIMIT
from coordination.core.params import SlugPath
from coordination.feeds import services as feeds
from coordination.members import services as members
from coordination.members.enums import MemberKind

# The member's feed holds the public events of the bodies it belongs to or leads today.
MEMBER_FEED_TITLE = N_("%(member)s: events of its bodies")


@get("/members", include_in_schema=False)
async def member_list(
    request: Request[Any, Any, Any], kind: FromQuery[str | None] = None, offset: FromQuery[str | None] = None
) -> Template:
    # A kind that is not one of ours (a stale bookmark) lists every member rather than failing.
    chosen = choice(MemberKind, kind)
    start = offset_param(offset)
    listed = await members.list_members(kind=chosen, limit=DEFAULT_LIMIT, offset=start)
    filters = {"kind": chosen.value if chosen else None}
    following = start + DEFAULT_LIMIT
    return await page(
        request,
        "members/list.html",
        members=listed.items,
        total=listed.total,
        kinds=list(MemberKind),
        chosen_kind=chosen,
        unknown_kind=bool(kind) and chosen is None,
        export_query=list_url("", 0, **filters).lstrip("?"),
        previous_url=list_url("/members", max(0, start - DEFAULT_LIMIT), **filters) if start else None,
        next_url=list_url("/members", following, **filters) if following < listed.total else None,
    )


@get("/members/{slug:str}", include_in_schema=False)
async def member_detail(request: Request[Any, Any, Any], slug: SlugPath) -> Template:
    member = await found(request, members.get_member(slug=slug, include_private=False))
    if await may_read_member_private(request, member_slug=slug):
        member = await members.get_member(slug=slug)
    return await page(
        request,
        "members/detail.html",
        member=member,
        member_bodies=await bodies.member_bodies(member_slug=slug),
        activities=(await activities.list_activities(member=slug, limit=MAX_LIMIT)).items,
        subscribe=await feeds.subscribe_links_for(
            feeds.member_scope(slug=slug),
            base_url=request.app.state.settings.base_url,
            title=i18n.gettext(page_language(request), MEMBER_FEED_TITLE) % {"member": member.name},
        ),
    )
