"""The pages of accounts: sign in and out, accept an invitation, reset a password, your account, API tokens, users.

Every form carries the CSRF token (``{{ csrf_input|safe }}``); the middleware
refuses a form without it before these handlers run.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.background_tasks import BackgroundTask
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Redirect, Template

from coordination.accounts import invitations, services, sessions, tokens
from coordination.accounts.enums import ROLE_LABELS, Role
from coordination.accounts.guards import principal_of, secretariat_only, signed_in, visible_body_ids
from coordination.accounts.invitations import LinkNotUsable
from coordination.accounts.middleware import session_cookie
from coordination.accounts.schemas import InvitationCreate, TokenCreate
from coordination.bodies import memberships
from coordination.bodies import services as bodies
from coordination.core.edge import request_id
from coordination.core.errors import ServiceError
from coordination.core.i18n import N_
from coordination.core.pages import page
from coordination.core.pagination import MAX_LIMIT
from coordination.core.params import IdPath
from coordination.core.settings import Settings
from coordination.events import services as events
from coordination.members import services as members
from coordination.reporting import rules as reporting_rules
from coordination.reporting import services as reporting

logger = logging.getLogger("coordination.accounts")

NextPath = Annotated[str | None, QueryParameter(name="next", description="Where to go after signing in")]

# What the sign-in page says after a link was used.
DONE_MESSAGES = {
    "invitation": N_("Your password is set. Sign in with your email and your new password."),
    "reset": N_(
        "Your password has been changed. You were signed out everywhere, older password reset links no longer "
        "work, and your API tokens were revoked (make new ones under Your account, API tokens). "
        "Sign in with your new password."
    ),
    "signed-out": N_("You are signed out."),
}


def _settings(request: Request[Any, Any, Any]) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def safe_next(value: str | None) -> str:
    """Only a path on this site: a sign-in link must not send people elsewhere."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return "/"
    return value


def _address(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else ""


async def _form(request: Request[Any, Any, Any]) -> dict[str, str]:
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


# ------------------------------------------------------------------ sign in and out


@get("/sign-in", include_in_schema=False)
async def sign_in_form(
    request: Request[Any, Any, Any], next_path: NextPath = None, done: FromQuery[str | None] = None
) -> Template:
    return await page(
        request,
        "accounts/sign_in.html",
        next_path=safe_next(next_path),
        email="",
        error=None,
        notice=DONE_MESSAGES.get(done or ""),
    )


@post("/sign-in", include_in_schema=False, status_code=303)
async def sign_in(request: Request[Any, Any, Any]) -> Redirect | Template:
    form = await _form(request)
    email, next_path = form.get("email", ""), safe_next(form.get("next"))
    settings = _settings(request)
    try:
        signed = await sessions.sign_in(
            email=email,
            password=form.get("password", ""),
            address=_address(request),
            user_agent=request.headers.get("user-agent", ""),
            days=settings.session_days,
        )
    except sessions.TooManyAttempts as exc:
        answer = await page(
            request,
            "accounts/sign_in.html",
            status_code=429,
            next_path=next_path,
            email=email,
            error=exc.detail,
            notice=None,
        )
        answer.headers["Retry-After"] = str(exc.retry_after)
        return answer
    except sessions.SignInRefused as exc:
        return await page(
            request,
            "accounts/sign_in.html",
            status_code=401,
            next_path=next_path,
            email=email,
            error=exc.detail,
            notice=None,
        )
    max_age = settings.session_days * 24 * 3600
    return Redirect(
        path=next_path, status_code=303, cookies=[session_cookie(settings, signed.session_secret, max_age=max_age)]
    )


@get("/sign-out", include_in_schema=False)
async def sign_out_form(request: Request[Any, Any, Any]) -> Template:
    return await page(request, "accounts/sign_out.html")


@post("/sign-out", include_in_schema=False, status_code=303)
async def sign_out(request: Request[Any, Any, Any]) -> Redirect:
    settings = _settings(request)
    secret = request.cookies.get(session_cookie(settings, "", None).key)
    if secret:
        await sessions.sign_out(session_secret=secret)
    return Redirect(path="/sign-in?done=signed-out", status_code=303, cookies=[session_cookie(settings, "", max_age=0)])


# ------------------------------------------------------------------ one-time links


async def _link_refused(request: Request[Any, Any, Any], exc: LinkNotUsable, kind: str) -> Template:
    return await page(request, "accounts/link_refused.html", status_code=exc.status_code, reason=exc.reason, kind=kind)


@get("/invitations/{secret:str}", include_in_schema=False)
async def invitation_form(request: Request[Any, Any, Any], secret: FromPath[str]) -> Template:
    try:
        invitation = await invitations.invitation_for_link(secret=secret)
    except LinkNotUsable as exc:
        return await _link_refused(request, exc, "invitation")
    return await page(
        request,
        "accounts/accept_invitation.html",
        invitation=invitation,
        name=invitation.name,
        errors={},
        role_labels=ROLE_LABELS,
    )


def _errors(exc: ServiceError) -> dict[str, str]:
    return {error.field: error.message for error in exc.errors} or {"": exc.detail}


@post("/invitations/{secret:str}", include_in_schema=False, status_code=303)
async def accept_invitation(request: Request[Any, Any, Any], secret: FromPath[str]) -> Redirect | Template:
    form = await _form(request)
    try:
        await invitations.accept_invitation(
            secret=secret,
            name=form.get("name", ""),
            password=form.get("password", ""),
            confirmation=form.get("password_confirmation", ""),
        )
    except LinkNotUsable as exc:
        return await _link_refused(request, exc, "invitation")
    except ServiceError as exc:
        invitation = await invitations.invitation_for_link(secret=secret)
        return await page(
            request,
            "accounts/accept_invitation.html",
            status_code=exc.status_code,
            invitation=invitation,
            name=form.get("name", ""),
            errors=_errors(exc),
            role_labels=ROLE_LABELS,
        )
    return Redirect(path="/sign-in?done=invitation", status_code=303)


@get("/password-reset", include_in_schema=False)
async def password_reset_request_form(request: Request[Any, Any, Any]) -> Template:
    return await page(request, "accounts/password_reset_request.html", sent=False)


async def _send_reset(email: str, settings: Settings, reference: str) -> None:
    # Runs after the answer was sent: a failure can only be logged, with the request's id.
    try:
        await invitations.request_password_reset(email=email, settings=settings)
    except Exception:
        logger.exception("request %s: the password reset mail could not be prepared or sent", reference)


@post("/password-reset", include_in_schema=False, status_code=200)
async def password_reset_request(request: Request[Any, Any, Any]) -> Template:
    form = await _form(request)
    answer = await page(request, "accounts/password_reset_request.html", sent=True)
    # Sent after the answer, which is the same whether or not the email has an account: nothing to learn from it.
    email = form.get("email", "").strip()[:254]  # the edge refused control characters already (core/edge.py)
    answer.background = BackgroundTask(_send_reset, email, _settings(request), request_id(request.scope))
    return answer


@get("/password-reset/{secret:str}", include_in_schema=False)
async def password_reset_form(request: Request[Any, Any, Any], secret: FromPath[str]) -> Template:
    try:
        email = await invitations.reset_email_for_link(secret=secret)
    except LinkNotUsable as exc:
        return await _link_refused(request, exc, "reset")
    return await page(request, "accounts/password_reset.html", email=email, errors={})


@post("/password-reset/{secret:str}", include_in_schema=False, status_code=303)
async def password_reset(request: Request[Any, Any, Any], secret: FromPath[str]) -> Redirect | Template:
    form = await _form(request)
    try:
        await invitations.complete_password_reset(
            secret=secret, password=form.get("password", ""), confirmation=form.get("password_confirmation", "")
        )
    except LinkNotUsable as exc:
        return await _link_refused(request, exc, "reset")
    except ServiceError as exc:
        email = await invitations.reset_email_for_link(secret=secret)
        return await page(
            request, "accounts/password_reset.html", status_code=exc.status_code, email=email, errors=_errors(exc)
        )
    settings = _settings(request)
    # Every session of the account ended with the change, this browser's included.
    return Redirect(path="/sign-in?done=reset", status_code=303, cookies=[session_cookie(settings, "", max_age=0)])


# ------------------------------------------------------------------ your account

ACCOUNT_EVENTS = 10
ACCOUNT_REPORTS = 20


@get("/account", include_in_schema=False, guards=[signed_in])
async def account(request: Request[Any, Any, Any]) -> Template:
    """What a signed-in person works on: their member (people with emails, bodies) or their body (members)."""
    principal = principal_of(request)
    visible = await visible_body_ids(request)
    today = date.today()
    context: dict[str, Any] = {"member": None, "member_bodies": [], "body": None, "body_members": [], "upcoming": []}
    if principal.member_slug is not None:
        context["member"] = await members.get_member(slug=principal.member_slug)
        context["member_bodies"] = await bodies.member_bodies(member_slug=principal.member_slug)
        context["upcoming"] = (
            await events.list_events(
                member_slug=principal.member_slug, date_from=today, visible_body_ids=visible, limit=ACCOUNT_EVENTS
            )
        ).items
    elif principal.body_slug is not None:
        context["body"] = await bodies.get_body(slug=principal.body_slug)
        context["body_members"] = await memberships.body_members(slug=principal.body_slug)
        context["upcoming"] = await events.upcoming_events(
            today=today, body_slug=principal.body_slug, visible_body_ids=visible, limit=ACCOUNT_EVENTS
        )
    # Progress reports: what a reporter owes (returned ones first, with the reason); for the secretariat, what
    # awaits review and what is overdue. The start page to come reuses these service calls.
    if principal.is_secretariat:
        context["reports_awaiting"] = await reporting.awaiting_review(limit=ACCOUNT_REPORTS)
        context["reports_overdue"] = await reporting.overdue_slots(limit=ACCOUNT_REPORTS)
        context["reports_owed"] = []
    else:
        context["reports_owed"] = await reporting.owed_by(scope=reporting_rules.reading_scope(principal))
        context["reports_awaiting"] = context["reports_overdue"] = []
    return await page(request, "accounts/account.html", principal=principal, role_labels=ROLE_LABELS, **context)


# ------------------------------------------------------------------ API tokens


async def _tokens_page(request: Request[Any, Any, Any], status_code: int = 200, **context: Any) -> Template:
    user_id = principal_of(request).user_id
    assert user_id is not None
    listed = await tokens.list_tokens(user_id=user_id, limit=MAX_LIMIT)
    values: dict[str, Any] = {"created": None, "error": None, "name": ""}
    values.update(context)
    return await page(request, "accounts/tokens.html", status_code=status_code, tokens=listed.items, **values)


@get("/account/tokens", include_in_schema=False, guards=[signed_in])
async def token_list(request: Request[Any, Any, Any]) -> Template:
    return await _tokens_page(request)


@post("/account/tokens", include_in_schema=False, guards=[signed_in], status_code=200)
async def token_create(request: Request[Any, Any, Any]) -> Template:
    form = await _form(request)
    user_id = principal_of(request).user_id
    assert user_id is not None
    # One line: a browser's input has none, and the edge let only line breaks and tabs through forms.
    name = " ".join(form.get("name", "").split())[:100]
    if not name:
        return await _tokens_page(request, status_code=400, error=N_("Give the token a name that says what it is for."))
    created = await tokens.create_token(user_id=user_id, data=TokenCreate(name=name))
    # Rendered, not redirected: the secret must not travel in an address or be shown twice.
    answer = await _tokens_page(request, created=created)
    answer.headers["Cache-Control"] = "no-store"
    return answer


@post("/account/tokens/{token_id:int}/revoke", include_in_schema=False, guards=[signed_in], status_code=303)
async def token_revoke(request: Request[Any, Any, Any], token_id: IdPath) -> Redirect:
    await tokens.revoke_token(token_id=token_id, principal=principal_of(request))
    return Redirect(path="/account/tokens", status_code=303)


# ------------------------------------------------------------------ users (the secretariat)


async def _users_page(request: Request[Any, Any, Any], status_code: int = 200, **context: Any) -> Template:
    values: dict[str, Any] = {"errors": {}, "invite": {}, "invited": None}
    values.update(context)
    return await page(
        request,
        "accounts/users.html",
        status_code=status_code,
        users=(await services.list_users(limit=MAX_LIMIT)).items,
        pending=(await invitations.list_invitations(pending_only=True, limit=MAX_LIMIT)).items,
        roles=list(Role),
        role_labels=ROLE_LABELS,
        members=(await members.list_members(limit=MAX_LIMIT)).items,
        bodies=(await bodies.list_bodies(limit=MAX_LIMIT)).items,
        **values,
    )


@get("/users", include_in_schema=False, guards=[secretariat_only])
async def user_list(request: Request[Any, Any, Any]) -> Template:
    return await _users_page(request)


@post("/users/invitations", include_in_schema=False, guards=[secretariat_only], status_code=200)
async def user_invite(request: Request[Any, Any, Any]) -> Template:
    form = await _form(request)
    role_value = form.get("role", "")
    try:
        role = Role(role_value)
    except ValueError:
        return await _users_page(request, status_code=400, errors={"role": "choose a role"}, invite=form)
    data = InvitationCreate(
        email=form.get("email", "").strip(),
        role=role,
        name=form.get("name", "").strip()[:200],
        member=(form.get("member") or None) if role is Role.focal_point else None,
        body=(form.get("body") or None) if role is Role.body_lead else None,
    )
    if "@" not in data.email or len(data.email) > 254:
        return await _users_page(request, status_code=400, errors={"email": "give an email address"}, invite=form)
    try:
        invitation, _ = await invitations.create_invitation(data=data, settings=_settings(request))
    except ServiceError as exc:
        return await _users_page(request, status_code=exc.status_code, errors=_errors(exc), invite=form)
    return await _users_page(request, invited=invitation)


@post("/users/{user_id:int}/disable", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def user_disable(request: Request[Any, Any, Any], user_id: IdPath) -> Redirect | Template:
    user = await services.get_user(user_id=user_id)
    try:
        await services.disable_user(email=user.email)
    except ServiceError as exc:
        return await _users_page(request, status_code=exc.status_code, errors=_errors(exc))
    return Redirect(path="/users", status_code=303)
