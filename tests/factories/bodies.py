"""Bodies, memberships and leadership terms.

Overrides may be given as JSON would send them (dates as ISO strings, enums as values).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec

from coordination.bodies import leadership, memberships
from coordination.bodies import services as bodies
from coordination.bodies.enums import BodyKind, LeadershipRole
from coordination.bodies.schemas import (
    BodyCreate,
    BodyOut,
    LeadershipTermCreate,
    LeadershipTermOut,
    MembershipCreate,
    MembershipOut,
)
from tests.factories import unique


async def body(**overrides: Any) -> BodyOut:
    values: dict[str, Any] = {
        "slug": unique("body"),
        "name": "Digital Cities Community of Practice",
        "kind": BodyKind.community_of_practice,
        "mandate": "Share what works in digital public services.",
    }
    values.update(overrides)
    return await bodies.create_body(data=msgspec.convert(values, BodyCreate))


async def membership(*, body_slug: str, member_slug: str, **overrides: Any) -> MembershipOut:
    values: dict[str, Any] = {"body": body_slug, "member": member_slug, "start_date": date(2020, 1, 1)}
    values.update(overrides)
    return await memberships.create_membership(data=msgspec.convert(values, MembershipCreate))


async def term(*, body_slug: str, member_slug: str, **overrides: Any) -> LeadershipTermOut:
    values: dict[str, Any] = {
        "body": body_slug,
        "member": member_slug,
        "role": LeadershipRole.lead,
        "start_date": date(2020, 1, 1),
    }
    values.update(overrides)
    return await leadership.create_term(data=msgspec.convert(values, LeadershipTermCreate))
