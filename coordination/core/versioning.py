"""Optimistic concurrency and integrity errors, shared by every service.

Each editable row carries a ``revision``. An update names the revision it was
based on; if someone saved in between, the update matches no row and the
caller gets 409 instead of silently overwriting the other edit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import msgspec
from piccolo.columns import Column
from piccolo.table import Table

from coordination.core.errors import Conflict, NotFound
from coordination.core.schemas import utc_now

try:  # asyncpg is installed with the postgres extra, but keep SQLite-only installs working
    from asyncpg.exceptions import ForeignKeyViolationError, UniqueViolationError
except ImportError:  # pragma: no cover
    UniqueViolationError = ForeignKeyViolationError = type("Never", (Exception,), {})


def changes(data: msgspec.Struct) -> dict[str, Any]:
    """The fields an update schema actually sets (UNSET ones are left alone)."""
    return {
        name: value
        for name in data.__struct_fields__
        if name != "revision" and (value := getattr(data, name)) is not msgspec.UNSET
    }


async def update_versioned(
    *,
    table: type[Table],
    row_id: int,
    revision: int,
    values: dict[str, Any],
    what: str,
) -> int:
    """Apply ``values`` to the row if it is still at ``revision``; return the new revision."""
    columns: dict[Column | str, Any] = {table._meta.get_column_by_name(name): value for name, value in values.items()}
    revision_column = table._meta.get_column_by_name("revision")
    if "updated_at" in {c._meta.name for c in table._meta.columns}:
        columns[table._meta.get_column_by_name("updated_at")] = utc_now()
    columns[revision_column] = revision + 1
    pk = table._meta.primary_key
    rows = await table.update(columns).where((pk == row_id) & (revision_column == revision)).returning(pk)
    if rows:
        return revision + 1
    current = await table.select(revision_column).where(pk == row_id).first()
    if current is None:
        raise NotFound(f"{what} not found")
    raise Conflict(
        f"{what} was changed by someone else (revision {current['revision']}, yours {revision}); "
        "reload it and apply your change again",
        field="revision",
    )


async def bump_revision(*, table: type[Table], row_id: int) -> None:
    """Count a change made to a row's children (an event's sessions) as a change of the row."""
    revision_column = table._meta.get_column_by_name("revision")
    values: dict[Column | str, Any] = {revision_column: revision_column + 1}  # type: ignore[operator]
    if "updated_at" in {c._meta.name for c in table._meta.columns}:
        values[table._meta.get_column_by_name("updated_at")] = utc_now()
    await table.update(values).where(table._meta.primary_key == row_id)


def check_revision(*, expected: int | None, actual: int, what: str) -> None:
    if expected is not None and expected != actual:
        raise Conflict(
            f"{what} was changed by someone else (revision {actual}, yours {expected}); reload it first",
            field="revision",
        )


@asynccontextmanager
async def integrity_errors(
    *, unique_field: str, unique_message: str, reference_message: str | None = None
) -> AsyncIterator[None]:
    """Turn what the database refuses into a 409 that says why.

    A unique violation here means a race was lost after the service checked;
    a foreign-key violation means a row that others still point at.
    """
    try:
        yield
    except UniqueViolationError as exc:
        raise Conflict(unique_message, field=unique_field) from exc
    except ForeignKeyViolationError as exc:
        raise Conflict(reference_message or "other records still refer to this one", field=unique_field) from exc
    except sqlite3.IntegrityError as exc:
        if "UNIQUE" in str(exc):
            raise Conflict(unique_message, field=unique_field) from exc
        if "FOREIGN KEY" in str(exc):
            message = reference_message or "other records still refer to this one"
            raise Conflict(message, field=unique_field) from exc
        raise
