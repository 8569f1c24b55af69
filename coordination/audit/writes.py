"""The one audited write path: check the revision and write in one statement, count the change, record it.

Every service changes and deletes its editable rows through ``update`` and
``delete``. Both run inside the caller's transaction (or their own):

1. the row is written only if it is still at the revision the change was
   based on — the check and the write are **one statement**
   (``UPDATE … WHERE id = ? AND revision = ?``, ``DELETE … WHERE id = ? AND
   revision = ?``), so no other change can slip in between them, whatever the
   database's isolation level; otherwise 404 (gone) or 409 (changed);
2. the named change counter (``core.changes``) is bumped, so caches in other
   worker processes notice;
3. the audit record is appended with the object before and after.

Whatever the caller checked before (rules, overlaps…) was checked on the row
at the revision that step 1 then requires, so a check can never have been
made on a version of the row other than the one that is written.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from piccolo.columns import Column
from piccolo.table import Table

from coordination.audit import services as audit
from coordination.core import changes as counters
from coordination.core.database import transaction
from coordination.core.errors import Conflict, NotFound, Phrase
from coordination.core.i18n import N_
from coordination.core.schemas import utc_now
from coordination.core.versioning import integrity_errors

T = TypeVar("T")

CHANGED_MEANWHILE = N_(
    "%(what)s was changed by someone else (revision %(current)s, yours %(yours)s); "
    "reload it and apply your change again"
)


@dataclass(frozen=True)
class Target:
    """The row a write is about, and how the audit trail and the error messages name it."""

    table: type[Table]
    row_id: int
    what: str | Phrase  # names it in a 404 or 409 ("member 'bilbao'", "ana@example.org"), translated if a Phrase
    object_type: str  # in the audit trail: "member", "event"…
    object_id: str | int  # in the audit trail: its slug or id


def _same(value: Any) -> Any:
    return value


async def _refusal(target: Target, *, yours: int) -> Exception:
    """Why a conditional write touched no row: the row is gone (404), or it is at another revision (409)."""
    revision = target.table._meta.get_column_by_name("revision")
    current = await target.table.select(revision).where(target.table._meta.primary_key == target.row_id).first()
    if current is None:
        return NotFound(N_("%(what)s not found"), params={"what": target.what})
    return Conflict(
        CHANGED_MEANWHILE,
        field="revision",
        params={"what": target.what, "current": current["revision"], "yours": yours},
    )


async def update(
    target: Target,
    *,
    revision: int,
    values: dict[str, Any],
    read: Callable[[], Awaitable[T]],
    action: str | Callable[[T, T], str],
    audited: Callable[[T], Any] = _same,
    counter: str | None = None,
    before: T | None = None,
    then: Callable[[], Awaitable[None]] | None = None,
) -> T:
    """Apply ``values`` to the row if it is still at ``revision``; return the object as ``read`` gives it after.

    ``before`` is the object as the caller already read it (else ``read`` is
    called first); ``then`` writes what belongs to the row (an event's
    sessions) once the row is written; ``action`` may depend on the object
    before and after ("activity.status_changed"); ``audited`` turns the
    object into what the audit trail keeps of it. The row's revision goes up
    by one and its ``updated_at`` (if it has one) is set, even when ``values``
    is empty.
    """
    async with transaction():
        previous = before if before is not None else await read()
        table = target.table
        revision_column = table._meta.get_column_by_name("revision")
        columns: dict[Column | str, Any] = {
            table._meta.get_column_by_name(name): value for name, value in values.items()
        }
        if "updated_at" in {column._meta.name for column in table._meta.columns}:
            columns[table._meta.get_column_by_name("updated_at")] = utc_now()
        columns[revision_column] = revision + 1
        written = (
            await table.update(columns)
            .where((table._meta.primary_key == target.row_id) & (revision_column == revision))
            .returning(table._meta.primary_key)
        )
        if not written:
            raise await _refusal(target, yours=revision)
        if then is not None:
            await then()
        if counter is not None:
            await counters.bump(counter)
        after = await read()
        await audit.record(
            action=action(previous, after) if callable(action) else action,
            object_type=target.object_type,
            object_id=target.object_id,
            before=audited(previous),
            after=audited(after),
        )
    return after


async def delete(
    target: Target,
    *,
    revision: int | None,
    read: Callable[[], Awaitable[T]],
    action: str,
    audited: Callable[[T], Any] = _same,
    counter: str | None = None,
    reference_message: str | None = None,
    reference_params: Mapping[str, Any] | None = None,
    reference_field: str = "",
    before_delete: Callable[[], Awaitable[None]] | None = None,
) -> T:
    """Delete the row if it is still at ``revision`` (None: at the revision read here); return it as it was.

    ``before_delete`` writes what must be written from the row before it goes
    (an event's tombstone): if the delete is then refused, the transaction
    takes that back too. ``reference_message`` is the 409 when other rows
    still refer to this one (a restricting foreign key), naming ``reference_field``;
    with ``reference_params`` it is a template that pages translate.
    """
    async with transaction():
        table = target.table
        revision_column = table._meta.get_column_by_name("revision")
        primary_key = table._meta.primary_key
        row = await table.select(revision_column).where(primary_key == target.row_id).first()
        if row is None:
            raise NotFound(N_("%(what)s not found"), params={"what": target.what})
        expected = row["revision"] if revision is None else revision
        previous = await read()
        if before_delete is not None:
            await before_delete()
        async with integrity_errors(
            unique_field=reference_field,
            unique_message="",
            reference_message=reference_message,
            reference_params=reference_params,
        ):
            deleted = (
                await table.delete()
                .where((primary_key == target.row_id) & (revision_column == expected))
                .returning(primary_key)
            )
        if not deleted:
            raise await _refusal(target, yours=expected)
        if counter is not None:
            await counters.bump(counter)
        await audit.record(
            action=action, object_type=target.object_type, object_id=target.object_id, before=audited(previous)
        )
    return previous
