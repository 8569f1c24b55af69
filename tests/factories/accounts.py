"""Users, signed-in clients and API tokens, built through the accounts services and pages."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import httpx

from coordination.accounts import passwords, tokens
from coordination.accounts import services as accounts
from coordination.accounts.enums import Role
from coordination.accounts.schemas import Grant, TokenCreate, UserCreate, UserOut
from coordination.core.database import transaction
from tests.factories import unique

PASSWORD = "correct horse battery staple"

_CSRF_INPUT = re.compile(r'name="_csrf_token" value="([^"]+)"')


async def user(
    *,
    role: Role = Role.secretariat,
    member: str | None = None,
    body: str | None = None,
    assignments: list[Grant] | None = None,
    password: str | None = PASSWORD,
    **overrides: Any,
) -> UserOut:
    """A user holding one role (``role`` with its ``member`` or ``body``), or the ``assignments`` given."""
    grants = assignments if assignments is not None else [Grant(role=role, member=member, body=body)]
    values: dict[str, Any] = {"email": f"{unique('person')}@example.org", "name": "Ana Etxeberria"}
    values.update(overrides)
    data = UserCreate(assignments=grants, **values)
    if password is None:
        return await accounts.create_user(data=data)
    # What create_user stores, but one real argon2 hash per password and test process: a hash takes a quarter of a
    # second here and most tests make several people (create_user's own hashing is tested through the CLI and pages).
    passwords.check_new_password(password)
    async with transaction():
        user_id = await accounts.insert_user(data=data, password_hash=_hash_of(password))
    return await accounts.get_user(user_id=user_id)


@cache
def _hash_of(password: str) -> str:
    return passwords.hash_password(password)


async def api_token(*, user_id: int, name: str = "reporting script") -> str:
    """A fresh API token's secret."""
    return (await tokens.create_token(user_id=user_id, data=TokenCreate(name=name))).token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def csrf_token(html: str) -> str:
    """The CSRF token of the first form in a page, as a browser would send it back."""
    found = _CSRF_INPUT.search(html)
    assert found is not None, "the page has no form with a CSRF token"
    return found.group(1)


async def post_form(client: httpx.AsyncClient, form_page: str, action: str, data: dict[str, str]) -> httpx.Response:
    """Open ``form_page`` (for its CSRF token and cookie), then post ``data`` to ``action`` like its form would."""
    opened = await client.get(form_page)
    assert opened.status_code == 200, opened.text
    return await client.post(action, data={**data, "_csrf_token": csrf_token(opened.text)})


async def sign_in(client: httpx.AsyncClient, *, email: str, password: str = PASSWORD) -> httpx.Response:
    return await post_form(client, "/sign-in", "/sign-in", {"email": email, "password": password})
