"""One demo user per role, with fixed credentials. For the demo network only: never use them elsewhere.

Bilbao's person both leads Digital Cities and is Bilbao's focal point: two
role assignments, as in the network the demo is built from.
"""

from __future__ import annotations

from coordination.accounts import services
from coordination.accounts.enums import Role
from coordination.accounts.schemas import Grant, UserCreate
from coordination.core.errors import InvalidInput

# (email, name, roles, password)
DEMO_USERS: list[tuple[str, str, list[Grant], str]] = [
    ("secretariat@demo.example.org", "Demo Secretariat", [Grant(role=Role.secretariat)], "demo-secretariat-2026"),
    (
        "lead@bilbao.demo.example.org",
        "Demo Body Lead (Bilbao)",
        [Grant(role=Role.body_lead, body="digital-cities"), Grant(role=Role.focal_point, member="bilbao")],
        "demo-lead-2026",
    ),
    (
        "focal@antony.demo.example.org",
        "Demo Focal Point (Antony)",
        [Grant(role=Role.focal_point, member="antony")],
        "demo-focal-2026",
    ),
]


async def load_demo_users() -> list[tuple[str, str]]:
    """Create the demo users that are missing (after the demo network); returns (email, password) of those present.

    Idempotent: an existing demo user is left as it is.
    """
    present = []
    for email, name, grants, password in DEMO_USERS:
        if await services.find_user(email=email) is None:
            try:
                await services.create_user(
                    data=UserCreate(email=email, name=name, assignments=grants), password=password
                )
            except InvalidInput:
                continue  # its member or body is not in this database: the demo network was not loaded
        present.append((email, password))
    return present
