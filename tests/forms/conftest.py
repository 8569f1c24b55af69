"""Signed-in page clients for the form tests: each person signs in through the sign-in page, as in a browser."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from html import unescape

import httpx
import pytest
from litestar import Litestar

from coordination.accounts.enums import Role
from coordination.accounts.schemas import Grant
from tests.factories import accounts, unique

Login = Callable[..., Awaitable[httpx.AsyncClient]]


@pytest.fixture
async def signed_in(app: Litestar) -> AsyncIterator[Login]:
    """``await signed_in(role=..., member=..., body=..., language=...)``: a page client signed in as a new user."""
    opened: list[httpx.AsyncClient] = []

    async def login(
        *, role: Role = Role.secretariat, member: str | None = None, body: str | None = None, language: str = "en"
    ) -> httpx.AsyncClient:
        email = f"{unique('form-user')}@example.org"
        await accounts.user(email=email, assignments=[Grant(role=role, member=member, body=body)])
        http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
        opened.append(http)
        http.cookies.set("lang", language)
        answer = await accounts.sign_in(http, email=email)
        assert answer.status_code == 303, answer.text
        return http

    yield login
    for http in opened:
        await http.aclose()


async def submit(http: httpx.AsyncClient, path: str, data: dict[str, str | list[str]]) -> httpx.Response:
    """Open the form at ``path`` and post ``data`` to it, with the page's CSRF token."""
    opened = await http.get(path)
    assert opened.status_code == 200, opened.text
    return await http.post(path, data={**data, "_csrf_token": accounts.csrf_token(opened.text)})


def form_values(html: str) -> dict[str, str]:
    """The values a form shows in its text inputs (what a person would see typed)."""
    found: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and value and 'type="checkbox"' not in tag:
            found.setdefault(name.group(1), unescape(value.group(1)))
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        found[name] = unescape(text)
    return found


def error_of(html: str, field: str) -> str:
    """The message shown next to ``field`` (empty when none)."""
    found = re.search(rf'<p class="field-error" id="{re.escape(field)}-error">(.*?)</p>', html, re.S)
    return unescape(found.group(1)).strip() if found else ""
