"""Reporting periods and their slots (who owes a report for which period), and keeping slots in step.

A period's slots are made when it is created: one per active body (unless ``include_bodies`` is off) and one
per chosen member. Afterwards ``reconcile_slots`` keeps them in step with the bodies, and is run before every
list of slots and by a job every minute: a body added (or made active again) while a period's due date has
not passed gets a slot; a body closed or made dormant has its slots that nothing was submitted in, in periods
not yet due, exempted ("no longer active"); reopened, it owes them again. A slot is never deleted once
written in: exemption is a state, reported apart from the rates, so nothing silently leaves the record.
Every change is audited and kept in the slot's history, the automatic ones as done by "system".
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from piccolo.custom_types import Combinable

from coordination.audit import services as audit
from coordination.audit import writes
from coordination.bodies import services as bodies
from coordination.bodies.enums import BodyStatus
from coordination.core.actor import SYSTEM, acting_as, current_actor
from coordination.core.collation import sort_key
from coordination.core.database import is_sqlite, transaction
from coordination.core.errors import Conflict, InvalidInput, NotFound, Phrase
from coordination.core.i18n import N_
from coordination.core.pagination import Page
from coordination.core.schemas import utc_now
from coordination.core.versioning import check_revision, integrity_errors
from coordination.members import services as members
from coordination.reporting import reminder_log, timing
from coordination.reporting.enums import (
    AWAITING_REVIEW_STATES,
    EDITABLE_STATES,
    SLOT_STATE_LABELS,
    PeriodKind,
    ReportAction,
    ReporterKind,
    SlotState,
    Timeliness,
)
from coordination.reporting.rules import Owner, Scope
from coordination.reporting.schemas import (
    PeriodCreate,
    PeriodOut,
    PeriodRef,
    PeriodUpdate,
    ReporterRef,
    SlotAdd,
    SlotOut,
    SlotUpdate,
)
from coordination.reporting.tables import ReportingPeriod, ReportingSlot, ReportTransition, ReportVersion

# Reasons the service gives itself; pages show them translated (see ``display.py``).
REASON_BODY_NOT_ACTIVE = "body-not-active"
REASON_BODY_ACTIVE_AGAIN = "body-active-again"
REASON_BODY_ADDED = "body-added"
REASON_PERIOD_DUE_DATE_MOVED = "period-due-date-moved"
AUTOMATIC_REASONS = frozenset(
    {REASON_BODY_NOT_ACTIVE, REASON_BODY_ACTIVE_AGAIN, REASON_BODY_ADDED, REASON_PERIOD_DUE_DATE_MOVED}
)


def today() -> date:
    return date.today()


# ------------------------------------------------------------------ periods


def _period_out(row: dict[str, Any], slots: int) -> PeriodOut:
    return PeriodOut(
        slug=row["slug"],
        kind=PeriodKind(row["kind"]),
        name=row["name"],
        start_date=row["start_date"],
        end_date=row["end_date"],
        due_date=row["due_date"],
        grace_days=row["grace_days"],
        grace_ends=timing.grace_ends(row["due_date"], row["grace_days"]),
        include_bodies=row["include_bodies"],
        slots=slots,
        revision=row["revision"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def period_ref(row: dict[str, Any]) -> PeriodRef:
    return PeriodRef(
        slug=row["slug"],
        kind=PeriodKind(row["kind"]),
        name=row["name"],
        start_date=row["start_date"],
        end_date=row["end_date"],
    )


async def period_row(*, slug: str, field: str | None = None) -> dict[str, Any]:
    """A period by slug: 404 when named in the path, 400 naming ``field`` when named in a request or filter."""
    row = await ReportingPeriod.select().where(ReportingPeriod.slug == slug).first()
    if row is None:
        if field is not None:
            raise InvalidInput(N_("no reporting period has the slug %(slug)r"), field=field, params={"slug": slug})
        raise NotFound(N_("reporting period %(slug)r not found"), params={"slug": slug})
    return row


async def _slot_counts(period_ids: list[int]) -> dict[int, int]:
    if not period_ids:
        return {}
    rows = await ReportingSlot.select(ReportingSlot.period).where(ReportingSlot.period.is_in(period_ids))
    counts: dict[int, int] = defaultdict(int)
    for row in rows:
        counts[row["period"]] += 1
    return counts


async def list_periods(*, limit: int = 50, offset: int = 0) -> Page[PeriodOut]:
    """Newest first (by first day)."""
    rows = (
        await ReportingPeriod.select()
        .order_by(ReportingPeriod.start_date, ascending=False)
        .order_by(ReportingPeriod.end_date)
        .order_by(ReportingPeriod.id)
        .limit(limit)
        .offset(offset)
    )
    counts = await _slot_counts([row["id"] for row in rows])
    total = await ReportingPeriod.count()
    return Page(
        items=[_period_out(row, counts.get(row["id"], 0)) for row in rows], total=total, limit=limit, offset=offset
    )


async def get_period(*, slug: str) -> PeriodOut:
    row = await period_row(slug=slug)
    return _period_out(row, (await _slot_counts([row["id"]])).get(row["id"], 0))


def _check_due_date(*, due: date, end: date) -> None:
    if due < end:
        raise InvalidInput(
            N_("a report cannot be due (%(due)s) before its period ends (%(end)s)"),
            field="due_date",
            params={"due": due.isoformat(), "end": end.isoformat()},
        )


async def create_period(*, data: PeriodCreate) -> PeriodOut:
    """A period and its slots: every active body (``include_bodies``) and every member named."""
    start, end = timing.period_dates(
        kind=data.kind, year=data.year, number=data.number, start=data.start_date, end=data.end_date
    )
    _check_due_date(due=data.due_date, end=end)
    name = data.name.strip()
    slug = data.slug or timing.default_slug(kind=data.kind, start=start, end=end, name=name)
    message = N_("the slug %(slug)r is already taken by another reporting period")
    params = {"slug": slug}
    async with transaction():
        if await ReportingPeriod.exists().where(ReportingPeriod.slug == slug):
            raise Conflict(message, field="slug", params=params)
        member_ids = await members.member_ids(slugs=list(dict.fromkeys(data.members)), field="members")
        now = utc_now()
        async with integrity_errors(unique_field="slug", unique_message=message, unique_params=params):
            rows = await ReportingPeriod.insert(
                ReportingPeriod(
                    slug=slug,
                    kind=data.kind.value,
                    name=name,
                    start_date=start,
                    end_date=end,
                    due_date=data.due_date,
                    grace_days=data.grace_days,
                    include_bodies=data.include_bodies,
                    created_at=now,
                    updated_at=now,
                )
            ).returning(ReportingPeriod.id)
        period_id = int(rows[0]["id"])
        body_ids = []
        if data.include_bodies:
            everyone = await bodies.all_body_summaries()
            body_ids = sorted(body for body, summary in everyone.items() if summary.status is BodyStatus.active)
        for body_id in body_ids:
            await _insert_slot(period_id=period_id, body_id=body_id, member_id=None, due_date=data.due_date)
        for member_slug in dict.fromkeys(data.members):
            await _insert_slot(
                period_id=period_id, body_id=None, member_id=member_ids[member_slug], due_date=data.due_date
            )
        created = await get_period(slug=slug)
        await audit.record(
            action="reporting_period.created",
            object_type="reporting_period",
            object_id=slug,
            after={**_audited_period(created), "bodies": len(body_ids), "members": sorted(data.members)},
        )
    return created


def _audited_period(period: PeriodOut) -> dict[str, Any]:
    return {
        "kind": period.kind.value,
        "name": period.name,
        "start_date": period.start_date.isoformat(),
        "end_date": period.end_date.isoformat(),
        "due_date": period.due_date.isoformat(),
        "grace_days": period.grace_days,
        "include_bodies": period.include_bodies,
    }


def _period_named(slug: str) -> Phrase:
    return Phrase(N_("reporting period %(slug)r"), {"slug": slug})


def _period_target(*, row_id: int, slug: str) -> writes.Target:
    return writes.Target(
        table=ReportingPeriod,
        row_id=row_id,
        what=_period_named(slug),
        object_type="reporting_period",
        object_id=slug,
    )


async def update_period(*, slug: str, data: PeriodUpdate) -> PeriodOut:
    """Change the name, grace days or due date; a new due date moves every slot still on the old one."""
    async with transaction():
        row = await period_row(slug=slug)
        check_revision(expected=data.revision, actual=row["revision"], what=_period_named(slug))
        values: dict[str, Any] = {}
        if isinstance(data.name, str):
            values["name"] = data.name.strip()
        if isinstance(data.grace_days, int):
            values["grace_days"] = data.grace_days
        moved = isinstance(data.due_date, date) and data.due_date != row["due_date"]
        if isinstance(data.due_date, date):
            _check_due_date(due=data.due_date, end=row["end_date"])
            values["due_date"] = data.due_date

        async def move_slots() -> None:
            if not (moved and isinstance(data.due_date, date)):
                return
            reason = data.reason.strip() or REASON_PERIOD_DUE_DATE_MOVED
            following = await ReportingSlot.select().where(
                (ReportingSlot.period == row["id"]) & (ReportingSlot.due_date == row["due_date"])
            )
            for slot in following:
                await _move_due_date(slot=slot, due_date=data.due_date, reason=reason)

        return await writes.update(
            _period_target(row_id=row["id"], slug=slug),
            revision=data.revision,
            values=values,
            read=lambda: get_period(slug=slug),
            audited=_audited_period,
            action="reporting_period.updated",
            then=move_slots,
        )


async def delete_period(*, slug: str, revision: int | None = None) -> None:
    """Delete a period nobody has written in yet (its slots go with it); once a report exists, refuse."""
    async with transaction():
        row = await period_row(slug=slug)
        written = await ReportVersion.count().where(ReportVersion.slot.period == row["id"])
        if written:
            raise Conflict(
                N_("reports have been written for period %(slug)r; it is part of the record and cannot be deleted"),
                field="slug",
                params={"slug": slug},
            )
        await writes.delete(
            _period_target(row_id=row["id"], slug=slug),
            revision=revision,
            read=lambda: get_period(slug=slug),
            audited=_audited_period,
            action="reporting_period.deleted",
        )


# ------------------------------------------------------------------ slots: reading


async def slots_out(rows: list[dict[str, Any]], *, now: Any = None) -> list[SlotOut]:
    """Slot rows with their period and reporter, in a fixed number of queries."""
    if not rows:
        return []
    periods = {
        row["id"]: row
        for row in await ReportingPeriod.select().where(ReportingPeriod.id.is_in(list({row["period"] for row in rows})))
    }
    body_names = await bodies.body_summaries(ids=sorted({row["body"] for row in rows if row["body"] is not None}))
    member_names = await members.summaries(ids=sorted({row["member"] for row in rows if row["member"] is not None}))
    returned = [row["id"] for row in rows if row["state"] == SlotState.returned.value]
    reasons: dict[int, str] = {}
    if returned:
        for transition in (
            await ReportTransition.select(ReportTransition.slot, ReportTransition.reason)
            .where(
                ReportTransition.slot.is_in(returned)
                & ReportTransition.action.is_in([ReportAction.return_.value, ReportAction.reopen.value])
            )
            .order_by(ReportTransition.id)
        ):
            reasons[transition["slot"]] = transition["reason"]
    result = []
    for row in rows:
        period = periods[row["period"]]
        if row["body"] is not None:
            summary = body_names[row["body"]]
            reporter = ReporterRef(kind=ReporterKind.body, slug=summary.slug, name=summary.name)
        else:
            member = member_names[row["member"]]
            reporter = ReporterRef(kind=ReporterKind.member, slug=member.slug, name=member.name)
        result.append(
            SlotOut(
                id=row["id"],
                period=period_ref(period),
                reporter=reporter,
                state=SlotState(row["state"]),
                due_date=row["due_date"],
                grace_ends=timing.grace_ends(row["due_date"], period["grace_days"]),
                timeliness=slot_timeliness(row, grace_days=period["grace_days"], now=now),
                exempt_reason=row["exempt_reason"],
                first_submitted_at=row["first_submitted_at"],
                last_submitted_at=row["last_submitted_at"],
                approved_at=row["approved_at"],
                approved_version=row["approved_version"],
                submissions=row["submissions"],
                returned_reason=reasons.get(row["id"], ""),
                revision=row["revision"],
                updated_at=row["updated_at"],
            )
        )
    return result


def slot_timeliness(row: dict[str, Any], *, grace_days: int, now: Any = None) -> Timeliness:
    if row["timeliness"]:
        return Timeliness(row["timeliness"])  # frozen at the first submission
    return timing.timeliness(first_submitted_at=None, due_date=row["due_date"], grace_days=grace_days, now=now)


async def slot_row(*, slot_id: int, lock: bool = False) -> dict[str, Any]:
    query = ReportingSlot.select().where(ReportingSlot.id == slot_id)
    if lock and not is_sqlite():
        # SQLite transactions begin IMMEDIATE (one writer at a time); PostgreSQL locks the slot's row.
        query = query.lock_rows()
    row = await query.first()
    if row is None:
        raise NotFound(N_("reporting slot %(id)s not found"), params={"id": slot_id})
    return row


async def slot_owner(*, slot_id: int) -> Owner:
    """Who owes the report of a slot, for the permission rules (404 for no such slot)."""
    row = await ReportingSlot.select(ReportingSlot.body, ReportingSlot.member).where(ReportingSlot.id == slot_id)
    if not row:
        raise NotFound(N_("reporting slot %(id)s not found"), params={"id": slot_id})
    return Owner(body_id=row[0]["body"], member_id=row[0]["member"])


async def get_slot(*, slot_id: int) -> SlotOut:
    return (await slots_out([await slot_row(slot_id=slot_id)]))[0]


def _scope_condition(scope: Scope) -> Combinable | None:
    if scope.everything:
        return None
    conditions: list[Combinable] = []
    if scope.body_ids:
        conditions.append(ReportingSlot.body.is_in(sorted(scope.body_ids)))
    if scope.member_ids:
        conditions.append(ReportingSlot.member.is_in(sorted(scope.member_ids)))
    if not conditions:
        return ReportingSlot.id == -1
    combined = conditions[0]
    for condition in conditions[1:]:
        combined = combined | condition
    return combined


async def list_slots(
    *,
    scope: Scope,
    period: str | None = None,
    states: list[SlotState] | None = None,
    body: str | None = None,
    member: str | None = None,
    overdue: bool | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[SlotOut]:
    """The slots ``scope`` may see, by due date then reporter; ``overdue``: nothing received, grace period over."""
    await reconcile_slots()
    where: list[Combinable] = []
    scoped = _scope_condition(scope)
    if scoped is not None:
        where.append(scoped)
    if period is not None:
        where.append(ReportingSlot.period == (await period_row(slug=period, field="period"))["id"])
    if states:
        where.append(ReportingSlot.state.is_in([state.value for state in states]))
    if body is not None:
        where.append(ReportingSlot.body == await bodies.body_id(slug=body, field="body"))
    if member is not None:
        where.append(ReportingSlot.member == await members.member_id(slug=member, field="member"))
    query = ReportingSlot.select().order_by(ReportingSlot.due_date).order_by(ReportingSlot.id)
    for condition in where:
        query = query.where(condition)
    rows = await query
    items = await slots_out(rows)
    if overdue is not None:
        items = [item for item in items if (item.timeliness is Timeliness.overdue) == overdue]
    items.sort(key=lambda item: (item.due_date, sort_key(item.reporter.name), item.id))
    return Page(items=items[offset : offset + limit], total=len(items), limit=limit, offset=offset)


async def owed_by(*, scope: Scope) -> list[SlotOut]:
    """What a reporter has to do: slots not yet approved nor exempt, returned ones first, then by due date."""
    if scope.nothing:
        return []
    states = [*sorted(EDITABLE_STATES), *sorted(AWAITING_REVIEW_STATES)]
    listed = await list_slots(scope=scope, states=states, limit=10_000)
    order = {SlotState.returned: 0}
    return sorted(listed.items, key=lambda slot: (order.get(slot.state, 1), slot.due_date, slot.reporter.name))


async def awaiting_review(*, limit: int = 50) -> list[SlotOut]:
    """For the secretariat: reports submitted or resubmitted, oldest submission first."""
    listed = await list_slots(
        scope=Scope(everything=True, body_ids=frozenset(), member_ids=frozenset()),
        states=sorted(AWAITING_REVIEW_STATES),
        limit=10_000,
    )
    waiting = sorted(listed.items, key=lambda slot: (slot.last_submitted_at or utc_now(), slot.id))
    return waiting[:limit]


async def overdue_slots(*, limit: int = 50) -> list[SlotOut]:
    """For the secretariat: nothing received and the grace period over, most overdue first."""
    listed = await list_slots(
        scope=Scope(everything=True, body_ids=frozenset(), member_ids=frozenset()),
        states=sorted(EDITABLE_STATES),
        overdue=True,
        limit=10_000,
    )
    return listed.items[:limit]


# ------------------------------------------------------------------ slots: writing


async def record_transition(
    *,
    slot_id: int,
    action: ReportAction,
    from_state: SlotState | str,
    to_state: SlotState | str,
    reason: str = "",
    version_number: int = 0,
    due_date: date | None = None,
    at: datetime | None = None,
) -> None:
    """Keep a change of state (or due date) in the slot's history, and in the audit trail.

    ``at`` is when it happened (now, unless the caller replays history, as the demo does).
    """
    actor = current_actor()
    await ReportTransition.insert(
        ReportTransition(
            slot=slot_id,
            action=action.value,
            from_state=str(SlotState(from_state).value),
            to_state=str(SlotState(to_state).value),
            reason=reason,
            version_number=version_number,
            due_date=due_date,
            at=at or utc_now(),
            actor_user_id=actor.user_id,
            actor=actor.label[:254],
        )
    )
    after: dict[str, Any] = {"state": SlotState(to_state).value}
    if reason:
        after["reason"] = reason
    if version_number:
        after["version"] = version_number
    if due_date is not None:
        after["due_date"] = due_date.isoformat()
    await audit.record(
        action=f"report.{action.value}",
        object_type="reporting_slot",
        object_id=slot_id,
        before={"state": SlotState(from_state).value},
        after=after,
    )


async def _insert_slot(*, period_id: int, body_id: int | None, member_id: int | None, due_date: date) -> int | None:
    """A new slot, or None when the reporter already has one in the period (another process was faster)."""
    now = utc_now()
    rows = (
        await ReportingSlot.insert(
            ReportingSlot(
                period=period_id,
                body=body_id,
                member=member_id,
                state=SlotState.not_started.value,
                due_date=due_date,
                created_at=now,
                updated_at=now,
            )
        )
        .on_conflict(action="DO NOTHING")
        .returning(ReportingSlot.id)
    )
    return int(rows[0]["id"]) if rows else None


async def add_slot(*, period_slug: str, data: SlotAdd) -> SlotOut:
    """A body or member that owes a report for a period set up before (a new body, a member chosen later)."""
    if (data.body is None) == (data.member is None):
        raise InvalidInput(N_("name either a body or a member"), field="body" if data.body is None else "member")
    async with transaction():
        period = await period_row(slug=period_slug)
        body_id = await bodies.body_id(slug=data.body, field="body") if data.body is not None else None
        member_id = await members.member_id(slug=data.member, field="member") if data.member is not None else None
        slot_id = await _insert_slot(
            period_id=period["id"], body_id=body_id, member_id=member_id, due_date=period["due_date"]
        )
        if slot_id is None:
            who = data.body or data.member
            raise Conflict(
                N_("%(who)r already owes a report for period %(period)r"),
                field="body" if data.body else "member",
                params={"who": who, "period": period_slug},
            )
        await record_transition(
            slot_id=slot_id, action=ReportAction.add, from_state=SlotState.not_started, to_state=SlotState.not_started
        )
    return await get_slot(slot_id=slot_id)


async def _move_due_date(*, slot: dict[str, Any], due_date: date, reason: str) -> None:
    await ReportingSlot.update(
        {
            ReportingSlot.due_date: due_date,
            ReportingSlot.revision: ReportingSlot.revision + 1,
            ReportingSlot.updated_at: utc_now(),
        }
    ).where(ReportingSlot.id == slot["id"])
    await record_transition(
        slot_id=slot["id"],
        action=ReportAction.extend,
        from_state=slot["state"],
        to_state=slot["state"],
        reason=reason,
        due_date=due_date,
    )


async def update_slot(*, slot_id: int, data: SlotUpdate) -> SlotOut:
    """The secretariat extends one slot's due date, or exempts it (or makes it expected again), with a reason."""
    reason = data.reason.strip()
    if not reason:
        raise InvalidInput(N_("say why: the reporter and the history will show it"), field="reason")
    if not isinstance(data.due_date, date) and not isinstance(data.exempt, bool):
        raise InvalidInput(N_("give a new due_date, or exempt true or false"), field="due_date")
    async with transaction():
        row = await slot_row(slot_id=slot_id, lock=True)
        check_revision(
            expected=data.revision, actual=row["revision"], what=Phrase(N_("reporting slot %(id)s"), {"id": slot_id})
        )
        state = SlotState(row["state"])
        if isinstance(data.due_date, date) and data.due_date != row["due_date"]:
            period = (
                await ReportingPeriod.select(ReportingPeriod.end_date)
                .where(ReportingPeriod.id == row["period"])
                .first()
            )
            assert period is not None
            _check_due_date(due=data.due_date, end=period["end_date"])
            await _move_due_date(slot=row, due_date=data.due_date, reason=reason)
        if data.exempt is True and state is not SlotState.exempt:
            if state not in (SlotState.not_started, SlotState.draft):
                raise Conflict(
                    N_("a report that was submitted (%(state)s) is part of the record; it cannot be exempted"),
                    field="exempt",
                    params={"state": Phrase(SLOT_STATE_LABELS[state], lowercase=True)},
                )
            await _set_state(row=row, to=SlotState.exempt, reason=reason, automatic=False)
        elif data.exempt is False and state is SlotState.exempt:
            await _set_state(row=row, to=await _state_when_expected(row["id"]), reason=reason, automatic=False)
    return await get_slot(slot_id=slot_id)


async def _state_when_expected(slot_id: int) -> SlotState:
    """Where an exempted slot goes back to: draft if someone wrote in it, else not started."""
    written = await ReportVersion.exists().where((ReportVersion.slot == slot_id) & (ReportVersion.number == 0))
    return SlotState.draft if written else SlotState.not_started


async def _set_state(*, row: dict[str, Any], to: SlotState, reason: str, automatic: bool) -> bool:
    """Move a slot from the state read in ``row`` to ``to``; False if it moved meanwhile (nothing done)."""
    exempting = to is SlotState.exempt
    changed = (
        await ReportingSlot.update(
            {
                ReportingSlot.state: to.value,
                ReportingSlot.exempt_reason: reason if exempting else "",
                ReportingSlot.exempt_automatic: automatic and exempting,
                ReportingSlot.revision: ReportingSlot.revision + 1,
                ReportingSlot.updated_at: utc_now(),
            }
        )
        .where((ReportingSlot.id == row["id"]) & (ReportingSlot.state == row["state"]))
        .returning(ReportingSlot.id)
    )
    if not changed:
        return False
    action = ReportAction.exempt if exempting else ReportAction.restore
    if exempting:
        await reminder_log.cancel_pending(slot_id=row["id"])  # an exempted report is no longer chased
    await record_transition(slot_id=row["id"], action=action, from_state=row["state"], to_state=to, reason=reason)
    return True


async def reconcile_slots(*, on: date | None = None) -> int:
    """Bring every period's body slots in step with the bodies (see the module's docstring); returns the changes.

    Reads two small tables when nothing changed; writes, as "system", only what differs. Safe to run from
    several processes at once: inserts skip a slot another made, state changes skip a slot that moved.
    """
    day = on or today()
    periods = await ReportingPeriod.select(
        ReportingPeriod.id, ReportingPeriod.due_date, ReportingPeriod.include_bodies
    ).where(ReportingPeriod.include_bodies == True)  # noqa: E712
    if not periods:
        return 0
    open_periods = {row["id"]: row for row in periods if row["due_date"] >= day}
    everyone = await bodies.all_body_summaries()
    active = {body_id for body_id, summary in everyone.items() if summary.status is BodyStatus.active}
    slots = await ReportingSlot.select().where(
        ReportingSlot.body.is_not_null() & ReportingSlot.period.is_in([row["id"] for row in periods])
    )
    have = {(slot["period"], slot["body"]) for slot in slots}
    to_add = [(period, body) for period in open_periods for body in active if (period, body) not in have]
    to_exempt = [
        slot
        for slot in slots
        if slot["body"] not in active
        and slot["period"] in open_periods
        and slot["state"] in (SlotState.not_started.value, SlotState.draft.value)
    ]
    to_restore = [
        slot
        for slot in slots
        if slot["body"] in active and slot["state"] == SlotState.exempt.value and slot["exempt_automatic"]
    ]
    if not (to_add or to_exempt or to_restore):
        return 0
    changes = 0
    with acting_as(SYSTEM):
        async with transaction():
            for period_id, body_id in sorted(to_add):
                slot_id = await _insert_slot(
                    period_id=period_id, body_id=body_id, member_id=None, due_date=open_periods[period_id]["due_date"]
                )
                if slot_id is not None:
                    changes += 1
                    await record_transition(
                        slot_id=slot_id,
                        action=ReportAction.add,
                        from_state=SlotState.not_started,
                        to_state=SlotState.not_started,
                        reason=REASON_BODY_ADDED,
                    )
            for slot in to_exempt:
                changes += await _set_state(
                    row=slot, to=SlotState.exempt, reason=REASON_BODY_NOT_ACTIVE, automatic=True
                )
            for slot in to_restore:
                changes += await _set_state(
                    row=slot, to=await _state_when_expected(slot["id"]), reason=REASON_BODY_ACTIVE_AGAIN, automatic=True
                )
    return changes
