"""One demo user per role, with fixed credentials. For the demo network only: never use them elsewhere."""

from __future__ import annotations

from coordination.accounts import services
from coordination.accounts.enums import Role
from coordination.accounts.schemas import UserCreate
from coordination.core.errors import InvalidInput

# (email, name, role, member, body, password)
DEMO_USERS: list[tuple[str, str, Role, str | None, str | None, str]] = [
    ("secretariat@demo.example.org", "Demo Secretariat", Role.secretariat, None, None, "demo-secretariat-2026"),
    (
        "lead@bilbao.demo.example.org",
        "Demo Body Lead (Bilbao)",
        Role.body_lead,
        None,
        "digital-cities",
        "demo-lead-2026",
    ),
    ("focal@antony.demo.example.org", "Demo Focal Point (Antony)", Role.focal_point, "antony", None, "demo-focal-2026"),
]


async def load_demo_users() -> list[tuple[str, str]]:
    """Create the demo users that are missing (after the demo network); returns (email, password) of those present.

    Idempotent: an existing demo user is left as it is.
    """
    present = []
    for email, name, role, member, body, password in DEMO_USERS:
        if await services.find_user(email=email) is None:
            try:
                await services.create_user(
                    data=UserCreate(email=email, name=name, role=role, member=member, body=body), password=password
                )
            except InvalidInput:
                continue  # its member or body is not in this database: the demo network was not loaded
        present.append((email, password))
    return present
