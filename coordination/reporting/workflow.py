"""The report's workflow: submit, return with a reason, resubmit, approve (locked), reopen with a reason.

::

    not started ──save──▶ draft ──submit──▶ submitted ──approve──▶ approved
                                              │   ▲                   │
                                        return│   │resubmit     reopen│ (secretariat, with a reason)
                                              ▼   │                   ▼
                                            returned ◀────────────────┘

Every submission freezes the working copy as a new version. The first submission fixes the report's
timeliness (on time, in grace, late); later ones keep it. Approving a body's report applies its activities'
statuses and percentages to the activities themselves, through the activities service (audited there), so
the body's page shows the latest approved progress. A member's report only reports on activities that
belong to bodies, so approving it changes none.
"""

from __future__ import annotations

from datetime import datetime

from coordination.activities import services as activities
from coordination.activities.schemas import ActivityUpdate
from coordination.core.database import transaction
from coordination.core.errors import Conflict, InvalidInput, NotFound, Phrase
from coordination.core.i18n import N_
from coordination.core.schemas import utc_now
from coordination.core.versioning import check_revision
from coordination.reporting import periods, reminder_log, reports, timing
from coordination.reporting.enums import (
    AWAITING_REVIEW_STATES,
    REPORT_ACTION_LABELS,
    SLOT_STATE_LABELS,
    ReportAction,
    ReporterKind,
    SlotState,
)
from coordination.reporting.schemas import SlotOut, TransitionOut
from coordination.reporting.tables import ReportingPeriod, ReportingSlot, ReportTransition

# action -> the states it may start from
ALLOWED_FROM: dict[ReportAction, frozenset[SlotState]] = {
    ReportAction.submit: frozenset({SlotState.draft, SlotState.returned}),
    ReportAction.return_: AWAITING_REVIEW_STATES,
    ReportAction.approve: AWAITING_REVIEW_STATES,
    ReportAction.reopen: frozenset({SlotState.approved}),
}


def _refusal(action: ReportAction, state: SlotState) -> Conflict:
    if action is ReportAction.submit and state is SlotState.not_started:
        return Conflict(N_("save the report before submitting it"), field="action")
    return Conflict(
        N_("a report that is %(state)s cannot be %(action)s"),
        field="action",
        params={
            "state": Phrase(SLOT_STATE_LABELS[state], lowercase=True),
            "action": Phrase(REPORT_ACTION_LABELS[action], lowercase=True),
        },
    )


async def transition(
    *, slot_id: int, action: ReportAction, reason: str = "", revision: int | None = None, now: datetime | None = None
) -> SlotOut:
    """Move the report; the caller has checked who may (``rules``). Returns the slot as it is after."""
    reason = reason.strip()
    if action in (ReportAction.return_, ReportAction.reopen) and not reason:
        raise InvalidInput(N_("say why: the reporter will read it"), field="reason")
    async with transaction():
        row = await periods.slot_row(slot_id=slot_id, lock=True)
        check_revision(expected=revision, actual=row["revision"], what=Phrase(N_("report %(id)s"), {"id": slot_id}))
        state = SlotState(row["state"])
        if state not in ALLOWED_FROM[action]:
            raise _refusal(action, state)
        values: dict[object, object] = {
            ReportingSlot.revision: ReportingSlot.revision + 1,
            ReportingSlot.updated_at: utc_now(),
        }
        version_number = row["submissions"]
        if action is ReportAction.submit:
            to = SlotState.submitted if row["submissions"] == 0 else SlotState.resubmitted
            version_number = row["submissions"] + 1
            slot = await periods.get_slot(slot_id=slot_id)
            await reports.copy_working_copy(slot=slot, number=version_number, submitted_as=to, now=now)
            moment = now or utc_now()
            values[ReportingSlot.submissions] = version_number
            values[ReportingSlot.last_submitted_at] = moment
            if row["first_submitted_at"] is None:
                period = (
                    await ReportingPeriod.select(ReportingPeriod.grace_days)
                    .where(ReportingPeriod.id == row["period"])
                    .first()
                )
                assert period is not None
                values[ReportingSlot.first_submitted_at] = moment
                values[ReportingSlot.timeliness] = timing.timeliness(
                    first_submitted_at=moment, due_date=row["due_date"], grace_days=period["grace_days"]
                ).value
        elif action is ReportAction.return_:
            to = SlotState.returned
        elif action is ReportAction.approve:
            to = SlotState.approved
            values[ReportingSlot.approved_at] = now or utc_now()
            values[ReportingSlot.approved_version] = row["submissions"]
        else:
            to = SlotState.returned
            values[ReportingSlot.approved_at] = None
            values[ReportingSlot.approved_version] = 0
        values[ReportingSlot.state] = to.value
        await ReportingSlot.update(values).where(ReportingSlot.id == slot_id)  # type: ignore[arg-type]
        await periods.record_transition(
            slot_id=slot_id,
            action=action,
            from_state=state,
            to_state=to,
            reason=reason,
            version_number=version_number,
            at=now,
        )
        if to not in (SlotState.returned,):
            # Submitted or approved: the reminder mail not yet sent is withdrawn, in this transaction.
            await reminder_log.cancel_pending(slot_id=slot_id)
        if action is ReportAction.approve and row["body"] is not None:
            await _apply_progress(slot_id=slot_id, number=row["submissions"])
    return await periods.get_slot(slot_id=slot_id)


async def _apply_progress(*, slot_id: int, number: int) -> None:
    """The approved statuses and percentages become the activities' own (each change audited by activities)."""
    slot = await periods.get_slot(slot_id=slot_id)
    if slot.reporter.kind is not ReporterKind.body:
        return
    version = await reports.get_version(slot_id=slot_id, number=number)
    for entry in version.content.entries:
        if entry.activity is None:
            continue
        try:
            activity = await activities.get_activity(activity_id=entry.activity)
        except NotFound:
            continue  # deleted since: the report keeps its title
        if activity.body.slug != slot.reporter.slug:
            continue  # moved to another body since: that body reports on it now
        if (activity.status, activity.progress_percent) == (entry.status, entry.progress_percent):
            continue
        await activities.update_activity(
            activity_id=activity.id,
            data=ActivityUpdate(
                revision=activity.revision, status=entry.status, progress_percent=entry.progress_percent
            ),
        )


async def list_transitions(*, slot_id: int) -> list[TransitionOut]:
    """The slot's history, oldest first: who did what, when, and why."""
    await periods.slot_row(slot_id=slot_id)
    rows = await ReportTransition.select().where(ReportTransition.slot == slot_id).order_by(ReportTransition.id)
    return [
        TransitionOut(
            id=row["id"],
            action=ReportAction(row["action"]),
            from_state=SlotState(row["from_state"]),
            to_state=SlotState(row["to_state"]),
            reason=row["reason"],
            version_number=row["version_number"],
            due_date=row["due_date"],
            at=row["at"],
            actor=row["actor"],
        )
        for row in rows
    ]
