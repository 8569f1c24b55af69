"""Signing in and out, the sessions behind the cookie, and the slowing down of password guessing.

Throttling follows OWASP's authentication guidance: slow the guesser down
without handing anyone a way to lock the real person out.

- Per account *and* address: ``MAX_ATTEMPTS_PER_ACCOUNT_AND_ADDRESS`` attempts
  in ``WINDOW``, then 429 with ``Retry-After`` — for that address only. The
  real person, from anywhere else, signs in as usual.
- Per address, whatever the account: ``MAX_ATTEMPTS_PER_ADDRESS`` (higher:
  an office may share one address), then 429 — guessing across accounts.
- Per account, from every address: past ``ACCOUNT_CEILING`` each attempt is
  *delayed* (one second more per attempt, up to ``MAX_DELAY``) and never
  refused, so a guesser spread over many addresses slows down while the real
  person still gets in.

Each attempt is counted before the password is checked, by one statement
that adds one and reads the new count back (``_count``): thirty attempts
sent at once cannot all see a count under the limit. A successful sign-in
gives its attempt back (the address's and the account's counts go down by
one, the pair's is forgotten), so only failures add up.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import anyio
from anyio import to_thread

from coordination.accounts import credentials, passwords
from coordination.accounts import services as users
from coordination.accounts.schemas import Principal, SignedIn
from coordination.accounts.tables import SignInCounter, User, UserSession
from coordination.audit import services as audit
from coordination.core.actor import Actor, acting_as
from coordination.core.database import transaction
from coordination.core.errors import ServiceError
from coordination.core.i18n import N_
from coordination.core.schemas import utc_now

logger = logging.getLogger("coordination.accounts")

WINDOW = timedelta(minutes=15)
MAX_ATTEMPTS_PER_ACCOUNT_AND_ADDRESS = 5
# Higher: several people may share an office's address.
MAX_ATTEMPTS_PER_ADDRESS = 20
# Past this many attempts on one account from all addresses, every attempt waits a little longer.
ACCOUNT_CEILING = 20
MAX_DELAY = 10.0  # seconds
# last_seen_at is written at most this often, so reading pages does not write on every request.
TOUCH_INTERVAL = timedelta(minutes=1)


class SignInRefused(ServiceError):
    """Wrong email or password (which of the two is not said), or a disabled account."""

    status_code = 401


class TooManyAttempts(ServiceError):
    status_code = 429

    def __init__(self, detail: str, *, retry_after: int, params: dict[str, Any] | None = None) -> None:
        super().__init__(detail, params=params)
        self.retry_after = retry_after


def as_aware(value: datetime) -> datetime:
    # SQLite hands back what was stored; make sure comparisons are between aware datetimes.
    return value if value.tzinfo is not None else value.replace(tzinfo=utc_now().tzinfo)


@dataclass(frozen=True)
class Count:
    key: str
    attempts: int  # this one included
    retry_after: int  # seconds until the window ends


_COUNT = """
INSERT INTO account_sign_in_counter (key, attempts, window_started) VALUES ({}, 1, {})
ON CONFLICT (key) DO UPDATE SET
    attempts = CASE WHEN account_sign_in_counter.window_started <= {}
        THEN 1 ELSE account_sign_in_counter.attempts + 1 END,
    window_started = CASE WHEN account_sign_in_counter.window_started <= {}
        THEN excluded.window_started ELSE account_sign_in_counter.window_started END
RETURNING attempts, window_started
"""


async def _count(key: str, now: int) -> Count:
    """Add this attempt under ``key`` and read the count back, in one statement (a new window once one is over)."""
    window = int(WINDOW.total_seconds())
    ended = now - window
    rows = await SignInCounter.raw(_COUNT, key, now, ended, ended)
    row = rows[0]
    return Count(key=key, attempts=int(row["attempts"]), retry_after=max(1, int(row["window_started"]) + window - now))


async def _give_back(*keys: str) -> None:
    await SignInCounter.raw(
        "UPDATE account_sign_in_counter SET attempts = attempts - 1 WHERE key IN ({}, {}) AND attempts > 0", *keys
    )


def _too_many(count: Count, email: str, address: str) -> TooManyAttempts:
    logger.warning(
        "sign-in throttled for %s from %s (%s, %d s)", email, address, count.key.split(":")[0], count.retry_after
    )
    return TooManyAttempts(
        N_("too many failed sign-ins; try again in %(minutes)s minute(s)"),
        retry_after=count.retry_after,
        params={"minutes": math.ceil(count.retry_after / 60)},
    )


def account_delay(attempts: int) -> float:
    """How long an attempt on an account waits once the account's ceiling is passed: never a refusal."""
    return min(MAX_DELAY, float(max(0, attempts - ACCOUNT_CEILING)))


async def check_throttle(*, email: str, address: str) -> tuple[str, str, str]:
    """Count this attempt; raise ``TooManyAttempts`` for this address, or wait past the account's ceiling.

    Returns the keys counted, to give the attempt back if it succeeds.
    """
    now = int(utc_now().timestamp())
    pair = await _count(f"account+address:{email}|{address}", now)
    if pair.attempts > MAX_ATTEMPTS_PER_ACCOUNT_AND_ADDRESS:
        raise _too_many(pair, email, address)
    origin = await _count(f"address:{address}", now)
    if origin.attempts > MAX_ATTEMPTS_PER_ADDRESS:
        raise _too_many(origin, email, address)
    account = await _count(f"account:{email}", now)
    delay = account_delay(account.attempts)
    if delay:
        logger.warning("sign-in for %s delayed %.0f s (%d attempts from all addresses)", email, delay, account.attempts)
        await anyio.sleep(delay)
    return pair.key, origin.key, account.key


async def forget_old_attempts(*, now: datetime | None = None) -> int:
    """Housekeeping for a scheduled job: counters whose window is over."""
    ended = int(((now or utc_now()) - WINDOW).timestamp())
    rows = await SignInCounter.delete().where(SignInCounter.window_started <= ended).returning(SignInCounter.id)
    return len(rows)


async def _record_failure(*, email: str, address: str, reason: str) -> None:
    async with transaction():
        await audit.record(action="sign_in.failed", object_type="user", object_id=email, after={"reason": reason})


async def sign_in(*, email: str, password: str, address: str, user_agent: str = "", days: int = 7) -> SignedIn:
    """Check the password and open a session; raises ``TooManyAttempts`` or ``SignInRefused``."""
    email = users.normalise_email(email)[:254]
    address = address[:45]
    pair, origin, account = await check_throttle(email=email, address=address)
    row = await User.select(User.id, User.password_hash, User.disabled).where(User.email == email).first()
    if row is None:
        await to_thread.run_sync(passwords.spend_verification_time, password[: passwords.MAX_LENGTH + 1])
        await _record_failure(email=email, address=address, reason="unknown email")
        raise SignInRefused(N_("the email or the password is wrong"))
    # No password may be longer than MAX_LENGTH (passwords.check_new_password): a longer one is wrong,
    # and is not worth hashing a megabyte of.
    verified = await to_thread.run_sync(
        passwords.verify_password, row["password_hash"], password[: passwords.MAX_LENGTH + 1]
    )
    if not verified.ok:
        await _record_failure(email=email, address=address, reason="wrong password")
        raise SignInRefused(N_("the email or the password is wrong"))
    if row["disabled"]:
        await _record_failure(email=email, address=address, reason="account disabled")
        raise SignInRefused(N_("this account has been disabled; ask the secretariat"))
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
        # A success forgives the failures of this account from this address, and gives its own attempt back.
        await SignInCounter.delete().where(SignInCounter.key == pair)
        await _give_back(origin, account)
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


async def principal_from_row(row: dict[str, Any], *, via: str, credential_id: int) -> Principal:
    """The person behind a session or token row (selected with ``principal_columns``), with their roles of today."""
    return await users.principal_for(
        user_id=row["user_id"],
        email=row["email"],
        name=row["name"],
        language=row["language"],
        via=via,
        credential_id=credential_id,
    )


def principal_columns(user: Any) -> list[Any]:
    """The user's columns a principal is made of, reached through ``user`` (a foreign key to the user table)."""
    return [
        user.id.as_alias("user_id"),
        user.email.as_alias("email"),
        user.name.as_alias("name"),
        user.language.as_alias("language"),
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
    return await principal_from_row(row, via="session", credential_id=row["id"])


async def purge_expired_sessions(*, now: datetime | None = None) -> int:
    """Housekeeping for a scheduled job: forget sessions past their end."""
    async with transaction():
        rows = await UserSession.delete().where(UserSession.expires_at <= (now or utc_now())).returning(UserSession.id)
    return len(rows)
