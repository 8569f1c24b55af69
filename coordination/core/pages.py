"""What every server-rendered page shares: its language, the layout's site context, and small page helpers.

Core imports no domain, so what the layout needs from the domains (the
network's name, the labels of closed vocabularies, display helpers bound to a
language) is handed in once by the app factory as a ``PageSite`` kept in the
app's state (see ``coordination/display.py``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

from litestar import Request
from litestar.datastructures import Cookie
from litestar.exceptions import NotFoundException
from litestar.response import Template

from coordination.core import i18n
from coordination.core.edge import csp_nonce
from coordination.core.errors import NotFound, ServiceError
from coordination.core.schemas import MAX_INT

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)

LANGUAGE_COOKIE = "lang"
PAGE_SITE_KEY = "page_site"
# The error handlers render without the database (Litestar calls them synchronously),
# so they show the site name the last page rendered with.
_SITE_NAME_KEY = "site_name"
DEFAULT_SITE_NAME = "Our network"


@dataclass(frozen=True)
class SiteContext:
    name: str  # the network's name, shown in every page's header and title
    context: dict[str, Any]  # what the layout reads besides (the network's settings…)


@dataclass(frozen=True)
class PageSite:
    """What every page's layout needs from the domains."""

    load: Callable[[], Awaitable[SiteContext]]
    labels: Mapping[str, Mapping[Any, str]] = field(default_factory=dict)
    helpers: Callable[[str], dict[str, Callable[..., str]]] = lambda _language: {}


def page_language(request: Request[Any, Any, Any]) -> str:
    """``?lang=`` first (the language switch), then the cookie it set, then the browser's preference."""
    return (
        i18n.normalise_language(request.query_params.get("lang"))
        or i18n.normalise_language(request.cookies.get(LANGUAGE_COOKIE))
        or i18n.negotiate(request.headers.get("accept-language"))
        or i18n.DEFAULT_LANGUAGE
    )


def link_path(request: Request[Any, Any, Any]) -> str:
    """The page's path as a link to itself: percent-encoded, and never ``//host/…``.

    Browsers read ``//evil.example/x`` (and ``/\\evil.example/x``) as another
    site, so the leading slashes and backslashes of an address someone
    crafted are folded into one before the language switch or the sign-in
    link repeat it.
    """
    return "/" + quote(request.url.path, safe="/:@!$&'()*+,;=-._~").lstrip("/\\")


def render(request: Request[Any, Any, Any], template_name: str, status_code: int = 200, **context: Any) -> Template:
    language = page_language(request)
    cookies = []
    chosen = i18n.normalise_language(request.query_params.get("lang"))
    if chosen and chosen != request.cookies.get(LANGUAGE_COOKIE):
        # Remember the switch so the next link the person follows stays in their language.
        cookies.append(
            Cookie(key=LANGUAGE_COOKIE, value=chosen, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
        )
    return Template(
        template_name=template_name,
        context={
            "lang": language,
            "request_path": link_path(request),
            # The Content-Security-Policy allows inline scripts carrying this (core/edge.py).
            "csp_nonce": csp_nonce(request.scope),
            **context,
        },
        status_code=status_code,
        cookies=cookies,
        headers={"Content-Language": language, "Vary": "Cookie, Accept-Language"},
    )


def _site(request: Request[Any, Any, Any]) -> PageSite:
    site = request.app.state.get(PAGE_SITE_KEY)
    if not isinstance(site, PageSite):
        raise RuntimeError("the app factory must put a PageSite in app.state (core.pages.PAGE_SITE_KEY)")
    return site


def site_name_for_errors(request: Request[Any, Any, Any]) -> str:
    return str(request.app.state.get(_SITE_NAME_KEY) or DEFAULT_SITE_NAME)


async def _load_site(request: Request[Any, Any, Any]) -> SiteContext:
    loaded = await _site(request).load()
    request.app.state[_SITE_NAME_KEY] = loaded.name
    return loaded


def _query_without_language(request: Request[Any, Any, Any]) -> str:
    """The page's query string without ``lang``, so the language switch keeps a list's filters."""
    return urlencode([(key, value) for key, value in request.query_params.multi_items() if key != "lang"])


async def page(
    request: Request[Any, Any, Any], template_name: str, *, status_code: int = 200, **context: Any
) -> Template:
    """Render a page inside the base layout, which shows the network's name, with the display helpers at hand."""
    site = _site(request)
    loaded = await _load_site(request)
    shared: dict[str, Any] = {
        **loaded.context,
        "other_query": _query_without_language(request),
        "labels": site.labels,
        **site.helpers(page_language(request)),
    }
    return render(request, template_name, status_code=status_code, **shared, **context)


async def found(request: Request[Any, Any, Any], lookup: Awaitable[T]) -> T:
    """The looked-up thing, or the HTML "page not found" (status 404) when a service says it does not exist."""
    try:
        return await lookup
    except NotFound as exc:
        await _load_site(request)
        raise NotFoundException(exc.detail) from exc


def offset_param(value: str | None) -> int:
    """A list page's ``offset``: a hand-edited address with a bad one shows the first page rather than an error.

    Never beyond what the database can take (``MAX_INT``): past the last page, the page is empty.
    """
    try:
        return min(MAX_INT, max(0, int(value or 0)))
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


def form_errors(
    request: Request[Any, Any, Any], exc: ServiceError, fields: Mapping[str, str] | None = None
) -> dict[str, str]:
    """A refused form's errors in the page's language, by form field ("" for the form as a whole).

    ``fields`` renames the service's fields to the form's (a service says
    ``assignments[0].member`` where the form has ``focal_member``); a field the
    form does not show goes to "".
    """
    language = page_language(request)
    if not exc.errors:
        return {"": exc.message_in(language)}
    shown: dict[str, str] = {}
    for error in exc.errors:
        name = error.field if fields is None else fields.get(error.field, "")
        shown.setdefault(name, error.message_in(language))
    return shown
