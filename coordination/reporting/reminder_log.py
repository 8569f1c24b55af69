"""The record of reminders decided for each slot: read for the pages, and withdrawn when a slot no longer
owes anything (approved, exempted).

Apart from ``reminders`` (which plans and sends them) because the workflow and the slots' writes call
``cancel_pending``, and ``reminders`` itself reads slots through ``periods``.
"""

from __future__ import annotations

import json
from typing import Any

from coordination.mail import services as outbox
from coordination.reporting.schemas import ReminderOut
from coordination.reporting.tables import ReportingReminder

QUEUED = "queued"
CANCELLED = "cancelled"
NOBODY = "nobody"  # nobody held the role that owes the report: decided, nothing sent


def reminder_out(row: dict[str, Any]) -> ReminderOut:
    return ReminderOut(
        id=row["id"],
        slot=row["slot"],
        kind=row["kind"],
        due_date=row["due_date"],
        planned_for=row["planned_for"],
        status=row["status"],
        recipients=[address for address in row["recipients"].split(",") if address],
        decided_at=row["decided_at"],
        actor=row["actor"],
    )


async def list_for_slots(slot_ids: list[int]) -> dict[int, list[ReminderOut]]:
    """Each slot's reminders, oldest first."""
    if not slot_ids:
        return {}
    rows = (
        await ReportingReminder.select()
        .where(ReportingReminder.slot.is_in(slot_ids))
        .order_by(ReportingReminder.decided_at)
        .order_by(ReportingReminder.id)
    )
    found: dict[int, list[ReminderOut]] = {slot_id: [] for slot_id in slot_ids}
    for row in rows:
        found[row["slot"]].append(reminder_out(row))
    return found


async def cancel_pending(*, slot_id: int) -> int:
    """Inside the caller's transaction: withdraw the slot's reminder mail not yet sent; the reminders cancelled.

    A reminder whose mail has gone (or is going) stays as it is: it reached someone.
    """
    rows = await ReportingReminder.select(ReportingReminder.id, ReportingReminder.message_ids).where(
        (ReportingReminder.slot == slot_id) & (ReportingReminder.status == QUEUED)
    )
    cancelled = 0
    for row in rows:
        ids = [int(value) for value in _ids(row["message_ids"])]
        withdrawn = await outbox.cancel(message_ids=ids)
        if ids and len(withdrawn) == len(ids):
            await ReportingReminder.update({ReportingReminder.status: CANCELLED}).where(
                ReportingReminder.id == row["id"]
            )
            cancelled += 1
    return cancelled


def _ids(raw: Any) -> list[Any]:
    if isinstance(raw, str):
        return list(json.loads(raw or "[]"))
    return list(raw or [])
