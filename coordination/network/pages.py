"""The home page, and what every domain's pages share: ``page()``, ``found()`` and the display helpers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, TypeVar
from urllib.parse import urlencode

from babel import Locale
from babel.numbers import format_percent
from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.response import Template

from coordination.accounts.guards import visible_body_ids
from coordination.activities import services as activities
from coordination.activities.enums import ACTIVITY_STATUS_LABELS, ActivityStatus, DatePrecision
from coordination.activities.periods import describe_period, describe_planned
from coordination.activities.schemas import PeriodOut
from coordination.bodies import services as bodies
from coordination.bodies.enums import BODY_KIND_LABELS, BODY_STATUS_LABELS, LEADERSHIP_ROLE_LABELS, BodyKind
from coordination.core import i18n
from coordination.core.errors import NotFound
from coordination.core.pages import page_language, render
from coordination.core.pagination import MAX_LIMIT
from coordination.events import services as events
from coordination.events.enums import EVENT_KIND_LABELS, EVENT_STATUS_LABELS, VISIBILITY_LABELS
from coordination.events.schemas import EventOut
from coordination.members import services as members
from coordination.members.enums import MEMBER_KIND_LABELS, MemberKind
from coordination.network import services

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)

# The error handler renders without the database (Litestar's exception handlers
# are synchronous), so it shows the name the last page rendered with.
_NETWORK_NAME = "network_name"

# The English labels of every closed vocabulary, by value; templates translate them with ``_()``.
LABELS: dict[str, Mapping[Any, str]] = {
    "member_kind": MEMBER_KIND_LABELS,
    "body_kind": BODY_KIND_LABELS,
    "body_status": BODY_STATUS_LABELS,
    "role": LEADERSHIP_ROLE_LABELS,
    "activity_status": ACTIVITY_STATUS_LABELS,
    "event_kind": EVENT_KIND_LABELS,
    "event_status": EVENT_STATUS_LABELS,
    "visibility": VISIBILITY_LABELS,
}

HOME_UPCOMING = 5
HOME_RECENT = 5


def network_name_for_errors(request: Request[Any, Any, Any]) -> str:
    return str(request.app.state.get(_NETWORK_NAME) or services.DEFAULT_NETWORK_NAME)


def display_helpers(language: str) -> dict[str, Callable[..., str]]:
    """Formatting that needs the page language and more than a date: bound here, called from templates."""
    babel_locale = i18n.locale(language)
    territories = Locale.parse(babel_locale).territories

    def planned(period: PeriodOut | None) -> str:
        return describe_planned(period, language)

    def days(start: date, end: date) -> str:
        return describe_period(start, end, DatePrecision.day, language)

    def percent(value: int) -> str:
        return format_percent(value / 100, locale=babel_locale)

    def country_name(code: str) -> str:
        return str(territories.get(code.upper(), code))

    return {"describe_planned": planned, "describe_days": days, "format_percent": percent, "country_name": country_name}


def _query_without_language(request: Request[Any, Any, Any]) -> str:
    """The page's query string without ``lang``, so the language switch keeps a list's filters."""
    return urlencode([(key, value) for key, value in request.query_params.multi_items() if key != "lang"])


async def page(
    request: Request[Any, Any, Any], template_name: str, *, status_code: int = 200, **context: Any
) -> Template:
    """Render a page inside the base layout, which shows the network's name, with the display helpers at hand."""
    network = await services.get_network()
    request.app.state[_NETWORK_NAME] = network.name
    shared: dict[str, Any] = {
        "network": network,
        "other_query": _query_without_language(request),
        "labels": LABELS,
        **display_helpers(page_language(request)),
    }
    return render(request, template_name, status_code=status_code, **shared, **context)


async def found(request: Request[Any, Any, Any], lookup: Awaitable[T]) -> T:
    """The looked-up thing, or the HTML "page not found" (status 404) when a service says it does not exist."""
    try:
        return await lookup
    except NotFound as exc:
        request.app.state[_NETWORK_NAME] = (await services.get_network()).name
        raise NotFoundException(exc.detail) from exc


def offset_param(value: str | None) -> int:
    """A list page's ``offset``: a hand-edited address with a bad one shows the first page rather than an error."""
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0


def choice(vocabulary: type[E], value: str | None) -> E | None:
    """A filter's value from a closed vocabulary; anything else (empty, a stale bookmark) is no filter."""
    try:
        return vocabulary(value) if value else None
    except ValueError:
        return None


def list_url(path: str, offset: int, **filters: str | None) -> str:
    """The address of one page of a filtered list (empty filters left out)."""
    query = [(name, value) for name, value in filters.items() if value]
    if offset:
        query.append(("offset", str(offset)))
    return f"{path}?{urlencode(query)}" if query else path


async def recent_events(
    *, today: date, limit: int, body_slug: str | None = None, visible_body_ids: set[int] | None = None
) -> list[EventOut]:
    """The latest events over before ``today``, latest first (cancelled ones left out).

    ``visible_body_ids``: whose members-only events may be shown (``accounts.guards.visible_body_ids``).
    """
    before = today - timedelta(days=1)
    selection: dict[str, Any] = {
        "body_slug": body_slug,
        "date_to": before,
        "include_cancelled": False,
        "visible_body_ids": visible_body_ids,
    }
    total = (await events.list_events(**selection, limit=1)).total
    # Events are listed by first day; one that began before today and is still
    # going on belongs to the upcoming ones, so read a few more and drop those.
    window = limit + 5
    latest = await events.list_events(**selection, limit=window, offset=max(0, total - window))
    over = [event for event in latest.items if event.last_day < today]
    return list(reversed(over))[:limit]


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
    all_bodies = await bodies.list_bodies(limit=MAX_LIMIT)
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
        bodies=all_bodies.items,
        more_bodies=all_bodies.total > len(all_bodies.items),
        upcoming=await events.upcoming_events(today=today, limit=HOME_UPCOMING, visible_body_ids=visible),
        recent=await recent_events(today=today, limit=HOME_RECENT, visible_body_ids=visible),
    )
