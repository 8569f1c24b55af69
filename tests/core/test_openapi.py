"""The OpenAPI document states the rules a client must follow, and says what the answers really hold."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx

from coordination.core.schemas import MAX_INT


async def openapi(client: httpx.AsyncClient) -> dict[str, Any]:
    answer = await client.get("/schema/openapi.json")
    assert answer.status_code == 200
    document: dict[str, Any] = answer.json()
    return document


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def walk(document: dict[str, Any], schema: dict[str, Any], where: str, seen: set[str]) -> Iterator[tuple[str, dict]]:
    """Every leaf schema under ``schema`` (objects and arrays opened, references followed once)."""
    if "$ref" in schema:
        if schema["$ref"] in seen:
            return
        seen = seen | {schema["$ref"]}
    schema = resolve(document, schema)
    # Litestar states an optional field's limits beside its `oneOf`, where JSON Schema applies them too.
    limits = {key: value for key, value in schema.items() if key not in ("oneOf", "anyOf", "allOf", "description")}
    for key in ("oneOf", "anyOf", "allOf"):
        for option in schema.get(key, []):
            yield from walk(document, {**resolve(document, option), **limits}, where, seen)
    if schema.get("type") == "object" or "properties" in schema:
        for name, child in schema.get("properties", {}).items():
            yield from walk(document, child, f"{where}.{name}", seen)
    if schema.get("type") == "array":
        yield where, schema
        yield from walk(document, schema.get("items", {}), f"{where}[]", seen)
    elif schema.get("type") in ("string", "integer"):
        yield where, schema


def request_inputs(document: dict[str, Any]) -> Iterator[tuple[str, dict]]:
    """Every string, integer and array a request may carry: path, query and body."""
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            name = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                if parameter["in"] in ("path", "query"):
                    yield from walk(document, parameter["schema"], f"{name} {parameter['name']}", set())
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body is not None:
                yield from walk(document, body["schema"], f"{name} body", set())


async def test_every_string_list_and_number_of_a_request_has_a_stated_maximum(client: httpx.AsyncClient) -> None:
    document = await openapi(client)
    unbounded = []
    for where, schema in request_inputs(document):
        if schema.get("enum") or schema.get("format") in ("date", "date-time"):
            continue
        limit = {"string": "maxLength", "array": "maxItems", "integer": "maximum"}[schema["type"]]
        if limit not in schema:
            unbounded.append(where)
        elif schema["type"] == "integer":
            assert schema["maximum"] <= MAX_INT, where
    assert unbounded == []


async def test_text_patterns_refuse_a_final_newline_in_python_and_in_javascript_alike(
    client: httpx.AsyncClient,
) -> None:
    document = await openapi(client)
    patterns = {schema["pattern"] for _, schema in request_inputs(document) if "pattern" in schema}
    assert len(patterns) >= 5
    for pattern in patterns:
        # `$` alone also matches before a final newline in Python; the patterns end with `$(?!\n)`.
        assert pattern.endswith("$(?!\\n)"), pattern
        assert "\\Z" not in pattern, pattern  # not ECMA-262: JSON Schema validators would read it as "Z"
        compiled = re.compile(pattern)
        for text in ("bilbao", "ES", "https://x.org", "Bilbao", "A"):
            if compiled.search(text + "\n"):
                # Only a text of several lines may end with a line break.
                assert compiled.search(f"{text}\n{text}"), (pattern, text)


async def test_local_wall_times_of_events_and_sessions_are_not_announced_as_instants(
    client: httpx.AsyncClient,
) -> None:
    document = await openapi(client)
    schemas = document["components"]["schemas"]
    event, session = schemas["EventOut"]["properties"], schemas["SessionOut"]["properties"]
    for name, field in [("EventOut.start", event["start"]), ("EventOut.end", event["end"])]:
        options = field["oneOf"]
        assert {option.get("format") for option in options} == {"local-date-time", None}, name
        assert "without an offset" in field["description"]
    for name in ("start", "end"):
        assert session[name]["format"] == "local-date-time"
        assert "date-time" not in (session[name].get("oneOf") or [{}])[0].get("format", "")
    # The instants in UTC keep the standard format.
    assert event["starts_at"]["oneOf"][0]["format"] == "date-time"
    assert session["starts_at"]["format"] == "date-time"
    # And the answer matches what the document says: no offset.
    pattern = re.compile(session["start"]["pattern"])
    assert pattern.search("2020-12-08T09:30:00")
    assert not pattern.search("2020-12-08T09:30:00+01:00")
