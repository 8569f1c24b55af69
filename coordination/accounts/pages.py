"""The pages of accounts: sign in and out, accept an invitation, reset a password, your account, API tokens,
and the secretariat's users and their roles.

Every form carries the CSRF token (``{{ csrf_input|safe }}``); the middleware
refuses a form without it before these handlers run. Errors are shown in the
page's language (``core.pages.form_errors``).
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
from coordination.accounts.enums import ROLE_LABELS, ROLE_OVER_LABELS, Role
from coordination.accounts.guards import principal_of, secretariat_only, signed_in, visible_body_ids
from coordination.accounts.invitations import LinkNotUsable
from coordination.accounts.middleware import session_cookie
from coordination.accounts.schemas import Grant, InvitationCreate, Principal, TokenCreate, as_language
from coordination.bodies import memberships
from coordination.bodies import services as bodies
from coordination.core.edge import request_id
from coordination.core.errors import InvalidInput, ServiceError
from coordination.core.i18n import N_
from coordination.core.pages import form_errors, found, page, page_language
from coordination.core.pagination import MAX_LIMIT
from coordination.core.params import IdPath
from coordination.core.settings import Settings
from coordination.events import services as events
from coordination.events.schemas import EventOut
from coordination.mail import services as outbox
from coordination.members import services as members
from coordination.reporting import rules as reporting_rules
from coordination.reporting import services as reporting

logger = logging.getLogger("coordination.accounts")

START_PAGE = "/start"
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
ACCOUNT_NOTICES = {"language": N_("Your language is saved: the mail you get from now on is in it.")}
USER_NOTICES = {
    "granted": N_("The role was given."),
    "revoked": N_("The role was revoked: it no longer counts."),
    "disabled": N_("The account is disabled: its sessions, tokens and feed links stopped working."),
}


def _settings(request: Request[Any, Any, Any]) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _send_mail_after(answer: Template | Redirect, request: Request[Any, Any, Any]) -> None:
    """Send what the request put in the outbox once the answer has gone: nobody waits on the SMTP server."""
    answer.background = BackgroundTask(outbox.send_due, _settings(request))


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


def _error(request: Request[Any, Any, Any], exc: ServiceError) -> str:
    return exc.message_in(page_language(request))


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
            error=_error(request, exc),
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
            error=_error(request, exc),
            notice=None,
        )
    max_age = settings.session_days * 24 * 3600
    # Signing in from nowhere in particular lands on the start page: what this person can act on.
    return Redirect(
        path=START_PAGE if next_path == "/" else next_path,
        status_code=303,
        cookies=[session_cookie(settings, signed.session_secret, max_age=max_age)],
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

PASSWORD_FIELDS = {"password": "password", "password_confirmation": "password_confirmation"}


async def _link_refused(request: Request[Any, Any, Any], exc: LinkNotUsable, kind: str) -> Template:
    return await page(request, "accounts/link_refused.html", status_code=exc.status_code, reason=exc.reason, kind=kind)


async def _invitation_page(
    request: Request[Any, Any, Any], secret: str, *, status_code: int = 200, name: str | None = None, **context: Any
) -> Template:
    invitation = await invitations.invitation_for_link(secret=secret)
    return await page(
        request,
        "accounts/accept_invitation.html",
        status_code=status_code,
        invitation=invitation,
        roles=await invitations.describe_grants(invitation.assignments, page_language(request)),
        name=invitation.name if name is None else name,
        errors=context.pop("errors", {}),
        **context,
    )


@get("/invitations/{secret:str}", include_in_schema=False)
async def invitation_form(request: Request[Any, Any, Any], secret: FromPath[str]) -> Template:
    try:
        return await _invitation_page(request, secret)
    except LinkNotUsable as exc:
        return await _link_refused(request, exc, "invitation")


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
        return await _invitation_page(
            request,
            secret,
            status_code=exc.status_code,
            name=form.get("name", ""),
            errors=form_errors(request, exc, PASSWORD_FIELDS),
        )
    return Redirect(path="/sign-in?done=invitation", status_code=303)


@get("/password-reset", include_in_schema=False)
async def password_reset_request_form(request: Request[Any, Any, Any]) -> Template:
    return await page(request, "accounts/password_reset_request.html", sent=False)


async def _send_reset(email: str, settings: Settings, reference: str) -> None:
    # Runs after the answer was sent: a failure can only be logged, with the request's id.
    try:
        await invitations.request_password_reset(email=email, settings=settings)
        await outbox.send_due(settings)
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
            request,
            "accounts/password_reset.html",
            status_code=exc.status_code,
            email=email,
            errors=form_errors(request, exc, PASSWORD_FIELDS),
        )
    settings = _settings(request)
    # Every session of the account ended with the change, this browser's included.
    return Redirect(path="/sign-in?done=reset", status_code=303, cookies=[session_cookie(settings, "", max_age=0)])


# ------------------------------------------------------------------ your account

ACCOUNT_EVENTS = 10
ACCOUNT_REPORTS = 20


async def _upcoming(
    *, member_slugs: list[str], body_slugs: list[str], visible: set[int] | None, today: date
) -> list[EventOut]:
    """The next events of the bodies someone works with, through each of their roles, soonest first."""
    by_id: dict[int, EventOut] = {}
    for slug in member_slugs:
        listed = await events.list_events(
            member_slug=slug, date_from=today, visible_body_ids=visible, include_cancelled=False, limit=ACCOUNT_EVENTS
        )
        by_id.update((event.id, event) for event in listed.items)
    for slug in body_slugs:
        for event in await events.upcoming_events(
            today=today, body_slug=slug, visible_body_ids=visible, limit=ACCOUNT_EVENTS
        ):
            by_id[event.id] = event
    ordered = sorted(
        by_id.values(),
        key=lambda event: (
            event.first_day,
            event.starts_at is not None,
            event.starts_at.timestamp() if event.starts_at else 0.0,
            event.id,
        ),
    )
    return ordered[:ACCOUNT_EVENTS]


async def _reports(principal: Principal) -> dict[str, Any]:
    """Progress reports: what a reporter owes (returned ones first, with the reason); for the secretariat, what
    awaits review and what is overdue. The start page to come reuses these service calls."""
    if principal.is_secretariat:
        return {
            "reports_awaiting": await reporting.awaiting_review(limit=ACCOUNT_REPORTS),
            "reports_overdue": await reporting.overdue_slots(limit=ACCOUNT_REPORTS),
            "reports_owed": [],
        }
    return {
        "reports_owed": await reporting.owed_by(scope=reporting_rules.reading_scope(principal)),
        "reports_awaiting": [],
        "reports_overdue": [],
    }


@get("/account", include_in_schema=False, guards=[signed_in])
async def account(request: Request[Any, Any, Any], done: FromQuery[str | None] = None) -> Template:
    """What a signed-in person works on: their roles, each member they speak for, each body they lead."""
    principal = principal_of(request)
    assert principal.user_id is not None
    user = await services.get_user(user_id=principal.user_id)
    active = [assignment for assignment in user.assignments if assignment.status == "active"]
    member_slugs = sorted({a.member for a in active if a.member is not None and a.role is Role.focal_point})
    body_slugs = sorted({a.body for a in active if a.body is not None and a.role is Role.body_lead})
    focal = [
        {
            "member": await members.get_member(slug=slug),
            "bodies": await bodies.member_bodies(member_slug=slug),
        }
        for slug in member_slugs
    ]
    led = [
        {"body": await bodies.get_body(slug=slug), "members": await memberships.body_members(slug=slug)}
        for slug in body_slugs
    ]
    return await page(
        request,
        "accounts/account.html",
        user=user,
        principal=principal,
        focal=focal,
        led=led,
        upcoming=await _upcoming(
            member_slugs=member_slugs,
            body_slugs=body_slugs,
            visible=await visible_body_ids(request),
            today=date.today(),
        ),
        notice=ACCOUNT_NOTICES.get(done or ""),
        role_over_labels=ROLE_OVER_LABELS,
        **await _reports(principal),
    )


@post("/account/language", include_in_schema=False, guards=[signed_in], status_code=303)
async def account_language(request: Request[Any, Any, Any]) -> Redirect:
    """Save the language of one's mail; the pages switch to it too (the language cookie)."""
    form = await _form(request)
    language = as_language(form.get("language"))
    user_id = principal_of(request).user_id
    assert user_id is not None
    if language is None:
        # Only the form's own choices come here; anything else leaves the account as it is.
        return Redirect(path="/account", status_code=303)
    await services.set_language(user_id=user_id, language=language)
    return Redirect(path=f"/account?done=language&lang={language}", status_code=303)


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

# The invitation form's way of giving roles: the secretariat, the lead of one body, the focal point of one member
# (more can be given on the person's page once they have an account).
INVITE_ROLES = (("secretariat", Role.secretariat), ("lead_body", Role.body_lead), ("focal_member", Role.focal_point))


async def _choices() -> dict[str, Any]:
    member_list = (await members.list_members(limit=MAX_LIMIT)).items
    body_list = (await bodies.list_bodies(limit=MAX_LIMIT)).items
    return {
        "members": member_list,
        "bodies": body_list,
        # Names by slug, for what invitations give (they name members and bodies by slug).
        "names": {
            "members": {member.slug: member.name for member in member_list},
            "bodies": {body.slug: body.name for body in body_list},
        },
        "roles": list(Role),
        "role_labels": ROLE_LABELS,
        "role_over_labels": ROLE_OVER_LABELS,
    }


async def _users_page(request: Request[Any, Any, Any], status_code: int = 200, **context: Any) -> Template:
    values: dict[str, Any] = {"errors": {}, "invite": {}, "invited": None, "notice": None}
    values.update(context)
    return await page(
        request,
        "accounts/users.html",
        status_code=status_code,
        users=(await services.list_users(limit=MAX_LIMIT)).items,
        pending=(await invitations.list_invitations(pending_only=True, limit=MAX_LIMIT)).items,
        troubled_mail=await outbox.count_troubled(),
        **await _choices(),
        **values,
    )


@get("/users", include_in_schema=False, guards=[secretariat_only])
async def user_list(request: Request[Any, Any, Any]) -> Template:
    return await _users_page(request)


def _invite_grants(form: dict[str, str]) -> tuple[list[Grant], dict[str, str]]:
    """The roles ticked or chosen on the invitation form, and which form field each came from."""
    grants: list[Grant] = []
    fields: dict[str, str] = {}
    for name, role in INVITE_ROLES:
        value = form.get(name, "").strip()
        if not value:
            continue
        index = len(grants)
        if role is Role.secretariat:
            grants.append(Grant(role=role))
        elif role is Role.body_lead:
            grants.append(Grant(role=role, body=value))
        else:
            grants.append(Grant(role=role, member=value))
        for part in ("", ".role", ".member", ".body", ".start_date", ".end_date"):
            fields[f"assignments[{index}]{part}"] = name
    return grants, fields


@post("/users/invitations", include_in_schema=False, guards=[secretariat_only], status_code=200)
async def user_invite(request: Request[Any, Any, Any]) -> Template:
    form = await _form(request)
    grants, fields = _invite_grants(form)
    email = form.get("email", "").strip()
    try:
        if "@" not in email or len(email) > 254:
            raise InvalidInput(N_("give an email address"), field="email")
        if not grants:
            raise InvalidInput(N_("give the person at least one role"), field="roles")
        data = InvitationCreate(
            email=email,
            assignments=grants,
            name=form.get("name", "").strip()[:200],
            language=as_language(form.get("language")),
        )
        invitation, _ = await invitations.create_invitation(data=data, settings=_settings(request))
    except ServiceError as exc:
        errors = form_errors(request, exc, {"email": "email", "roles": "roles", **fields})
        return await _users_page(request, status_code=exc.status_code, errors=errors, invite=form)
    answer = await _users_page(request, invited=invitation)
    _send_mail_after(answer, request)
    return answer


async def _user_page(
    request: Request[Any, Any, Any], user_id: int, *, status_code: int = 200, **context: Any
) -> Template:
    values: dict[str, Any] = {"errors": {}, "grant": {}, "notice": None}
    values.update(context)
    return await page(
        request,
        "accounts/user.html",
        status_code=status_code,
        user=await services.get_user(user_id=user_id),
        today=date.today(),
        **await _choices(),
        **values,
    )


@get("/users/{user_id:int}", include_in_schema=False, guards=[secretariat_only])
async def user_detail(request: Request[Any, Any, Any], user_id: IdPath, done: FromQuery[str | None] = None) -> Template:
    await found(request, services.get_user(user_id=user_id))
    return await _user_page(request, user_id, notice=USER_NOTICES.get(done or ""))


def _date(value: str, field: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(N_("give a date (year-month-day)"), field=field) from None


GRANT_FIELDS = {name: name for name in ("role", "member", "body", "start_date", "end_date")}


@post("/users/{user_id:int}/assignments", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def user_grant(request: Request[Any, Any, Any], user_id: IdPath) -> Redirect | Template:
    form = await _form(request)
    try:
        try:
            role = Role(form.get("role", ""))
        except ValueError:
            raise InvalidInput(N_("choose a role"), field="role") from None
        data = Grant(
            role=role,
            member=(form.get("member") or None) if role is Role.focal_point else None,
            body=(form.get("body") or None) if role is Role.body_lead else None,
            start_date=_date(form.get("start_date", ""), "start_date"),
            end_date=_date(form.get("end_date", ""), "end_date"),
        )
        await services.grant(user_id=user_id, data=data)
    except ServiceError as exc:
        return await _user_page(
            request, user_id, status_code=exc.status_code, errors=form_errors(request, exc, GRANT_FIELDS), grant=form
        )
    return Redirect(path=f"/users/{user_id}?done=granted", status_code=303)


@post(
    "/users/{user_id:int}/assignments/{assignment_id:int}/revoke",
    include_in_schema=False,
    guards=[secretariat_only],
    status_code=303,
)
async def user_revoke(request: Request[Any, Any, Any], user_id: IdPath, assignment_id: IdPath) -> Redirect | Template:
    form = await _form(request)
    try:
        revision = int(form["revision"]) if form.get("revision", "").isdigit() else None
        await services.revoke(user_id=user_id, assignment_id=assignment_id, revision=revision)
    except ServiceError as exc:
        return await _user_page(request, user_id, status_code=exc.status_code, errors={"": _error(request, exc)})
    return Redirect(path=f"/users/{user_id}?done=revoked", status_code=303)


@post("/users/{user_id:int}/disable", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def user_disable(request: Request[Any, Any, Any], user_id: IdPath) -> Redirect | Template:
    user = await services.get_user(user_id=user_id)
    try:
        await services.disable_user(email=user.email)
    except ServiceError as exc:
        return await _user_page(request, user_id, status_code=exc.status_code, errors={"": _error(request, exc)})
    return Redirect(path=f"/users/{user_id}?done=disabled", status_code=303)
