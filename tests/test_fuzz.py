"""The API fuzzed from its own OpenAPI document: no 5xx, and every answer as the document describes it.

schemathesis (4.x) generates requests from ``/schema/openapi.json`` — valid
ones and, through the same strategies, every boundary it can reach — for
every operation, anonymously and as the secretariat, against the demo
network on SQLite and PostgreSQL. Each operation gets ``EXAMPLES`` examples so
the whole test stays under two minutes on two cores.

The app runs in the test's own event loop (a PostgreSQL pool belongs to one
loop); hypothesis runs in a worker thread and hands each request back to the
loop with ``anyio.from_thread.run``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import anyio
import anyio.from_thread
import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
)

from coordination.accounts.tables import ApiToken
from tests.factories import accounts as factories

pytestmark = pytest.mark.demo

EXAMPLES = int(os.environ.get("COORDINATION_FUZZ_EXAMPLES", "8"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance, response_headers_conformance]


def _sendable_part(value: Any) -> Any:
    """A multipart part httpx can encode: numbers and lists (negative cases) become their text."""
    if isinstance(value, tuple) and len(value) >= 2 and not isinstance(value[1], bytes | str):
        return (value[0], str(value[1]).encode(), *value[2:])
    if isinstance(value, bytes | str | tuple):
        return value
    return str(value).encode()


class Fuzzer:
    """Runs hypothesis in a worker thread; each request goes back to the test's event loop."""

    def __init__(self, http: httpx.AsyncClient, schema: Any, *, headers: dict[str, str]) -> None:
        self.http = http
        self.schema = schema
        self.headers = headers
        self.failures: list[str] = []
        self.requests = 0
        self.statuses: dict[int, int] = {}
        self.keep: Callable[[Any], bool] = lambda _case: True

    async def send(self, case: Any) -> httpx.Response:
        kwargs = case.as_transport_kwargs(base_url=str(self.http.base_url), headers=self.headers)
        kwargs.pop("cookies", None)  # none in this API; httpx deprecates per-request cookies
        if isinstance(kwargs.get("data"), str | bytes):  # a raw body (negative cases): httpx wants it as content
            kwargs["content"] = kwargs.pop("data")
        if isinstance(kwargs.get("files"), list | dict):
            # A negative case may give a file part a number or a list; send it as the text a client would.
            items = kwargs["files"].items() if isinstance(kwargs["files"], dict) else kwargs["files"]
            kwargs["files"] = [(name, _sendable_part(value)) for name, value in items]
        request = self.http.build_request(**kwargs)
        await request.aread()  # a multipart body (an attachment) is built as a sync stream: read it here
        return await self.http.send(request)

    def run_operation(self, operation: Any) -> None:
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,  # the same examples every run: a failure can be replayed
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=st.one_of(operation.as_strategy(mode) for mode in GenerationMode))
        def one(case: Any) -> None:
            assume(self.keep(case))
            response = anyio.from_thread.run(self.send, case)
            self.requests += 1
            self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
            try:
                case.validate_response(response, checks=CHECKS)
            except (Exception, BaseExceptionGroup) as exc:  # schemathesis groups its failures
                self.failures.append(f"{operation.label}: {type(exc).__name__}: {exc}"[:2000])
                raise

        try:
            one()
        except (Exception, BaseExceptionGroup) as exc:  # the other operations are fuzzed all the same
            if not self.failures or not self.failures[-1].startswith(operation.label):
                self.failures.append(f"{operation.label}: {type(exc).__name__}: {exc}"[:2000])

    def run(self) -> None:
        for result in self.schema.get_all_operations():
            self.run_operation(result.ok())


async def _fuzz(http: httpx.AsyncClient, headers: dict[str, str], keep: Callable[[Any], bool] | None = None) -> Fuzzer:
    document = (await http.get("/schema/openapi.json")).json()
    schema = schemathesis.openapi.from_dict(document)
    fuzzer = Fuzzer(http, schema, headers=headers)
    if keep is not None:
        fuzzer.keep = keep
    await anyio.to_thread.run_sync(fuzzer.run)
    return fuzzer


# The public reaches a subset of what the secretariat reaches (the rest answers 401 before any query), and the
# secretariat's run below covers every operation on both engines: the public's runs on SQLite only.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_api_fuzzed_anonymously_never_fails(client: httpx.AsyncClient) -> None:
    fuzzer = await _fuzz(client, headers={})
    assert fuzzer.failures == [], "\n\n".join(fuzzer.failures)
    assert fuzzer.requests > 100
    assert 401 in fuzzer.statuses  # the writes were refused, not skipped


async def test_the_api_fuzzed_as_the_secretariat_never_fails(client: httpx.AsyncClient) -> None:
    fuzzer_user = await factories.user(email="fuzzer@example.org", name="Fuzzer")
    token = await factories.api_token(user_id=fuzzer_user.id, name="fuzzer")
    token_id = (await ApiToken.select(ApiToken.id).where(ApiToken.user == fuzzer_user.id).first() or {})["id"]

    def keep(case: Any) -> bool:
        # Everything but the fuzzer disabling itself or revoking its own token, which would end the run early.
        path = case.path_parameters or {}
        return path.get("user_id") != fuzzer_user.id and path.get("token_id") != token_id

    fuzzer = await _fuzz(client, headers=factories.bearer(token), keep=keep)
    assert fuzzer.failures == [], "\n\n".join(fuzzer.failures)
    assert fuzzer.requests > 100
    assert any(200 <= status < 300 for status in fuzzer.statuses if status != 204)
    assert 400 in fuzzer.statuses
