"""The pages of the members: the list (filtered by kind), and one member with its bodies and activities.

Pages show people's names and titles to everyone; their email addresses only
to those who work with the member (the secretariat, its focal point, the
leads of its bodies: ``accounts.rules.can_read_member_private``).
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get
from litestar.params import FromQuery, QueryParameter
from litestar.response import Template

from coordination.accounts.guards import may_edit_member, may_read_member_private, secretariat_may
from coordination.activities import services as activities
from coordination.bodies import memberships
from coordination.bodies import services as bodies
from coordination.core import i18n
from coordination.core.errors import NotFound
from coordination.core.i18n import N_
from coordination.core.pages import choice, found, list_url, offset_param, page, page_language
from coordination.core.pagination import DEFAULT_LIMIT, MAX_LIMIT
from coordination.core.params import SlugPath
from coordination.feeds import services as feeds
from coordination.members import form_pages
from coordination.members import services as members
from coordination.members.enums import MemberKind

# The member's feed holds the public events of the bodies it belongs to or leads today.
MEMBER_FEED_TITLE = N_("%(member)s: events of its bodies")


@get("/members", include_in_schema=False)
async def member_list(
    request: Request[Any, Any, Any],
    kind: FromQuery[str | None] = None,
    offset: FromQuery[str | None] = None,
    # The current members of one body (the body page links here); Litestar keeps the name `body`, hence the alias.
    body_slug: Annotated[str | None, QueryParameter(name="body")] = None,
) -> Template:
    # A kind or a body that is not one of ours (a stale bookmark) lists every member rather than failing.
    chosen = choice(MemberKind, kind)
    start = offset_param(offset)
    in_body: list[int] | None = None
    if body_slug:
        try:
            in_body = await memberships.body_member_ids(slug=body_slug)
        except NotFound:
            body_slug = None
    listed = await members.list_members(
        kind=chosen, member_ids_in=in_body, limit=DEFAULT_LIMIT, offset=start, language=page_language(request)
    )
    filters = {"kind": chosen.value if chosen else None, "body": body_slug or None}
    following = start + DEFAULT_LIMIT
    return await page(
        request,
        "members/list.html",
        members=listed.items,
        total=listed.total,
        kinds=list(MemberKind),
        may_create=secretariat_may(request),
        chosen_kind=chosen,
        chosen_body=body_slug or None,
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
    may_edit = await may_edit_member(request, member_slug=slug)
    return await page(
        request,
        "members/detail.html",
        member=member,
        may_edit=may_edit,
        edit_links=form_pages.edit_links(request, member, may_edit=may_edit),
        member_bodies=await bodies.member_bodies(member_slug=slug),
        activities=(await activities.list_activities(member=slug, limit=MAX_LIMIT)).items,
        subscribe=await feeds.subscribe_links_for(
            feeds.member_scope(slug=slug),
            base_url=request.app.state.settings.base_url,
            title=i18n.gettext(page_language(request), MEMBER_FEED_TITLE) % {"member": member.name},
        ),
    )
