"""Members and people."""

from __future__ import annotations

from typing import Any

from coordination.members import services as members
from coordination.members.enums import MemberKind
from coordination.members.schemas import MemberCreate, MemberOut, PersonCreate, PersonOut
from tests.factories import unique


async def member(**overrides: Any) -> MemberOut:
    values: dict[str, Any] = {
        "slug": unique("city"),
        "name": "Ville d’Antony",
        "kind": MemberKind.city,
        "country": "FR",
    }
    values.update(overrides)
    return await members.create_member(data=MemberCreate(**values))


async def person(*, member_slug: str, **overrides: Any) -> PersonOut:
    values: dict[str, Any] = {"name": "Juan Mari Aburto", "title": "Mayor", "email": "alcalde@example.org"}
    values.update(overrides)
    return await members.add_person(member_slug=member_slug, data=PersonCreate(**values))
