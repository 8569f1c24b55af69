"""The audit trail: append-only. There is deliberately no update or delete here.

Every service write calls ``record()`` inside its own transaction, so the
record commits (or rolls back) with the change it describes. Who acted comes
from ``coordination.core.actor``: the accounts middleware sets it per request,
the CLI per command.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from coordination.audit.schemas import AuditRecordOut
from coordination.audit.tables import AuditRecord
from coordination.core import changes
from coordination.core.actor import current_actor
from coordination.core.pagination import Page
from coordination.core.schemas import utc_now

# Never copied into the trail, whatever a caller passes.
SECRET_FIELDS = frozenset({"password", "password_hash", "token", "token_hash", "session_secret", "secret"})
# Bookkeeping that changes with every write and says nothing about what changed.
NOISE_FIELDS = frozenset({"revision", "updated_at"})

_encoder = msgspec.json.Encoder()


def _as_dict(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    plain = msgspec.to_builtins(value, str_keys=True)
    if not isinstance(plain, Mapping):
        return {"value": plain}
    return {key: item for key, item in plain.items() if key not in SECRET_FIELDS}


def changed_fields(before: Any, after: Any) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Only what differs: for an update both sides keep the changed fields; a creation or deletion keeps one side."""
    old, new = _as_dict(before), _as_dict(after)
    if old is None or new is None:
        return old, new
    keys = [key for key in dict.fromkeys([*old, *new]) if key not in NOISE_FIELDS and old.get(key) != new.get(key)]
    return {key: old.get(key) for key in keys}, {key: new.get(key) for key in keys}


# What no public page shows: accounts, their sessions, tokens and invitations, personal feeds, outgoing mail.
NEVER_PUBLIC = frozenset({"user", "role_assignment", "invitation", "api_token", "personal_feed", "mail"})


async def record(
    *,
    action: str,
    object_type: str,
    object_id: str | int = "",
    before: Any = None,
    after: Any = None,
) -> None:
    """Append one record. Call it inside the transaction of the write it describes.

    ``before``/``after`` are structs, dataclasses or dicts (whole objects are
    fine: unchanged fields, ``revision`` and ``updated_at`` are dropped, and
    secrets are never stored).
    """
    actor = current_actor()
    old, new = changed_fields(before, after)
    await AuditRecord.insert(
        AuditRecord(
            at=utc_now(),
            actor_user_id=actor.user_id,
            actor=actor.label[:254],
            via=actor.via,
            address=actor.address[:45],
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            before="" if old is None else _encoder.encode(old).decode(),
            after="" if new is None else _encoder.encode(new).decode(),
        )
    )
    # In the same transaction: the public pages kept by every worker (core/response_cache.py) are dropped, unless
    # nothing a public page shows changed (a sign-in, a token): otherwise anyone could empty the caches at will.
    if object_type not in NEVER_PUBLIC:
        await changes.bump(changes.CONTENT)


def _record_out(row: dict[str, Any]) -> AuditRecordOut:
    return AuditRecordOut(
        id=row["id"],
        at=row["at"],
        actor=row["actor"],
        actor_user_id=row["actor_user_id"],
        via=row["via"],
        address=row["address"],
        action=row["action"],
        object_type=row["object_type"],
        object_id=row["object_id"],
        before=msgspec.json.decode(row["before"]) if row["before"] else None,
        after=msgspec.json.decode(row["after"]) if row["after"] else None,
    )


async def list_records(
    *,
    object_type: str | None = None,
    object_id: str | None = None,
    action: str | None = None,
    actor_user_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[AuditRecordOut]:
    """Newest first."""
    query = AuditRecord.select().order_by(AuditRecord.id, ascending=False).limit(limit).offset(offset)
    count = AuditRecord.count()
    conditions = []
    if object_type:
        conditions.append(AuditRecord.object_type == object_type)
    if object_id:
        conditions.append(AuditRecord.object_id == object_id)
    if action:
        conditions.append(AuditRecord.action == action)
    if actor_user_id is not None:
        conditions.append(AuditRecord.actor_user_id == actor_user_id)
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    rows = await query
    return Page(items=[_record_out(row) for row in rows], total=await count, limit=limit, offset=offset)
