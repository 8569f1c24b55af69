"""Password hashing with argon2id (argon2-cffi), and what a new password must be."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from coordination.core.errors import InvalidInput
from coordination.core.i18n import N_

MIN_LENGTH = 10
MAX_LENGTH = 200

# argon2-cffi's defaults (RFC 9106's low-memory profile). When they change, a
# stored hash made with older parameters is replaced at the next sign-in.
HASHER = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when the email is unknown, so a wrong email takes as long as a wrong password.

    Made on first use, not at import: a hash takes about half a second, which every command and worker paid.
    """
    return HASHER.hash("not a real password, only spends the same time")


@dataclass(frozen=True)
class Verified:
    ok: bool
    new_hash: str | None = None  # set when the stored hash should be replaced (older parameters)


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> Verified:
    if not stored_hash:  # invited but no password set yet
        spend_verification_time(password)
        return Verified(ok=False)
    try:
        HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return Verified(ok=False)
    if HASHER.check_needs_rehash(stored_hash):
        return Verified(ok=True, new_hash=HASHER.hash(password))
    return Verified(ok=True)


def spend_verification_time(password: str) -> None:
    with suppress(VerificationError):
        HASHER.verify(_dummy_hash(), password)


def check_new_password(password: str, confirmation: str | None = None, *, field: str = "password") -> None:
    """A new password is long enough, not absurdly long, and typed the same twice when confirmed."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(
            N_("the password must have at least %(count)s characters"), field=field, params={"count": MIN_LENGTH}
        )
    if len(password) > MAX_LENGTH:
        raise InvalidInput(
            N_("the password must have at most %(count)s characters"), field=field, params={"count": MAX_LENGTH}
        )
    if not password.strip():
        raise InvalidInput(N_("the password cannot be only spaces"), field=field)
    if confirmation is not None and confirmation != password:
        raise InvalidInput(N_("the two passwords are not the same"), field="password_confirmation")
