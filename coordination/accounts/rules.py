"""Who may read or change what: plain functions of a principal and an object.

Every permission rule of the service lives here, once. Nothing here knows
HTTP: this module imports neither Litestar nor Jinja. The route guards and
page helpers (``guards.py``) are thin wrappers that turn a "no" into a 401,
403 or 404; services that decide what someone gets (personal calendar feeds,
and the coming reports) call these functions directly.

A rule takes the object by its id. Requests name objects by slug: the route
looks the id up through the domain's service, then asks the rule, so there is
no second "by slug" version of a rule to keep in step.

A person may hold several roles at once (``RoleAssignment``); the
``Principal`` carries the union of those that count today, so every rule
below gives them the union of what each role allows, and nothing more.
"""

from __future__ import annotations

from coordination.accounts.schemas import Principal
from coordination.bodies import services as bodies


def is_secretariat(principal: Principal) -> bool:
    """The network's own business: users and invitations, the audit trail, the outbox, the network's settings
    and priorities, creating and deleting members, bodies and their history, memberships, leadership terms,
    partner organisations."""
    return principal.is_secretariat


def can_edit_member(principal: Principal, *, member_id: int) -> bool:
    """A member's own data (its details, its people) and the progress reports it owes: its focal points,
    or the secretariat. Creating and deleting members is the secretariat's alone."""
    return is_secretariat(principal) or principal.is_focal_point_of(member_id)


def can_edit_body(principal: Principal, *, body_id: int) -> bool:
    """A body's activities, events and progress reports: its leads, or the secretariat.

    Creating, renaming or deleting bodies, memberships and leadership terms is
    the secretariat's alone (``is_secretariat``).
    """
    return is_secretariat(principal) or principal.leads_body(body_id)


def can_manage_credentials_of(principal: Principal, *, user_id: int) -> bool:
    """Someone's API tokens and personal feed links: their owner, or the secretariat (to revoke them)."""
    return is_secretariat(principal) or (principal.is_authenticated and principal.user_id == user_id)


async def body_ids_with_members_only_access(principal: Principal) -> set[int] | None:
    """The bodies whose members-only events (and other members-only content) ``principal`` may read.

    None means every body (the secretariat); an empty set means none (the
    public, or someone who holds no role today). A lead reads the bodies they
    lead; a focal point, the bodies their members belong to (or lead) today.
    """
    if is_secretariat(principal):
        return None
    readable = set(principal.lead_body_ids)
    readable |= await bodies.body_ids_of_members(member_ids=principal.focal_member_ids)
    return readable


async def can_see_members_only(principal: Principal, *, body_id: int) -> bool:
    readable = await body_ids_with_members_only_access(principal)
    return readable is None or body_id in readable


async def can_read_member_private(principal: Principal, *, member_id: int) -> bool:
    """A member's non-public details (its people's email addresses): the secretariat, its focal points, and
    the leads of the bodies it belongs to today."""
    if can_edit_member(principal, member_id=member_id):
        return True
    if not principal.lead_body_ids:
        return False
    return member_id in await bodies.member_ids_of_bodies(body_ids=principal.lead_body_ids)


async def member_ids_with_private_access(principal: Principal) -> set[int] | None:
    """The members whose non-public details ``principal`` may read (``can_read_member_private`` for many at once,
    as a spreadsheet export needs); None means every member (the secretariat)."""
    if is_secretariat(principal):
        return None
    readable = set(principal.focal_member_ids)
    if principal.lead_body_ids:
        readable |= await bodies.member_ids_of_bodies(body_ids=principal.lead_body_ids)
    return readable
