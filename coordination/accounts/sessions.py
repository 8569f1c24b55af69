"""Signing in and out, the sessions behind the cookie, and the slowing down of password guessing."""

from __future__ import annotations

import logging
import math
from datetime import datetime, timedelta
from typing import Any

from anyio import to_thread

from coordination.accounts import credentials, passwords
from coordination.accounts import services as users
from coordination.accounts.enums import Role
from coordination.accounts.schemas import Principal, SignedIn
from coordination.accounts.tables import SignInFailure, User, UserSession
from coordination.audit import services as audit
from coordination.core.actor import Actor, acting_as
from coordination.core.database import transaction
from coordination.core.errors import ServiceError
from coordination.core.schemas import utc_now

logger = logging.getLogger("coordination.accounts")

# After this many failures within the window, sign-in is refused (429) until the oldest ages out.
MAX_FAILURES_PER_ACCOUNT = 5
# Higher: several people may share an office's address.
MAX_FAILURES_PER_ADDRESS = 20
FAILURE_WINDOW = timedelta(minutes=15)
# last_seen_at is written at most this often, so reading pages does not write on every request.
TOUCH_INTERVAL = timedelta(minutes=1)


class SignInRefused(ServiceError):
    """Wrong email or password (which of the two is not said), or a disabled account."""

    status_code = 401


class TooManyAttempts(ServiceError):
    status_code = 429

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


def as_aware(value: datetime) -> datetime:
    # SQLite hands back what was stored; make sure comparisons are between aware datetimes.
    return value if value.tzinfo is not None else value.replace(tzinfo=utc_now().tzinfo)


async def _retry_after(*, column: Any, value: str, limit: int, now: datetime) -> int | None:
    """Seconds until fewer than ``limit`` failures remain in the window, or None if under the limit."""
    since = now - FAILURE_WINDOW
    recent = (
        await SignInFailure.select(SignInFailure.at)
        .where((column == value) & (SignInFailure.at > since))
        .order_by(SignInFailure.at, ascending=False)
        .limit(limit)
    )
    if len(recent) < limit:
        return None
    oldest_counted = as_aware(recent[-1]["at"])
    return max(1, math.ceil((oldest_counted + FAILURE_WINDOW - now).total_seconds()))


async def check_throttle(*, email: str, address: str) -> None:
    now = utc_now()
    waits = [
        await _retry_after(column=SignInFailure.email, value=email, limit=MAX_FAILURES_PER_ACCOUNT, now=now),
        await _retry_after(column=SignInFailure.address, value=address, limit=MAX_FAILURES_PER_ADDRESS, now=now),
    ]
    known = [wait for wait in waits if wait is not None]
    if known:
        wait = max(known)
        logger.warning("sign-in throttled for %s from %s (%d s)", email, address, wait)
        raise TooManyAttempts(
            f"too many failed sign-ins; try again in {math.ceil(wait / 60)} minute(s)", retry_after=wait
        )


async def _record_failure(*, email: str, address: str, reason: str) -> None:
    now = utc_now()
    async with transaction():
        await SignInFailure.insert(SignInFailure(email=email, address=address, at=now))
        # Housekeeping: failures older than the window no longer count.
        await SignInFailure.delete().where(SignInFailure.at < now - FAILURE_WINDOW)
        await audit.record(action="sign_in.failed", object_type="user", object_id=email, after={"reason": reason})


async def sign_in(*, email: str, password: str, address: str, user_agent: str = "", days: int = 7) -> SignedIn:
    """Check the password and open a session; raises ``TooManyAttempts`` or ``SignInRefused``."""
    email = users.normalise_email(email)
    address = address[:45]
    await check_throttle(email=email, address=address)
    row = await User.select(User.id, User.password_hash, User.disabled).where(User.email == email).first()
    if row is None:
        await to_thread.run_sync(passwords.spend_verification_time, password)
        await _record_failure(email=email, address=address, reason="unknown email")
        raise SignInRefused("the email or the password is wrong")
    verified = await to_thread.run_sync(passwords.verify_password, row["password_hash"], password)
    if not verified.ok:
        await _record_failure(email=email, address=address, reason="wrong password")
        raise SignInRefused("the email or the password is wrong")
    if row["disabled"]:
        await _record_failure(email=email, address=address, reason="account disabled")
        raise SignInRefused("this account has been disabled; ask the secretariat")
    secret = credentials.new_secret()
    now = utc_now()
    expires_at = now + timedelta(days=days)
    async with transaction():
        if verified.new_hash is not None:
            await users.store_password(user_id=row["id"], password_hash=verified.new_hash)
        rows = await UserSession.insert(
            UserSession(
                user=row["id"],
                token_hash=credentials.digest(secret),
                address=address,
                user_agent=user_agent[:300],
                created_at=now,
                last_seen_at=now,
                expires_at=expires_at,
            )
        ).returning(UserSession.id)
        await User.update({User.last_sign_in_at: now}).where(User.id == row["id"])
        # A success forgives this account's earlier failures (not the address's).
        await SignInFailure.delete().where(SignInFailure.email == email)
        # Recorded as done by the person who just proved who they are, not by "public".
        with acting_as(Actor(user_id=row["id"], label=email, via="session", address=address)):
            await audit.record(
                action="sign_in.succeeded", object_type="user", object_id=row["id"], after={"session": rows[0]["id"]}
            )
    return SignedIn(session_secret=secret, expires_at=expires_at, user=await users.get_user(user_id=row["id"]))


async def sign_out(*, session_secret: str) -> None:
    async with transaction():
        row = (
            await UserSession.select(UserSession.id, UserSession.user)
            .where(UserSession.token_hash == credentials.digest(session_secret))
            .first()
        )
        if row is None:
            return
        await UserSession.delete().where(UserSession.id == row["id"])
        await audit.record(action="sign_out", object_type="user", object_id=row["user"], after={"session": row["id"]})


async def end_sessions(*, user_id: int) -> None:
    """Sign a person out everywhere (after a password change); inside the caller's transaction."""
    await UserSession.delete().where(UserSession.user == user_id)


def principal_from_row(row: dict[str, Any], *, via: str, credential_id: int) -> Principal:
    return Principal(
        user_id=row["user_id"],
        email=row["email"],
        name=row["name"],
        role=Role(row["role"]),
        member_id=row["member_id"],
        member_slug=row["member_slug"],
        body_id=row["body_id"],
        body_slug=row["body_slug"],
        via=via,
        credential_id=credential_id,
    )


def principal_columns(user: Any) -> list[Any]:
    """The user's columns a principal is made of, reached through ``user`` (a foreign key to the user table)."""
    return [
        user.id.as_alias("user_id"),
        user.email.as_alias("email"),
        user.name.as_alias("name"),
        user.role.as_alias("role"),
        user.member.as_alias("member_id"),
        user.member.slug.as_alias("member_slug"),
        user.body.as_alias("body_id"),
        user.body.slug.as_alias("body_slug"),
    ]


async def principal_for_session(*, session_secret: str) -> Principal | None:
    """The person behind a session cookie, or None if it is unknown, expired, or their account is disabled."""
    now = utc_now()
    row = (
        await UserSession.select(UserSession.id, UserSession.last_seen_at, *principal_columns(UserSession.user))
        .where(
            (UserSession.token_hash == credentials.digest(session_secret))
            & (UserSession.expires_at > now)
            & (UserSession.user.disabled == False)  # noqa: E712
        )
        .first()
    )
    if row is None:
        return None
    if now - as_aware(row["last_seen_at"]) >= TOUCH_INTERVAL:
        async with transaction():
            await UserSession.update({UserSession.last_seen_at: now}).where(UserSession.id == row["id"])
    return principal_from_row(row, via="session", credential_id=row["id"])


async def purge_expired_sessions(*, now: datetime | None = None) -> int:
    """Housekeeping for a scheduled job: forget sessions past their end."""
    async with transaction():
        rows = await UserSession.delete().where(UserSession.expires_at <= (now or utc_now())).returning(UserSession.id)
    return len(rows)
