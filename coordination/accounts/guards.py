"""The HTTP side of permissions: the ``Principal`` of a request, Litestar guards, and answers to denials.

The accounts middleware resolves the principal once per request (session
cookie on pages, bearer token on the API) and stores it in the request state;
``principal_of(request)`` reads it. The rules themselves are in ``rules.py``
(no HTTP there): route handlers use the guards here
(``guards=[secretariat_only]``), or look up the object a rule is about and
``require(rules.can_edit_body(...))``; the ``require_*`` helpers below do
that lookup for the rules routes ask most.

Denials answer the way the asker can use: the API gets the usual JSON error
(401 with ``WWW-Authenticate: Bearer``, or 403); a page asked by someone not
signed in redirects to the sign-in page and comes back; a signed-in person
who may not see a page gets a 403 page saying so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from jinja2 import pass_context
from jinja2.runtime import Context
from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, NotFoundException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.response import Redirect

from coordination.accounts import rules
from coordination.accounts.schemas import ANONYMOUS, Principal
from coordination.bodies import services as bodies
from coordination.core.errors import http_error_handler
from coordination.core.i18n import N_
from coordination.core.pages import render, site_name_for_errors
from coordination.members import services as members

PRINCIPAL_KEY = "principal"

__all__ = [
    "ANONYMOUS",
    "EXCEPTION_HANDLERS",
    "CsrfRejected",
    "Forbidden",
    "Principal",
    "SignInRequired",
    "may_edit_any_body",
    "may_edit_body",
    "may_edit_member",
    "may_read_member_private",
    "principal_of",
    "require",
    "require_body_editor",
    "require_member_editor",
    "secretariat_may",
    "secretariat_only",
    "signed_in",
    "template_globals",
    "visible_body_ids",
]


class SignInRequired(NotAuthorizedException):
    """401: nobody is signed in (or the API token is missing, unknown, revoked, or its account disabled)."""

    detail = N_("sign in first")


class Forbidden(PermissionDeniedException):
    """403: signed in, but this is not theirs."""

    detail = N_("you are not allowed to do this")


class CsrfRejected(PermissionDeniedException):
    detail = N_("the form could not be checked (it may have expired); reload the page and send it again")


def principal_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal:
    """Who is asking; ``ANONYMOUS`` (the public) when nobody is signed in."""
    state = connection.scope.get("state") or {}
    principal = state.get(PRINCIPAL_KEY)
    return principal if isinstance(principal, Principal) else ANONYMOUS


# ------------------------------------------------------------------ guards


def signed_in(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    if not principal_of(connection).is_authenticated:
        raise SignInRequired()


def secretariat_only(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    principal = principal_of(connection)
    if not principal.is_authenticated:
        raise SignInRequired()
    if not rules.is_secretariat(principal):
        raise Forbidden(N_("only the secretariat may do this"))


def require(allowed: bool, *, hide: bool = False, detail: str | None = None) -> None:
    """Stop here unless ``allowed``: 404 when ``hide`` (the thing's very existence must not leak), else 403."""
    if allowed:
        return
    if hide:
        raise NotFoundException(detail or "not found")
    raise Forbidden(detail) if detail else Forbidden()


# ------------------------------------------------------------------ the rules routes ask, for what they name by slug


async def require_body_editor(
    connection: ASGIConnection[Any, Any, Any, Any], *, body_slug: str, detail: str, field: str | None = None
) -> None:
    """403 unless the person asking may change the activities and events of the body ``body_slug``."""
    body_id = await bodies.body_id(slug=body_slug, field=field)
    require(rules.can_edit_body(principal_of(connection), body_id=body_id), detail=detail)


async def require_member_editor(connection: ASGIConnection[Any, Any, Any, Any], *, member_slug: str) -> None:
    """403 unless the person asking may change the member ``member_slug`` and its people."""
    member_id = await members.member_id(slug=member_slug)
    require(rules.can_edit_member(principal_of(connection), member_id=member_id), detail=N_("not your member"))


async def may_read_member_private(connection: ASGIConnection[Any, Any, Any, Any], *, member_slug: str) -> bool:
    """Whether the person asking may read the email addresses of the people of ``member_slug`` (404 if none)."""
    principal = principal_of(connection)
    if not principal.is_authenticated:
        return False
    return await rules.can_read_member_private(principal, member_id=await members.member_id(slug=member_slug))


async def may_edit_member(connection: ASGIConnection[Any, Any, Any, Any], *, member_slug: str) -> bool:
    """Whether the person asking may change the member ``member_slug`` and its people (for "Edit" buttons)."""
    principal = principal_of(connection)
    if not principal.is_authenticated:
        return False
    return rules.can_edit_member(principal, member_id=await members.member_id(slug=member_slug))


async def may_edit_body(connection: ASGIConnection[Any, Any, Any, Any], *, body_slug: str) -> bool:
    """Whether the person asking may change the activities and events of ``body_slug`` (for "Edit" buttons)."""
    principal = principal_of(connection)
    if not principal.is_authenticated:
        return False
    return rules.can_edit_body(principal, body_id=await bodies.body_id(slug=body_slug))


def may_edit_any_body(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    """Whether the person asking may add activities and events to some body (for "Add" buttons)."""
    principal = principal_of(connection)
    return rules.is_secretariat(principal) or bool(principal.lead_body_ids)


def secretariat_may(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    """Whether the person asking has the secretariat's rights (for "Add" and "Delete" buttons)."""
    return rules.is_secretariat(principal_of(connection))


async def visible_body_ids(connection: ASGIConnection[Any, Any, Any, Any]) -> set[int] | None:
    """For the events services' ``visible_body_ids``: whose members-only events the person asking may read."""
    return await rules.body_ids_with_members_only_access(principal_of(connection))


# ------------------------------------------------------------------ answers to denials


def _is_api(request: Request[Any, Any, Any]) -> bool:
    return request.url.path.startswith(("/api/", "/schema", "/health"))


def _not_signed_in(request: Request[Any, Any, Any], exc: NotAuthorizedException) -> Response[Any]:
    if _is_api(request):
        answer = http_error_handler(request, exc)
        answer.headers["WWW-Authenticate"] = 'Bearer realm="coordination"'
        return answer
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return Redirect(path=f"/sign-in?next={quote(target, safe='')}", status_code=303)


def _forbidden(request: Request[Any, Any, Any], exc: PermissionDeniedException) -> Response[Any]:
    if _is_api(request):
        return http_error_handler(request, exc)
    return render(
        request,
        "accounts/forbidden.html",
        status_code=403,
        site_name=site_name_for_errors(request),
        message=exc.detail,
        form_expired=isinstance(exc, CsrfRejected),
    )


EXCEPTION_HANDLERS: dict[int | type[Exception], Callable[[Request[Any, Any, Any], Any], Response[Any]]] = {
    NotAuthorizedException: _not_signed_in,
    PermissionDeniedException: _forbidden,
}


@pass_context
def _current_principal(context: Context) -> Principal:
    request = context.get("request")
    return principal_of(request) if request is not None else ANONYMOUS


def template_globals() -> dict[str, Any]:
    """``current_principal()`` in every template: who is signed in (``.is_authenticated``, ``.name``…)."""
    return {"current_principal": _current_principal}
