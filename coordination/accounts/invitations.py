"""One-time links: invitations (set a first password) and password resets (set a new one).

Each link carries a random secret stored only as its SHA-256; it works once
and until it expires. The mail that carries the link is written to the outbox
(``coordination.mail``) in the transaction that makes the link, in the
reader's language, and sent from there: a slow SMTP server never holds a
request or the database.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import msgspec
from anyio import to_thread

from coordination.accounts import credentials, passwords, sessions, tokens
from coordination.accounts import services as users
from coordination.accounts.enums import ROLE_OVER_LABELS, Role
from coordination.accounts.schemas import Grant, InvitationCreate, InvitationOut, UserCreate, UserOut
from coordination.accounts.tables import Invitation, InvitationAssignment, PasswordReset
from coordination.audit import services as audit
from coordination.bodies import services as bodies
from coordination.core import i18n
from coordination.core.actor import Actor, acting_as, current_actor
from coordination.core.database import transaction
from coordination.core.errors import Conflict, NotFound, ServiceError
from coordination.core.i18n import N_
from coordination.core.pagination import Page
from coordination.core.schemas import utc_now
from coordination.core.settings import Settings
from coordination.mail import services as outbox
from coordination.members import services as members
from coordination.network import services as network

INVITATION_LIFETIME = timedelta(days=7)
RESET_LIFETIME = timedelta(hours=2)
# At most this many reset links per account per hour, so the form cannot be used to flood someone's inbox.
RESETS_PER_HOUR = 3
# An invitation that ended unaccepted (expired or withdrawn) is still listed this long, then forgotten.
ENDED_INVITATIONS_KEPT = timedelta(days=30)


class LinkNotUsable(ServiceError):
    """A one-time link that is unknown (404), or expired, used or withdrawn (410)."""

    def __init__(self, detail: str, *, reason: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.status_code = 404 if reason == "unknown" else 410


def invitation_link(settings: Settings, secret: str) -> str:
    return f"{settings.base_url}/invitations/{secret}"


def reset_link(settings: Settings, secret: str) -> str:
    return f"{settings.base_url}/password-reset/{secret}"


def _status(row: dict[str, Any], now: datetime) -> str:
    if row["accepted_at"] is not None:
        return "accepted"
    if row["withdrawn_at"] is not None:
        return "withdrawn"
    if sessions.as_aware(row["expires_at"]) <= now:
        return "expired"
    return "pending"


def _columns() -> list[Any]:
    return [*Invitation.all_columns(), Invitation.invited_by.email.as_alias("invited_by_email")]


async def _grants_of(invitation_ids: list[int]) -> dict[int, list[Grant]]:
    if not invitation_ids:
        return {}
    rows = (
        await InvitationAssignment.select(
            *InvitationAssignment.all_columns(),
            InvitationAssignment.member.slug.as_alias("member_slug"),
            InvitationAssignment.body.slug.as_alias("body_slug"),
        )
        .where(InvitationAssignment.invitation.is_in(invitation_ids))
        .order_by(InvitationAssignment.id)
    )
    grants: dict[int, list[Grant]] = {invitation_id: [] for invitation_id in invitation_ids}
    for row in rows:
        grants[row["invitation"]].append(
            Grant(
                role=Role(row["role"]),
                member=row["member_slug"],
                body=row["body_slug"],
                start_date=row["start_date"],
                end_date=row["end_date"],
            )
        )
    return grants


async def _invitations_out(rows: list[dict[str, Any]], now: datetime) -> list[InvitationOut]:
    grants = await _grants_of([row["id"] for row in rows])
    return [
        InvitationOut(
            id=row["id"],
            email=row["email"],
            name=row["name"],
            language=row["language"],
            assignments=grants[row["id"]],
            status=_status(row, now),
            invited_by=row["invited_by_email"],
            created_at=row["created_at"],
            expires_at=row["expires_at"],
            accepted_at=row["accepted_at"],
        )
        for row in rows
    ]


async def get_invitation(*, invitation_id: int) -> InvitationOut:
    row = await Invitation.select(*_columns()).where(Invitation.id == invitation_id).first()
    if row is None:
        raise NotFound(N_("invitation %(id)s not found"), params={"id": invitation_id})
    return (await _invitations_out([row], utc_now()))[0]


async def list_invitations(*, pending_only: bool = False, limit: int = 50, offset: int = 0) -> Page[InvitationOut]:
    now = utc_now()
    query = Invitation.select(*_columns()).order_by(Invitation.id, ascending=False).limit(limit).offset(offset)
    count = Invitation.count()
    if pending_only:
        condition = Invitation.accepted_at.is_null() & Invitation.withdrawn_at.is_null() & (Invitation.expires_at > now)
        query = query.where(condition)
        count = count.where(condition)
    rows = await query
    return Page(items=await _invitations_out(rows, now), total=await count, limit=limit, offset=offset)


async def describe_grants(grants: list[Grant], language: str) -> list[str]:
    """What each grant makes someone, in ``language``: "Lead of Digital Cities", "Focal point of Bilbao"."""
    member_names = {
        member.slug: member.name
        for member in (
            await members.summaries(
                ids=[await members.member_id(slug=grant.member) for grant in grants if grant.member is not None]
            )
        ).values()
    }
    body_names = {
        body.slug: body.name
        for body in (
            await bodies.body_summaries(
                ids=[await bodies.body_id(slug=grant.body) for grant in grants if grant.body is not None]
            )
        ).values()
    }
    return [
        i18n.gettext(language, ROLE_OVER_LABELS[grant.role])
        % {"member": member_names.get(grant.member or "", ""), "body": body_names.get(grant.body or "", "")}
        for grant in grants
    ]


async def create_invitation(
    *, data: InvitationCreate, settings: Settings, lifetime: timedelta = INVITATION_LIFETIME
) -> tuple[InvitationOut, str]:
    """Invite someone to one or more roles; returns the invitation (with its mail in the outbox) and its link.

    Inviting an email again replaces the pending invitation: only the newest link works.
    """
    email = users.normalise_email(data.email)
    if await users.email_taken(email=email):
        raise Conflict(N_("there is already an account for %(email)s"), field="email", params={"email": email})
    grants = await users.check_grants(data.assignments)
    language = data.language or (await network.get_network()).default_language
    secret = credentials.new_secret()
    now = utc_now()
    expires_at = now + lifetime
    link = invitation_link(settings, secret)
    async with transaction():
        await Invitation.update({Invitation.withdrawn_at: now}).where(
            (Invitation.email == email) & Invitation.accepted_at.is_null() & Invitation.withdrawn_at.is_null()
        )
        rows = await Invitation.insert(
            Invitation(
                email=email,
                name=data.name.strip(),
                language=language,
                token_hash=credentials.digest(secret),
                invited_by=current_actor().user_id,
                created_at=now,
                expires_at=expires_at,
            )
        ).returning(Invitation.id)
        invitation_id = int(rows[0]["id"])
        await InvitationAssignment.insert(
            *(
                InvitationAssignment(
                    invitation=invitation_id,
                    role=role.value,
                    member=member_id,
                    body=body_id,
                    start_date=grant.start_date,
                    end_date=grant.end_date,
                )
                for (role, member_id, body_id), grant in zip(grants, data.assignments, strict=True)
            )
        )
        created = await get_invitation(invitation_id=invitation_id)
        await audit.record(
            action="invitation.created", object_type="invitation", object_id=invitation_id, after=created
        )
        mail_id = await outbox.enqueue(
            kind="invitation",
            to=email,
            language=language,
            template="accounts/mail/invitation",
            context={
                "name": created.name,
                "roles": await describe_grants(created.assignments, language),
                "link": link,
                "expires_at": expires_at,
            },
            settings=settings,
        )
    return msgspec.structs.replace(created, mail_id=mail_id, mail_queued=bool(settings.smtp_host)), link


async def withdraw_invitation(*, invitation_id: int) -> InvitationOut:
    async with transaction():
        before = await get_invitation(invitation_id=invitation_id)
        if before.status != "pending":
            raise Conflict(
                N_("invitation %(id)s is %(status)s; only a pending one can be withdrawn"),
                params={"id": invitation_id, "status": before.status},
            )
        await Invitation.update({Invitation.withdrawn_at: utc_now()}).where(Invitation.id == invitation_id)
        after = await get_invitation(invitation_id=invitation_id)
        await audit.record(
            action="invitation.withdrawn", object_type="invitation", object_id=invitation_id, before=before, after=after
        )
    return after


async def _invitation_row(secret: str) -> dict[str, Any]:
    row = await Invitation.select(*_columns()).where(Invitation.token_hash == credentials.digest(secret)).first()
    if row is None:
        raise LinkNotUsable(N_("this invitation link is not valid"), reason="unknown")
    status = _status(row, utc_now())
    if status == "accepted":
        raise LinkNotUsable(N_("this invitation has already been used"), reason="used")
    if status == "withdrawn":
        raise LinkNotUsable(N_("this invitation was replaced or withdrawn"), reason="withdrawn")
    if status == "expired":
        raise LinkNotUsable(N_("this invitation has expired"), reason="expired")
    return row


async def invitation_for_link(*, secret: str) -> InvitationOut:
    """The pending invitation behind a link; ``LinkNotUsable`` says why not otherwise."""
    return (await _invitations_out([await _invitation_row(secret)], utc_now()))[0]


async def accept_invitation(*, secret: str, name: str, password: str, confirmation: str) -> UserOut:
    """Create the invited person's account with the password they chose; the link then stops working."""
    row = await _invitation_row(secret)
    passwords.check_new_password(password, confirmation)
    password_hash = await to_thread.run_sync(passwords.hash_password, password)
    now = utc_now()
    async with transaction():
        # Claim the invitation first: of two tabs posting at once, only one gets a row back.
        claimed = (
            await Invitation.update({Invitation.accepted_at: now})
            .where(
                (Invitation.id == row["id"])
                & Invitation.accepted_at.is_null()
                & Invitation.withdrawn_at.is_null()
                & (Invitation.expires_at > now)
            )
            .returning(Invitation.id)
        )
        if not claimed:
            raise LinkNotUsable(N_("this invitation has already been used"), reason="used")
        data = UserCreate(
            email=row["email"],
            # Roles given without a start count from the day the person accepts.
            assignments=(await _grants_of([row["id"]]))[row["id"]],
            name=name.strip() or row["name"],
            language=row["language"],
        )
        user_id = await users.insert_user(data=data, password_hash=password_hash)
        with acting_as(Actor(user_id=user_id, label=row["email"], via="invitation", address=current_actor().address)):
            await audit.record(
                action="invitation.accepted",
                object_type="invitation",
                object_id=row["id"],
                before={"status": "pending"},
                after={"status": "accepted", "user": user_id},
            )
    return await users.get_user(user_id=user_id)


async def request_password_reset(*, email: str, settings: Settings, lifetime: timedelta = RESET_LIFETIME) -> str | None:
    """Mail a reset link to an active account; returns the link, or None when there is no such account.

    Pages answer the same either way, so nobody learns which emails have accounts.
    """
    user = await users.find_user(email=email)
    if user is None or user.disabled:
        return None
    now = utc_now()
    recent = await PasswordReset.count().where(
        (PasswordReset.user == user.id) & (PasswordReset.created_at > now - timedelta(hours=1))
    )
    if recent >= RESETS_PER_HOUR:
        return None
    secret = credentials.new_secret()
    link = reset_link(settings, secret)
    async with transaction():
        rows = await PasswordReset.insert(
            PasswordReset(
                user=user.id, token_hash=credentials.digest(secret), created_at=now, expires_at=now + lifetime
            )
        ).returning(PasswordReset.id)
        await audit.record(
            action="password_reset.requested", object_type="user", object_id=user.id, after={"reset": rows[0]["id"]}
        )
        await outbox.enqueue(
            kind="password_reset",
            to=user.email,
            language=user.language,
            template="accounts/mail/password_reset",
            context={
                "name": user.name,
                "email": user.email,
                "link": link,
                "hours": int(lifetime.total_seconds() // 3600) or 1,
            },
            settings=settings,
        )
    return link


async def _reset_row(secret: str) -> dict[str, Any]:
    row = (
        await PasswordReset.select(*PasswordReset.all_columns(), PasswordReset.user.email.as_alias("email"))
        .where(PasswordReset.token_hash == credentials.digest(secret))
        .first()
    )
    if row is None:
        raise LinkNotUsable(N_("this password reset link is not valid"), reason="unknown")
    if row["used_at"] is not None:
        raise LinkNotUsable(N_("this password reset link has already been used"), reason="used")
    if sessions.as_aware(row["expires_at"]) <= utc_now():
        raise LinkNotUsable(N_("this password reset link has expired"), reason="expired")
    return row


async def reset_email_for_link(*, secret: str) -> str:
    """The email of the account a reset link is for; ``LinkNotUsable`` says why the link does not work."""
    return str((await _reset_row(secret))["email"])


async def complete_password_reset(*, secret: str, password: str, confirmation: str) -> UserOut:
    """Set the new password; every session, API token and other reset link of the person stops working.

    Whoever knew the old password, or read an older reset mail, may have made
    a session or a token with it: a reset shuts them all out.
    """
    row = await _reset_row(secret)
    passwords.check_new_password(password, confirmation)
    password_hash = await to_thread.run_sync(passwords.hash_password, password)
    now = utc_now()
    async with transaction():
        claimed = (
            await PasswordReset.update({PasswordReset.used_at: now})
            .where((PasswordReset.id == row["id"]) & PasswordReset.used_at.is_null())
            .returning(PasswordReset.id)
        )
        if not claimed:
            raise LinkNotUsable(N_("this password reset link has already been used"), reason="used")
        user_id = int(row["user"])
        await users.store_password(user_id=user_id, password_hash=password_hash)
        await sessions.end_sessions(user_id=user_id)
        revoked = await tokens.revoke_all_tokens(user_id=user_id)
        # The other links expire now: "This password reset link has expired. Ask for a new one."
        expired = (
            await PasswordReset.update({PasswordReset.expires_at: now})
            .where((PasswordReset.user == user_id) & PasswordReset.used_at.is_null() & (PasswordReset.expires_at > now))
            .returning(PasswordReset.id)
        )
        with acting_as(Actor(user_id=user_id, label=row["email"], via="reset link", address=current_actor().address)):
            await audit.record(
                action="password.reset",
                object_type="user",
                object_id=user_id,
                after={"api_tokens_revoked": revoked, "reset_links_expired": len(expired)},
            )
    return await users.get_user(user_id=user_id)


async def purge_ended_links(*, now: datetime | None = None) -> tuple[int, int]:
    """Housekeeping for a scheduled job: forget unaccepted invitations ended more than 30 days ago, and reset
    links past their end (used or not). Returns how many of each were removed.

    Accepted invitations stay: they say who invited whom. The hourly limit on reset links counts the last
    hour's, which live two hours, so removing expired ones never lifts it.
    """
    now = now or utc_now()
    ended_before = now - ENDED_INVITATIONS_KEPT
    async with transaction():
        invitations = (
            await Invitation.delete()
            .where(
                Invitation.accepted_at.is_null()
                & ((Invitation.expires_at <= ended_before) | (Invitation.withdrawn_at <= ended_before))
            )
            .returning(Invitation.id)
        )
        resets = await PasswordReset.delete().where(PasswordReset.expires_at <= now).returning(PasswordReset.id)
    return len(invitations), len(resets)
