"""Optimistic concurrency and integrity errors, shared by every service.

Each editable row carries a ``revision``. An update names the revision it was
based on; if someone saved in between, the caller gets 409 instead of
silently overwriting the other edit. The write itself, with its revision
check in the same statement, is ``audit.writes`` (the one audited write path,
outside core because it records to the audit trail); ``check_revision`` here
lets a service refuse early, before it checks its own rules on the row it read.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import msgspec

from coordination.core.errors import Conflict

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
