"""Path and query parameters shared by every route, with the bounds the databases hold.

An id or a revision beyond ``MAX_INT`` (PostgreSQL's ``integer``) is refused
with 400 naming the parameter before any query is made, on SQLite too, so
both databases answer the same.
"""

from __future__ import annotations

from typing import Annotated

from litestar.params import PathParameter, QueryParameter

from coordination.core.schemas import MAX_INT

IdPath = Annotated[int, PathParameter(ge=1, le=MAX_INT, description=f"An id: a whole number from 1 to {MAX_INT}.")]
RevisionQuery = Annotated[
    int | None,
    QueryParameter(
        ge=1,
        le=MAX_INT,
        description="The revision you last read; a stale one is refused with 409 so nothing is lost.",
    ),
]
SlugPath = Annotated[str, PathParameter(min_length=1, max_length=100, description="A slug, such as `digital-cities`.")]
SlugQuery = Annotated[str | None, QueryParameter(max_length=100, description="A slug, such as `digital-cities`.")]
SearchQuery = Annotated[
    str | None, QueryParameter(max_length=200, description="Part of the name (at most 200 characters)")
]
