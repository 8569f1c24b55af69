from __future__ import annotations

import httpx

from coordination.accounts import services as accounts
from coordination.accounts.demo import load_demo_users
from coordination.accounts.enums import Role
from coordination.accounts.schemas import UserOut
from coordination.demo.loader import load_demo
from tests.factories import accounts as factories


def _roles(user: UserOut) -> list[tuple[Role, str | None, str | None]]:
    return [(a.role, a.member, a.body) for a in user.assignments if a.status == "active"]


async def test_demo_has_one_user_per_role_who_can_sign_in(client: httpx.AsyncClient) -> None:
    await load_demo()
    credentials = await load_demo_users()
    assert await load_demo_users() == credentials  # a second run changes nothing
    assert [email for email, _ in credentials] == [
        "secretariat@demo.example.org",
        "lead@bilbao.demo.example.org",
        "focal@antony.demo.example.org",
    ]
    users = {u.email: _roles(u) for u in (await accounts.list_users()).items}
    assert users == {
        "secretariat@demo.example.org": [(Role.secretariat, None, None)],
        # Bilbao's person leads Digital Cities and speaks for Bilbao: two roles at once.
        "lead@bilbao.demo.example.org": [(Role.body_lead, None, "digital-cities"), (Role.focal_point, "bilbao", None)],
        "focal@antony.demo.example.org": [(Role.focal_point, "antony", None)],
    }
    for email, password in credentials:
        client.cookies.clear()
        assert (await factories.sign_in(client, email=email, password=password)).status_code == 303, email
