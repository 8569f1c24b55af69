"""A body's dated history of names and kinds, kept as a chain of namings.

The model
---------
Each ``BodyHistoryEntry`` row says: "from ``valid_from`` the body was called
``name`` and was of kind ``kind``". A naming lasts until the next row begins.
Rows are ordered by ``valid_from``; only the first may be undated (when it
began is not known), so the order is the same on every database.

Once a body has any history, the last row of the chain is its *current*
naming (the body's own name and kind): its ``valid_from`` is when the current
name took effect, shown on the body as ``named_since``. Every other row is a
*past* naming, shown with ``valid_from`` (when it began, if known) and
``valid_until`` (the date the change to the next naming happened). The
tables have no column for "current name since", which is why the current
naming is a row too.

- A change of name or kind (``record_change``) appends the new naming, dated
  when the change took effect; a body without history first gets a row for
  its previous naming, undated. A change dated the very day the current
  naming began is a correction: it rewrites that row (or, going back to the
  name before, removes it) instead of keeping a naming that never held.
- An older name (``prepend_naming``) must end the day the earliest recorded
  naming began; if that one was undated, the older name's end dates it.
- Forgetting a past naming (``forget_naming``) lets the one before it last
  until the one after it began. The current naming cannot be forgotten.

The functions here only read and write the chain; the caller (``services``)
finds the body, locks it and checks the dates against today, in its
transaction.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import pairwise
from typing import Any

from coordination.bodies.enums import BodyKind
from coordination.bodies.schemas import BodyHistoryCreate, BodyHistoryEntryOut
from coordination.bodies.tables import BodyHistoryEntry
from coordination.core.errors import InvalidInput, NotFound
from coordination.core.i18n import N_
from coordination.core.schemas import utc_now

Chain = list[dict[str, Any]]


def _chain_order(row: dict[str, Any]) -> tuple[bool, date, int]:
    # Only the first naming may be undated: sorting undated first in Python
    # avoids the backends' different placement of NULLs.
    return (row["valid_from"] is not None, row["valid_from"] or date.min, row["id"])


async def chains(*, body_ids: list[int]) -> dict[int, Chain]:
    if not body_ids:
        return {}
    rows = await BodyHistoryEntry.select().where(BodyHistoryEntry.body.is_in(list(body_ids)))
    by_body: dict[int, Chain] = defaultdict(list)
    for row in sorted(rows, key=_chain_order):
        by_body[row["body"]].append(row)
    return dict(by_body)


async def chain(*, body_id: int) -> Chain:
    return (await chains(body_ids=[body_id])).get(body_id, [])


def past_namings(chain: Chain) -> list[BodyHistoryEntryOut]:
    """Every naming but the current one, oldest first, each with the date it gave way."""
    return [
        BodyHistoryEntryOut(
            id=row["id"],
            name=row["name"],
            kind=BodyKind(row["kind"]),
            valid_from=row["valid_from"],
            valid_until=following["valid_from"],
            note=row["note"],
        )
        for row, following in pairwise(chain)
    ]


def named_since(chain: Chain) -> date | None:
    return chain[-1]["valid_from"] if chain else None


async def _insert(*, body_id: int, name: str, kind: str, valid_from: date | None, note: str = "") -> int:
    rows = await BodyHistoryEntry.insert(
        BodyHistoryEntry(body=body_id, name=name, kind=kind, valid_from=valid_from, note=note, created_at=utc_now())
    ).returning(BodyHistoryEntry.id)
    return int(rows[0]["id"])


async def record_change(*, body: dict[str, Any], name: str, kind: str, on: date) -> None:
    """The body (a row, still with its previous name and kind) is called ``name`` of ``kind`` from ``on``."""
    namings = await chain(body_id=body["id"])
    if not namings:
        await _insert(body_id=body["id"], name=body["name"], kind=body["kind"], valid_from=None)
        await _insert(body_id=body["id"], name=name, kind=kind, valid_from=on)
        return
    current = namings[-1]
    since = current["valid_from"]
    if since is not None and on < since:
        raise InvalidInput(
            N_("the current name took effect on %(date)s; a later change cannot take effect before that"),
            field="changed_on",
            params={"date": since.isoformat()},
        )
    if since is not None and on == since:
        before = namings[-2] if len(namings) > 1 else None
        if before is not None and (before["name"], before["kind"]) == (name, kind):
            await BodyHistoryEntry.delete().where(BodyHistoryEntry.id == current["id"])
        else:
            await BodyHistoryEntry.update({BodyHistoryEntry.name: name, BodyHistoryEntry.kind: kind}).where(
                BodyHistoryEntry.id == current["id"]
            )
        return
    await _insert(body_id=body["id"], name=name, kind=kind, valid_from=on)


async def prepend_naming(*, body: dict[str, Any], data: BodyHistoryCreate) -> int:
    """Record a name older than every recorded one; returns its entry id (the caller checks it ended by today)."""
    if data.valid_from is not None and data.valid_from >= data.valid_until:
        raise InvalidInput(
            N_("the name must end (%(end)s) after it began (%(start)s)"),
            field="valid_until",
            params={"end": data.valid_until.isoformat(), "start": data.valid_from.isoformat()},
        )
    namings = await chain(body_id=body["id"])
    if not namings:
        await _insert(body_id=body["id"], name=body["name"], kind=body["kind"], valid_from=data.valid_until)
    else:
        earliest = namings[0]
        if earliest["valid_from"] is None:
            following = namings[1]["valid_from"] if len(namings) > 1 else None
            if following is not None and data.valid_until >= following:
                raise InvalidInput(
                    N_(
                        "the earliest recorded name, %(name)r, gave way to %(next)r on %(date)s, "
                        "so an older name must end before that"
                    ),
                    field="valid_until",
                    params={"name": earliest["name"], "next": namings[1]["name"], "date": following.isoformat()},
                )
            # The older name ended when the earliest recorded one began: now that date is known.
            await BodyHistoryEntry.update({BodyHistoryEntry.valid_from: data.valid_until}).where(
                BodyHistoryEntry.id == earliest["id"]
            )
        elif data.valid_until != earliest["valid_from"]:
            raise InvalidInput(
                N_("the earliest recorded name, %(name)r, began on %(date)s; an older name must end on that date"),
                field="valid_until",
                params={"name": earliest["name"], "date": earliest["valid_from"].isoformat()},
            )
    return await _insert(
        body_id=body["id"],
        name=data.name.strip(),
        kind=data.kind.value,
        valid_from=data.valid_from,
        note=data.note.strip(),
    )


async def forget_naming(*, body: dict[str, Any], entry_id: int) -> None:
    namings = await chain(body_id=body["id"])
    if entry_id not in {row["id"] for row in namings[:-1]}:
        raise NotFound(
            N_("body %(slug)r has no past name with the id %(id)s"), params={"slug": body["slug"], "id": entry_id}
        )
    await BodyHistoryEntry.delete().where(BodyHistoryEntry.id == entry_id)
