"""The route table: every domain's API controllers and page handlers, in one list each."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from coordination.activities.routes import ActivityController, PartnerController
from coordination.bodies.routes import BodyController, LeadershipTermController, MembershipController
from coordination.events.routes import EventController
from coordination.members.routes import MemberController, PersonController
from coordination.network.routes import NetworkController, PriorityController

API_HANDLERS: list[ControllerRouterHandler] = [
    NetworkController,
    PriorityController,
    MemberController,
    PersonController,
    BodyController,
    MembershipController,
    LeadershipTermController,
    PartnerController,
    ActivityController,
    EventController,
]

PAGE_HANDLERS: list[ControllerRouterHandler] = []
