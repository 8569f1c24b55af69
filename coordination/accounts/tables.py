"""People who sign in, and what proves who they are: sessions, API tokens, one-time links.

Every secret (session id, API token, invitation or reset link) is stored only
as its SHA-256: a copy of the database lets nobody sign in.
"""

from __future__ import annotations

from piccolo.columns import BigInt, Boolean, Date, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from coordination.accounts.enums import Role
from coordination.bodies.tables import Body
from coordination.members.tables import Member


class User(Table, tablename="account_user"):
    """A person who signs in. What they may do comes from their role assignments (``RoleAssignment``)."""

    id: Serial  # added by Piccolo; declared so type-checkers know it
    email = Varchar(length=254, unique=True)  # stored lower-cased, so uniqueness ignores case
    name = Varchar(length=200, default="")
    language = Varchar(length=5, default="en")  # the language of their mail (en, fr, es)
    password_hash = Varchar(length=300, default="")  # argon2id; empty until the person sets a password
    disabled = Boolean(default=False)
    last_sign_in_at = Timestamptz(null=True, default=None)
    revision = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class RoleAssignment(Table, tablename="account_role_assignment"):
    """One role a person holds: the secretariat, the lead of one body, or the focal point of one member.

    A person holds any number of them. One counts from ``start_date`` to
    ``end_date`` (its last day; null: no end planned) unless revoked; what a
    person may do is the union of the assignments that count today. Revoking
    keeps the row, so the history of who held what stays readable.
    """

    id: Serial  # added by Piccolo; declared so type-checkers know it
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, null=False, index=True)
    role = Varchar(length=20, choices=Role)
    # Cascade: the lead of a body that no longer exists leads nothing (the body's deletion is audited).
    member = ForeignKey(references=Member, on_delete=OnDelete.cascade, null=True, index=True)
    body = ForeignKey(references=Body, on_delete=OnDelete.cascade, null=True, index=True)
    start_date = Date()
    end_date = Date(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)
    revision = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class UserSession(Table, tablename="account_session"):
    """A signed-in browser. Kept in the database so every worker process knows it."""

    id: Serial  # added by Piccolo; declared so type-checkers know it
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, null=False, index=True)
    token_hash = Varchar(length=64, unique=True)
    address = Varchar(length=45, default="")
    user_agent = Varchar(length=300, default="")
    created_at = Timestamptz()
    last_seen_at = Timestamptz()
    expires_at = Timestamptz()


class ApiToken(Table, tablename="account_api_token"):
    id: Serial  # added by Piccolo; declared so type-checkers know it
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, null=False, index=True)
    name = Varchar(length=100)
    token_hash = Varchar(length=64, unique=True)
    prefix = Varchar(length=20)  # the token's first characters, so its owner can tell tokens apart
    created_at = Timestamptz()
    last_used_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)


class Invitation(Table, tablename="account_invitation"):
    id: Serial  # added by Piccolo; declared so type-checkers know it
    email = Varchar(length=254, index=True)
    name = Varchar(length=200, default="")
    language = Varchar(length=5, default="en")  # of the invitation mail, then of the account
    token_hash = Varchar(length=64, unique=True)
    invited_by = ForeignKey(references=User, on_delete=OnDelete.set_null, null=True)
    created_at = Timestamptz()
    expires_at = Timestamptz()
    accepted_at = Timestamptz(null=True, default=None)
    withdrawn_at = Timestamptz(null=True, default=None)


class InvitationAssignment(Table, tablename="account_invitation_assignment"):
    """A role the invited person will hold once they accept (one invitation grants one or more)."""

    id: Serial  # added by Piccolo; declared so type-checkers know it
    invitation = ForeignKey(references=Invitation, on_delete=OnDelete.cascade, null=False, index=True)
    role = Varchar(length=20, choices=Role)
    member = ForeignKey(references=Member, on_delete=OnDelete.cascade, null=True)
    body = ForeignKey(references=Body, on_delete=OnDelete.cascade, null=True)
    start_date = Date(null=True, default=None)  # null: from the day the invitation is accepted
    end_date = Date(null=True, default=None)


class PasswordReset(Table, tablename="account_password_reset"):
    id: Serial  # added by Piccolo; declared so type-checkers know it
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, null=False, index=True)
    token_hash = Varchar(length=64, unique=True)
    created_at = Timestamptz()
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)


class SignInCounter(Table, tablename="account_sign_in_counter"):
    """Sign-in attempts counted under one key within a window, to slow down password guessing.

    A key is ``account+address:<email>|<address>``, ``address:<address>`` or
    ``account:<email>`` (see ``accounts/sessions.py``). Each attempt adds one
    and reads the count back in the same statement, so concurrent attempts
    cannot all see the count below the limit.
    """

    id: Serial  # added by Piccolo; declared so type-checkers know it
    key = Varchar(length=320, unique=True)
    attempts = Integer(default=0)
    window_started = BigInt(default=0)  # Unix time, in seconds, when this window of attempts began
