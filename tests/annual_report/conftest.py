"""The annual report's tests: query counting, a signed-in secretariat, and the demo's reports read back."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from litestar import Litestar

from coordination.core.database import current_engine
from tests.factories import accounts


class QueryLog:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __len__(self) -> int:
        return len(self.statements)


@contextmanager
def counting_queries() -> Iterator[QueryLog]:
    """Every SQL statement the bound engine runs, counted (the engine still runs them: nothing is faked).

    Engines have slots, so the method is wrapped on the engine's class for the duration.
    """
    engine_class = type(current_engine())
    original = engine_class.run_querystring
    log = QueryLog()

    async def counted(self: Any, querystring: Any, in_pool: bool = True) -> Any:
        log.statements.append(str(querystring))
        return await original(self, querystring, in_pool=in_pool)

    engine_class.run_querystring = counted  # type: ignore[method-assign]
    try:
        yield log
    finally:
        engine_class.run_querystring = original  # type: ignore[method-assign]


@pytest.fixture
async def secretariat_pages(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """A browser-like client signed in to the pages as a secretariat member."""
    await accounts.user(email="secretariat@example.org", name="Secretariat")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        signed = await accounts.sign_in(http, email="secretariat@example.org")
        assert signed.status_code == 303, signed.text
        yield http
