"""Activities, partner organisations, and the bodies and priorities they hang on."""

from __future__ import annotations

from typing import Any

from coordination.activities import services as activities
from coordination.activities.schemas import ActivityCreate, ActivityOut, PartnerCreate, PartnerOut
from coordination.network import services as network
from coordination.network.schemas import PriorityCreate, PriorityOut
from tests.factories import unique
from tests.factories.bodies import body

__all__ = ["activity", "body", "partner", "priority"]


async def priority(**overrides: Any) -> PriorityOut:
    values: dict[str, Any] = {
        "code": "A",
        "title_en": "Implementation",
        "title_fr": "Mise en œuvre",
        "title_es": "Implementación",
    }
    values.update(overrides)
    return await network.create_priority(data=PriorityCreate(**values))


async def partner(**overrides: Any) -> PartnerOut:
    values: dict[str, Any] = {"slug": unique("partner"), "name": "UN-Habitat", "website": "https://unhabitat.org"}
    values.update(overrides)
    return await activities.create_partner(data=PartnerCreate(**values))


async def activity(*, body: str, priority: str, **overrides: Any) -> ActivityOut:
    values: dict[str, Any] = {"body": body, "priority": priority, "title": "Finalisation of the Smart Cities Study"}
    values.update(overrides)
    return await activities.create_activity(data=ActivityCreate(**values))
