"""OpenAPI details Litestar cannot infer from a handler's signature."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from litestar.openapi.spec import OpenAPIFormat, OpenAPIMediaType, OpenAPIResponse, OpenAPIType, Operation, Schema


def file_operation(content_types: Iterable[str]) -> type[Operation]:
    """An ``operation_class`` for a route answering a file whose type a parameter chooses (CSV or XLSX…).

    Litestar documents one media type per handler; this documents each the route may answer, so a client (and
    the fuzzer's content-type check) knows them all. JSON is documented as an object, the others as binary.
    """
    types = [content_type.split(";")[0] for content_type in content_types]

    @dataclass
    class FileOperation(Operation):
        def __post_init__(self) -> None:
            ok = (self.responses or {}).get("200")
            if isinstance(ok, OpenAPIResponse):
                ok.content = {
                    content_type: OpenAPIMediaType(
                        schema=Schema(type=OpenAPIType.OBJECT)
                        if content_type == "application/json"
                        else Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
                    )
                    for content_type in types
                }

    return FileOperation
