"""Reminders of reports owed, each decided once; the secretariat's "chase now"; the weekly digest.

When: for a slot the reporter still has to act on (not started, draft, or returned), whose body is active,
a reminder ``before`` the due date (``reminder_days_before`` days; 0: none), one on the ``due`` date, then
``overdue-1``, ``overdue-2``… every ``reminder_overdue_every_days`` days, at most
``reminder_overdue_count`` of them and none after the period's grace ends (a period without grace stops at
the count). Days are the network's (``COORDINATION_TIMEZONE``), and a day's reminders go out from
``reminder_hour`` local time. Each reminder is *current* from its day until the next one's (the last one
for ``reminder_overdue_every_days`` days): a reminder missed while nothing ran goes out late, once, unless a
later one replaced it; a period set up late sends only the latest.

Once: each is inserted in ``reporting_reminder`` under the unique key (slot, kind, due date it was computed
from), in the transaction that queues its mail in the outbox. Another process, a retry or a restart finds
the key taken and sends nothing; a crash after the commit leaves the mail in the outbox, sent by the next
sender. The insert itself is the check (``ON CONFLICT DO NOTHING``), not a read before it, so two runs at
once cannot both pass it. A due date moved later keys new reminders (re-planned); moved back, the keys of
the reminders already sent for that date are still there (not sent again). Approving or exempting a report
withdraws its reminder mail not yet sent (``reminder_log.cancel_pending``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from coordination.accounts import services as accounts
from coordination.accounts.schemas import Recipient
from coordination.audit import services as audit
from coordination.bodies import services as bodies
from coordination.bodies.enums import BodyStatus
from coordination.core.actor import SYSTEM, acting_as, current_actor
from coordination.core.database import transaction
from coordination.core.errors import Conflict
from coordination.core.i18n import LANGUAGES, N_
from coordination.core.schemas import utc_now
from coordination.core.settings import Settings
from coordination.mail import services as outbox
from coordination.reporting import completeness, periods, reminder_log, timing
from coordination.reporting.enums import AWAITING_REVIEW_STATES, EDITABLE_STATES, SlotState, Timeliness
from coordination.reporting.schemas import PlannedReminder, ReminderOut, SlotOut
from coordination.reporting.tables import ReportingPeriod, ReportingReminder, ReportingSlot

BEFORE = "before"
DUE = "due"
OVERDUE = "overdue"
CHASE = "chase"
MAIL_KIND = "reminder"
DIGEST_KIND = "digest"
CHASE_PAUSE = timedelta(minutes=10)


def zone(settings: Settings) -> ZoneInfo:
    return ZoneInfo(settings.timezone)


def reminder_day(settings: Settings, now: datetime) -> date:
    """The day whose reminders are due at ``now``: the network's date, turning at ``reminder_hour``."""
    local = now.astimezone(zone(settings))
    return (local - timedelta(hours=settings.reminder_hour)).date()


def schedule(*, due_date: date, grace_days: int, settings: Settings) -> list[tuple[str, date]]:
    """The reminders planned for a due date, in order: (kind, day)."""
    planned: list[tuple[str, date]] = []
    if settings.reminder_days_before > 0:
        planned.append((BEFORE, due_date - timedelta(days=settings.reminder_days_before)))
    planned.append((DUE, due_date))
    every = max(1, settings.reminder_overdue_every_days)
    grace_ends = timing.grace_ends(due_date, grace_days)
    for number in range(1, settings.reminder_overdue_count + 1):
        day = due_date + timedelta(days=every * number)
        if grace_days > 0 and day > grace_ends:
            break
        planned.append((f"{OVERDUE}-{number}", day))
    return planned


def current(planned: list[tuple[str, date]], day: date, *, every_days: int) -> tuple[str, date] | None:
    """The reminder current on ``day``: the latest planned on or before it, until the next one's day."""
    for index in range(len(planned) - 1, -1, -1):
        kind, planned_for = planned[index]
        if planned_for > day:
            continue
        ends = planned[index + 1][1] if index + 1 < len(planned) else planned_for + timedelta(days=max(1, every_days))
        return (kind, planned_for) if day < ends else None
    return None


@dataclass(frozen=True)
class _Candidate:
    slot: dict[str, Any]
    kind: str
    planned_for: date


async def _candidates(settings: Settings, day: date) -> list[_Candidate]:
    """The slots with a reminder current on ``day``, whether or not it was decided already."""
    every = max(1, settings.reminder_overdue_every_days)
    earliest = day - timedelta(days=every * (settings.reminder_overdue_count + 1) + 1)
    latest = day + timedelta(days=max(0, settings.reminder_days_before))
    rows = (
        await ReportingSlot.select()
        .where(
            ReportingSlot.state.is_in(sorted(state.value for state in EDITABLE_STATES))
            & (ReportingSlot.due_date >= earliest)
            & (ReportingSlot.due_date <= latest)
        )
        .order_by(ReportingSlot.due_date)
        .order_by(ReportingSlot.id)
    )
    if not rows:
        return []
    grace = {
        row["id"]: row["grace_days"]
        for row in await ReportingPeriod.select(ReportingPeriod.id, ReportingPeriod.grace_days).where(
            ReportingPeriod.id.is_in(sorted({row["period"] for row in rows}))
        )
    }
    everyone = await bodies.all_body_summaries()
    found = []
    for row in rows:
        if row["body"] is not None and everyone[row["body"]].status is not BodyStatus.active:
            continue  # a closed or dormant body is not chased
        planned = schedule(due_date=row["due_date"], grace_days=grace[row["period"]], settings=settings)
        chosen = current(planned, day, every_days=every)
        if chosen is not None:
            found.append(_Candidate(slot=row, kind=chosen[0], planned_for=chosen[1]))
    return found


async def holders(slot: dict[str, Any]) -> list[Recipient]:
    """Who holds, today, the assignment that owes the slot's report: the body's leads or the member's focal
    points. Today, not on the reminder's day: the mail goes to whoever holds the role when it is written."""
    if slot["body"] is not None:
        return await accounts.assignment_holders(body_id=slot["body"])
    return await accounts.assignment_holders(member_id=slot["member"])


def _language(recipient: Recipient, settings: Settings) -> str:
    return recipient.language if recipient.language in LANGUAGES else settings.default_language


async def _queue_reminder(
    *, settings: Settings, slot: SlotOut, kind: str, recipients: list[Recipient], chased_by: str = ""
) -> list[int]:
    ids = []
    for recipient in recipients:
        ids.append(
            await outbox.enqueue(
                kind=MAIL_KIND,
                to=recipient.email,
                language=_language(recipient, settings),
                template="reporting/mail/reminder",
                context={
                    "name": recipient.name,
                    "slot": slot,
                    "reminder": kind.split("-")[0],
                    "chased_by": chased_by,
                    "link": f"{settings.base_url}/reporting/slots/{slot.id}",
                    "describe_period": timing.describe_period,
                },
                settings=settings,
            )
        )
    return ids


async def _record(*, slot_id: int, kind: str, due_date: date, planned_for: date, now: datetime) -> int | None:
    """Insert the decision; None when its key is taken (decided by someone else, before or at this moment)."""
    rows = (
        await ReportingReminder.insert(
            ReportingReminder(
                slot=slot_id,
                kind=kind,
                due_date=due_date,
                planned_for=planned_for,
                status=reminder_log.QUEUED,
                recipients="",
                message_ids="[]",
                decided_at=now,
                actor=current_actor().label[:254],
            )
        )
        .on_conflict(action="DO NOTHING")
        .returning(ReportingReminder.id)
    )
    return int(rows[0]["id"]) if rows else None


async def _complete(reminder_id: int, recipients: list[Recipient], message_ids: list[int]) -> None:
    await ReportingReminder.update(
        {
            ReportingReminder.recipients: ",".join(recipient.email for recipient in recipients),
            ReportingReminder.message_ids: json.dumps(message_ids),
            ReportingReminder.status: reminder_log.QUEUED if message_ids else reminder_log.NOBODY,
        }
    ).where(ReportingReminder.id == reminder_id)


async def _decide(settings: Settings, candidate: _Candidate, *, now: datetime) -> list[Recipient] | None:
    """Decide one reminder and queue its mail, in one transaction: to whom; None if it was decided already."""
    async with transaction():
        row = await periods.slot_row(slot_id=candidate.slot["id"], lock=True)
        if row["state"] not in {state.value for state in EDITABLE_STATES}:
            return None  # submitted, approved or exempted meanwhile
        if row["due_date"] != candidate.slot["due_date"]:
            return None  # moved meanwhile: the next run plans from the new date
        reminder_id = await _record(
            slot_id=row["id"], kind=candidate.kind, due_date=row["due_date"], planned_for=candidate.planned_for, now=now
        )
        if reminder_id is None:
            return None
        recipients = await holders(row)
        slot = (await periods.slots_out([row], now=now))[0]
        message_ids = await _queue_reminder(settings=settings, slot=slot, kind=candidate.kind, recipients=recipients)
        await _complete(reminder_id, recipients, message_ids)
    return recipients


async def run_due(settings: Settings, *, now: datetime | None = None, dry_run: bool = False) -> list[PlannedReminder]:
    """Decide and queue every reminder due at ``now`` (not sending it: the outbox does); what was decided.

    ``dry_run``: decide nothing; list the reminders due that no one has decided yet.
    """
    moment = now or utc_now()
    day = reminder_day(settings, moment)
    candidates = await _candidates(settings, day)
    if not candidates:
        return []
    decided: set[tuple[int, str, date]] = set()
    if dry_run:
        decided = {
            (row["slot"], row["kind"], row["due_date"])
            for row in await ReportingReminder.select(
                ReportingReminder.slot, ReportingReminder.kind, ReportingReminder.due_date
            ).where(ReportingReminder.slot.is_in([candidate.slot["id"] for candidate in candidates]))
        }
    described = {slot.id: slot for slot in await periods.slots_out([c.slot for c in candidates], now=moment)}
    result = []
    with acting_as(SYSTEM):
        for candidate in candidates:
            key = (candidate.slot["id"], candidate.kind, candidate.slot["due_date"])
            if dry_run and key in decided:
                continue
            if dry_run:
                recipients = await holders(candidate.slot)
            else:
                decided_for = await _decide(settings, candidate, now=moment)
                if decided_for is None:
                    continue  # decided before, or by another process at this very moment
                recipients = decided_for
            slot = described[candidate.slot["id"]]
            result.append(
                PlannedReminder(
                    slot=slot.id,
                    kind=candidate.kind,
                    due_date=candidate.slot["due_date"],
                    planned_for=candidate.planned_for,
                    period=slot.period.slug,
                    reporter=slot.reporter.name,
                    state=slot.state,
                    recipients=[recipient.email for recipient in recipients],
                    sent=not dry_run,
                )
            )
    return result


# ------------------------------------------------------------------ the secretariat's "chase now"


async def chase(settings: Settings, *, slot_id: int, now: datetime | None = None) -> ReminderOut:
    """A reminder now, by hand, recorded as ``chase-N`` beside the others (and in the audit trail).

    A second chase within ``CHASE_PAUSE`` of the last is refused (409): a double click, or two people of the
    secretariat at once, send one mail. The slot's row is locked first, so the check and the insert are
    serialised (SQLite's write transactions are, by themselves).
    """
    moment = now or utc_now()
    async with transaction():
        row = await periods.slot_row(slot_id=slot_id, lock=True)
        if row["state"] not in {state.value for state in EDITABLE_STATES}:
            raise Conflict(N_("only a report still to be written or corrected can be chased"), params={}, field="slot")
        chased = ReportingReminder.select(ReportingReminder.decided_at).where(
            (ReportingReminder.slot == slot_id) & ReportingReminder.kind.like(f"{CHASE}-%")
        )
        earlier = [row["decided_at"] for row in await chased]
        if earlier and max(earlier) > moment - CHASE_PAUSE:
            raise Conflict(N_("this report was chased a moment ago"), params={}, field="slot")
        kind = f"{CHASE}-{len(earlier) + 1}"
        reminder_id = await _record(
            slot_id=slot_id, kind=kind, due_date=row["due_date"], planned_for=reminder_day(settings, moment), now=moment
        )
        if reminder_id is None:
            raise Conflict(N_("this report was chased a moment ago"), params={}, field="slot")
        recipients = await holders(row)
        slot = (await periods.slots_out([row], now=moment))[0]
        message_ids = await _queue_reminder(
            settings=settings, slot=slot, kind=kind, recipients=recipients, chased_by=current_actor().label
        )
        await _complete(reminder_id, recipients, message_ids)
        await audit.record(
            action="report.chased",
            object_type="reporting_slot",
            object_id=slot_id,
            before={},
            after={"reminder": kind, "to": [recipient.email for recipient in recipients]},
        )
        saved = await ReportingReminder.select().where(ReportingReminder.id == reminder_id).first()
    assert saved is not None
    return reminder_log.reminder_out(saved)


async def list_reminders(*, slot_id: int) -> list[ReminderOut]:
    """The reminders decided for a slot, oldest first (404 for no such slot)."""
    await periods.slot_row(slot_id=slot_id)
    return (await reminder_log.list_for_slots([slot_id]))[slot_id]


# ------------------------------------------------------------------ the weekly digest


@dataclass
class DigestSection:
    period: Any  # PeriodRef
    missing: list[Any]
    late: list[Any]
    waiting: list[Any]


async def digest_sections(*, now: datetime) -> list[DigestSection]:
    """Per period begun, the reports missing (not received, not yet overdue, or returned), late (nothing
    received and the grace period over) and waiting for review; periods with none of these are left out."""
    matrix = await completeness.completeness(now=now, reconcile=False)
    by_period: dict[str, DigestSection] = {
        ref.slug: DigestSection(period=ref, missing=[], late=[], waiting=[]) for ref in matrix.periods
    }
    for row in matrix.rows:
        for cell in row.cells:
            if cell is None:
                continue
            section = by_period[cell.period]
            entry = {"reporter": row.reporter, "cell": cell}
            if cell.state in AWAITING_REVIEW_STATES:
                section.waiting.append(entry)
            elif cell.state in EDITABLE_STATES:
                late = cell.state is not SlotState.returned and cell.timeliness is Timeliness.overdue
                (section.late if late else section.missing).append(entry)
    today = now.date()
    return [
        section
        for section in by_period.values()
        if section.period.start_date <= today and (section.missing or section.late or section.waiting)
    ]


async def send_digest(settings: Settings, *, now: datetime | None = None) -> list[int]:
    """Queue the digest to each secretariat account (inside the caller's transaction); the messages queued."""
    moment = now or utc_now()
    sections = await digest_sections(now=moment)
    if not sections:
        return []
    counts: dict[str, int] = defaultdict(int)
    for section in sections:
        counts["missing"] += len(section.missing)
        counts["late"] += len(section.late)
        counts["waiting"] += len(section.waiting)
    ids = []
    for recipient in await accounts.secretariat_holders():
        ids.append(
            await outbox.enqueue(
                kind=DIGEST_KIND,
                to=recipient.email,
                language=_language(recipient, settings),
                template="reporting/mail/digest",
                context={
                    "name": recipient.name,
                    "sections": sections,
                    "counts": dict(counts),
                    "link": f"{settings.base_url}/reporting/completeness",
                    "base": settings.base_url,
                    "describe_period": timing.describe_period,
                },
                settings=settings,
            )
        )
    return ids
