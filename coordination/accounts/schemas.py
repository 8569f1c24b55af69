from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

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


Language = Literal["en", "fr", "es"]


_LANGUAGES: dict[str, Language] = {"en": "en", "fr": "fr", "es": "es"}


def as_language(value: str | None) -> Language | None:
    """``value`` if it is one of the languages people may choose, else None."""
    return _LANGUAGES.get(value or "")


LANGUAGE_DESCRIPTION = "The language of the mail they get: en, fr or es."


class Principal(msgspec.Struct, frozen=True):
    """Who is asking: a signed-in person (by session or API token), or the public.

    Resolved once per request by the accounts middleware from the person's
    role assignments that count today; read it with
    ``coordination.accounts.guards.principal_of(request)``. What it may do is
    decided by ``coordination.accounts.rules``.
    """

    user_id: int | None = None
    email: str = ""
    name: str = ""
    language: str = "en"
    is_secretariat: bool = False
    lead_body_ids: frozenset[int] = frozenset()  # the bodies this person leads today
    focal_member_ids: frozenset[int] = frozenset()  # the members this person is the focal point of today
    via: str = "anonymous"  # "session", "token", "feed" or "anonymous"
    credential_id: int | None = None  # the session's or the token's id

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    def leads_body(self, body_id: int) -> bool:
        return body_id in self.lead_body_ids

    def is_focal_point_of(self, member_id: int) -> bool:
        return member_id in self.focal_member_ids

    def actor(self, address: str = "") -> Actor:
        if self.user_id is None:
            return Actor(user_id=None, label="public", via="anonymous", address=address)
        return Actor(user_id=self.user_id, label=self.email, via=self.via, address=address)


ANONYMOUS = Principal()


class Grant(msgspec.Struct, forbid_unknown_fields=True):
    """A role to give someone: ``secretariat``; ``body_lead`` with a ``body``; ``focal_point`` with a ``member``."""

    role: Role
    member: Slug | None = None
    body: Slug | None = None
    start_date: date | None = None  # default: today (for an invitation: the day it is accepted)
    end_date: date | None = None  # its last day; none: no end planned


class AssignmentOut(msgspec.Struct):
    """A role someone holds, and when it counts."""

    id: int
    role: Role
    member: str | None
    member_name: str | None
    body: str | None
    body_name: str | None
    start_date: date
    end_date: date | None
    revoked_at: datetime | None
    status: str  # "active" (counts today), "future" (starts later), "ended" or "revoked"
    revision: int


class UserCreate(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    assignments: Annotated[list[Grant], Meta(min_length=1, max_length=50)]
    name: OptionalName = ""
    language: Annotated[Language, Meta(description=LANGUAGE_DESCRIPTION)] = "en"


class UserUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """Roles are not changed here: grant and revoke them under ``/api/v1/users/{id}/assignments``."""

    revision: Revision
    name: OptionalName | UnsetType = UNSET
    language: Language | UnsetType = UNSET
    disabled: bool | UnsetType = UNSET


class UserOut(msgspec.Struct):
    id: int
    email: str
    name: str
    language: str
    assignments: list[AssignmentOut]  # every one, ended and revoked included; ``status`` says which count
    disabled: bool
    has_password: bool
    last_sign_in_at: datetime | None
    revision: int
    created_at: datetime
    updated_at: datetime


class Recipient(msgspec.Struct, frozen=True):
    """Someone to write to, in their language."""

    user_id: int
    email: str
    name: str
    language: str


class InvitationCreate(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    assignments: Annotated[list[Grant], Meta(min_length=1, max_length=50)]
    name: OptionalName = ""
    # None: the network's default language.
    language: Annotated[Language | None, Meta(description=LANGUAGE_DESCRIPTION)] = None


class InvitationOut(msgspec.Struct):
    id: int
    email: str
    name: str
    language: str
    assignments: list[Grant]  # what the person will hold once they accept
    status: str  # "pending", "accepted", "expired" or "withdrawn"
    invited_by: str | None
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    # Only in the answer to the invitation itself: its mail in the outbox (see /outbox), and whether an SMTP
    # server will send it (false: none is configured, the link only goes to the server log).
    mail_id: int | None = None
    mail_queued: bool | None = None


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
