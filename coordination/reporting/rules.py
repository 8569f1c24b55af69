"""Who may read and change what in reporting: plain functions of a principal and an object.

No Litestar, no Jinja: routes, pages and services call these, wrapped by thin guards. They ask the principal
only ``is_authenticated``, ``is_secretariat``, ``leads_body``, ``is_focal_point_of``, ``lead_body_ids`` and
``focal_member_ids``, which keep their meaning when people hold several roles.

- The secretariat reads and changes every report, reviews (returns, approves, reopens), and runs periods.
- A body's lead reads and writes that body's reports, and submits them; a member's focal point, that member's.
- Nobody else sees a report, not even that it exists in a list; the public sees no reporting at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class Asker(Protocol):
    """What the rules may ask of a principal (``coordination.accounts.schemas.Principal``)."""

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_secretariat(self) -> bool: ...

    @property
    def lead_body_ids(self) -> frozenset[int]: ...

    @property
    def focal_member_ids(self) -> frozenset[int]: ...

    def leads_body(self, body_id: int) -> bool: ...

    def is_focal_point_of(self, member_id: int) -> bool: ...


@dataclass(frozen=True)
class Owner:
    """Who owes a report: a body (``body_id``) or a member (``member_id``)."""

    body_id: int | None
    member_id: int | None


@dataclass(frozen=True)
class Scope:
    """The reports a person may see in lists: all of them, or those of these bodies and members."""

    everything: bool
    body_ids: frozenset[int]
    member_ids: frozenset[int]

    @property
    def nothing(self) -> bool:
        return not self.everything and not self.body_ids and not self.member_ids


def is_reporter(principal: Asker, owner: Owner) -> bool:
    """The person who writes this report: the lead of its body, or the focal point of its member."""
    if owner.body_id is not None and principal.leads_body(owner.body_id):
        return True
    return owner.member_id is not None and principal.is_focal_point_of(owner.member_id)


def can_read_report(principal: Asker, owner: Owner) -> bool:
    """The report, its versions, history and attachments."""
    return principal.is_authenticated and (principal.is_secretariat or is_reporter(principal, owner))


def can_write_report(principal: Asker, owner: Owner) -> bool:
    """Save the working copy, upload and remove attachments, submit (when the state allows it)."""
    return can_read_report(principal, owner)


def can_review(principal: Asker) -> bool:
    """Return with a reason, approve, reopen an approved report: the secretariat alone."""
    return principal.is_authenticated and principal.is_secretariat


def can_manage_periods(principal: Asker) -> bool:
    """Create, change and delete periods; add reporters; extend a slot's due date; exempt a slot."""
    return principal.is_authenticated and principal.is_secretariat


def can_read_periods(principal: Asker) -> bool:
    """Periods (dates and due dates) are for everyone who reports or reviews: anyone signed in."""
    return principal.is_authenticated


def can_read_completeness(principal: Asker) -> bool:
    """Who reported what, network-wide: the secretariat."""
    return principal.is_authenticated and principal.is_secretariat


def reading_scope(principal: Asker) -> Scope:
    """The slots a person sees in lists and start pages."""
    if not principal.is_authenticated:
        return Scope(everything=False, body_ids=frozenset(), member_ids=frozenset())
    if principal.is_secretariat:
        return Scope(everything=True, body_ids=frozenset(), member_ids=frozenset())
    return Scope(everything=False, body_ids=principal.lead_body_ids, member_ids=principal.focal_member_ids)
