"""The pages of the events: the list with its filters, and one event with its sessions.

Members-only events are shown, marked "Members only", to people signed in
with access to their body (``accounts.guards.visible_body_ids``); for anyone
else they do not exist: absent from the list and its count, 404 by address.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from litestar import Request, get
from litestar.params import FromQuery, QueryParameter
from litestar.response import Template

from coordination.accounts.guards import may_edit_any_body, may_edit_body, visible_body_ids
from coordination.bodies import services as bodies
from coordination.core import i18n
from coordination.core.collation import sort_key
from coordination.core.i18n import N_
from coordination.core.pages import choice, found, list_url, offset_param, page, page_language
from coordination.core.pagination import DEFAULT_LIMIT
from coordination.core.params import IdPath
from coordination.events import services as events
from coordination.events.enums import EVENT_KIND_LABELS, EVENT_STATUS_LABELS, EventKind, EventStatus
from coordination.feeds import services as feeds

BAD_DATE = N_("Enter a date such as 2021-12-06.")
WHEN_PAST = "past"
WHEN_ALL = "all"
TO_BEFORE_FROM = N_("This date comes before the “from” date.")
# Events counted past the page's end, at most: "more than 1,000 events" instead of counting thousands at every view.
EVENTS_COUNTED = 1_000


def _date(value: str | None) -> tuple[date | None, bool]:
    """A filter date and whether it was well formed; an empty field is no filter."""
    if not value:
        return None, True
    try:
        return date.fromisoformat(value), True
    except ValueError:
        return None, False


@get("/events", include_in_schema=False)
async def event_list(
    request: Request[Any, Any, Any],
    # Litestar keeps the name `body` for the request body, hence the aliases.
    body_slug: Annotated[str | None, QueryParameter(name="body")] = None,
    kind: FromQuery[str | None] = None,
    status: FromQuery[str | None] = None,
    date_from: Annotated[str | None, QueryParameter(name="from")] = None,
    date_to: Annotated[str | None, QueryParameter(name="to")] = None,
    when: FromQuery[str | None] = None,
    offset: FromQuery[str | None] = None,
) -> Template:
    """The list starts at today; ``when=past`` shows the events over before today (the latest page first),
    ``when=all`` every event. Chosen dates replace the default start."""
    # Filters are read leniently: a bad one is pointed out next to its field and left out, never a bare 400.
    # The filter's choices need a slug and a name: one query, not the bodies with their leadership.
    language = page_language(request)
    all_bodies = sorted((await bodies.all_body_summaries()).values(), key=lambda body: sort_key(body.name, language))
    errors: dict[str, str] = {}
    chosen_body = body_slug if body_slug and any(body.slug == body_slug for body in all_bodies) else None
    chosen_kind = choice(EventKind, kind)
    chosen_status = choice(EventStatus, status)
    first_day, from_ok = _date(date_from)
    last_day, to_ok = _date(date_to)
    if not from_ok:
        errors["from"] = BAD_DATE
    if not to_ok:
        errors["to"] = BAD_DATE
    if first_day is not None and last_day is not None and last_day < first_day:
        errors["to"] = TO_BEFORE_FROM
        last_day = None
    today = date.today()
    chosen_when = when if when in (WHEN_PAST, WHEN_ALL) else None
    shown_from, shown_to = first_day, last_day
    if chosen_when == WHEN_PAST:
        yesterday = today - timedelta(days=1)
        shown_to = min(last_day, yesterday) if last_day else yesterday
        if shown_from is not None and shown_from > shown_to:
            shown_from = None
    elif chosen_when is None and first_day is None and last_day is None:
        shown_from = today
    start = offset_param(offset)
    selection: dict[str, Any] = {
        "body_slug": chosen_body,
        "kind": chosen_kind,
        "status": chosen_status,
        "date_from": shown_from,
        "date_to": shown_to,
        "visible_body_ids": await visible_body_ids(request),
        "limit": DEFAULT_LIMIT,
    }
    # The past is read from its latest page back, so its first view needs the exact count; the others count up to
    # EVENTS_COUNTED beyond the page, which says whether there is a next page.
    counted_past = chosen_when == WHEN_PAST and offset is None
    listed = await events.list_events(
        **selection, offset=start, count_up_to=None if counted_past else start + EVENTS_COUNTED
    )
    if counted_past and listed.total > DEFAULT_LIMIT:
        start = listed.total - DEFAULT_LIMIT
        listed = await events.list_events(**selection, offset=start)
    filters = {
        "body": chosen_body,
        "kind": chosen_kind.value if chosen_kind else None,
        "status": chosen_status.value if chosen_status else None,
        "from": first_day.isoformat() if first_day else None,
        "to": last_day.isoformat() if last_day else None,
        "when": chosen_when,
    }
    plain = {key: value for key, value in filters.items() if key != "when"}
    following = start + DEFAULT_LIMIT
    # The feed follows the filters it supports; "to" it leaves out, so new events keep coming.
    feed_title = [body.name for body in all_bodies if body.slug == chosen_body]
    feed_title += [i18n.gettext(language, EVENT_KIND_LABELS[chosen_kind])] if chosen_kind else []
    feed_title += [i18n.gettext(language, EVENT_STATUS_LABELS[chosen_status])] if chosen_status else []
    subscribe = await feeds.subscribe_links_for(
        base_url=request.app.state.settings.base_url,
        scope=feeds.network_scope(body=chosen_body, kind=chosen_kind, status=chosen_status, date_from=first_day),
        title=", ".join(feed_title) or None,
    )
    return await page(
        request,
        "events/list.html",
        export_query=list_url("", 0, **filters).lstrip("?"),
        subscribe=subscribe,
        feed_ignores_to=last_day is not None,
        events=listed.items,
        total=listed.total,
        # Counted no further than start + EVENTS_COUNTED: "more than" that many.
        counted_beyond=start + EVENTS_COUNTED if not counted_past and listed.total > start + EVENTS_COUNTED else None,
        bodies=all_bodies,
        kinds=list(EventKind),
        statuses=list(EventStatus),
        # What the person typed stays in the form, even when it could not be used.
        form={
            "body": chosen_body,
            "kind": chosen_kind,
            "status": chosen_status,
            "from": date_from or "",
            "to": date_to or "",
        },
        errors=errors,
        may_create=may_edit_any_body(request),
        filtered=any(plain.values()),
        when=chosen_when or ("upcoming" if shown_from == today and first_day is None else None),
        upcoming_url=list_url("/events", 0, **{**plain, "from": None, "to": None}),
        past_url=list_url("/events", 0, **{**plain, "from": None, "to": None, "when": WHEN_PAST}),
        all_url=list_url("/events", 0, **{**plain, "from": None, "to": None, "when": WHEN_ALL}),
        previous_url=list_url("/events", max(0, start - DEFAULT_LIMIT), **filters) if start else None,
        next_url=list_url("/events", following, **filters) if following < listed.total else None,
    )


@get("/events/{event_id:int}", include_in_schema=False)
async def event_detail(request: Request[Any, Any, Any], event_id: IdPath) -> Template:
    event = await found(request, events.get_event(event_id=event_id, visible_body_ids=await visible_body_ids(request)))
    may_edit = await may_edit_body(request, body_slug=event.body.slug)
    return await page(request, "events/detail.html", event=event, may_edit=may_edit)
