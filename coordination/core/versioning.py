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
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import msgspec

from coordination.core.errors import Conflict, Phrase
from coordination.core.i18n import N_

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


def check_revision(*, expected: int | None, actual: int, what: str | Phrase) -> None:
    """``what`` names the row; as a ``Phrase`` it is named in the reader's language on a page."""
    if expected is not None and expected != actual:
        raise Conflict(
            N_("%(what)s was changed by someone else (revision %(actual)s, yours %(expected)s); reload it first"),
            field="revision",
            params={"what": what, "actual": actual, "expected": expected},
        )


@asynccontextmanager
async def integrity_errors(
    *,
    unique_field: str,
    unique_message: str,
    unique_params: Mapping[str, Any] | None = None,
    reference_message: str | None = None,
    reference_params: Mapping[str, Any] | None = None,
) -> AsyncIterator[None]:
    """Turn what the database refuses into a 409 that says why.

    A unique violation here means a race was lost after the service checked;
    a foreign-key violation means a row that others still point at. A message
    given with its params is a template, so pages can show it translated.
    """
    unique = Conflict(unique_message, field=unique_field, params=unique_params)
    if reference_message is None:
        reference = Conflict(N_("other records still refer to this one"), field=unique_field)
    else:
        reference = Conflict(reference_message, field=unique_field, params=reference_params)
    try:
        yield
    except UniqueViolationError as exc:
        raise unique from exc
    except ForeignKeyViolationError as exc:
        raise reference from exc
    except sqlite3.IntegrityError as exc:
        if "UNIQUE" in str(exc):
            raise unique from exc
        if "FOREIGN KEY" in str(exc):
            raise reference from exc
        raise
