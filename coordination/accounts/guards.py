"""Who may do what: the ``Principal`` of a request, Litestar guards, and the permission helpers.

The accounts middleware resolves the principal once per request (session
cookie on pages, bearer token on the API) and stores it in the request state;
``principal_of(request)`` reads it. Route handlers use the guards
(``guards=[secretariat_only]``) or call the helpers and ``require()`` for
rules that depend on the object (this member, that body).

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

from coordination.accounts.enums import Role
from coordination.accounts.schemas import ANONYMOUS, Principal
from coordination.bodies import services as bodies
from coordination.core.errors import http_error_handler
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
    "body_ids_with_members_only_access",
    "can_edit_body",
    "can_edit_body_named",
    "can_edit_member",
    "can_edit_member_named",
    "can_read_member_private",
    "can_read_member_private_named",
    "can_see_members_only",
    "principal_of",
    "require",
    "role_in",
    "secretariat_only",
    "signed_in",
    "template_globals",
    "visible_body_ids",
]


class SignInRequired(NotAuthorizedException):
    """401: nobody is signed in (or the API token is missing, unknown, revoked, or its account disabled)."""

    detail = "sign in first"


class Forbidden(PermissionDeniedException):
    """403: signed in, but this is not theirs."""

    detail = "you are not allowed to do this"


class CsrfRejected(PermissionDeniedException):
    detail = "the form could not be checked (it may have expired); reload the page and send it again"


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
    if not principal.is_secretariat:
        raise Forbidden("only the secretariat may do this")


def role_in(*roles: Role) -> Any:
    """A guard letting in signed-in people with one of ``roles`` (the secretariat always)."""

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        principal = principal_of(connection)
        if not principal.is_authenticated:
            raise SignInRequired()
        if not (principal.is_secretariat or principal.role in roles):
            raise Forbidden()

    return guard


def require(allowed: bool, *, hide: bool = False, detail: str | None = None) -> None:
    """Stop here unless ``allowed``: 404 when ``hide`` (the thing's very existence must not leak), else 403."""
    if allowed:
        return
    if hide:
        raise NotFoundException(detail or "not found")
    raise Forbidden(detail) if detail else Forbidden()


# ------------------------------------------------------------------ permission helpers


def can_edit_member(principal: Principal, *, member_id: int) -> bool:
    """The member's own data (name, people…) and the progress reports it owes: its focal point, or the secretariat."""
    return principal.is_secretariat or (principal.role is Role.focal_point and principal.member_id == member_id)


def can_edit_body(principal: Principal, *, body_id: int) -> bool:
    """A body's activities, events and progress reports: its lead, or the secretariat.

    Creating, renaming or deleting bodies, memberships and leadership terms is
    the secretariat's alone (use ``secretariat_only``).
    """
    return principal.is_secretariat or (principal.role is Role.body_lead and principal.body_id == body_id)


def can_edit_body_named(principal: Principal, *, body_slug: str) -> bool:
    """``can_edit_body`` for a body named by its slug, as requests and answers name it."""
    return principal.is_secretariat or (principal.role is Role.body_lead and principal.body_slug == body_slug)


def can_edit_member_named(principal: Principal, *, member_slug: str) -> bool:
    """``can_edit_member`` for a member named by its slug."""
    return principal.is_secretariat or (principal.role is Role.focal_point and principal.member_slug == member_slug)


async def body_ids_with_members_only_access(principal: Principal) -> set[int] | None:
    """The bodies whose members-only events (and other members-only content) ``principal`` may read.

    None means every body (the secretariat); an empty set means none (the
    public). A body lead reads their body; a focal point, the bodies their
    member currently belongs to.
    """
    if principal.is_secretariat:
        return None
    if principal.role is Role.body_lead and principal.body_id is not None:
        return {principal.body_id}
    if principal.role is Role.focal_point and principal.member_slug is not None:
        return set(await bodies.body_ids_for_member(member_slug=principal.member_slug))
    return set()


async def can_see_members_only(principal: Principal, *, body_id: int) -> bool:
    readable = await body_ids_with_members_only_access(principal)
    return readable is None or body_id in readable


async def visible_body_ids(connection: ASGIConnection[Any, Any, Any, Any]) -> set[int] | None:
    """For the events services' ``visible_body_ids``: whose members-only events the person asking may read."""
    return await body_ids_with_members_only_access(principal_of(connection))


async def can_read_member_private_named(principal: Principal, *, member_slug: str) -> bool:
    """``can_read_member_private`` for a member named by its slug (404 if there is none)."""
    if not principal.is_authenticated:
        return False
    return await can_read_member_private(principal, member_id=await members.member_id(slug=member_slug))


async def can_read_member_private(principal: Principal, *, member_id: int) -> bool:
    """A member's non-public details (people's emails): the secretariat, its focal point, or a lead of its body."""
    if can_edit_member(principal, member_id=member_id):
        return True
    if principal.role is Role.body_lead and principal.body_slug is not None:
        return member_id in await bodies.member_ids_in_body(body_slug=principal.body_slug)
    return False


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
    """``current_principal()`` in every template: who is signed in (``.is_authenticated``, ``.name``, ``.role``…)."""
    return {"current_principal": _current_principal}
