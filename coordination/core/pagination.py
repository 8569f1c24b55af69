"""Limit/offset pagination shared by every list endpoint."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

import msgspec
from litestar.params import QueryParameter

from coordination.core.schemas import MAX_INT

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class Page(msgspec.Struct, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class PageParams(msgspec.Struct, frozen=True):
    limit: int = DEFAULT_LIMIT
    offset: int = 0


Limit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT, description="How many items at most")]
Offset = Annotated[int, QueryParameter(ge=0, le=MAX_INT, description="How many items to skip")]
