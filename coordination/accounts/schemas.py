from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from coordination.accounts.enums import Role
from coordination.core.actor import Actor
from coordination.core.schemas import NOT_BLANK_LINE_PATTERN, Email, OptionalName, Revision, Slug

TokenName = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=100,
        pattern=NOT_BLANK_LINE_PATTERN,
        description="What the token is for: one line, not blank, at most 100 characters.",
    ),
]


class Principal(msgspec.Struct, frozen=True):
    """Who is asking: a signed-in person (by session or API token), or the public.

    Resolved once per request by the accounts middleware; read it with
    ``coordination.accounts.guards.principal_of(request)``.
    """

    user_id: int | None = None
    email: str = ""
    name: str = ""
    role: Role | None = None
    member_id: int | None = None
    member_slug: str | None = None
    body_id: int | None = None
    body_slug: str | None = None
    via: str = "anonymous"  # "session", "token" or "anonymous"
    credential_id: int | None = None  # the session's or the token's id

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_secretariat(self) -> bool:
        return self.role is Role.secretariat

    # What the permission rules ask. Code outside accounts uses these, never ``role``/``body_id``/``member_id``
    # directly, so the rules keep working when a person holds several roles.
    @property
    def lead_body_ids(self) -> frozenset[int]:
        """The bodies this person leads today."""
        return frozenset({self.body_id}) if self.role is Role.body_lead and self.body_id is not None else frozenset()

    @property
    def focal_member_ids(self) -> frozenset[int]:
        """The members this person is the focal point of today."""
        if self.role is Role.focal_point and self.member_id is not None:
            return frozenset({self.member_id})
        return frozenset()

    def leads_body(self, body_id: int) -> bool:
        return body_id in self.lead_body_ids

    def is_focal_point_of(self, member_id: int) -> bool:
        return member_id in self.focal_member_ids

    def actor(self, address: str = "") -> Actor:
        if self.user_id is None:
            return Actor(user_id=None, label="public", via="anonymous", address=address)
        return Actor(user_id=self.user_id, label=self.email, via=self.via, address=address)


ANONYMOUS = Principal()


class UserCreate(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    role: Role
    name: OptionalName = ""
    member: Slug | None = None
    body: Slug | None = None


class UserUpdate(msgspec.Struct, forbid_unknown_fields=True):
    revision: Revision
    name: OptionalName | UnsetType = UNSET
    role: Role | UnsetType = UNSET
    member: Slug | UnsetType | None = UNSET
    body: Slug | UnsetType | None = UNSET
    disabled: bool | UnsetType = UNSET


class UserOut(msgspec.Struct):
    id: int
    email: str
    name: str
    role: Role
    member: str | None
    body: str | None
    disabled: bool
    has_password: bool
    last_sign_in_at: datetime | None
    revision: int
    created_at: datetime
    updated_at: datetime


class InvitationCreate(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    role: Role
    name: OptionalName = ""
    member: Slug | None = None
    body: Slug | None = None


class InvitationOut(msgspec.Struct):
    id: int
    email: str
    name: str
    role: Role
    member: str | None
    body: str | None
    status: str  # "pending", "accepted", "expired" or "withdrawn"
    invited_by: str | None
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    # Only in the answer to the invitation itself: whether the mail went out (false when no SMTP server is configured).
    mail_sent: bool | None = None


class TokenCreate(msgspec.Struct, forbid_unknown_fields=True):
    name: TokenName


class TokenOut(msgspec.Struct):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(msgspec.Struct):
    """A new API token. ``token`` is shown this once; only its hash is kept."""

    id: int
    name: str
    prefix: str
    created_at: datetime
    token: str


class SignedIn(msgspec.Struct):
    """What a successful sign-in gives the page: the session cookie's value and who signed in."""

    session_secret: str
    expires_at: datetime
    user: UserOut
